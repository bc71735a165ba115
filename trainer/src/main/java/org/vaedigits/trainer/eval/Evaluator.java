package org.vaedigits.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.Prng;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeLoss;
import org.vaedigits.trainer.model.VaeModel;

/**
 * Evaluates a {@link VaeModel} on a data set with DJL: −ELBO split in BCE and KL, BCE at z = mu,
 * and the importance-weighted bound log p(x) ≈ log (1/K) Σ_k p(x|z_k) p(z_k) / q(z_k|x) with
 * z_k ~ q(z|x). Noise comes from a seeded SplitMix64, so a seed gives the same numbers.
 */
public final class Evaluator {
    private static final int CHUNK = 2000;
    private static final int IW_ROWS = 8_000; // decoder rows per chunk: bounds native memory

    private final VaeModel model;

    public Evaluator(VaeModel model) {
        this.model = model;
    }

    /** −ELBO, BCE, KL (one sample) and BCE at the mean over all of {@code data}; no IW bound. */
    public Evaluation elbo(Dataset data, long seed) {
        return evaluate(data, seed, 0, 0);
    }

    /**
     * All numbers; the importance-weighted bound uses {@code k} samples for the first
     * {@code iwImages} images (all when ≤ 0 or larger than the set), skipped when k ≤ 0.
     */
    public Evaluation evaluate(Dataset data, long seed, int k, int iwImages) {
        int n = data.count;
        double bce = 0;
        double kl = 0;
        double bceAtMean = 0;
        Prng prng = new Prng(seed);
        try (NDManager m = model.manager().newSubManager(); VaeLoss loss = new VaeLoss(m)) {
            for (int start = 0; start < n; start += CHUNK) {
                int rows = Math.min(CHUNK, n - start);
                try (NDManager c = m.newSubManager()) {
                    NDArray x = x(c, data, start, rows);
                    NDArray eps = c.create(gaussians(prng, rows * VaeBlock.LATENT), new Shape(rows, VaeBlock.LATENT));
                    NDList out = model.forward(x, eps);
                    bce += loss.bceSum(out.get(0), x).getFloat();
                    kl += loss.klSum(out.get(1), out.get(2)).getFloat();
                    bceAtMean += loss.bceSum(model.decodeLogits(out.get(1)), x).getFloat();
                }
            }
        }
        double iw = Double.NaN;
        int iwCount = 0;
        if (k > 0) {
            iwCount = iwImages <= 0 ? n : Math.min(iwImages, n);
            iw = importanceWeighted(data, iwCount, k, seed + 1);
        }
        return new Evaluation(n, (bce + kl) / n, bce / n, kl / n, bceAtMean / n, iw, k, iwCount);
    }

    /** Mean over the first {@code count} images of the K-sample importance-weighted log p(x). */
    public double importanceWeighted(Dataset data, int count, int k, long seed) {
        Prng prng = new Prng(seed);
        int latent = VaeBlock.LATENT;
        int perChunk = Math.max(1, IW_ROWS / k);
        double total = 0;
        try (NDManager m = model.manager().newSubManager(); VaeLoss loss = new VaeLoss(m)) {
            for (int start = 0; start < count; start += perChunk) {
                int images = Math.min(perChunk, count - start);
                try (NDManager c = m.newSubManager()) {
                    NDArray x = x(c, data, start, images);
                    NDList q = model.encode(x);
                    float[] mu = q.get(0).toFloatArray();     // (images, 8)
                    float[] logvar = q.get(1).toFloatArray(); // (images, 8)
                    float[] z = new float[images * k * latent]; // (images, k, 8)
                    double[] logWeightBase = new double[images * k];
                    for (int i = 0; i < images; i++) {
                        double logvarSum = 0;
                        for (int d = 0; d < latent; d++) {
                            logvarSum += logvar[i * latent + d];
                        }
                        for (int s = 0; s < k; s++) {
                            double epsSq = 0;
                            double zSq = 0;
                            int row = (i * k + s) * latent;
                            for (int d = 0; d < latent; d++) {
                                double e = prng.nextGaussian();
                                float zd = (float) (mu[i * latent + d] + Math.exp(0.5 * logvar[i * latent + d]) * e);
                                z[row + d] = zd;
                                epsSq += e * e;
                                zSq += (double) zd * zd;
                            }
                            // log p(z) − log q(z|x); the log 2π terms cancel
                            logWeightBase[i * k + s] = -0.5 * zSq + 0.5 * (epsSq + logvarSum);
                        }
                    }
                    NDArray logits = model.decodeLogits(c.create(z, new Shape((long) images * k, latent)))
                            .reshape(images, k, VaeBlock.INPUT);
                    float[] bce = loss.bceElements(logits, x.reshape(images, 1, VaeBlock.INPUT))
                            .sum(new int[] {2}).toFloatArray(); // (images, k)
                    for (int i = 0; i < images; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double[] w = new double[k];
                        for (int s = 0; s < k; s++) {
                            w[s] = logWeightBase[i * k + s] - bce[i * k + s];
                            max = Math.max(max, w[s]);
                        }
                        double sum = 0;
                        for (int s = 0; s < k; s++) {
                            sum += Math.exp(w[s] - max);
                        }
                        total += max + Math.log(sum / k);
                    }
                }
            }
        }
        return total / count;
    }

    /** mu (count, 8) of the first {@code count} images, row-major. */
    public float[] means(Dataset data, int count) {
        float[] result = new float[count * VaeBlock.LATENT];
        try (NDManager m = model.manager().newSubManager()) {
            for (int start = 0; start < count; start += CHUNK) {
                int rows = Math.min(CHUNK, count - start);
                try (NDManager c = m.newSubManager()) {
                    float[] mu = model.encode(x(c, data, start, rows)).get(0).toFloatArray();
                    System.arraycopy(mu, 0, result, start * VaeBlock.LATENT, mu.length);
                }
            }
        }
        return result;
    }

    private static NDArray x(NDManager manager, Dataset data, int start, int rows) {
        float[] pixels = new float[rows * Binarizer.PIXELS];
        System.arraycopy(data.pixels, start * Binarizer.PIXELS, pixels, 0, pixels.length);
        return manager.create(pixels, new Shape(rows, Binarizer.PIXELS));
    }

    /** {@code count} standard normal draws as floats. */
    public static float[] gaussians(Prng prng, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) prng.nextGaussian();
        }
        return values;
    }
}
