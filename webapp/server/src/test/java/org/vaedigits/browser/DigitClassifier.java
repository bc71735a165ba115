package org.vaedigits.browser;

import org.vaedigits.model.Prng;

/**
 * A small digit classifier for 14×14 images (196 → 64 tanh → 10 softmax), trained by plain SGD
 * on binarized MNIST: the judge that says which digit a reconstruction shows. Seeded, so the same
 * data and seed give the same classifier. Not thread-safe (one hidden buffer).
 */
final class DigitClassifier {
    static final int INPUT = 196;
    static final int HIDDEN = 64;
    static final int CLASSES = 10;

    private final float[] w1 = new float[HIDDEN * INPUT]; // (hidden, input)
    private final float[] b1 = new float[HIDDEN];
    private final float[] w2 = new float[CLASSES * HIDDEN]; // (classes, hidden)
    private final float[] b2 = new float[CLASSES];
    private final float[] hidden = new float[HIDDEN];
    private final float[] scores = new float[CLASSES];

    private DigitClassifier(Prng prng) {
        init(w1, INPUT, prng);
        init(w2, HIDDEN, prng);
    }

    /**
     * Trains on images {@code x} (n, 196) with labels {@code y} for {@code epochs} passes in a
     * seeded order, one example per step; the learning rate falls linearly from 0.05 to 0.005.
     */
    static DigitClassifier train(float[][] x, int[] y, int epochs, long seed) {
        Prng prng = new Prng(seed);
        DigitClassifier c = new DigitClassifier(prng);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long steps = (long) epochs * x.length;
        long step = 0;
        for (int e = 0; e < epochs; e++) {
            shuffle(order, prng);
            for (int i : order) {
                float lr = (float) (0.05 - 0.045 * step++ / steps);
                c.step(x[i], y[i], lr);
            }
        }
        return c;
    }

    /** The most probable digit for a 196-pixel image (values 0..1). */
    int label(float[] image) {
        forward(image);
        int best = 0;
        for (int k = 1; k < CLASSES; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Share of {@code x} labelled {@code y}. */
    double accuracy(float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if (label(x[i]) == y[i]) {
                right++;
            }
        }
        return right / (double) x.length;
    }

    /** hidden = tanh(W1 x + b1), scores = W2 hidden + b2 (logits). */
    private void forward(float[] x) {
        for (int h = 0; h < HIDDEN; h++) {
            float s = b1[h];
            int row = h * INPUT;
            for (int i = 0; i < INPUT; i++) {
                s += w1[row + i] * x[i];
            }
            hidden[h] = (float) Math.tanh(s);
        }
        for (int k = 0; k < CLASSES; k++) {
            float s = b2[k];
            int row = k * HIDDEN;
            for (int h = 0; h < HIDDEN; h++) {
                s += w2[row + h] * hidden[h];
            }
            scores[k] = s;
        }
    }

    /** One SGD step on the cross-entropy of softmax(scores) against {@code label}. */
    private void step(float[] x, int label, float lr) {
        forward(x);
        float max = scores[0];
        for (float s : scores) {
            max = Math.max(max, s);
        }
        float sum = 0;
        float[] dScores = new float[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            dScores[k] = (float) Math.exp(scores[k] - max);
            sum += dScores[k];
        }
        for (int k = 0; k < CLASSES; k++) {
            dScores[k] = dScores[k] / sum - (k == label ? 1f : 0f); // softmax − one-hot
        }
        float[] dHidden = new float[HIDDEN];
        for (int k = 0; k < CLASSES; k++) {
            int row = k * HIDDEN;
            for (int h = 0; h < HIDDEN; h++) {
                dHidden[h] += w2[row + h] * dScores[k];
                w2[row + h] -= lr * dScores[k] * hidden[h];
            }
            b2[k] -= lr * dScores[k];
        }
        for (int h = 0; h < HIDDEN; h++) {
            float d = dHidden[h] * (1 - hidden[h] * hidden[h]); // tanh' = 1 − tanh²
            if (d == 0f) {
                continue;
            }
            int row = h * INPUT;
            for (int i = 0; i < INPUT; i++) {
                w1[row + i] -= lr * d * x[i];
            }
            b1[h] -= lr * d;
        }
    }

    /** Uniform in ±1/√fanIn, as PyTorch initializes a Linear layer. */
    private static void init(float[] w, int fanIn, Prng prng) {
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * prng.nextDouble() - 1) * bound);
        }
    }

    private static void shuffle(int[] a, Prng prng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) (prng.nextDouble() * (i + 1));
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
