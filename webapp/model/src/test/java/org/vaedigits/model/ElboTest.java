package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ElboTest {
    /** A VAE with 2 inputs, 1 hidden unit and 1 latent dimension, small enough to do by hand. */
    static Vae tinyVae() {
        ModelFile file = new ModelFile();
        file.architecture = new ModelFile.Architecture();
        file.architecture.inputSize = 2;
        file.architecture.hiddenSize = 1;
        file.architecture.latentSize = 1;
        file.layers = new ModelFile.Layers();
        file.layers.encoderFc1 = new ModelFile.Layer(1, 2, new float[] {0.5f, -0.25f}, new float[] {0.1f});
        file.layers.encoderFc2 = new ModelFile.Layer(2, 1, new float[] {1.0f, 0.5f}, new float[] {0.2f, -0.3f});
        file.layers.encoderFc3 = new ModelFile.Layer(2, 1, new float[] {0.6f, -0.1f}, new float[] {0.0f, 0.1f});
        file.layers.decoderFc1 = new ModelFile.Layer(1, 1, new float[] {2.0f}, new float[] {-0.5f});
        file.layers.decoderFc2 = new ModelFile.Layer(2, 1, new float[] {1.5f, -2.0f}, new float[] {0.3f, 0.1f});
        return new Vae(file);
    }

    @Test
    void atMeanMatchesAHandComputation() {
        float[] x = {1f, 0f};
        // by hand: h = tanh(0.5·1 − 0.25·0 + 0.1); mu = ((h + 0.2) + 0.6h) / 2; logvar = ((0.5h − 0.3) + (−0.1h + 0.1)) / 2
        double h = Math.tanh(0.6);
        double mu = (1.6 * h + 0.2) / 2;
        double logvar = (0.4 * h - 0.2) / 2;
        // decoder at z = mu: g = tanh(2mu − 0.5); logits 1.5g + 0.3 (x = 1), −2g + 0.1 (x = 0)
        double g = Math.tanh(2 * mu - 0.5);
        double l0 = 1.5 * g + 0.3;
        double l1 = -2.0 * g + 0.1;
        double bce = -Math.log(1 / (1 + Math.exp(-l0))) - Math.log(1 - 1 / (1 + Math.exp(-l1)));
        double kl = -0.5 * (1 + logvar - mu * mu - Math.exp(logvar));

        Elbo elbo = new Elbo(tinyVae());
        double negElbo = elbo.evaluateAtMean(x);
        assertThat(elbo.bce).isCloseTo(bce, within(1e-6));
        assertThat(elbo.kl).isCloseTo(kl, within(1e-6));
        assertThat(negElbo).isEqualTo(elbo.bce + elbo.kl);
        // the same numbers from an independent Python computation
        assertThat(elbo.bce).isCloseTo(0.6340505638812513, within(1e-6));
        assertThat(elbo.kl).isCloseTo(0.14027284200354262, within(1e-6));
    }

    @Test
    void bceFromLogitsIsStableForHugeLogits() {
        assertThat(Elbo.bceFromLogits(new float[] {1f, 0f}, new float[] {1000f, -1000f}, 2)).isCloseTo(0.0, within(1e-12));
        assertThat(Elbo.bceFromLogits(new float[] {0f, 1f}, new float[] {1000f, -1000f}, 2)).isCloseTo(2000.0, within(1e-9));
        assertThat(Elbo.bceFromLogits(new float[] {1f}, new float[] {0f}, 1)).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void klIsZeroForTheStandardNormalAndAnalyticOtherwise() {
        assertThat(Elbo.klToStandardNormal(new float[] {0f, 0f}, new float[] {0f, 0f}, 2)).isEqualTo(0.0);
        // KL(N(1, e) ‖ N(0, 1)) = ½ (e + 1 − 1 − 1) = ½ (e − 1)
        assertThat(Elbo.klToStandardNormal(new float[] {1f}, new float[] {1f}, 1)).isCloseTo(0.5 * (Math.E - 1), within(1e-7));
    }

    @Test
    void sampledEstimateIsSeededAndConvergesToTheExpectedBce() {
        Elbo elbo = new Elbo(tinyVae());
        float[] x = {1f, 0f};
        double first = elbo.evaluateSampled(x, 5, 20_000);
        double klSampled = elbo.kl;
        double bceSampled = elbo.bce;
        assertThat(elbo.evaluateSampled(x, 5, 20_000)).isEqualTo(first);
        assertThat(elbo.evaluateSampled(x, 6, 20_000)).isNotEqualTo(first);
        elbo.evaluateAtMean(x);
        assertThat(klSampled).isEqualTo(elbo.kl);

        // E over z ~ N(mu, exp(logvar)) of BCE(x, decoder(z)), by numerical integration (1-D latent)
        double h = Math.tanh(0.6);
        double mu = (1.6 * h + 0.2) / 2;
        double sigma = Math.exp(0.5 * (0.4 * h - 0.2) / 2);
        double expected = 0;
        double expectedSquare = 0;
        double dz = 1e-3;
        for (double t = -8; t <= 8; t += dz) {
            double g = Math.tanh(2 * (mu + sigma * t) - 0.5);
            double bce = Math.log1p(Math.exp(-(1.5 * g + 0.3))) + Math.log1p(Math.exp(-2.0 * g + 0.1));
            double weight = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI) * dz;
            expected += bce * weight;
            expectedSquare += bce * bce * weight;
        }
        double standardError = Math.sqrt((expectedSquare - expected * expected) / 20_000);
        assertThat(bceSampled).isCloseTo(expected, within(4 * standardError));
        assertThatThrownBy(() -> elbo.evaluateSampled(x, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
