package org.vaedigits.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.model.VaeModel;

/** Real, short trainings on the committed MNIST subset (1000 training, 500 test images). */
class TrainingTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void trainingLowersTheTestNegElboFarBelowTheUntrainedModel() throws IOException {
        Dataset test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
        double untrained;
        try (VaeModel model = VaeModel.initialized(0)) {
            untrained = new Evaluator(model).elbo(test, VaeTrainer.EVAL_SEED).negElbo();
        }
        TrainResult r = train(config("short", 8));
        Evaluation e = r.evaluation();
        assertThat(untrained).isGreaterThan(130); // ≈ 196·log 2 with random weights
        assertThat(e.negElbo()).isLessThan(untrained - 60);
        assertThat(e.negElbo()).isCloseTo(e.bce() + e.kl(), org.assertj.core.api.Assertions.within(1e-9));
        // the importance-weighted bound is tighter than the ELBO
        assertThat(e.iwLogPx()).isGreaterThan(-e.negElbo());
        ModelFile file = ModelFiles.read(r.out());
        assertThat(file.training.updates).isEqualTo(80);
        assertThat(file.curves.testNegElboPerEpoch).hasSize(8);
        assertThat(file.curves.testNegElboPerEpoch[7]).isLessThan(file.curves.testNegElboPerEpoch[0]);
        assertThat(r.runDir().resolve(VaeTrainer.UPDATES_CSV)).exists();
        assertThat(Files.readAllLines(r.runDir().resolve(VaeTrainer.UPDATES_CSV))).hasSize(81);
        assertThat(r.runDir().resolve("curves.png")).exists();
    }

    @Test
    void sameSeedSameRunAndResumingContinuesTheSameRun() throws IOException {
        TrainConfig straight = config("straight", 3);
        TrainResult a = train(straight);

        TrainConfig first = config("resumed", 2);
        train(first);
        TrainConfig rest = config("resumed", 3);
        rest.resume = true;
        TrainResult b = train(rest);

        TrainResult c = train(config("again", 3));
        ModelFile fa = ModelFiles.read(a.out());
        ModelFile fb = ModelFiles.read(b.out());
        ModelFile fc = ModelFiles.read(c.out());
        assertThat(fb.layers.decoderFc2.weight).containsExactly(fa.layers.decoderFc2.weight);
        assertThat(fb.layers.encoderFc1.weight).containsExactly(fa.layers.encoderFc1.weight);
        assertThat(fc.layers.encoderFc3.bias).containsExactly(fa.layers.encoderFc3.bias);
        assertThat(fb.curves.bce).containsExactly(fa.curves.bce);
        assertThat(fb.metrics.negElbo).isEqualTo(fa.metrics.negElbo);
    }

    @Test
    void aDivergingRunStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws IOException {
        TrainConfig c = config("diverging", 3);
        c.learningRate = 1e30f;
        TrainResult r = train(c);
        assertThat(r.stop()).isEqualTo(TrainResult.Stop.NON_FINITE_LOSS);
        assertThat(r.out()).doesNotExist();
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("stopped: the loss became (NaN|infinite) at epoch \\d+, batch \\d+");
        assertThat(text).contains("smaller --lr");
        // the rejected update is in no log: updates.csv holds the updates before it
        Matcher update = Pattern.compile("\\(update (\\d+)\\)").matcher(text);
        assertThat(update.find()).isTrue();
        assertThat(Files.readAllLines(r.runDir().resolve(VaeTrainer.UPDATES_CSV))).hasSize(Integer.parseInt(update.group(1)));
    }

    @Test
    void theFinalBoundShowsItsProgressOnStderrAndOnlyWhenAsked() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            TrainConfig quiet = config("quiet", 1);
            train(quiet);
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("IW log p(x)");
            TrainConfig shown = config("shown", 1);
            shown.progress = true;
            train(shown);
        } finally {
            System.setErr(original);
        }
        // stderr is not a terminal here: plain lines, the last one when all 100 images are done
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("IW log p(x), K=50: 100/100 images in ");
    }

    private TrainResult train(TrainConfig c) throws IOException {
        return new VaeTrainer(new PrintStream(log, true, StandardCharsets.UTF_8)).train(c);
    }

    private TrainConfig config(String name, int epochs) {
        TrainConfig c = new TrainConfig();
        c.dataDir = TestData.subsetDir();
        c.epochs = epochs;
        c.out = tmp.resolve(name + ".json");
        c.force = true;
        c.runDir = tmp.resolve("run-" + name);
        c.iwK = 50;
        c.iwImages = 100;
        c.progress = false;
        c.plots = name.equals("short");
        return c;
    }
}
