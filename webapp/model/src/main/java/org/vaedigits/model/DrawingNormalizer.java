package org.vaedigits.model;

/**
 * Turns a drawing into what MNIST's pipeline made of a scanned digit: crop to the ink's bounding
 * box, scale it (aspect ratio kept, area-averaged so edges turn grey) to fit a 20×20 box, place it
 * in a 28×28 field with its centre of mass at pixel (14, 14), store as bytes 0..255, then apply
 * {@link Binarizer}'s 14×14 rule. Reuses its buffers: not thread-safe, no allocation per call
 * once the raster size is known.
 */
public final class DrawingNormalizer {
    /** Side of the box MNIST scaled each digit to fit into. */
    public static final int BOX = 20;
    /** Side of MNIST's images. */
    public static final int FIELD = Binarizer.SOURCE_SIDE;
    /**
     * Where MNIST's centres of mass sit, in pixel-index coordinates (the mean over the MNIST test
     * set is (14.00, 13.99)).
     */
    public static final double CENTRE = 14.0;

    /** The last 28×28 image, row-major bytes 0..255 (read with {@code & 0xFF}). */
    private final byte[] image28 = new byte[FIELD * FIELD];
    /** The last 14×14 binary input, row-major 0 or 1. */
    private final float[] input196 = new float[Binarizer.PIXELS];
    /** Scaled digit, up to 20×20, row-major with stride BOX, values 0..1. */
    private final float[] scaled = new float[BOX * BOX];
    /** After the horizontal pass: (ink rows, scaled width), stride BOX. Grows with the raster. */
    private float[] rowsPass = new float[0];

    /** The 28×28 image of the last {@link #normalize} call (shared buffer: copy to keep it). */
    public byte[] image28() {
        return image28;
    }

    /** The 196 binary inputs of the last {@link #normalize} call (shared buffer: copy to keep it). */
    public float[] input196() {
        return input196;
    }

    /**
     * Normalizes a square raster of ink intensities (0 = paper, 1 = full ink; values outside
     * are clamped, NaN is paper), {@code side}×{@code side}, row-major. Returns false, with all-zero outputs,
     * when the raster holds no ink.
     */
    public boolean normalize(float[] raster, int side) {
        if (side <= 0 || raster.length < side * side) {
            throw new IllegalArgumentException("raster has " + raster.length + " values, expected side² = " + side + "² > 0");
        }
        for (int i = 0; i < image28.length; i++) {
            image28[i] = 0;
        }
        // 1. bounding box of the ink
        int top = side;
        int bottom = -1;
        int left = side;
        int right = -1;
        for (int r = 0; r < side; r++) {
            int row = r * side;
            for (int c = 0; c < side; c++) {
                if (raster[row + c] > 0f) {
                    if (r < top) {
                        top = r;
                    }
                    bottom = r;
                    if (c < left) {
                        left = c;
                    }
                    if (c > right) {
                        right = c;
                    }
                }
            }
        }
        if (bottom < 0) {
            for (int i = 0; i < input196.length; i++) {
                input196[i] = 0f;
            }
            return false;
        }
        int inkHeight = bottom - top + 1;
        int inkWidth = right - left + 1;
        // 2. scale to fit 20×20, aspect ratio kept: source pixels per target pixel
        int longest = Math.max(inkHeight, inkWidth);
        double step = longest / (double) BOX;
        int width = Math.max(1, Math.min(BOX, (int) Math.round(inkWidth / step)));
        int height = Math.max(1, Math.min(BOX, (int) Math.round(inkHeight / step)));
        double stepX = inkWidth / (double) width;
        double stepY = inkHeight / (double) height;
        if (rowsPass.length < inkHeight * BOX) {
            rowsPass = new float[inkHeight * BOX];
        }
        // horizontal pass: rowsPass (inkHeight, width) = area mean over [x·stepX, (x+1)·stepX)
        for (int r = 0; r < inkHeight; r++) {
            int source = (top + r) * side + left;
            for (int x = 0; x < width; x++) {
                double from = x * stepX;
                double to = from + stepX;
                double sum = 0;
                int first = (int) from;
                int last = Math.min(inkWidth - 1, (int) Math.ceil(to) - 1);
                for (int c = first; c <= last; c++) {
                    double cover = Math.min(to, c + 1) - Math.max(from, c);
                    if (cover > 0) {
                        sum += cover * clamp01(raster[source + c]);
                    }
                }
                rowsPass[r * BOX + x] = (float) (sum / stepX);
            }
        }
        // vertical pass: scaled (height, width) = area mean over [y·stepY, (y+1)·stepY)
        double mass = 0;
        double massX = 0;
        double massY = 0;
        for (int y = 0; y < height; y++) {
            double from = y * stepY;
            double to = from + stepY;
            int first = (int) from;
            int last = Math.min(inkHeight - 1, (int) Math.ceil(to) - 1);
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int r = first; r <= last; r++) {
                    double cover = Math.min(to, r + 1) - Math.max(from, r);
                    if (cover > 0) {
                        sum += cover * rowsPass[r * BOX + x];
                    }
                }
                float v = (float) (sum / stepY);
                scaled[y * BOX + x] = v;
                mass += v;
                massX += v * x;
                massY += v * y;
            }
        }
        // 3. place in 28×28: integer shift putting the centre of mass nearest (14, 14), kept inside
        int offsetX = (int) Math.round(CENTRE - massX / mass);
        int offsetY = (int) Math.round(CENTRE - massY / mass);
        offsetX = Math.max(0, Math.min(FIELD - width, offsetX));
        offsetY = Math.max(0, Math.min(FIELD - height, offsetY));
        for (int y = 0; y < height; y++) {
            int target = (offsetY + y) * FIELD + offsetX;
            for (int x = 0; x < width; x++) {
                image28[target + x] = (byte) (int) Math.round(scaled[y * BOX + x] * 255.0);
            }
        }
        // 4. the homework's 14×14 rule
        Binarizer.binarize(image28, 0, input196, 0);
        return true;
    }

    /** v clamped to [0, 1]; NaN counts as paper. */
    private static float clamp01(float v) {
        return !(v > 0f) ? 0f : (v > 1f ? 1f : v);
    }
}
