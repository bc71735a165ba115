package org.vaedigits.browser;

import java.util.ArrayList;
import java.util.List;

/**
 * Strokes that trace an MNIST digit's ink (its pixels above 127) the way a person would draw it,
 * in MNIST pixel coordinates: x = column + 0.5, y = row + 0.5 (pixel centres), each stroke a list
 * of (x, y) points to join with straight pen moves.
 */
final class InkTrace {
    /** A pixel is ink when its byte is above this (half of 255). */
    static final int INK_THRESHOLD = 127;
    /** Largest distance, in MNIST pixels, of a skeleton pixel from its simplified stroke. */
    static final double SIMPLIFY_TOLERANCE = 0.6;

    private InkTrace() {
    }

    /** How a digit is traced. */
    enum Mode {
        /** Each horizontal run of ink pixels in each row is one stroke from its first to its last pixel. */
        RUNS,
        /** The thinned ink (Zhang–Suen) cut into polylines, one stroke each, simplified. */
        SKELETON;

        List<double[][]> strokes(byte[] image28) {
            return this == RUNS ? runs(image28) : skeleton(image28);
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The ink's bounding box in pixel edges: [left, top, right, bottom), e.g. one pixel at (c, r) is [c, r, c+1, r+1). */
    record Box(int left, int top, int right, int bottom) {
        int width() {
            return right - left;
        }

        int height() {
            return bottom - top;
        }
    }

    /** Pixels above {@link #INK_THRESHOLD}, row-major, 28×28. */
    static boolean[] mask(byte[] image28) {
        boolean[] mask = new boolean[image28.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (image28[i] & 0xFF) > INK_THRESHOLD;
        }
        return mask;
    }

    /** The bounding box of the digit's ink pixels. */
    static Box box(byte[] image28) {
        boolean[] mask = mask(image28);
        int side = MnistIdx.SIDE;
        int left = side;
        int top = side;
        int right = 0;
        int bottom = 0;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p]) {
                left = Math.min(left, p % side);
                right = Math.max(right, p % side + 1);
                top = Math.min(top, p / side);
                bottom = Math.max(bottom, p / side + 1);
            }
        }
        if (right == 0) {
            throw new IllegalArgumentException("the digit has no pixel above " + INK_THRESHOLD);
        }
        return new Box(left, top, right, bottom);
    }

    /** One stroke per horizontal run of ink: from its first pixel's centre to its last's (a dot for one pixel). */
    static List<double[][]> runs(byte[] image28) {
        boolean[] mask = mask(image28);
        int side = MnistIdx.SIDE;
        List<double[][]> strokes = new ArrayList<>();
        for (int r = 0; r < side; r++) {
            int c = 0;
            while (c < side) {
                if (!mask[r * side + c]) {
                    c++;
                    continue;
                }
                int first = c;
                while (c < side && mask[r * side + c]) {
                    c++;
                }
                double y = r + 0.5;
                strokes.add(first == c - 1
                        ? new double[][] {{first + 0.5, y}}
                        : new double[][] {{first + 0.5, y}, {c - 0.5, y}});
            }
        }
        return strokes;
    }

    /** The skeleton's polylines, each simplified (Ramer–Douglas–Peucker, {@link #SIMPLIFY_TOLERANCE}). */
    static List<double[][]> skeleton(byte[] image28) {
        int side = MnistIdx.SIDE;
        List<double[][]> strokes = new ArrayList<>();
        for (int[] line : Skeleton.strokes(mask(image28), side)) {
            double[][] points = new double[line.length][];
            for (int i = 0; i < line.length; i++) {
                points[i] = new double[] {line[i] % side + 0.5, line[i] / side + 0.5};
            }
            strokes.add(simplify(points, SIMPLIFY_TOLERANCE));
        }
        return strokes;
    }

    /** Ramer–Douglas–Peucker: the fewest of the points that keep every point within {@code tolerance} of the line. */
    static double[][] simplify(double[][] points, double tolerance) {
        if (points.length <= 2) {
            return points;
        }
        boolean[] keep = new boolean[points.length];
        keep[0] = true;
        keep[points.length - 1] = true;
        mark(points, 0, points.length - 1, tolerance, keep);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            if (keep[i]) {
                out.add(points[i]);
            }
        }
        return out.toArray(new double[0][]);
    }

    private static void mark(double[][] p, int from, int to, double tolerance, boolean[] keep) {
        int farthest = -1;
        double worst = tolerance;
        for (int i = from + 1; i < to; i++) {
            double d = distance(p[i], p[from], p[to]);
            if (d > worst) {
                worst = d;
                farthest = i;
            }
        }
        if (farthest >= 0) {
            keep[farthest] = true;
            mark(p, from, farthest, tolerance, keep);
            mark(p, farthest, to, tolerance, keep);
        }
    }

    /** Distance of p from the segment a–b (from a when a = b: a closed loop's ends). */
    private static double distance(double[] p, double[] a, double[] b) {
        double dx = b[0] - a[0];
        double dy = b[1] - a[1];
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
        return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
    }
}
