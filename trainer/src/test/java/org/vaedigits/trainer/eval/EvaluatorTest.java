package org.vaedigits.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.model.VaeModel;

/**
 * The importance-weighted bound on the committed default model and test subset: the same value
 * for any number of threads, tighter than the ELBO, and the progress shown as plain lines when
 * they go to a file.
 */
class EvaluatorTest {
    private static Dataset test;

    @BeforeAll
    static void load() throws IOException {
        test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
    }

    private static VaeModel defaultModel() throws IOException {
        return VaeModel.fromModelFile(ModelFiles.read(Path.of("..", "models", "vae.json")));
    }

    @Test
    void theBoundIsTheSameBitForBitOnOneTwoOrThreeThreads() throws IOException {
        try (VaeModel model = defaultModel()) {
            // 8000 decoder rows per piece: K = 100 makes pieces of 80 images, 250 images make 4 pieces
            double one = new Evaluator(model).withThreads(1).importanceWeighted(test, 250, 100, 7);
            double two = new Evaluator(model).withThreads(2).importanceWeighted(test, 250, 100, 7);
            double three = new Evaluator(model).withThreads(3).importanceWeighted(test, 250, 100, 7);
            assertThat(two).isEqualTo(one);
            assertThat(three).isEqualTo(one);
            assertThat(new Evaluator(model).withThreads(2).importanceWeighted(test, 250, 100, 8)).as("another seed")
                    .isNotEqualTo(one).isCloseTo(one, within(0.05));
        }
    }

    @Test
    void theBoundIsTighterThanTheElboAndNearTheStatedValue() throws IOException {
        try (VaeModel model = defaultModel()) {
            Evaluation e = new Evaluator(model).evaluate(test, 12345, 200, 0);
            assertThat(e.iwImages()).isEqualTo(500);
            assertThat(e.iwK()).isEqualTo(200);
            assertThat(e.iwLogPx()).isGreaterThan(-e.negElbo());
            // models/vae.json states −30.86 over the 10,000 test images (K = 1000); 500 images and K = 200 land close
            assertThat(e.iwLogPx()).isCloseTo(-30.9, within(1.5));
        }
    }

    @Test
    void progressToAFileIsAFewPlainLinesWithoutCarriageReturns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressMeter meter = ProgressMeter.lines(out, "IW log p(x), K=1000", 10_000, "images", 4)) {
            for (int i = 0; i < 125; i++) {
                meter.step(80);
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines()).hasSize(4);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("IW log p(x), K=1000: 2,560/10,000 images (25%), ");
        assertThat(text.lines().reduce((a, b) -> b).orElseThrow()).startsWith("IW log p(x), K=1000: 10,000/10,000 images in ");
    }
}
