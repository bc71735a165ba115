package org.vaedigits.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Measures MNIST's stroke width, the figure behind {@link StrokeNormalizer#PEN_WIDTH}: for every
 * training digit, the pixels above 127 and the length of their Zhang–Suen skeleton; the width is
 * the summed area over the summed length (and the median of the per-digit ratios, for comparison).
 * Run: {@code ./mvnw -q -pl webapp/model test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.vaedigits.model.PenWidthMeasurement -Dexec.args="$PWD/data/mnist"}.
 */
public final class PenWidthMeasurement {
    private PenWidthMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/mnist");
        byte[][] images = readImages(dir);
        int side = Binarizer.SOURCE_SIDE;
        byte[] mask = new byte[side * side];
        byte[] scratch = new byte[side * side];
        double[] ratios = new double[images.length];
        long area = 0;
        double length = 0;
        for (int n = 0; n < images.length; n++) {
            int digitArea = 0;
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (byte) ((images[n][i] & 0xFF) > 127 ? 1 : 0);
                digitArea += mask[i];
            }
            Thinning.thin(mask, side, scratch);
            double digitLength = Thinning.length(mask, side);
            area += digitArea;
            length += digitLength;
            ratios[n] = digitArea / Math.max(1.0, digitLength);
        }
        java.util.Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%d training digits: ink area %.1f px, skeleton length %.1f px per digit%n",
                images.length, area / (double) images.length, length / images.length);
        System.out.printf(Locale.ROOT, "stroke width = area / length: %.3f px of the 28x28 field (median per digit %.3f,"
                + " 10%%-90%% %.2f-%.2f)%n", area / length, ratios[ratios.length / 2], ratios[ratios.length / 10],
                ratios[ratios.length * 9 / 10]);
    }

    /** The training images of an MNIST folder (raw or .gz IDX), (n, 784) bytes. */
    private static byte[][] readImages(Path dir) throws IOException {
        Path raw = dir.resolve("train-images-idx3-ubyte");
        Path file = Files.exists(raw) ? raw : dir.resolve("train-images-idx3-ubyte.gz");
        try (InputStream in = Files.newInputStream(file);
             DataInputStream data = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in)) {
            if (data.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX image file");
            }
            byte[][] images = new byte[data.readInt()][];
            data.readInt();
            data.readInt();
            for (int n = 0; n < images.length; n++) {
                images[n] = new byte[Binarizer.SOURCE_SIDE * Binarizer.SOURCE_SIDE];
                data.readFully(images[n]);
            }
            return images;
        }
    }
}
