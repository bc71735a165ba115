package org.vaedigits.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Traces a 28×28 MNIST digit into pen strokes, the way a person would draw it: the ink (pixels
 * above 127) is thinned to its Zhang–Suen skeleton ({@link Thinning}), spurs of thinning (branches
 * of at most {@link #SPUR} pixels off a junction) are pruned, and the skeleton's pixel graph is
 * walked into polylines, each starting at the topmost free end and going straight on at
 * junctions; a closed loop without ends starts at its topmost pixel. Ends of the skeleton are
 * moved on to where the ink ends (thinning shortens strokes), the polylines smoothed (a 1-2-1
 * average of pixel centres, ends kept) and simplified (Ramer–Douglas–Peucker within
 * {@link #TOLERANCE} pixels). Deterministic: the same image gives the same strokes.
 */
final class SkeletonTracer {
    static final int SIDE = 28;
    /** Longest side branch, in pixels, taken for an artefact of thinning and removed. */
    static final int SPUR = 2;
    /** Largest distance, pixels, of a dropped point from the simplified polyline. */
    static final double TOLERANCE = 0.45;

    private final byte[] skeleton = new byte[SIDE * SIDE];
    private final byte[] ink = new byte[SIDE * SIDE];
    /** Half the digit's stroke width (ink area over skeleton length), pixels. */
    private double halfWidth;
    /** Visited links between a pixel and its neighbour in each of 8 directions. */
    private final boolean[] visited = new boolean[SIDE * SIDE * 8];

    private static final int[] DR = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] DC = {0, 1, 1, 1, 0, -1, -1, -1};

    /** The strokes of {@code digit} (784 unsigned bytes), coordinates in its pixels (centre of pixel (r, c) at (c + 0.5, r + 0.5)). */
    List<float[]> trace(byte[] digit) {
        byte[] scratch = new byte[SIDE * SIDE];
        for (int i = 0; i < skeleton.length; i++) {
            skeleton[i] = (byte) ((digit[i] & 0xFF) > 127 ? 1 : 0);
            ink[i] = skeleton[i];
        }
        Thinning.thin(skeleton, SIDE, scratch);
        int area = 0;
        for (byte b : ink) {
            area += b;
        }
        halfWidth = area / Math.max(1.0, Thinning.length(skeleton, SIDE)) / 2;
        pruneSpurs();
        java.util.Arrays.fill(visited, false);
        List<float[]> strokes = new ArrayList<>();
        while (true) {
            int start = nextStart();
            if (start < 0) {
                break;
            }
            List<Integer> path = walk(start);
            double[] xy = smooth(path);
            extendEnd(xy, path, true);
            extendEnd(xy, path, false);
            strokes.add(simplify(xy));
        }
        // lone pixels: dots
        for (int i = 0; i < skeleton.length; i++) {
            if (skeleton[i] == 1 && degree(i) == 0) {
                strokes.add(new float[] {i % SIDE + 0.5f, i / SIDE + 0.5f});
            }
        }
        if (strokes.size() > 1) {
            strokes.removeIf(s -> length(s) < 1.5);
        }
        return strokes;
    }

    private boolean on(int r, int c) {
        return r >= 0 && c >= 0 && r < SIDE && c < SIDE && skeleton[r * SIDE + c] == 1;
    }

    /**
     * Whether pixel i links to its neighbour in direction d: always for the four side neighbours,
     * for a diagonal one only where no side neighbour joins the two (as {@link Thinning#length} counts).
     */
    private boolean linked(int i, int d) {
        int r = i / SIDE;
        int c = i % SIDE;
        if (!on(r, c) || !on(r + DR[d], c + DC[d])) {
            return false;
        }
        if (d % 2 == 0) {
            return true;
        }
        return !on(r + DR[d], c) && !on(r, c + DC[d]);
    }

    private int degree(int i) {
        int n = 0;
        for (int d = 0; d < 8; d++) {
            if (linked(i, d)) {
                n++;
            }
        }
        return n;
    }

    private static int neighbour(int i, int d) {
        return (i / SIDE + DR[d]) * SIDE + i % SIDE + DC[d];
    }

    /** Removes branches of at most SPUR pixels that run from an end to a junction. */
    private void pruneSpurs() {
        List<Integer> remove = new ArrayList<>();
        for (int i = 0; i < skeleton.length; i++) {
            if (skeleton[i] == 0 || degree(i) != 1) {
                continue;
            }
            List<Integer> branch = new ArrayList<>();
            int previous = -1;
            int current = i;
            while (branch.size() <= SPUR) {
                int deg = degree(current);
                if (deg >= 3) {
                    break;
                }
                branch.add(current);
                int next = -1;
                for (int d = 0; d < 8; d++) {
                    if (linked(current, d) && neighbour(current, d) != previous) {
                        next = neighbour(current, d);
                        break;
                    }
                }
                if (next < 0) {
                    branch.clear(); // a short stroke on its own, not a spur
                    break;
                }
                previous = current;
                current = next;
            }
            if (degree(current) >= 3 && branch.size() <= SPUR) {
                remove.addAll(branch);
            }
        }
        for (int i : remove) {
            skeleton[i] = 0;
        }
    }

    /**
     * Where the next stroke starts: the topmost (then leftmost) pixel with an odd number of free
     * links (an end, or a junction with a branch left over: as in an Euler path, starting there
     * leaves the fewest strokes), else the topmost pixel with any; -1 when all links are walked.
     */
    private int nextStart() {
        int any = -1;
        for (int i = 0; i < skeleton.length; i++) {
            int free = 0;
            for (int d = 0; d < 8; d++) {
                if (linked(i, d) && !visited[i * 8 + d]) {
                    free++;
                }
            }
            if (free % 2 == 1) {
                return i;
            }
            if (free > 0 && any < 0) {
                any = i;
            }
        }
        return any;
    }

    /** Walks free links from {@code start}, at each pixel taking the one closest to straight on. */
    private List<Integer> walk(int start) {
        List<Integer> path = new ArrayList<>();
        path.add(start);
        int current = start;
        while (true) {
            double hx = 0;
            double hy = 0;
            int back = Math.max(0, path.size() - 4);
            if (path.size() > 1) {
                hx = current % SIDE - path.get(back) % SIDE;
                hy = current / SIDE - path.get(back) / SIDE;
            }
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int d = 0; d < 8; d++) {
                if (!linked(current, d) || visited[current * 8 + d]) {
                    continue;
                }
                double dx = DC[d];
                double dy = DR[d];
                double norm = Math.hypot(hx, hy);
                // straight on scores 1, a reversal -1; without a heading, side links before diagonals
                double score = norm > 0 ? (hx * dx + hy * dy) / (norm * Math.hypot(dx, dy)) : (d % 2 == 0 ? 1 : 0) - d * 1e-3;
                if (score > bestScore) {
                    bestScore = score;
                    best = d;
                }
            }
            if (best < 0) {
                return path;
            }
            int next = neighbour(current, best);
            visited[current * 8 + best] = true;
            visited[next * 8 + (best + 4) % 8] = true;
            path.add(next);
            current = next;
        }
    }

    /**
     * Thinning stops a stroke's skeleton short of the ink's end; an end of the path that is an end
     * of the skeleton is moved on along the path's direction to the end of the ink, less half the
     * stroke width (where a pen of that width, centred there, ends with the ink).
     */
    private void extendEnd(double[] xy, List<Integer> path, boolean first) {
        int n = path.size();
        if (n < 2 || degree(path.get(first ? 0 : n - 1)) != 1) {
            return;
        }
        int end = first ? 0 : n - 1;
        int from = first ? Math.min(n - 1, 3) : Math.max(0, n - 4);
        double dx = xy[2 * end] - xy[2 * from];
        double dy = xy[2 * end + 1] - xy[2 * from + 1];
        double norm = Math.hypot(dx, dy);
        if (norm == 0) {
            return;
        }
        dx /= norm;
        dy /= norm;
        double inside = 0;
        for (double t = 0.25; t < 6; t += 0.25) {
            int c = (int) Math.floor(xy[2 * end] + t * dx);
            int r = (int) Math.floor(xy[2 * end + 1] + t * dy);
            if (r < 0 || c < 0 || r >= SIDE || c >= SIDE || ink[r * SIDE + c] == 0) {
                break;
            }
            inside = t;
        }
        double by = Math.max(0, inside + 0.5 - halfWidth);
        xy[2 * end] += by * dx;
        xy[2 * end + 1] += by * dy;
    }

    /** Pixel centres of a path, averaged 1-2-1 with their neighbours (ends kept), as x, y pairs. */
    private static double[] smooth(List<Integer> path) {
        int n = path.size();
        double[] xy = new double[2 * n];
        for (int k = 0; k < n; k++) {
            int p = path.get(k);
            int a = path.get(Math.max(0, k - 1));
            int b = path.get(Math.min(n - 1, k + 1));
            boolean end = k == 0 || k == n - 1;
            xy[2 * k] = end ? p % SIDE + 0.5 : (a % SIDE + 2 * (p % SIDE) + b % SIDE) / 4.0 + 0.5;
            xy[2 * k + 1] = end ? p / SIDE + 0.5 : (a / SIDE + 2 * (p / SIDE) + b / SIDE) / 4.0 + 0.5;
        }
        return xy;
    }

    /** Ramer–Douglas–Peucker within TOLERANCE, coordinates rounded to 0.1 pixel. */
    private static float[] simplify(double[] xy) {
        int n = xy.length / 2;
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        rdp(xy, 0, n - 1, keep);
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        float[] out = new float[2 * kept];
        int j = 0;
        for (int k = 0; k < n; k++) {
            if (keep[k]) {
                out[j++] = (float) (Math.round(xy[2 * k] * 10) / 10.0);
                out[j++] = (float) (Math.round(xy[2 * k + 1] * 10) / 10.0);
            }
        }
        return out;
    }

    private static void rdp(double[] xy, int from, int to, boolean[] keep) {
        if (to - from < 2) {
            return;
        }
        double ax = xy[2 * from];
        double ay = xy[2 * from + 1];
        double bx = xy[2 * to];
        double by = xy[2 * to + 1];
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        int worst = -1;
        double worstDistance = TOLERANCE;
        for (int k = from + 1; k < to; k++) {
            double px = xy[2 * k] - ax;
            double py = xy[2 * k + 1] - ay;
            double t = length2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / length2)) : 0;
            double distance = Math.hypot(px - t * dx, py - t * dy);
            if (distance > worstDistance) {
                worstDistance = distance;
                worst = k;
            }
        }
        if (worst >= 0) {
            keep[worst] = true;
            rdp(xy, from, worst, keep);
            rdp(xy, worst, to, keep);
        }
    }

    static double length(float[] stroke) {
        double length = 0;
        for (int k = 2; k < stroke.length; k += 2) {
            length += Math.hypot(stroke[k] - stroke[k - 2], stroke[k + 1] - stroke[k - 1]);
        }
        return length;
    }
}
