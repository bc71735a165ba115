package org.vaedigits.model;

/**
 * The VAE's forward math in plain Java, run as-is on the JVM and, compiled by TeaVM, in the
 * browser. Weights are flat row-major (out, in) arrays copied from a validated {@link ModelFile}.
 * Not thread-safe: it reuses one hidden-activation buffer.
 */
public final class Vae {
    public final int inputSize;
    public final int hiddenSize;
    public final int latentSize;

    private final float[] encW1; // (hidden, input)
    private final float[] encB1;
    private final float[] encW2; // (2·latent, hidden)
    private final float[] encB2;
    private final float[] encW3; // (2·latent, hidden)
    private final float[] encB3;
    private final float[] decW1; // (hidden, latent)
    private final float[] decB1;
    private final float[] decW2; // (input, hidden)
    private final float[] decB2;
    private final float[] hidden;

    /**
     * Builds the network from a model file that {@link ModelFile#validate()} accepted, or from the
     * decoder's layers alone (encoder layers null, as the page has them before the rest arrives):
     * such a Vae decodes, and {@link #encode} needs the encoder.
     */
    public Vae(ModelFile file) {
        ModelFile.Layers l = file.layers;
        inputSize = file.architecture.inputSize;
        hiddenSize = file.architecture.hiddenSize;
        latentSize = file.architecture.latentSize;
        encW1 = l.encoderFc1 == null ? null : l.encoderFc1.weight;
        encB1 = l.encoderFc1 == null ? null : l.encoderFc1.bias;
        encW2 = l.encoderFc2 == null ? null : l.encoderFc2.weight;
        encB2 = l.encoderFc2 == null ? null : l.encoderFc2.bias;
        encW3 = l.encoderFc3 == null ? null : l.encoderFc3.weight;
        encB3 = l.encoderFc3 == null ? null : l.encoderFc3.bias;
        decW1 = l.decoderFc1.weight;
        decB1 = l.decoderFc1.bias;
        decW2 = l.decoderFc2.weight;
        decB2 = l.decoderFc2.bias;
        hidden = new float[hiddenSize];
    }

    /** Encoder: x (input) → mu (latent), logvar (latent). */
    public void encode(float[] x, float[] mu, float[] logvar) {
        linear(encW1, encB1, x, hidden, hiddenSize, inputSize);
        tanhInPlace(hidden);
        int two = 2 * latentSize;
        for (int o = 0; o < two; o++) {
            float a = encB2[o];
            float b = encB3[o];
            int row = o * hiddenSize;
            for (int i = 0; i < hiddenSize; i++) {
                a += encW2[row + i] * hidden[i];
                b += encW3[row + i] * hidden[i];
            }
            float mean = (a + b) * 0.5f;
            if (o < latentSize) {
                mu[o] = mean;
            } else {
                logvar[o - latentSize] = mean;
            }
        }
    }

    /** Decoder: z (latent) → logits (input) of the Bernoulli pixel probabilities. */
    public void decodeLogits(float[] z, float[] logits) {
        linear(decW1, decB1, z, hidden, hiddenSize, latentSize);
        tanhInPlace(hidden);
        linear(decW2, decB2, hidden, logits, inputSize, hiddenSize);
    }

    /** Decoder: z (latent) → pixel probabilities (input). */
    public void decode(float[] z, float[] probabilities) {
        decodeLogits(z, probabilities);
        for (int i = 0; i < inputSize; i++) {
            probabilities[i] = sigmoid(probabilities[i]);
        }
    }

    /** y (out) = W (out, in) · x (in) + b (out). */
    private static void linear(float[] w, float[] b, float[] x, float[] y, int out, int in) {
        int in4 = in & ~3;
        for (int o = 0; o < out; o++) {
            int row = o * in;
            // four independent sums: the adds of one row overlap instead of waiting on each other
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int i = 0;
            for (; i < in4; i += 4) {
                s0 += w[row + i] * x[i];
                s1 += w[row + i + 1] * x[i + 1];
                s2 += w[row + i + 2] * x[i + 2];
                s3 += w[row + i + 3] * x[i + 3];
            }
            for (; i < in; i++) {
                s0 += w[row + i] * x[i];
            }
            y[o] = b[o] + ((s0 + s1) + (s2 + s3));
        }
    }

    private static void tanhInPlace(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = tanh(v[i]);
        }
    }

    /** tanh, clamped first: TeaVM's JS Math.tanh returns NaN for |x| above about 710. */
    public static float tanh(float x) {
        float clamped = x > 20f ? 20f : (x < -20f ? -20f : x);
        return (float) Math.tanh(clamped);
    }

    /** Logistic sigmoid, stable for large |x|. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
