package org.vaedigits.browser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/**
 * MNIST digits from a folder of IDX files, raw or gzipped (by content), e.g. data/mnist after
 * {@code trainer fetch-data}, or the trainer's committed subset. The server module cannot use the
 * trainer's reader (the trainer is no dependency of the webapp), hence this small one for tests.
 */
final class MnistIdx {
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;
    private static final int IMAGES_MAGIC = 0x803;
    private static final int LABELS_MAGIC = 0x801;

    private MnistIdx() {
    }

    /** Digits with their labels: images (count, 784) of unsigned bytes, row-major. */
    record Digits(byte[][] images, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    /**
     * The trainer's committed MNIST subset (1000 training, 500 test images, gzipped), which the
     * build names in the system property vaedigits.mnistSubset.
     */
    static Path subset() {
        return Paths.get(System.getProperty("vaedigits.mnistSubset", "../../trainer/src/test/resources/mnist-subset"))
                .toAbsolutePath().normalize();
    }

    /** The test set ({@code t10k-*}) of {@code dir}. */
    static Digits test(Path dir) throws IOException {
        return read(dir, "t10k");
    }

    /** The training set ({@code train-*}) of {@code dir}. */
    static Digits train(Path dir) throws IOException {
        return read(dir, "train");
    }

    /** {@code prefix-images-idx3-ubyte} and {@code prefix-labels-idx1-ubyte}, each with or without {@code .gz}. */
    static Digits read(Path dir, String prefix) throws IOException {
        ByteBuffer images = ByteBuffer.wrap(bytes(file(dir, prefix + "-images-idx3-ubyte")));
        ByteBuffer labels = ByteBuffer.wrap(bytes(file(dir, prefix + "-labels-idx1-ubyte")));
        expect(images.getInt(), IMAGES_MAGIC, prefix + " images: magic");
        int count = images.getInt();
        expect(images.getInt(), SIDE, prefix + " images: rows");
        expect(images.getInt(), SIDE, prefix + " images: columns");
        expect(labels.getInt(), LABELS_MAGIC, prefix + " labels: magic");
        expect(labels.getInt(), count, prefix + " labels: count");
        expect(images.remaining(), count * PIXELS, prefix + " images: bytes after the header");
        expect(labels.remaining(), count, prefix + " labels: bytes after the header");
        byte[][] pixels = new byte[count][PIXELS];
        int[] digits = new int[count];
        for (int i = 0; i < count; i++) {
            images.get(pixels[i]);
            digits[i] = labels.get() & 0xFF;
            if (digits[i] > 9) {
                throw new IOException(prefix + " label " + i + " is " + digits[i] + ", not a digit");
            }
        }
        return new Digits(pixels, digits);
    }

    private static Path file(Path dir, String name) throws IOException {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no " + name + "[.gz] in " + dir.toAbsolutePath()
                + " (get MNIST with: java -jar trainer/target/trainer.jar fetch-data)");
    }

    /** The file's bytes, gunzipped when they start with the gzip magic 1f 8b. */
    private static byte[] bytes(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1f || (raw[1] & 0xFF) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static void expect(int actual, int wanted, String what) throws IOException {
        if (actual != wanted) {
            throw new IOException("MNIST IDX: " + what + " is " + actual + ", expected " + wanted);
        }
    }
}
