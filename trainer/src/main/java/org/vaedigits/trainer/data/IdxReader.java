package org.vaedigits.trainer.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's IDX files (unsigned bytes), raw or gzipped (detected by content, not by name),
 * and validates magic number, dimensions and length; every error names the file.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

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
        byte[] bytes = readBytes(file);
        int[] dims = header(file, bytes, IMAGES_MAGIC, 3, "images");
        if (dims[1] != rows || dims[2] != cols) {
            throw new IdxFormatException(file + ": images are " + dims[1] + "x" + dims[2] + ", expected " + rows + "x" + cols);
        }
        long expected = (long) dims[0] * rows * cols;
        byte[] pixels = body(file, bytes, 16, expected, dims[0] + " images of " + rows + "x" + cols);
        return new Images(dims[0], rows, cols, pixels);
    }

    /** Reads a labels file and checks every label is a digit 0–9. */
    public static Labels readLabels(Path file) throws IOException {
        byte[] bytes = readBytes(file);
        int[] dims = header(file, bytes, LABELS_MAGIC, 1, "labels");
        byte[] labels = body(file, bytes, 8, dims[0], dims[0] + " labels");
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) > 9) {
                throw new IdxFormatException(file + ": label " + i + " is " + (labels[i] & 0xFF) + ", expected a digit 0-9");
            }
        }
        return new Labels(dims[0], labels);
    }

    /** The file's bytes, decompressed when it starts with the gzip magic 1f 8b. */
    static byte[] readBytes(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such IDX file");
        }
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 8);
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new IdxFormatException(file + ": broken gzip data (" + e.getMessage() + ")");
            }
        }
        return raw;
    }

    private static int[] header(Path file, byte[] bytes, int magic, int dimensions, String what) throws IdxFormatException {
        int headerSize = 4 + 4 * dimensions;
        if (bytes.length < headerSize) {
            throw new IdxFormatException(file + ": truncated: " + bytes.length + " bytes, shorter than the "
                    + headerSize + "-byte IDX header of " + what);
        }
        int actual = readInt(bytes, 0);
        if (actual != magic) {
            throw new IdxFormatException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (IDX %s: unsigned bytes, %d dimension%s)",
                    file, actual, magic, what, dimensions, dimensions == 1 ? "" : "s"));
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = readInt(bytes, 4 + 4 * d);
            if (dims[d] <= 0) {
                throw new IdxFormatException(file + ": dimension " + d + " is " + dims[d] + ", expected a positive size");
            }
        }
        return dims;
    }

    private static byte[] body(Path file, byte[] bytes, int offset, long expected, String what) throws IdxFormatException {
        long actual = bytes.length - (long) offset;
        if (actual < expected) {
            throw new IdxFormatException(file + ": truncated: the header announces " + what + " (" + expected
                    + " data bytes) but only " + actual + " follow");
        }
        if (actual > expected) {
            throw new IdxFormatException(file + ": " + (actual - expected) + " unexpected bytes after the " + what
                    + " the header announces");
        }
        byte[] data = new byte[(int) expected];
        System.arraycopy(bytes, offset, data, 0, data.length);
        return data;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
