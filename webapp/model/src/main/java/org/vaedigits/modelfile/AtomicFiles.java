package org.vaedigits.modelfile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Atomic file writes: a temporary file in the target's folder ({@code .<name><digits>.tmp}), then a
 * rename over the target. A process killed mid-write leaves its temporary file behind; {@link
 * #removeLeftovers} removes those of a target.
 */
public final class AtomicFiles {
    private static final String TEMPORARY_SUFFIX = ".tmp";

    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically, replacing it if it exists. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes through {@code writer} to {@code target} atomically, replacing it if it exists; a
     * failure is a {@link CannotWriteException} that names {@code target}.
     */
    public static void write(Path target, Writer writer) throws IOException {
        try {
            replace(target, writer);
        } catch (CannotWriteException e) {
            throw e;
        } catch (IOException e) {
            throw new CannotWriteException(target, e);
        }
    }

    private static void replace(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Files.createTempFile names it prefix + unsigned decimal number + suffix: see isLeftoverOf
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), TEMPORARY_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                // temporary files are created owner-only; the result is an ordinary readable file
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the platform default
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Removes the temporary files that writes of {@code target} left in its folder when their
     * process died ({@code .<name><digits>.tmp}, regular files only; nothing else is touched) and
     * returns them, as paths beside {@code target}. Call it only when no other process writes
     * {@code target}: a write in progress looks the same.
     */
    public static List<Path> removeLeftovers(Path target) throws IOException {
        List<Path> removed = new ArrayList<>();
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> isLeftoverOf(name, f.getFileName().toString()))) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    removed.add(target.resolveSibling(file.getFileName()));
                }
            }
        }
        return removed;
    }

    /** True when {@code candidate} is a name {@link #write} gives its temporary files for {@code target}. */
    static boolean isLeftoverOf(String target, String candidate) {
        String prefix = "." + target;
        if (!candidate.startsWith(prefix) || !candidate.endsWith(TEMPORARY_SUFFIX)) {
            return false;
        }
        String number = candidate.substring(prefix.length(), candidate.length() - TEMPORARY_SUFFIX.length());
        return !number.isEmpty() && number.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
