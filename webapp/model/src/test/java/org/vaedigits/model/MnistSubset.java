package org.vaedigits.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/**
 * The committed MNIST subset (the first 500 test images and labels, gzipped IDX, in
 * trainer/src/test/resources/mnist-subset/), for tests of any module: the folder is found
 * relative to the module being tested ({@code ../../trainer/...} from webapp/model and
 * webapp/server), or named by the system property {@code vaedigits.mnistSubset}.
 */
public final class MnistSubset {
    public static final int SIDE = 28;

    private final byte[][] images;
    private final int[] labels;

    private MnistSubset(byte[][] images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /** The test images and labels of {@link #folder()}. */
    public static MnistSubset test() {
        return read(folder(), "t10k");
    }

    /** The training images and labels of {@link #folder()}. */
    public static MnistSubset train() {
        return read(folder(), "train");
    }

    /** The folder of the committed subset. */
    public static Path folder() {
        String named = System.getProperty("vaedigits.mnistSubset");
        Path dir = named != null ? Paths.get(named) : Paths.get("../../trainer/src/test/resources/mnist-subset");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no MNIST subset at " + dir.toAbsolutePath().normalize());
        }
        return dir;
    }

    /** The images and labels of {@code prefix} (t10k or train) in {@code dir}, raw or .gz IDX. */
    public static MnistSubset read(Path dir, String prefix) {
        try (DataInputStream in = open(dir, prefix + "-images-idx3-ubyte");
             DataInputStream labelsIn = open(dir, prefix + "-labels-idx1-ubyte")) {
            expect(in.readInt(), 0x803, "image magic");
            byte[][] images = new byte[in.readInt()][];
            expect(in.readInt(), SIDE, "rows");
            expect(in.readInt(), SIDE, "columns");
            for (int n = 0; n < images.length; n++) {
                images[n] = new byte[SIDE * SIDE];
                in.readFully(images[n]);
            }
            expect(labelsIn.readInt(), 0x801, "label magic");
            expect(labelsIn.readInt(), images.length, "label count");
            int[] labels = new int[images.length];
            for (int n = 0; n < labels.length; n++) {
                labels[n] = labelsIn.readUnsignedByte();
            }
            return new MnistSubset(images, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return images.length;
    }

    /** Image n: 28×28 unsigned bytes, row-major (the array itself: do not change it). */
    public byte[] image(int n) {
        return images[n];
    }

    public int label(int n) {
        return labels[n];
    }

    /** Image n in the model's 14×14 form ({@link Binarizer}). */
    public float[] input196(int n) {
        float[] x = new float[Binarizer.PIXELS];
        Binarizer.binarize(images[n], 0, x, 0);
        return x;
    }

    private static DataInputStream open(Path dir, String name) throws IOException {
        Path raw = dir.resolve(name);
        Path file = Files.exists(raw) ? raw : dir.resolve(name + ".gz");
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }

    private static void expect(int actual, int wanted, String what) throws IOException {
        if (actual != wanted) {
            throw new IOException("MNIST " + what + " is " + actual + ", expected " + wanted);
        }
    }
}
