package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;

class CheckVectorsTest {
    /** DJL-made model files, best first: the committed default, then the trainer's development model. */
    private static final String[] DJL_MODELS = {"vae.json", "dev.json"};

    /** The first DJL-made model file in the project's models/ folder, or null. */
    static Path djlModel() {
        for (Path models : new Path[] {Paths.get("../models"), Paths.get("models")}) {
            for (String name : DJL_MODELS) {
                Path file = models.resolve(name);
                if (Files.isRegularFile(file)) {
                    return file;
                }
            }
        }
        return null;
    }

    @Test
    void javaMathReproducesTheCheckVectorsDjlWroteIntoTheModelFile() throws Exception {
        Path file = djlModel();
        if (file == null) {
            String message = "no DJL-made model file: expected models/vae.json (committed) or models/dev.json (trainer)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message + "; skipped outside CI");
        }
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
