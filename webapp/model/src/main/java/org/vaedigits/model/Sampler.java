package org.vaedigits.model;

/**
 * Draws digits from the prior: z ~ N(0, I) from {@link Prng}, decoded to pixel probabilities.
 * Sample i of a seed takes Gaussians i·latent … (i+1)·latent − 1 of {@code new Prng(seed)}, so a
 * seed gives the same digits on the JVM and in the browser. Not thread-safe.
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

    /**
     * Fills {@code zs} (count, latent) with prior draws and {@code images} (count, input) with
     * their decoded probabilities, both row-major.
     */
    public void sample(long seed, int count, float[] zs, float[] images) {
        int latent = vae.latentSize;
        int input = vae.inputSize;
        if (zs.length < count * latent || images.length < count * input) {
            throw new IllegalArgumentException("buffers too small for " + count + " samples: zs has " + zs.length
                    + " (need " + count * latent + "), images has " + images.length + " (need " + count * input + ")");
        }
        Prng prng = new Prng(seed);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < latent; j++) {
                z[j] = (float) prng.nextGaussian();
            }
            System.arraycopy(z, 0, zs, i * latent, latent);
            vae.decode(z, probabilities);
            System.arraycopy(probabilities, 0, images, i * input, input);
        }
    }

    /** Decodes one given z (latent) into {@code image} (input) probabilities. */
    public void decode(float[] z, float[] image) {
        vae.decode(z, image);
    }
}
