package org.vaedigits.model;

/**
 * Compares this code's math with the check vectors DJL wrote into a model file: the largest
 * absolute difference of mu, logvar and decoder probabilities. The JVM and the browser both
 * accept a model's float32 values when it is at most {@link #TOLERANCE}, and a browser accepts
 * a packed part in float16 ({@link PackedModel#FLOAT16}: weights and check vectors rounded) when
 * it is at most {@link #FLOAT16_TOLERANCE}.
 */
public final class CheckVectors {
    /** Largest accepted difference (float32 on the JVM, doubles in TeaVM's JS target). */
    public static final double TOLERANCE = 1e-5;
    /**
     * Largest accepted difference for a float16 part: one grey level of 256 (a pixel probability
     * of 1/256). Rounding the default model to float16 moves its rounded check outputs by at most
     * 1.1e-3, and the pixel probabilities of its reconstructions of the committed 500 test digits
     * by at most 1.5e-3 ({@code Float16FidelityTest}).
     */
    public static final double FLOAT16_TOLERANCE = 1.0 / 256;

    /** Largest difference of mu, of logvar and of probabilities, each over every check vector. */
    public static final class Differences {
        public double mu;
        public double logvar;
        public double probabilities;
        /** The largest difference accepted. */
        public final double allowed;

        /** Differences to be held to {@link #TOLERANCE}. */
        public Differences() {
            this(TOLERANCE);
        }

        /** Differences to be held to {@code allowed}. */
        public Differences(double allowed) {
            this.allowed = allowed;
        }

        /** The largest of the three. */
        public double max() {
            return Math.max(mu, Math.max(logvar, probabilities));
        }

        /** True when every difference is finite and at most {@link #allowed}. */
        public boolean withinTolerance() {
            double m = max();
            return m <= allowed; // false for NaN
        }
    }

    private CheckVectors() {
    }

    /** Runs every check input through the encoder and every check z through the decoder. */
    public static Differences compare(Vae vae, ModelFile.Checks checks) {
        Differences d = new Differences();
        compareDecoder(vae, checks, d);
        compareEncoder(vae, checks, d);
        return d;
    }

    /**
     * The decoder's half: every check z through the decoder, into {@code d.probabilities}. Enough
     * for a {@link Vae} built from the decoder's layers alone (the page's first samples).
     */
    public static Differences compareDecoder(Vae vae, ModelFile.Checks checks, Differences d) {
        float[] probabilities = new float[vae.inputSize];
        d.probabilities = 0;
        for (int r = 0; r < checks.z.length; r++) {
            vae.decode(checks.z[r], probabilities);
            d.probabilities = maxDiff(d.probabilities, probabilities, checks.probabilities[r]);
        }
        return d;
    }

    /** The encoder's half: every check input through the encoder, into {@code d.mu} and {@code d.logvar}. */
    public static Differences compareEncoder(Vae vae, ModelFile.Checks checks, Differences d) {
        float[] mu = new float[vae.latentSize];
        float[] logvar = new float[vae.latentSize];
        d.mu = 0;
        d.logvar = 0;
        for (int r = 0; r < checks.inputs.length; r++) {
            vae.encode(checks.inputs[r], mu, logvar);
            d.mu = maxDiff(d.mu, mu, checks.mu[r]);
            d.logvar = maxDiff(d.logvar, logvar, checks.logvar[r]);
        }
        return d;
    }

    /** The largest of all differences; NaN when the math produced a NaN. */
    public static double maxAbsDiff(Vae vae, ModelFile.Checks checks) {
        return compare(vae, checks).max();
    }

    private static double maxDiff(double sofar, float[] actual, float[] expected) {
        double m = sofar;
        for (int i = 0; i < expected.length && !Double.isNaN(m); i++) {
            double diff = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(diff) || diff > m) {
                m = diff;
            }
        }
        return m;
    }
}
