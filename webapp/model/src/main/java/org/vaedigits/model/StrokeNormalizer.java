package org.vaedigits.model;

import java.util.Arrays;

/**
 * Turns strokes into what MNIST's pipeline made of a handwritten digit, whatever the size, place
 * and resolution it was drawn at: the strokes' bounding box is scaled (aspect kept) so that the
 * ink, path plus pen, fits MNIST's 20×20 box; the path is rendered anti-aliased at MNIST's own
 * stroke width into the 28×28 field; the field is shifted (sub-pixel) so the ink's centre of mass
 * sits where MNIST's does; then {@link Binarizer}'s 14×14 rule applies.
 *
 * <p>Why strokes and not the pad's pixels: a fixed pen in pad pixels becomes a bold digit when a
 * person draws small and a thin one when they draw large, while MNIST's strokes have a fairly
 * constant width in their 20-pixel box ({@link #PEN_WIDTH}). Rendering the path again at that
 * width removes the drawn size from the result. Strokes that overlap (an area filled by hatching,
 * a stroke gone over twice) already lay down width of their own; the pen is narrowed by that much
 * (see {@link #penFor}), so the digit does not come out bolder than MNIST's.
 *
 * <p>Rendering is by hand (no canvas): 4×4 point samples per pixel, each inside or outside the
 * union of round-capped segments, so the JVM and the browser compute the very same bytes.
 * Reuses its buffers: not thread-safe, no allocation per call.
 */
public final class StrokeNormalizer {
    /** Side of the box MNIST scaled each digit to fit into. */
    public static final int BOX = 20;
    /** Side of MNIST's images. */
    public static final int FIELD = Binarizer.SOURCE_SIDE;
    /**
     * Where MNIST's centres of mass sit, in pixel-index coordinates (the mean over the MNIST test
     * set is (14.00, 13.99)).
     */
    public static final double CENTRE = 14.0;
    /**
     * MNIST's stroke width in pixels of the 28×28 field (the digit's box is 20 of them): ink area
     * (pixels above 127) over the length of the ink's {@link Thinning} skeleton, summed over the
     * 60,000 training digits. {@code PenWidthMeasurement} in this module's tests prints it.
     */
    public static final double PEN_WIDTH = 2.56;
    /** Pen of the probe that measures how much ink the strokes lay down by themselves: one pixel. */
    private static final double PROBE_PEN = 1.0;
    /** Point samples per pixel side. */
    private static final int SUB = 4;
    private static final int GRID = FIELD * SUB;

    private final boolean[] covered = new boolean[GRID * GRID];
    private final float[] coverage = new float[FIELD * FIELD];
    private final byte[] image28 = new byte[FIELD * FIELD];
    private final float[] input196 = new float[Binarizer.PIXELS];
    /** Field pixels per drawing unit in the last call (0 for a single dot). */
    private double scale;
    /** Pen width of the last call, field pixels. */
    private double pen;
    /** Where drawing point (0, 0) lands in the field. */
    private double offsetX;
    private double offsetY;
    /** Bounding box of the drawing's points and the widest pen factor. */
    private double minX;
    private double maxX;
    private double minY;
    private double maxY;
    private double widest;
    /** Centre of mass of a rendering, pixel-index coordinates. */
    private double massX;
    private double massY;
    private final byte[] mask = new byte[FIELD * FIELD];
    private final byte[] scratch = new byte[FIELD * FIELD];

    /** The 28×28 image of the last {@link #normalize} call, bytes 0..255 (shared buffer: copy to keep it). */
    public byte[] image28() {
        return image28;
    }

    /** The 196 binary inputs of the last {@link #normalize} call (shared buffer: copy to keep it). */
    public float[] input196() {
        return input196;
    }

    /** Field pixels per drawing unit used by the last {@link #normalize} call. */
    public double scale() {
        return scale;
    }

    /** Normalizes the drawing; false, with all-zero outputs, when it holds no stroke. */
    public boolean normalize(Strokes strokes) {
        if (strokes.isEmpty()) {
            Arrays.fill(image28, (byte) 0);
            Arrays.fill(input196, 0f);
            scale = 0;
            return false;
        }
        measureBounds(strokes);
        pen = penFor(strokes);
        place(pen);
        render(strokes, pen, true);
        centreOfMass();
        double halfPen = pen * widest / 2;
        offsetX += clampShift(CENTRE - massX, offsetX + scale * minX - halfPen, offsetX + scale * maxX + halfPen);
        offsetY += clampShift(CENTRE - massY, offsetY + scale * minY - halfPen, offsetY + scale * maxY + halfPen);
        render(strokes, pen, true);
        for (int i = 0; i < image28.length; i++) {
            image28[i] = (byte) (int) Math.round(coverage[i] * 255.0);
        }
        Binarizer.binarize(image28, 0, input196, 0);
        return true;
    }

    /** The pen width used by the last {@link #normalize} call, in field pixels. */
    public double pen() {
        return pen;
    }

    /**
     * MNIST's pen, less the ink the strokes lay down by themselves: a probe rendering at a
     * one-pixel pen measures their width, which is about 1 for strokes side by side that do not
     * touch (the way people draw) and more where they overlap or fill an area (hatching, going
     * over a stroke again). The final width (probe width + pen − 1) then stays near MNIST's. The
     * probe's width of a lone stroke is itself 1.0–1.4 pixels, by its slant, so a lone stroke is
     * drawn 2.2–2.56 pixels wide. The probe ignores pen pressure, which widens the final pen.
     */
    private double penFor(Strokes strokes) {
        place(PROBE_PEN);
        render(strokes, PROBE_PEN, false);
        return Math.max(PROBE_PEN, Math.min(PEN_WIDTH, PEN_WIDTH + PROBE_PEN - strokeWidth()));
    }

