package org.vaedigits.model;

/**
 * The homework's preprocessing: a 28×28 MNIST image of bytes 0..255 becomes a 14×14 binary image.
 * Each 2×2 block's mean of the [0,1] values is thresholded at 0.5, i.e. in integers: the four
 * bytes sum to at least 510 → 1, else 0. The trainer and the browser both use this one rule.
 */
public final class Binarizer {
    public static final int SOURCE_SIDE = 28;
    public static final int SIDE = 14;
    public static final int PIXELS = SIDE * SIDE;
    /** 2 × 2 × 255 × 0.5: the block sum at and above which a pixel is on. */
    public static final int THRESHOLD_SUM = 510;

    private Binarizer() {
    }

    /**
     * Binarizes one image: {@code source} holds 28×28 unsigned bytes, row-major, starting at
     * {@code offset}; {@code target} receives 196 values 0 or 1 from {@code targetOffset}.
     */
    public static void binarize(byte[] source, int offset, float[] target, int targetOffset) {
        for (int r = 0; r < SIDE; r++) {
            int top = offset + 2 * r * SOURCE_SIDE;
            int bottom = top + SOURCE_SIDE;
            for (int c = 0; c < SIDE; c++) {
                int sum = (source[top + 2 * c] & 0xFF) + (source[top + 2 * c + 1] & 0xFF)
                        + (source[bottom + 2 * c] & 0xFF) + (source[bottom + 2 * c + 1] & 0xFF);
                target[targetOffset + r * SIDE + c] = sum >= THRESHOLD_SUM ? 1f : 0f;
            }
        }
    }
}
