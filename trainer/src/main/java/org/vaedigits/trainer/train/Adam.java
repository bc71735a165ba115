package org.vaedigits.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8) with its moment estimates kept here, so a checkpoint can save
 * and restore them; each step uses the PyTorch engine's fused Adam update and zeroes the gradient.
 */
public final class Adam {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();
    private long steps;

    /** Adam over {@code parameters}, moments zero. */
    public Adam(Map<String, Parameter> parameters) {
        this.parameters = parameters;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray w = e.getValue().getArray();
            mean.put(e.getKey(), w.zerosLike());
            variance.put(e.getKey(), w.zerosLike());
        }
    }

    /** One update of every parameter with its current gradient, at learning rate {@code lr}. */
    public void step(float lr) {
        steps++;
        double correction1 = 1.0 - Math.pow(BETA1, steps);
        double correction2 = 1.0 - Math.pow(BETA2, steps);
        float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray w = e.getValue().getArray();
            try (NDArray grad = w.getGradient()) {
                // w -= stepSize · m / (√v + ε); weight decay 0, no rescale, no clipping (−1)
                w.getNDArrayInternal().adamUpdate(new NDList(w, grad, mean.get(e.getKey()), variance.get(e.getKey())),
                        new NDList(w), lr, stepSize, 0f, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** First moments by parameter name. */
    public Map<String, float[]> meanValues() {
        return values(mean);
    }

    /** Second moments by parameter name. */
    public Map<String, float[]> varianceValues() {
        return values(variance);
    }

    /** Restores the state saved by a checkpoint. */
    public void restore(long steps, Map<String, float[]> means, Map<String, float[]> variances) {
        this.steps = steps;
        load(mean, means);
        load(variance, variances);
    }

    private static Map<String, float[]> values(Map<String, NDArray> arrays) {
        Map<String, float[]> values = new LinkedHashMap<>();
        arrays.forEach((k, v) -> values.put(k, v.toFloatArray()));
        return values;
    }

    private static void load(Map<String, NDArray> arrays, Map<String, float[]> values) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null || v.length != e.getValue().size()) {
                throw new IllegalArgumentException("optimizer state for " + e.getKey() + " is missing or has the wrong size");
            }
            e.getValue().set(FloatBuffer.wrap(v));
        }
    }
}
