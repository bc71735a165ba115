package org.vaedigits.trainer.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST's IDX files (unsigned bytes), raw or gzipped (detected by content, not by name),
 * and validates magic number, dimensions and length; every error names the file. Reading is
 * bounded: the header is checked (image size, at most {@link #MAX_COUNT} items) before anything
 * is allocated, exactly the announced bytes are read, and a stream that goes on after them (a
 * file with extra bytes, a gzip bomb) is reported without being read to its end.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Most images (and labels) a file may hold: MNIST's training split, the larger one. */
    public static final int MAX_COUNT = 60_000;
    /** Unexpected trailing bytes counted before the message says "more than". */
    private static final int TRAILING_COUNTED = 1 << 16;

    private IdxReader() {
    }

    /** Images: count × rows × cols unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Labels: one unsigned byte (0–9) per image. */
    public record Labels(int count, byte[] labels) {
    }

    /** Reads an images file and checks it holds {@code rows} × {@code cols} images. */
    public static Images readImages(Path file, int rows, int cols) throws IOException {
        try (Source in = Source.open(file)) {
            int[] dims = header(in, IMAGES_MAGIC, 3, "images");
            if (dims[1] != rows || dims[2] != cols) {
                throw new IdxFormatException(file + ": images are " + dims[1] + "x" + dims[2] + ", expected " + rows + "x" + cols);
            }
            checkCount(file, dims[0], "images");
            long expected = (long) dims[0] * rows * cols;
            byte[] pixels = body(in, 16, expected, dims[0] + " images of " + rows + "x" + cols);
            return new Images(dims[0], rows, cols, pixels);
        }
    }

    /** Reads a labels file and checks every label is a digit 0–9. */
    public static Labels readLabels(Path file) throws IOException {
        try (Source in = Source.open(file)) {
            int[] dims = header(in, LABELS_MAGIC, 1, "labels");
            checkCount(file, dims[0], "labels");
            byte[] labels = body(in, 8, dims[0], dims[0] + " labels");
            for (int i = 0; i < labels.length; i++) {
                if ((labels[i] & 0xFF) > 9) {
                    throw new IdxFormatException(file + ": label " + i + " is " + (labels[i] & 0xFF) + ", expected a digit 0-9");
                }
            }
            return new Labels(dims[0], labels);
        }
    }

    /**
     * The file's bytes, decompressed when it starts with the gzip magic 1f 8b; at most
     * {@code limit} bytes (more is an error naming the file).
     */
    static byte[] readBytes(Path file, int limit) throws IOException {
        try (Source in = Source.open(file)) {
            byte[] bytes = in.read(limit);
            if (in.countRest(1) > 0) {
                throw new IdxFormatException(file + ": more than " + limit + " bytes" + (in.gzip ? " once decompressed" : ""));
            }
            return bytes;
        }
    }

    private static void checkCount(Path file, int count, String what) throws IdxFormatException {
        if (count > MAX_COUNT) {
            throw new IdxFormatException(file + ": the header announces " + count + " " + what + ", more than the "
                    + MAX_COUNT + " an MNIST file holds");
        }
    }

    private static int[] header(Source in, int magic, int dimensions, String what) throws IOException {
        int headerSize = 4 + 4 * dimensions;
        byte[] bytes = in.read(headerSize);
        if (bytes.length < headerSize) {
            throw new IdxFormatException(in.file + ": truncated: " + bytes.length + " bytes" + (in.gzip ? " once decompressed" : "")
                    + ", shorter than the " + headerSize + "-byte IDX header of " + what);
        }
        int actual = readInt(bytes, 0);
        if (actual != magic) {
            throw new IdxFormatException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (IDX %s: unsigned bytes, %d dimension%s)",
                    in.file, actual, magic, what, dimensions, dimensions == 1 ? "" : "s"));
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = readInt(bytes, 4 + 4 * d);
            if (dims[d] <= 0) {
                throw new IdxFormatException(in.file + ": dimension " + d + " is " + dims[d] + ", expected a positive size");
            }
        }
        return dims;
    }

    /** Exactly {@code expected} data bytes after the {@code offset}-byte header, and nothing after them. */
    private static byte[] body(Source in, int offset, long expected, String what) throws IOException {
        if (in.size >= 0 && in.size - offset != expected) {
            // a raw file: its size tells before anything is allocated
            long actual = in.size - offset;
            throw actual < expected ? truncated(in, what, expected, actual) : trailing(in, what, actual - expected, false);
        }
        byte[] data = in.read((int) expected); // expected ≤ MAX_COUNT × 28 × 28: checked by the caller
        if (data.length < expected) {
            throw truncated(in, what, expected, data.length);
        }
        long extra = in.countRest(TRAILING_COUNTED + 1);
        if (extra > 0) {
            throw trailing(in, what, extra, extra > TRAILING_COUNTED);
        }
        return data;
    }

    private static IdxFormatException truncated(Source in, String what, long expected, long actual) {
        return new IdxFormatException(in.file + ": truncated: the header announces " + what + " (" + expected
                + " data bytes) but only " + actual + " follow" + (in.gzip ? " once decompressed" : ""));
    }

    private static IdxFormatException trailing(Source in, String what, long extra, boolean more) {
        return new IdxFormatException(in.file + ": " + (more ? "more than " + TRAILING_COUNTED : String.valueOf(extra))
                + " unexpected bytes after the " + what + " the header announces" + (in.gzip ? " (once decompressed)" : "")
                + (more ? "; stopped reading there" : ""));
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /**
     * An IDX file opened for reading: buffered, decompressed when gzipped, with its size when it
     * is raw (−1 when gzipped: only the stream tells). Errors of the gzip data become
     * {@link IdxFormatException}s naming the file.
     */
    private static final class Source implements AutoCloseable {
        final Path file;
        final InputStream stream;
        final boolean gzip;
        final long size;

        private Source(Path file, InputStream stream, boolean gzip, long size) {
            this.file = file;
            this.stream = stream;
            this.gzip = gzip;
            this.size = size;
        }

        static Source open(Path file) throws IOException {
            InputStream raw;
            long size;
            try {
                raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(file.toString(), null, "no such IDX file");
            }
            try {
                raw.mark(2);
                int b0 = raw.read();
                int b1 = raw.read();
                raw.reset();
                if (b0 == 0x1f && b1 == 0x8b) {
                    try {
                        return new Source(file, new GZIPInputStream(raw, 1 << 16), true, -1);
                    } catch (ZipException | EOFException e) {
                        throw broken(file, e);
                    }
                }
                return new Source(file, raw, false, size);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        /** Up to {@code n} bytes: fewer only at the end of the data. */
        byte[] read(int n) throws IOException {
            byte[] bytes = new byte[n];
            int got;
            try {
                got = stream.readNBytes(bytes, 0, n);
            } catch (ZipException | EOFException e) {
                throw broken(file, e);
            }
            return got == n ? bytes : java.util.Arrays.copyOf(bytes, got);
        }

        /** How many bytes are left, counting at most {@code limit}: never reads a long stream to its end. */
        long countRest(int limit) throws IOException {
            byte[] scratch = new byte[8192];
            long count = 0;
            int n;
            try {
                while (count < limit && (n = stream.read(scratch, 0, (int) Math.min(scratch.length, limit - count))) > 0) {
                    count += n;
                }
            } catch (ZipException | EOFException e) {
                throw broken(file, e);
            }
            return count;
        }

        private static IdxFormatException broken(Path file, IOException e) {
            return new IdxFormatException(file + ": broken gzip data (" + e.getMessage() + ")");
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
