package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private final Vae vae = new Vae(TestModels.random(3));

    @Test
    void aSeedGivesTheSameDigitsAndItsZsAreThePrngsGaussiansInOrder() {
        Sampler sampler = new Sampler(vae);
        int n = 16;
        float[] zs = new float[n * 8];
        float[] images = new float[n * 196];
        sampler.sample(2024, n, zs, images);

        Prng prng = new Prng(2024);
        for (int i = 0; i < zs.length; i++) {
            assertThat(zs[i]).isEqualTo((float) prng.nextGaussian());
        }
        float[] again = new float[n * 196];
        sampler.sample(2024, n, new float[n * 8], again);
        assertThat(again).containsExactly(images);

        float[] expected = new float[196];
        float[] z = new float[8];
        System.arraycopy(zs, 5 * 8, z, 0, 8);
        sampler.decode(z, expected);
        for (int p = 0; p < 196; p++) {
            assertThat(images[5 * 196 + p]).isEqualTo(expected[p]).isBetween(0f, 1f);
        }
    }

    @Test
    void anotherSeedGivesOtherDigits() {
        Sampler sampler = new Sampler(vae);
        float[] a = new float[4 * 196];
        float[] b = new float[4 * 196];
        sampler.sample(1, 4, new float[32], a);
        sampler.sample(2, 4, new float[32], b);
        assertThat(a).isNotEqualTo(b);
    }
}
