package org.vaedigits.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.model.VaeModel;
import org.vaedigits.trainer.train.VaeTrainer;

/**
 * The committed default model, models/vae.json, is what it says: DJL reproduces its check vectors
 * and its −ELBO on the committed test subset is close to the −ELBO it states. Catches a stale or
 * hand-edited file.
 */
class DefaultModelTest {
    static final Path DEFAULT_MODEL = Path.of("..", "models", "vae.json");

    @Test
    void committedDefaultModelMatchesItsStatedMetricsAndCheckVectors() throws IOException {
        assertThat(DEFAULT_MODEL).as("the committed default model").isRegularFile();
        ModelFile file = ModelFiles.read(DEFAULT_MODEL);
        Dataset test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
        try (VaeModel model = VaeModel.fromModelFile(file)) {
            assertThat(CheckVectors.maxAbsDifference(model, file.checks)).as("check vectors").isLessThanOrEqualTo(1e-5);
            double negElbo = new Evaluator(model).elbo(test, VaeTrainer.EVAL_SEED).negElbo();
            assertThat(negElbo).as("-ELBO on the 500-image test subset vs metrics.negElbo").isCloseTo(file.metrics.negElbo,
                    org.assertj.core.api.Assertions.within(1.5));
        }
    }
}
