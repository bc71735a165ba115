package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;

class CheckVectorsTest {
    /** The committed default model; its check vectors were computed by DJL at export. */
    static final Path DEFAULT_MODEL = Paths.get(System.getProperty("vaedigits.modelsDir", "../../models"), "vae.json");

    @Test
    void javaMathReproducesTheCheckVectorsDjlWroteIntoTheModelFile() throws Exception {
        Path file = DEFAULT_MODEL;
        assertThat(file).as("the committed default model").isRegularFile();
        ModelFile model = ModelFiles.read(file);
        assertThat(model.training.engine).as("check vectors must come from DJL, not from this code").isNotBlank();
        CheckVectors.Differences d = CheckVectors.compare(new Vae(model), model.checks);
        System.out.printf("check vectors of %s: max |diff| mu %.3g, logvar %.3g, probabilities %.3g%n",
                file, d.mu, d.logvar, d.probabilities);
        assertThat(d.max()).isLessThanOrEqualTo(CheckVectors.TOLERANCE);
        assertThat(d.withinTolerance()).isTrue();
    }

    @Test
    void jsonRoundTripKeepsEveryFloatSoCheckVectorsStillMatch() throws Exception {
        ModelFile original = TestModels.random(11);
        ModelFile reread = ModelFiles.parse(ModelFiles.toJson(original), "round-trip");
        assertThat(reread.layers.decoderFc2.weight).containsExactly(original.layers.decoderFc2.weight);
        assertThat(CheckVectors.maxAbsDiff(new Vae(reread), reread.checks)).isEqualTo(0.0);
    }

    @Test
    void aChangedWeightIsCaught() {
        ModelFile model = TestModels.random(12);
        model.layers.decoderFc2.weight[7] += 0.05f;
        model.layers.encoderFc3.bias[9] -= 0.05f;
        CheckVectors.Differences d = CheckVectors.compare(new Vae(model), model.checks);
        assertThat(d.probabilities).isGreaterThan(1e-4);
        assertThat(d.logvar).isGreaterThan(1e-4);
        assertThat(d.mu).isEqualTo(0.0);
        assertThat(d.withinTolerance()).isFalse();
    }

    @Test
    void aNaNWeightIsCaught() {
        ModelFile model = TestModels.random(13);
        model.layers.decoderFc1.bias[0] = Float.NaN;
        assertThat(CheckVectors.maxAbsDiff(new Vae(model), model.checks)).isNaN();
        assertThat(CheckVectors.compare(new Vae(model), model.checks).withinTolerance()).isFalse();
    }
}
