package org.vaedigits.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.Prng;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeLoss;
import org.vaedigits.trainer.model.VaeModel;

/**
 * Evaluates a {@link VaeModel} on a data set with DJL: −ELBO split in BCE and KL, BCE at z = mu,
 * and the importance-weighted bound log p(x) ≈ log (1/K) Σ_k p(x|z_k) p(z_k) / q(z_k|x) with
 * z_k ~ q(z|x). Noise comes from seeded SplitMix64s, so a seed gives the same numbers.
 *
 * <p>The bound runs on {@link #withThreads several threads} (one DJL sub-manager and one
 * intra-op thread each): the images are cut into fixed pieces whatever the number of threads,
 * each image draws its noise from its own seed, and the per-image values are summed in image
 * order at the end, so the result does not depend on the number of threads.
 */
public final class Evaluator {
    private static final int CHUNK = 2000;
    /** Decoder rows (images × K) per piece of the bound: ~6 MB per (rows, 196) tensor per thread. */
    private static final int IW_ROWS = 8_000;
    /** Most threads the bound uses by default. */
    public static final int MAX_DEFAULT_THREADS = 8;

    private final VaeModel model;
    private int threads = defaultThreads();
    private boolean progress;

    public Evaluator(VaeModel model) {
        this.model = model;
    }

