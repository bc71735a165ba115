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
