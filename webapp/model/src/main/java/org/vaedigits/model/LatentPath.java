package org.vaedigits.model;

/**
 * Points on a path between two latent vectors a and b: the straight line, or the spherical one
 * (slerp), which keeps the norm closer to that of the prior's typical draws than the line does
 * through the middle. Both give exactly a at t = 0 and exactly b at t = 1.
 */
public final class LatentPath {
    private LatentPath() {
    }

    /** Angles below this (radians) make slerp the straight line: sin ω would divide by almost 0. */
    static final double MIN_ANGLE = 1e-4;

    /**
     * Writes the point at {@code t} in [0, 1] into {@code out} (latent): (1 − t)·a + t·b, or for
     * {@code spherical}, slerp with ω the angle between a and b:
     * sin((1 − t)ω)/sin ω · a + sin(tω)/sin ω · b (the straight line when either is 0 or ω is tiny).
     */
    public static void point(float[] a, float[] b, double t, boolean spherical, float[] out) {
        int n = out.length;
        if (t <= 0) {
            System.arraycopy(a, 0, out, 0, n);
            return;
        }
        if (t >= 1) {
            System.arraycopy(b, 0, out, 0, n);
            return;
        }
        double wa = 1 - t;
        double wb = t;
        if (spherical) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < n; j++) {
                dot += (double) a[j] * b[j];
                na += (double) a[j] * a[j];
                nb += (double) b[j] * b[j];
            }
            if (na > 0 && nb > 0) {
                double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
                double omega = Math.acos(cos);
                double sin = Math.sin(omega);
                if (omega > MIN_ANGLE && sin > MIN_ANGLE) {
                    wa = Math.sin(wa * omega) / sin;
                    wb = Math.sin(t * omega) / sin;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            out[j] = (float) (wa * a[j] + wb * b[j]);
        }
    }

    /** The parameter of step {@code s} of {@code steps} evenly spaced points from a (s = 0) to b (s = steps − 1). */
    public static double at(int s, int steps) {
        return steps <= 1 ? 0 : s / (double) (steps - 1);
    }
}
