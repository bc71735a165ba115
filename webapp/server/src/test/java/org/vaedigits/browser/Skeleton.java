package org.vaedigits.browser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vaedigits.model.Thinning;

/**
 * The centre lines of a binary image as polylines a person could draw: Zhang–Suen thinning,
 * then staircase pixels removed (so lines are one 8-connected pixel wide), then the skeleton is
 * cut into strokes: walked from its end points first, broken at junctions (strokes meeting there
 * end at one point), and closed loops walked once around. Points are pixel indices (row · side + column).
 */
final class Skeleton {
    /** Neighbour offsets (row, column) in circular order, starting north: P2..P9 of Zhang–Suen. */
    private static final int[] DR = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] DC = {0, 1, 1, 1, 0, -1, -1, -1};

    private final int side;
    private final boolean[] on;

    private Skeleton(boolean[] mask, int side) {
        this.side = side;
        this.on = mask.clone();
    }

    /** The skeleton of {@code mask} (side × side, row-major), one pixel wide. */
    static boolean[] thin(boolean[] mask, int side) {
        Skeleton s = new Skeleton(mask, side);
        s.zhangSuen();
        s.removeStaircases();
        return s.on;
    }

    /** The strokes along the skeleton of {@code mask}: each a list of pixel indices, in drawing order. */
    static List<int[]> strokes(boolean[] mask, int side) {
        Skeleton s = new Skeleton(thin(mask, side), side);
        return s.polylines();
    }

    /** Zhang & Suen (1984), the model library's one implementation ({@link Thinning}). */
    private void zhangSuen() {
        byte[] mask = new byte[on.length];
        for (int p = 0; p < on.length; p++) {
            mask[p] = (byte) (on[p] ? 1 : 0);
        }
        Thinning.thin(mask, side, new byte[on.length]);
        for (int p = 0; p < on.length; p++) {
            on[p] = mask[p] != 0;
        }
    }

    /**
     * Deletes, one at a time, pixels with two perpendicular 4-neighbours (but not all four) whose
     * neighbours form a single 8-connected group: the inner corners of staircases that thinning
     * leaves. These are simple points: neither connectivity, nor holes, nor any end point change.
     */
    private void removeStaircases() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int p = 0; p < on.length; p++) {
                if (on[p] && redundant(p)) {
                    on[p] = false;
                    changed = true;
                }
            }
        }
    }

    private boolean redundant(int p) {
        int[] n = neighbours(p);
        boolean perpendicular = (n[0] == 1 || n[4] == 1) && (n[2] == 1 || n[6] == 1);
        boolean enclosed = n[0] + n[2] + n[4] + n[6] == 4; // deleting it would leave a one-pixel hole
        return perpendicular && !enclosed && groups(n) == 1;
    }

    /** Number of 8-connected groups among the set neighbours (ring order; a corner neighbour links its two sides). */
    private static int groups(int[] n) {
        // runs of set cells around the ring; two runs also touch across a single unset corner between two 4-neighbours
        int runs = transitions(n);
        if (runs == 0) {
            return n[0] == 1 ? 1 : 0; // all eight set, or none
        }
        int joined = 0;
        for (int k = 1; k < 8; k += 2) { // corners: NE, SE, SW, NW
            if (n[k] == 0 && n[k - 1] == 1 && n[(k + 1) % 8] == 1) {
                joined++; // its two 4-neighbours touch each other diagonally
            }
        }
        return Math.max(1, runs - joined); // the ring's gaps, all bridged: one group
    }

    /** Zhang–Suen's A(P1): the number of 0 → 1 changes going once around the ring. */
    private static int transitions(int[] n) {
        int a = 0;
        for (int k = 0; k < 8; k++) {
            if (n[k] == 0 && n[(k + 1) % 8] == 1) {
                a++;
            }
        }
        return a;
    }

    /** The 8 neighbours of p, 1 = on, in ring order from north; outside the image is off. */
    private int[] neighbours(int p) {
        int r = p / side;
        int c = p % side;
        int[] n = new int[8];
        for (int k = 0; k < 8; k++) {
            int rr = r + DR[k];
            int cc = c + DC[k];
            n[k] = rr >= 0 && rr < side && cc >= 0 && cc < side && on[rr * side + cc] ? 1 : 0;
        }
        return n;
    }

    /** The set neighbours of p, as pixel indices. */
    private List<Integer> linked(int p) {
        int[] n = neighbours(p);
        List<Integer> out = new ArrayList<>(8);
        for (int k = 0; k < 8; k++) {
            if (n[k] == 1) {
                out.add((p / side + DR[k]) * side + p % side + DC[k]);
            }
        }
        return out;
    }

    /**
     * End points first, then junctions: every edge walked once; then dots and the loops left over.
     * Touching junction pixels form one junction: the edges between them are no strokes, and each
     * stroke that ends at one is carried on to the junction's centre, so strokes meet at one point.
     */
    private List<int[]> polylines() {
        int[] centre = junctionCentres();
        List<int[]> out = new ArrayList<>();
        Set<Long> walked = new HashSet<>();
        for (int p = 0; p < on.length; p++) {
            for (int q : centre[p] >= 0 ? linked(p) : List.<Integer>of()) {
                if (centre[q] == centre[p]) {
                    walked.add(edge(p, q)); // inside one junction
                }
            }
        }
        boolean[] used = new boolean[on.length];
        for (int wanted : new int[] {1, 3}) {
            for (int p = 0; p < on.length; p++) {
                int degree = on[p] ? linked(p).size() : 0;
                boolean node = wanted == 1 ? degree == 1 : degree >= 3;
                if (!node) {
                    continue;
                }
                for (int q : linked(p)) {
                    if (!walked.contains(edge(p, q))) {
                        out.add(toCentres(walk(p, q, walked, used), centre, used));
                    }
                }
            }
        }
        for (int p = 0; p < on.length; p++) {
            if (on[p] && !used[p]) {
                List<Integer> next = linked(p);
                out.add(next.isEmpty() ? new int[] {p} : toCentres(walk(p, next.get(0), walked, used), centre, used)); // a dot, or a loop
            }
        }
        return out;
    }

    /** For each junction pixel (degree ≥ 3), the pixel of its group of touching junction pixels nearest their mean; else −1. */
    private int[] junctionCentres() {
        int[] centre = new int[on.length];
        Arrays.fill(centre, -1);
        for (int p = 0; p < on.length; p++) {
            if (centre[p] >= 0 || !on[p] || linked(p).size() < 3) {
                continue;
            }
            List<Integer> group = new ArrayList<>(List.of(p));
            centre[p] = p;
            for (int i = 0; i < group.size(); i++) { // flood fill over touching junction pixels
                for (int q : linked(group.get(i))) {
                    if (centre[q] < 0 && linked(q).size() >= 3) {
                        centre[q] = p;
                        group.add(q);
                    }
                }
            }
            double r = group.stream().mapToDouble(g -> g / side).average().orElseThrow();
            double c = group.stream().mapToDouble(g -> g % side).average().orElseThrow();
            int best = group.stream().min(Comparator.comparingDouble(g -> Math.hypot(g / side - r, g % side - c))).orElseThrow();
            group.forEach(g -> centre[g] = best);
        }
        return centre;
    }

    /**
     * The path with the centre of the junction at either end added (and marked used), where that
     * end is a junction pixel but not its centre.
     */
    private static int[] toCentres(int[] path, int[] centre, boolean[] used) {
        List<Integer> out = new ArrayList<>();
        int first = path[0];
        int last = path[path.length - 1];
        if (centre[first] >= 0 && centre[first] != first) {
            out.add(centre[first]);
            used[centre[first]] = true;
        }
        for (int p : path) {
            out.add(p);
        }
        if (centre[last] >= 0 && centre[last] != last) {
            out.add(centre[last]);
            used[centre[last]] = true;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** From p over q along degree-2 pixels until a node (degree ≠ 2) or a pixel already walked. */
    private int[] walk(int p, int q, Set<Long> walked, boolean[] used) {
        List<Integer> path = new ArrayList<>();
        path.add(p);
        used[p] = true;
        int prev = p;
        int cur = q;
        walked.add(edge(p, q));
        while (true) {
            path.add(cur);
            boolean seen = used[cur];
            used[cur] = true;
            List<Integer> next = linked(cur);
            if (next.size() != 2 || seen) {
                break;
            }
            int after = next.get(0) == prev ? next.get(1) : next.get(0);
            if (!walked.add(edge(cur, after))) {
                break;
            }
            prev = cur;
            cur = after;
        }
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long edge(int a, int b) {
        return Math.min(a, b) * 1_000_003L + Math.max(a, b);
    }
}
