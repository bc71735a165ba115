package org.vaedigits.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.eval.CheckVectors;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.model.VaeModel;

/** Export → write → read back → the very same float32 weights, and consistent check vectors. */
class ExportRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void everyWeightSurvivesTheFileBitForBit() throws IOException {
        Dataset test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
        Path file = tmp.resolve("model.json");
        Map<String, float[]> original;
        try (VaeModel model = VaeModel.initialized(7)) {
            original = model.weights();
            ModelFile exported = export(model, test);
            ModelFiles.write(exported, file, false);
        }
        ModelFile read = ModelFiles.read(file);
        try (VaeModel back = VaeModel.fromModelFile(read)) {
            Map<String, float[]> roundTripped = back.weights();
            assertThat(roundTripped.keySet()).containsExactlyElementsOf(original.keySet()).hasSize(10);
            for (String name : original.keySet()) {
                float[] a = original.get(name);
                float[] b = roundTripped.get(name);
                assertThat(b).hasSameSizeAs(a);
                for (int i = 0; i < a.length; i++) {
                    assertThat(Float.floatToRawIntBits(b[i])).as(name + "[" + i + "]").isEqualTo(Float.floatToRawIntBits(a[i]));
                }
            }
            // DJL recomputes the stored check vectors from the read-back weights
            assertThat(CheckVectors.maxAbsDifference(back, read.checks)).isLessThanOrEqualTo(1e-6);
        }
        // the shared pure-Java math agrees with DJL's check vectors too
        Vae vae = new Vae(read);
        float[] mu = new float[8];
        float[] logvar = new float[8];
        vae.encode(read.checks.inputs[0], mu, logvar);
        for (int d = 0; d < 8; d++) {
            assertThat(mu[d]).isCloseTo(read.checks.mu[0][d], org.assertj.core.api.Assertions.within(1e-5f));
        }
        assertThat(read.curves.updates).hasSize(3);
        assertThat(read.latentMap.x).hasSize(500);
    }

    @Test
    void refusesToOverwriteWithoutForce() throws IOException {
        Dataset test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
        Path file = tmp.resolve("model.json");
        try (VaeModel model = VaeModel.initialized(1)) {
            ModelFile exported = export(model, test);
            ModelFiles.write(exported, file, false);
            assertThatThrownBy(() -> ModelFiles.write(exported, file, false))
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("--force");
            ModelFiles.write(exported, file, true);
        }
    }

    @Test
    void curvesAreDownsampledToAtMostAThousandPoints() {
        float[] kl = new float[30_000];
        float[] bce = new float[30_000];
        for (int i = 0; i < kl.length; i++) {
            kl[i] = i;
            bce[i] = 2 * i;
        }
        ModelFile.Curves c = Exporter.downsample(kl, bce);
        assertThat(c.updates).hasSize(1000);
        assertThat(c.updates[999]).isEqualTo(30_000);
        assertThat(c.updates[0]).isEqualTo(30);
        assertThat(c.kl[0]).isEqualTo(14.5f); // mean of 0..29
        assertThat(c.bce[0]).isEqualTo(29f);
    }

    static ModelFile export(VaeModel model, Dataset test) {
        Evaluation e = new Evaluation(test.count, 1, 0.5, 0.5, 0.4, -1, 10, 5);
        Exporter.Run run = new Exporter.Run("test", 1000, 1, 100, 1e-3, "constant", 7, 3, 1.0, 1000, "2026-01-01T00:00:00Z");
        return new Exporter(model).export(run, e, test, new float[] {1, 2, 3}, new float[] {4, 5, 6}, new float[] {50f});
    }
}
