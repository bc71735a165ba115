package org.vaedigits.modelfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file that could not be written: the message names the file meant (never a temporary file
 * beside it) and what the system said, "cannot write runs/x/checkpoint.bin: No space left on device".
 */
public final class CannotWriteException extends IOException {
    private final Path file;

    public CannotWriteException(Path file, IOException cause) {
        super("cannot write " + file + ": " + reason(cause), cause);
        this.file = file;
    }

    /** The file that could not be written. */
    public Path file() {
        return file;
    }

    /** What went wrong, in the system's words where it has them; a file system error's own file name is left out. */
    static String reason(IOException e) {
        if (e instanceof CannotWriteException w) {
            return reason((IOException) w.getCause());
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder"; // the only case of a write: a file where a folder is needed
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder that is not empty is in its place";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        // a file system error without the system's words: its message would only repeat the path
        return m == null || m.isBlank() || e instanceof FileSystemException ? "the system gave no reason" : m.strip();
    }
}
