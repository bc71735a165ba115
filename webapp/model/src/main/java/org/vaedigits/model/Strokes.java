package org.vaedigits.model;

/**
 * A drawing as the pointer made it: strokes of points, each point with a pen-width factor (1 for
 * the standard pen; a pen's pressure can make it thinner or thicker). Coordinates are in any unit,
 * the same on both axes (the pad uses its canvas pixels); {@link StrokeNormalizer} makes the
 * result independent of that unit, of where and of how large the person drew. Growable flat
 * arrays, so adding a point allocates nothing most of the time.
 */
public final class Strokes {
    private float[] xs = new float[256];
    private float[] ys = new float[256];
    private float[] widths = new float[256];
    private int points;
    /** Index of each stroke's first point. */
    private int[] starts = new int[16];
    private int strokes;
    /** The strokes and points the last {@link #clear} removed, kept for {@link #undo} until a new stroke. */
    private int clearedStrokes;
    private int clearedPoints;

    /** Starts a new stroke at its first point. */
    public void begin(double x, double y, double width) {
        if (strokes == starts.length) {
            starts = grow(starts);
        }
        clearedStrokes = 0; // the new stroke writes over what a clear kept
        starts[strokes++] = points;
        add(x, y, width);
    }

    /** Adds a point to the current stroke (starts one if there is none). */
    public void add(double x, double y, double width) {
        if (strokes == 0) {
            begin(x, y, width);
            return;
        }
        if (points == xs.length) {
            xs = grow(xs);
            ys = grow(ys);
            widths = grow(widths);
        }
        xs[points] = (float) x;
        ys[points] = (float) y;
        widths[points] = (float) width;
        points++;
    }

    /** Removes the last stroke, or brings back what the last clear removed; false when neither is there. */
    public boolean undo() {
        if (strokes == 0) {
            if (clearedStrokes == 0) {
                return false;
            }
            strokes = clearedStrokes;
            points = clearedPoints;
            clearedStrokes = 0;
            return true;
        }
        points = starts[--strokes];
        return true;
    }

    /** Removes every stroke; {@link #undo} brings them back until a new stroke is begun. */
    public void clear() {
        if (strokes > 0) {
            clearedStrokes = strokes;
            clearedPoints = points;
        }
        points = 0;
        strokes = 0;
    }

    public boolean isEmpty() {
        return strokes == 0;
    }

    public int strokeCount() {
        return strokes;
    }

    public int pointCount() {
        return points;
    }

    /** Index of stroke {@code s}'s first point. */
    public int start(int s) {
        return starts[s];
    }

    /** Index one past stroke {@code s}'s last point. */
    public int end(int s) {
        return s + 1 < strokes ? starts[s + 1] : points;
    }

    public float x(int point) {
        return xs[point];
    }

    public float y(int point) {
        return ys[point];
    }

    public float width(int point) {
        return widths[point];
    }

    /** The larger side of the points' bounding box (0 for a single dot or no points). */
    public double extent() {
        if (points == 0) {
            return 0;
        }
        float minX = xs[0];
        float maxX = xs[0];
        float minY = ys[0];
        float maxY = ys[0];
        for (int i = 1; i < points; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        return Math.max(maxX - minX, maxY - minY);
    }

    private static float[] grow(float[] a) {
        float[] b = new float[a.length * 2];
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    private static int[] grow(int[] a) {
        int[] b = new int[a.length * 2];
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }
}
