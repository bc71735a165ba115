package org.vaedigits.model;

/**
 * Draws digits from the prior at a temperature T: z ~ N(0, T²I) from {@link Prng}, decoded to pixel
 * probabilities. Sample i of a seed takes Gaussians i·latent … (i+1)·latent − 1 of
 * {@code new Prng(seed)}, each times T (in float32), so a seed and a temperature give the same digits
 * on the JVM and in the browser. Not thread-safe.
 */
public final class Sampler {
    private final Vae vae;
    private final float[] z;
    private final float[] probabilities;

    public Sampler(Vae vae) {
        this.vae = vae;
        z = new float[vae.latentSize];
        probabilities = new float[vae.inputSize];
    }

    /** Lowest and highest temperature the page offers; {@link #sample} takes any finite T ≥ 0. */
    public static final float MIN_TEMPERATURE = 0.2f;
    public static final float MAX_TEMPERATURE = 1.5f;

    /** {@link #sample(long, int, float, float[], float[])} at temperature 1: z ~ N(0, I). */
    public void sample(long seed, int count, float[] zs, float[] images) {
        sample(seed, count, 1f, zs, images);
    }

    /**
     * Fills {@code zs} (count, latent) with prior draws at {@code temperature} and {@code images}
     * (count, input) with their decoded probabilities, both row-major.
     */
    public void sample(long seed, int count, float temperature, float[] zs, float[] images) {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            // no value in the message: a float's toString would add kilobytes to the browser client
            throw new IllegalArgumentException("temperature must be finite and >= 0");
        }
        int latent = vae.latentSize;
        int input = vae.inputSize;
        if (zs.length < count * latent || images.length < count * input) {
            throw new IllegalArgumentException("buffers too small for " + count + " samples: zs has " + zs.length
                    + " (need " + count * latent + "), images has " + images.length + " (need " + count * input + ")");
        }
        Prng prng = new Prng(seed);
        for (int i = 0; i < count; i++) {
            draw(prng, temperature, z);
            System.arraycopy(z, 0, zs, i * latent, latent);
            vae.decode(z, probabilities);
            System.arraycopy(probabilities, 0, images, i * input, input);
        }
    }

    /** Fills {@code z} (latent) with the next prior draw of {@code prng} at {@code temperature}: T · ε, ε ~ N(0, I). */
    public static void draw(Prng prng, float temperature, float[] z) {
        for (int j = 0; j < z.length; j++) {
            z[j] = temperature * (float) prng.nextGaussian();
        }
    }

    /** Decodes one given z (latent) into {@code image} (input) probabilities. */
    public void decode(float[] z, float[] image) {
        vae.decode(z, image);
    }
}