    /** One thread per core, at most {@link #MAX_DEFAULT_THREADS}. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Threads of the importance-weighted bound (the result is the same for any number). */
    public Evaluator withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Show the bound's progress on stderr (a bar on a terminal, a few lines otherwise). */
    public Evaluator withProgress(boolean show) {
        this.progress = show;
        return this;
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
        RowBuffer xs = new RowBuffer(Math.min(CHUNK, n) * Binarizer.PIXELS);
        RowBuffer noise = new RowBuffer(Math.min(CHUNK, n) * VaeBlock.LATENT);
        try (NDManager m = model.manager().newSubManager(); VaeLoss loss = new VaeLoss(m)) {
            for (int start = 0; start < n; start += CHUNK) {
                int rows = Math.min(CHUNK, n - start);
                try (NDManager c = m.newSubManager()) {
                    NDArray x = xs.rows(c, data.pixels, start * Binarizer.PIXELS, rows, Binarizer.PIXELS);
                    NDArray eps = noise.rows(c, gaussians(prng, rows * VaeBlock.LATENT), 0, rows, VaeBlock.LATENT);
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
        if (count < 1 || k < 1) {
            throw new IllegalArgumentException("the bound needs at least one image and one sample, got " + count + " and " + k);
        }
        int perPiece = Math.max(1, IW_ROWS / k);
        int pieces = (count + perPiece - 1) / perPiece;
        int workers = Math.min(threads, pieces);
        double[] perImage = new double[count];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int intraOp = Integer.getInteger("ai.djl.pytorch.num_threads", 1);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "iw-bound");
            t.setDaemon(true);
            return t;
        });
        String task = String.format(Locale.ROOT, "IW log p(x), K=%d", k);
        try (ProgressMeter meter = progress ? ProgressMeter.onStderr(task, count, "images") : ProgressMeter.NONE) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try {
                        boundPieces(data, count, k, seed, perPiece, pieces, next, failed, perImage, meter, intraOp);
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    throw new IllegalStateException("interrupted while computing the importance-weighted bound", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double total = 0;
        for (double v : perImage) {
            total += v; // image order: the same sum for any number of threads
        }
        return total / count;
    }

    /** The seed of image {@code image}'s noise: the (image+1)-th output of SplitMix64(seed). */
    static long imageSeed(long seed, int image) {
        return new Prng(seed + 0x9E3779B97F4A7C15L * image).nextLong();
    }

    /** One thread's share: takes pieces until none is left and stores each image's log p(x). */
    private void boundPieces(Dataset data, int count, int k, long seed, int perPiece, int pieces, AtomicInteger next,
                             AtomicBoolean failed, double[] perImage, ProgressMeter meter, int intraOp) {
        // grad mode and the OpenMP/MKL thread count are per thread in libtorch: set them here too
        JniUtils.setGradMode(false);
        JniUtils.setNumThreads(intraOp);
        int latent = VaeBlock.LATENT;
        int pixels = Binarizer.PIXELS;
        RowBuffer xBuffer = new RowBuffer(perPiece * pixels);
        RowBuffer zBuffer = new RowBuffer(perPiece * k * latent);
        float[] z = new float[perPiece * k * latent];   // (images·k, 8)
        double[] logWeight = new double[perPiece * k];  // log p(z) − log q(z|x), then − BCE
        float[] bce = new float[perPiece * k];
        try (NDManager m = model.manager().newSubManager()) {
            NDArray one = m.create(1f);
            NDArray minusTwo = m.create(-2f);
            for (int piece = next.getAndIncrement(); piece < pieces && !failed.get(); piece = next.getAndIncrement()) {
                int start = piece * perPiece;
                int images = Math.min(perPiece, count - start);
                try (NDManager c = m.newSubManager()) {
                    NDArray x = xBuffer.rows(c, data.pixels, start * pixels, images, pixels);
                    NDList q = model.encode(x);
                    float[] mu = q.get(0).toFloatArray();     // (images, 8)
                    float[] logvar = q.get(1).toFloatArray(); // (images, 8)
                    for (int i = 0; i < images; i++) {
                        Prng prng = new Prng(imageSeed(seed, start + i));
                        double logvarSum = 0;
                        double[] sigma = new double[latent];
                        for (int d = 0; d < latent; d++) {
                            logvarSum += logvar[i * latent + d];
                            sigma[d] = Math.exp(0.5 * logvar[i * latent + d]);
                        }
                        for (int s = 0; s < k; s++) {
                            double epsSq = 0;
                            double zSq = 0;
                            int row = (i * k + s) * latent;
                            for (int d = 0; d < latent; d++) {
                                double e = prng.nextGaussian();
                                float zd = (float) (mu[i * latent + d] + sigma[d] * e);
                                z[row + d] = zd;
                                epsSq += e * e;
                                zSq += (double) zd * zd;
                            }
                            // log p(z) − log q(z|x); the log 2π terms cancel
                            logWeight[i * k + s] = -0.5 * zSq + 0.5 * (epsSq + logvarSum);
                        }
                    }
                    NDArray logits = model.decodeLogits(zBuffer.rows(c, z, 0, images * k, latent))
                            .reshape(images, k, pixels);
                    // BCE of binary x from logits l: softplus(l) − x·l = softplus(l·(1 − 2x)), summed over pixels
                    NDArray sign = x.mul(minusTwo).add(one).reshape(images, 1, pixels);
                    NDArray sums = Activation.softPlus(logits.mul(sign)).sum(new int[] {2}); // (images, k)
                    FloatBuffer values = sums.toByteBuffer(true).asFloatBuffer();
                    values.get(bce, 0, images * k);
                    for (int i = 0; i < images; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int s = 0; s < k; s++) {
                            double w = logWeight[i * k + s] - bce[i * k + s];
                            logWeight[i * k + s] = w;
                            max = Math.max(max, w);
                        }
                        double sum = 0;
                        for (int s = 0; s < k; s++) {
                            sum += Math.exp(logWeight[i * k + s] - max);
                        }
                        perImage[start + i] = max + Math.log(sum / k);
                    }
                }
                meter.step(images);
            }
        }
    }

    /** mu (count, 8) of the first {@code count} images, row-major. */
    public float[] means(Dataset data, int count) {
        float[] result = new float[count * VaeBlock.LATENT];
        RowBuffer xs = new RowBuffer(Math.min(CHUNK, count) * Binarizer.PIXELS);
        try (NDManager m = model.manager().newSubManager()) {
            for (int start = 0; start < count; start += CHUNK) {
                int rows = Math.min(CHUNK, count - start);
                try (NDManager c = m.newSubManager()) {
                    float[] mu = model.encode(xs.rows(c, data.pixels, start * Binarizer.PIXELS, rows, Binarizer.PIXELS))
                            .get(0).toFloatArray();
                    System.arraycopy(mu, 0, result, start * VaeBlock.LATENT, mu.length);
                }
            }
        }
        return result;
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
