package org.vaedigits.trainer.eval;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.vaedigits.model.ModelFile;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeModel;

/** Recomputes a model file's check vectors with DJL and measures the largest difference. */
public final class CheckVectors {
    /** Largest difference accepted: the one bound the JVM and the browser apply too. */
    public static final double TOLERANCE = org.vaedigits.model.CheckVectors.TOLERANCE;

    private CheckVectors() {
    }

    /** Max |stored − recomputed| over mu, logvar and probabilities. */
    public static double maxAbsDifference(VaeModel model, ModelFile.Checks checks) {
        double max = 0;
        try (NDManager m = model.manager().newSubManager()) {
            int n = checks.inputs.length;
            NDList q = model.encode(m.create(flatten(checks.inputs), new Shape(n, VaeBlock.INPUT)));
            max = Math.max(max, diff(q.get(0).toFloatArray(), checks.mu));
            max = Math.max(max, diff(q.get(1).toFloatArray(), checks.logvar));
            int zn = checks.z.length;
            float[] p = Activation.sigmoid(model.decodeLogits(m.create(flatten(checks.z), new Shape(zn, VaeBlock.LATENT))))
                    .toFloatArray();
            max = Math.max(max, diff(p, checks.probabilities));
        }
        return max;
    }

    /**
     * What a person reads about a model file's check vectors: whether DJL reproduces them, the
     * largest difference in a readable form, and, when it is off, what that means.
     */
    public static String verdict(String source, double maxDifference) {
        if (maxDifference <= TOLERANCE) {
            return source + ": DJL reproduces the check vectors (largest difference " + readable(maxDifference)
                    + ", tolerance " + readable(TOLERANCE) + ")";
        }
        return source + ": DJL does NOT reproduce the file's check vectors: the largest difference is "
                + readable(maxDifference) + ", more than the tolerance " + readable(TOLERANCE) + ". Its weights do not give"
                + " the outputs stored with them, so the file was edited or damaged after it was written; retrain or"
                + " restore it. The numbers below are what these weights give.";
    }

    /**
     * A difference for people: 0, 3 significant digits from 0.01 up (0.172, 12.5), otherwise two in
     * scientific notation without padding (7.2e-7, 1e-5).
     */
    public static String readable(double value) {
        if (value == 0) {
            return "0";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        double abs = Math.abs(value);
        if (abs >= 0.01 && abs < 1e6) {
            return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(java.util.Locale.ROOT, "%.1e", value); // e.g. 7.2e-07, 1.0e-05
        String mantissa = s.substring(0, s.indexOf('e')).replaceFirst("\\.0$", "");
        int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        return mantissa + "e" + exponent;
    }

    private static double diff(float[] actual, float[][] expected) {
        double max = 0;
        int width = expected[0].length;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < width; c++) {
                max = Math.max(max, Math.abs(actual[r * width + c] - expected[r][c]));
            }
        }
        return max;
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }
}
