package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;

/**
 * What the page shows from the default model's float16 parts against its float32 file: the
 * reconstructions and −ELBO of the committed 500 test digits, and 640 prior samples at the
 * page's highest temperature. Prints the differences it measures.
 */
class Float16FidelityTest {
    @Test
    void float16WeightsChangeNoPixelByAGreyLevelNorTheShownElbo() throws Exception {
        ModelFile file = ModelFiles.read(CheckVectorsTest.DEFAULT_MODEL);
        ModelFile half = new ModelFile();
        half.format = file.format;
        half.architecture = file.architecture;
        assertThat(PackedModel.unpack(PackedModel.pack(file, PackedModel.DECODER), PackedModel.DECODER, half)).isNull();
        assertThat(PackedModel.unpack(PackedModel.pack(file, PackedModel.ENCODER), PackedModel.ENCODER, half)).isNull();
        Vae exact = new Vae(file);
        Vae rounded = new Vae(half);

        MnistSubset digits = MnistSubset.test();
        Elbo exactElbo = new Elbo(exact);
        Elbo roundedElbo = new Elbo(rounded);
        float[] mu = new float[exact.latentSize];
        float[] logvar = new float[exact.latentSize];
        float[] a = new float[exact.inputSize];
        float[] b = new float[exact.inputSize];
        double reconstruction = 0;
        double elbo = 0;
        double meanShift = 0;
        for (int n = 0; n < digits.size(); n++) {
            float[] x = digits.input196(n);
            double d = roundedElbo.evaluateAtMean(x) - exactElbo.evaluateAtMean(x);
            elbo = Math.max(elbo, Math.abs(d));
            meanShift += d / digits.size();
            exact.encode(x, mu, logvar);
            exact.decode(mu, a);
            rounded.encode(x, mu, logvar);
            rounded.decode(mu, b);
            reconstruction = Math.max(reconstruction, maxDiff(a, b));
        }
        int count = 640;
        float[] zs = new float[count * exact.latentSize];
        float[] samplesA = new float[count * exact.inputSize];
        float[] samplesB = new float[count * exact.inputSize];
        new Sampler(exact).sample(7, count, Sampler.MAX_TEMPERATURE, zs, samplesA);
        new Sampler(rounded).sample(7, count, Sampler.MAX_TEMPERATURE, zs, samplesB);
        double samples = maxDiff(samplesA, samplesB);
        System.out.printf("float16 parts against the float32 file: largest pixel change %.1e (reconstructions of %d test digits), "
                + "%.1e (%d samples at T = %.1f); -ELBO at most %.4f nats apart, mean shift %+.5f%n",
                reconstruction, digits.size(), samples, count, Sampler.MAX_TEMPERATURE, elbo, meanShift);
        assertThat(reconstruction).as("a pixel probability of a reconstruction").isLessThan(1.0 / 256);
        assertThat(samples).as("a pixel probability of a sample").isLessThan(1.0 / 256);
        assertThat(elbo).as("a digit's −ELBO: under half the 0.1 nat the page shows").isLessThan(0.05);
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
