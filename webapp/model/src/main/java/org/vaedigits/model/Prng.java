package org.vaedigits.model;

/**
 * SplitMix64: a small seeded generator that gives the same sequence on the JVM and in the
 * browser (TeaVM's java.util.Random ignores its seed).
 */
public final class Prng {
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    public Prng(long seed) {
        state = seed;
    }

    /** Next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal, by the Box–Muller transform (pairs, the second one kept for the next call). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]: log stays finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spareGaussian = r * Math.sin(angle);
        hasSpare = true;
        return r * Math.cos(angle);
    }
}
