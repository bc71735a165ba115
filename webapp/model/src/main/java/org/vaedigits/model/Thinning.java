package org.vaedigits.model;

/**
 * Zhang–Suen thinning (Communications of the ACM 27(3), 1984) of a binary image to its one-pixel
 * skeleton, and the skeleton's length. Used to measure stroke width as ink area over skeleton
 * length: of MNIST's digits, to set the normalizer's pen, and of a drawing, to keep overlapping
 * strokes from piling up ink. Written by hand: it is a dozen lines, runs in the browser too, and
 * no library of this project's offers it.
 */
public final class Thinning {
    private Thinning() {
    }

    /**
     * Thins {@code mask} (side×side, row-major, 1 = ink, 0 = paper) in place to its skeleton;
     * {@code scratch} holds at least side² values.
     */
    public static void thin(byte[] mask, int side, byte[] scratch) {
        boolean changed = true;
        while (changed) {
            changed = pass(mask, side, scratch, 0);
            changed |= pass(mask, side, scratch, 1);
        }
    }

    /** One of the two sub-iterations; true when it removed a pixel. */
    private static boolean pass(byte[] m, int side, byte[] remove, int step) {
        boolean removed = false;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int i = r * side + c;
                remove[i] = 0;
                if (m[i] == 0) {
                    continue;
                }
                // neighbours clockwise from north: p2 (N), p3 (NE), p4 (E), ... p9 (NW)
                int p2 = at(m, side, r - 1, c);
                int p3 = at(m, side, r - 1, c + 1);
                int p4 = at(m, side, r, c + 1);
                int p5 = at(m, side, r + 1, c + 1);
                int p6 = at(m, side, r + 1, c);
                int p7 = at(m, side, r + 1, c - 1);
                int p8 = at(m, side, r, c - 1);
                int p9 = at(m, side, r - 1, c - 1);
                int neighbours = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
                int transitions = rise(p2, p3) + rise(p3, p4) + rise(p4, p5) + rise(p5, p6)
                        + rise(p6, p7) + rise(p7, p8) + rise(p8, p9) + rise(p9, p2);
                boolean edge = step == 0 ? p2 * p4 * p6 == 0 && p4 * p6 * p8 == 0
                        : p2 * p4 * p8 == 0 && p2 * p6 * p8 == 0;
                if (neighbours >= 2 && neighbours <= 6 && transitions == 1 && edge) {
                    remove[i] = 1;
                    removed = true;
                }
            }
        }
        for (int i = 0; i < side * side; i++) {
            if (remove[i] != 0) {
                m[i] = 0;
            }
        }
        return removed;
    }

    /**
     * Length of a skeleton in pixels: a step to a 4-neighbour counts 1, a diagonal step √2 where
     * no 4-neighbour path joins the two pixels. A lone pixel counts 1.
     */
    public static double length(byte[] skeleton, int side) {
        double length = 0;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                if (skeleton[r * side + c] == 0) {
                    continue;
                }
                int right = at(skeleton, side, r, c + 1);
                int down = at(skeleton, side, r + 1, c);
                int left = at(skeleton, side, r, c - 1);
                int up = at(skeleton, side, r - 1, c);
                length += right + down;
                if (at(skeleton, side, r + 1, c + 1) == 1 && right == 0 && down == 0) {
                    length += Math.sqrt(2);
                }
                if (at(skeleton, side, r + 1, c - 1) == 1 && left == 0 && down == 0) {
                    length += Math.sqrt(2);
                }
                if (right + down + left + up == 0 && !hasDiagonal(skeleton, side, r, c)) {
                    length += 1;
                }
            }
        }
        return length;
    }

    private static boolean hasDiagonal(byte[] m, int side, int r, int c) {
        return at(m, side, r - 1, c - 1) + at(m, side, r - 1, c + 1) + at(m, side, r + 1, c - 1)
                + at(m, side, r + 1, c + 1) > 0;
    }

    private static int at(byte[] m, int side, int r, int c) {
        return r < 0 || c < 0 || r >= side || c >= side ? 0 : m[r * side + c];
    }

    private static int rise(int from, int to) {
        return from == 0 && to == 1 ? 1 : 0;
    }
}
