package org.vaedigits.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** BCE and KL of a tiny batch against numbers worked out by hand. */
class VaeLossTest {
    @Test
    void bceFromLogitsMatchesHandComputation() {
        // 2 images × 3 "pixels": BCE(l, x) = −x·log σ(l) − (1−x)·log(1−σ(l))
        float[] logits = {0f, 2f, -3f, 40f, -40f, 1.5f};
        float[] x = {1f, 0f, 1f, 1f, 1f, 0f};
        // hand values: l=0 → log 2; l=2,x=0 → log(1+e^2); l=−3,x=1 → log(1+e^3);
        // l=40,x=1 → log(1+e^−40) ≈ 4.25e−18; l=−40,x=1 → 40 + log(1+e^−40); l=1.5,x=0 → log(1+e^1.5)
        double image0 = Math.log(2) + Math.log(1 + Math.exp(2)) + Math.log(1 + Math.exp(3));
        double image1 = Math.exp(-40) + 40 + Math.log(1 + Math.exp(1.5));
        try (NDManager m = NDManager.newBaseManager(); VaeLoss loss = new VaeLoss(m)) {
            NDArray l = m.create(logits, new Shape(2, 3));
            NDArray t = m.create(x, new Shape(2, 3));
            float[] perImage = loss.bcePerImage(l, t).toFloatArray();
            assertThat((double) perImage[0]).isCloseTo(image0, within(1e-5));
            assertThat((double) perImage[1]).isCloseTo(image1, within(1e-4));
            assertThat((double) loss.bceSum(l, t).getFloat()).isCloseTo(image0 + image1, within(1e-4));
        }
    }

    @Test
    void klMatchesHandComputation() {
        // KL = −½ Σ (1 + logvar − mu² − exp(logvar)) per image, 2 images × 2 dims
        float[] mu = {0f, 1f, -2f, 0.5f};
        float[] logvar = {0f, 0f, (float) Math.log(4), -1f};
        double image0 = 0 + 0.5;                                    // dim 0: 0; dim 1: ½·1
        double image1 = 0.5 * (4 + 4 - Math.log(4) - 1)            // mu=−2, var=4
                + 0.5 * (0.25 + Math.exp(-1) + 1 - 1);              // mu=0.5, logvar=−1
        try (NDManager m = NDManager.newBaseManager(); VaeLoss loss = new VaeLoss(m)) {
            NDArray mArr = m.create(mu, new Shape(2, 2));
            NDArray lv = m.create(logvar, new Shape(2, 2));
            float[] perImage = loss.klPerImage(mArr, lv).toFloatArray();
            assertThat((double) perImage[0]).isCloseTo(image0, within(1e-6));
            assertThat((double) perImage[1]).isCloseTo(image1, within(1e-5));
            assertThat((double) loss.klSum(mArr, lv).getFloat()).isCloseTo(image0 + image1, within(1e-5));
        }
    }

    @Test
    void trainingObjectiveCarriesTheSameKl() {
        // the loop's klCore form, recovered with klFromCore, equals the KL; here latent size 8
        try (NDManager m = NDManager.newBaseManager(); VaeLoss loss = new VaeLoss(m)) {
            float[] mu = new float[3 * 8];
            float[] logvar = new float[3 * 8];
            for (int i = 0; i < mu.length; i++) {
                mu[i] = (float) Math.sin(i);
                logvar[i] = (float) Math.cos(3 * i);
            }
            NDArray mArr = m.create(mu, new Shape(3, 8));
            NDArray lv = m.create(logvar, new Shape(3, 8));
            double kl = loss.klSum(mArr, lv).getFloat();
            double core = loss.klCore(mArr, lv, lv.exp()).getFloat();
            assertThat(VaeLoss.klFromCore(core, 3)).isCloseTo(kl, within(1e-4));
        }
    }
}
