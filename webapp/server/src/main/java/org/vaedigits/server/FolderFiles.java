package org.vaedigits.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What an entry of the models folder is, from its attributes alone, and the one way its bytes are
 * read: only regular files inside the folder, through a stream that never yields more than the
 * size the attributes stated (at most {@link ModelCatalog#MAX_BYTES}). A pipe, device, socket or
 * folder is never opened; a symbolic link is followed only to a file inside the folder.
 */
final class FolderFiles {
    private FolderFiles() {
    }

    /** A file's attributes, and why it is not read (null when it may be). */
    static final class Found {
        final Path source;
        final String kind;
        final long size;
        final FileTime modified;
        final Object fileKey;
        final boolean regular;
        final String refusal;

        private Found(Path source, BasicFileAttributes a, String kind, String refusal) {
            this.source = source;
            this.kind = kind;
            this.size = a == null ? 0 : a.size();
            this.modified = a == null ? FileTime.fromMillis(0) : a.lastModifiedTime();
            this.fileKey = a == null ? null : a.fileKey();
            this.regular = a != null && a.isRegularFile() && refusal == null;
            this.refusal = refusal;
        }

        static Found refused(Path file, String reason) {
            return new Found(file, null, "unreadable", reason);
        }

        ModelCatalog.Version version() {
            return new ModelCatalog.Version(source, kind, size, modified, fileKey);
        }
    }

    /** The bytes of a file changed while they were read (atomic writes never do that). */
    static final class ChangedWhileReading extends IOException {
        ChangedWhileReading() {
            super("changed while it was read; it is read again when it is looked at next");
        }
    }

    /**
     * Classifies a folder entry without opening it. A symbolic link's target counts when it lies
     * inside {@code realDir}; the reason of a link that leaves the folder does not name its target.
     */
    static Found find(Path file, Path realDir) throws IOException {
        BasicFileAttributes own = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!own.isSymbolicLink()) {
            return classify(file, own, "file");
        }
        Path target;
        try {
            target = file.toRealPath();
        } catch (IOException e) {
            return new Found(file, own, "link", "is a symbolic link to nothing that exists");
        }
        if (!target.startsWith(realDir)) {
            return new Found(file, own, "link", "is a symbolic link that leads out of the models folder; only files inside it are read");
        }
        return classify(target, Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), "link");
    }

    private static Found classify(Path source, BasicFileAttributes a, String kind) {
        if (a.isRegularFile()) {
            return new Found(source, a, kind, null);
        }
        if (a.isDirectory()) {
            return new Found(source, a, kind, "is a folder, not a file");
        }
        return new Found(source, a, kind, "is not a regular file (a pipe, device or socket?); only regular files are read");
    }

    /**
     * The bytes of a regular file whose attributes said {@code size} bytes (at most
     * {@link ModelCatalog#MAX_BYTES}); reads at most one byte more, to see that it did not grow.
     * Never follows a symbolic link: {@code file} is a path {@link #find} resolved.
     */
    static byte[] read(Path file, long size) throws IOException {
        if (size < 0 || size > ModelCatalog.MAX_BYTES) {
            throw new IllegalArgumentException("size " + size + " is outside 0.." + ModelCatalog.MAX_BYTES);
        }
        byte[] bytes = new byte[(int) size];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // a file swapped for a pipe after find() would block this open: Java has no O_NONBLOCK
            // open, and only someone who may write into the models folder can do that
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != bytes.length || in.read() != -1) {
                throw new ChangedWhileReading();
            }
        }
        return bytes;
    }
}
