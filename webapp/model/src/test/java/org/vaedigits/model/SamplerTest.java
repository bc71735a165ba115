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

    @Test
    void temperatureScalesTheSameGaussiansAndOneIsTheDefault() {
        Sampler sampler = new Sampler(vae);
        int n = 32;
        float[] plain = new float[n * 8];
        float[] plainImages = new float[n * 196];
        sampler.sample(7, n, plain, plainImages);
        float[] one = new float[n * 8];
        float[] oneImages = new float[n * 196];
        sampler.sample(7, n, 1f, one, oneImages);
        assertThat(one).containsExactly(plain);
        assertThat(oneImages).containsExactly(plainImages);

        for (float t : new float[] {Sampler.MIN_TEMPERATURE, 0.7f, Sampler.MAX_TEMPERATURE}) {
            float[] zs = new float[n * 8];
            sampler.sample(7, n, t, zs, new float[n * 196]);
            for (int i = 0; i < zs.length; i++) {
                assertThat(zs[i]).as("z[%d] at T = %s", i, t).isEqualTo(t * plain[i]);
            }
        }
        float[] zero = new float[n * 8];
        sampler.sample(7, n, 0f, zero, new float[n * 196]);
        for (float v : zero) {
            assertThat(v == 0f).as("z at T = 0 (±0)").isTrue();
        }
    }

    @Test
    void theSpreadOfTheDrawsFollowsTheTemperature() {
        Sampler sampler = new Sampler(vae);
        int n = 2000;
        for (float t : new float[] {0.2f, 1f, 1.5f}) {
            float[] zs = new float[n * 8];
            sampler.sample(11, n, t, zs, new float[n * 196]);
            double sq = 0;
            for (float v : zs) {
                sq += v * v;
            }
            assertThat(Math.sqrt(sq / zs.length)).as("standard deviation of z at T = %s", t).isCloseTo(t, org.assertj.core.api.Assertions.within(0.03 * t));
        }
    }

    @Test
    void drawContinuesThePrngsSequence() {
        Prng a = new Prng(5);
        float[] z = new float[8];
        Sampler.draw(a, 0.5f, z);
        Prng b = new Prng(5);
        for (float v : z) {
            assertThat(v).isEqualTo(0.5f * (float) b.nextGaussian());
        }
    }

    @Test
    void aBadTemperatureIsRefused() {
        Sampler sampler = new Sampler(vae);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> sampler.sample(1, 1, Float.NaN, new float[8], new float[196]));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> sampler.sample(1, 1, -1f, new float[8], new float[196]));
    }
}
