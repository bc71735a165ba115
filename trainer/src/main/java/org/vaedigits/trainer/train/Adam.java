package org.vaedigits.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.vaedigits.trainer.model.VaeModel;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8) over one flat parameter tensor, with its moment estimates
 * kept here so a checkpoint can save and restore them; each step is one fused Adam update of the
 * PyTorch engine, which also zeroes the gradient.
 */
public final class Adam {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final NDArray weights;
    private final NDArray mean;
    private final NDArray variance;
    private long steps;

    /** Adam over {@code weights} (a leaf that requires gradient), moments zero. */
    public Adam(NDArray weights) {
        this.weights = weights;
        mean = weights.zerosLike();
        variance = weights.zerosLike();
    }

    /** One update with the current gradient, at learning rate {@code lr}. */
    public void step(float lr) {
        steps++;
        double correction1 = 1.0 - Math.pow(BETA1, steps);
        double correction2 = 1.0 - Math.pow(BETA2, steps);
        float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
        try (NDArray grad = weights.getGradient()) {
            // w -= stepSize · m / (√v + ε); weight decay 0, no rescale, no clipping (−1)
            weights.getNDArrayInternal().adamUpdate(new NDList(weights, grad, mean, variance), new NDList(weights),
                    lr, stepSize, 0f, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
        }
    }

    public long steps() {
        return steps;
    }

    /** First moments, one per weight. */
    public float[] meanValues() {
        return mean.toFloatArray();
    }

    /** Second moments, one per weight. */
    public float[] varianceValues() {
        return variance.toFloatArray();
    }

    /** Restores the state saved by a checkpoint. */
    public void restore(long steps, float[] means, float[] variances) {
        if (means.length != mean.size() || variances.length != variance.size()) {
            throw new IllegalArgumentException("checkpoint optimizer state has " + means.length + " values, the model " + mean.size());
        }
        this.steps = steps;
        VaeModel.copyInto(mean, means);
        VaeModel.copyInto(variance, variances);
    }
}
