package org.vaedigits.trainer.data;

import org.vaedigits.model.Binarizer;

/**
 * Binarized 14×14 images with their labels: {@code pixels} is (count, 196) row-major, values 0 or
 * 1 by the shared {@link Binarizer} rule.
 */
public final class Dataset {
    public final int count;
    public final float[] pixels; // (count, 196)
    public final byte[] labels;  // (count)
    /** Where the data came from, for the model file and messages. */
    public final String source;

    public Dataset(int count, float[] pixels, byte[] labels, String source) {
        this.count = count;
        this.pixels = pixels;
        this.labels = labels;
        this.source = source;
    }

    /** Binarizes every image of {@code images} with the shared rule. */
    public static Dataset binarize(IdxReader.Images images, byte[] labels, String source) {
        int n = images.count();
        int sourcePixels = images.rows() * images.cols();
        float[] pixels = new float[n * Binarizer.PIXELS];
        for (int i = 0; i < n; i++) {
            Binarizer.binarize(images.pixels(), i * sourcePixels, pixels, i * Binarizer.PIXELS);
        }
        return new Dataset(n, pixels, labels, source);
    }

    /** The first {@code n} images (all when n ≥ count). */
    public Dataset first(int n) {
        if (n >= count) {
            return this;
        }
        return new Dataset(n, java.util.Arrays.copyOf(pixels, n * Binarizer.PIXELS), java.util.Arrays.copyOf(labels, n),
                source + " (first " + n + ")");
    }

    /** Image {@code i} as 196 values. */
    public float[] image(int i) {
        return java.util.Arrays.copyOfRange(pixels, i * Binarizer.PIXELS, (i + 1) * Binarizer.PIXELS);
    }
}
