package org.vaedigits.model;

/**
 * −ELBO of one binary 196-pixel input in nats, split into the reconstruction BCE and the KL of
 * q(z|x) to N(0, I). {@link #evaluateAtMean} is deterministic (z = mu), so the number does not
 * flicker while a user draws; {@link #evaluateSampled} averages seeded samples z ~ q(z|x), the
 * estimator training reports. Reuses its buffers: not thread-safe.
 */
public final class Elbo {
    private final Vae vae;
    private final float[] mu;
    private final float[] logvar;
    private final float[] z;
    private final float[] logits;

    /** Reconstruction term of the last evaluation: Σ BCE over the pixels, nats. */
    public double bce;
    /** KL(q(z|x) ‖ N(0, I)) of the last evaluation, analytic, nats. */
    public double kl;
    /** bce + kl of the last evaluation, nats (lower is better). */
    public double negElbo;

    public Elbo(Vae vae) {
        this.vae = vae;
        mu = new float[vae.latentSize];
        logvar = new float[vae.latentSize];
        z = new float[vae.latentSize];
        logits = new float[vae.inputSize];
    }

    /** −ELBO with the reconstruction at z = mu plus the analytic KL; returns {@link #negElbo}. */
    public double evaluateAtMean(float[] x) {
        vae.encode(x, mu, logvar);
        vae.decodeLogits(mu, logits);
        bce = bceFromLogits(x, logits, vae.inputSize);
        kl = klToStandardNormal(mu, logvar, vae.latentSize);
        negElbo = bce + kl;
        return negElbo;
    }

    /**
     * −ELBO with the reconstruction averaged over {@code samples} draws z = mu + exp(logvar/2)·ε,
     * ε from {@code Prng(seed)}, plus the analytic KL; returns {@link #negElbo}.
     */
    public double evaluateSampled(float[] x, long seed, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples is " + samples + ", expected at least 1");
        }
        vae.encode(x, mu, logvar);
        Prng prng = new Prng(seed);
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < z.length; j++) {
                z[j] = (float) (mu[j] + Math.exp(0.5 * logvar[j]) * prng.nextGaussian());
            }
            vae.decodeLogits(z, logits);
            sum += bceFromLogits(x, logits, vae.inputSize);
        }
        bce = sum / samples;
        kl = klToStandardNormal(mu, logvar, vae.latentSize);
        negElbo = bce + kl;
        return negElbo;
    }

    /**
     * Σ over n pixels of −[x log σ(l) + (1−x) log(1−σ(l))], in the stable form
     * max(l, 0) − l·x + log(1 + exp(−|l|)).
     */
    public static double bceFromLogits(float[] x, float[] logits, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double l = logits[i];
            sum += Math.max(l, 0.0) - l * x[i] + Math.log1p(Math.exp(-Math.abs(l)));
        }
        return sum;
    }

    /** KL(N(mu, exp(logvar)) ‖ N(0, I)) = −½ Σ (1 + logvar − mu² − exp(logvar)) over n dims. */
    public static double klToStandardNormal(float[] mu, float[] logvar, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double m = mu[j];
            double lv = logvar[j];
            sum += 1.0 + lv - m * m - Math.exp(lv);
        }
        return -0.5 * sum;
    }
}