    private void measureBounds(Strokes strokes) {
        minX = Double.POSITIVE_INFINITY;
        maxX = Double.NEGATIVE_INFINITY;
        minY = Double.POSITIVE_INFINITY;
        maxY = Double.NEGATIVE_INFINITY;
        widest = 0;
        for (int i = 0; i < strokes.pointCount(); i++) {
            minX = Math.min(minX, strokes.x(i));
            maxX = Math.max(maxX, strokes.x(i));
            minY = Math.min(minY, strokes.y(i));
            maxY = Math.max(maxY, strokes.y(i));
            widest = Math.max(widest, strokes.width(i));
        }
    }

    /** scale and offsets for a pen: the path's box plus the pen fills the 20-pixel box, centred in the field. */
    private void place(double penWidth) {
        double extent = Math.max(maxX - minX, maxY - minY);
        scale = extent > 0 ? (BOX - penWidth * widest) / extent : 0;
        offsetX = FIELD / 2.0 - scale * (minX + maxX) / 2;
        offsetY = FIELD / 2.0 - scale * (minY + maxY) / 2;
    }

    /**
     * Width of the rendered strokes: pixels at least half covered over the length of their
     * skeleton, the measure {@link #PEN_WIDTH} took of MNIST.
     */
    private double strokeWidth() {
        int area = 0;
        for (int i = 0; i < coverage.length; i++) {
            mask[i] = (byte) (coverage[i] >= 0.5f ? 1 : 0);
            area += mask[i];
        }
        Thinning.thin(mask, FIELD, scratch);
        return area / Math.max(1.0, Thinning.length(mask, FIELD));
    }

    /** A shift limited so that the ink box [from, to] stays inside the field. */
    private static double clampShift(double shift, double from, double to) {
        return Math.max(-from, Math.min(FIELD - to, shift));
    }

    /**
     * coverage[] ← share of each pixel's point samples inside the strokes, drawn at field =
     * offset + scale · point with the pen, times the points' width factors if {@code pressure}.
     */
    private void render(Strokes strokes, double penWidth, boolean pressure) {
        Arrays.fill(covered, false);
        for (int s = 0; s < strokes.strokeCount(); s++) {
            int first = strokes.start(s);
            int end = strokes.end(s);
            if (end - first == 1) {
                segment(strokes, first, first, penWidth, pressure); // a tap: a dot
            }
            for (int i = first; i + 1 < end; i++) {
                segment(strokes, i, i + 1, penWidth, pressure);
            }
        }
        for (int r = 0; r < FIELD; r++) {
            for (int c = 0; c < FIELD; c++) {
                int inside = 0;
                for (int sy = 0; sy < SUB; sy++) {
                    int row = (r * SUB + sy) * GRID + c * SUB;
                    for (int sx = 0; sx < SUB; sx++) {
                        if (covered[row + sx]) {
                            inside++;
                        }
                    }
                }
                coverage[r * FIELD + c] = inside / (float) (SUB * SUB);
            }
        }
    }

    /** Draws the segment from point i to point j, with the mean of their pen-width factors if {@code pressure}. */
    private void segment(Strokes strokes, int i, int j, double penWidth, boolean pressure) {
        double radius = pressure ? penWidth * (strokes.width(i) + strokes.width(j)) / 4 : penWidth / 2;
        fillCapsule(offsetX + scale * strokes.x(i), offsetY + scale * strokes.y(i),
                offsetX + scale * strokes.x(j), offsetY + scale * strokes.y(j), radius);
    }

    /** Marks the point samples within {@code radius} of the segment (ax, ay)–(bx, by), in field pixels. */
    private void fillCapsule(double ax, double ay, double bx, double by, double radius) {
        int fromX = Math.max(0, (int) Math.floor((Math.min(ax, bx) - radius) * SUB));
        int toX = Math.min(GRID - 1, (int) Math.ceil((Math.max(ax, bx) + radius) * SUB));
        int fromY = Math.max(0, (int) Math.floor((Math.min(ay, by) - radius) * SUB));
        int toY = Math.min(GRID - 1, (int) Math.ceil((Math.max(ay, by) + radius) * SUB));
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        double radius2 = radius * radius;
        for (int gy = fromY; gy <= toY; gy++) {
            double py = (gy + 0.5) / SUB - ay;
            for (int gx = fromX; gx <= toX; gx++) {
                double px = (gx + 0.5) / SUB - ax;
                // distance to the nearest point of the segment, at t in [0, 1] along it
                double t = length2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / length2)) : 0;
                double ex = px - t * dx;
                double ey = py - t * dy;
                if (ex * ex + ey * ey <= radius2) {
                    covered[gy * GRID + gx] = true;
                }
            }
        }
    }

    /** massX, massY ← centre of mass of coverage[], in pixel-index coordinates. */
    private void centreOfMass() {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int r = 0; r < FIELD; r++) {
            for (int c = 0; c < FIELD; c++) {
                double v = coverage[r * FIELD + c];
                mass += v;
                sumX += v * c;
                sumY += v * r;
            }
        }
        massX = mass > 0 ? sumX / mass : CENTRE;
        massY = mass > 0 ? sumY / mass : CENTRE;
    }
}
