package org.vaedigits.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.train.listeners.ProgressListener;

/** The listener mechanics of the training loop, on real short trainings of the committed MNIST subset. */
class TrainingListenerTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void aListenerHearsBeginEveryBatchEveryEpochAndEndInOrder() throws IOException {
        TrainConfig c = config("events", 2);
        c.trainLimit = 250; // batches of 100, 100, 50
        Recorder recorder = new Recorder();
        TrainResult r = train(c, recorder);

        assertThat(r.stop()).isEqualTo(TrainResult.Stop.FINISHED);
        assertThat(recorder.events).containsExactly("begin",
                "loss 1.1", "batch 1.1 100 u1", "loss 1.2", "batch 1.2 100 u2", "loss 1.3", "batch 1.3 50 u3", "epoch 1 tests 1",
                "loss 2.1", "batch 2.1 100 u4", "loss 2.2", "batch 2.2 100 u5", "loss 2.3", "batch 2.3 50 u6", "epoch 2 tests 2",
                "end FINISHED");
        // what the listener saw per batch is what the run recorded: the curves and updates.csv
        ModelFile file = ModelFiles.read(r.out());
        float[] seen = new float[recorder.kl.size()];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = recorder.kl.get(i);
        }
        assertThat(file.curves.kl).containsExactly(seen);
        List<String> csv = Files.readAllLines(r.runDir().resolve(VaeTrainer.UPDATES_CSV));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(6)).isEqualTo("6,2," + recorder.kl.get(5) + "," + recorder.bce.get(5));
    }

    @Test
    void aStopRequestedMidEpochCheckpointsAndTheResumedRunIsTheUninterruptedOne() throws IOException {
        TrainResult straight = train(config("straight", 3));

        TrainConfig first = config("stopped", 3);
        TrainResult stopped = train(first, new TrainingListener() {
            @Override
            public void onTrainingBatch(TrainingContext c) {
                if (c.epoch() == 1 && c.batch() == 3) {
                    c.requestStop(TrainResult.Stop.INTERRUPTED);
                }
            }
        });
        assertThat(stopped.stop()).isEqualTo(TrainResult.Stop.INTERRUPTED);
        assertThat(stopped.out()).doesNotExist();
        Checkpoint checkpoint = Checkpoint.read(stopped.runDir().resolve(VaeTrainer.CHECKPOINT));
        assertThat(checkpoint.epochsDone).isEqualTo(1);
        assertThat(checkpoint.batchesDone).isEqualTo(4);
        assertThat(checkpoint.updates).isEqualTo(14);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("interrupted: checkpoint saved after 14 updates in "
                + stopped.runDir().resolve(VaeTrainer.CHECKPOINT));

        TrainConfig rest = config("stopped", 3);
        rest.resume = true;
        TrainResult resumed = train(rest);
        ModelFile a = ModelFiles.read(straight.out());
        ModelFile b = ModelFiles.read(resumed.out());
        assertThat(b.layers.encoderFc1.weight).containsExactly(a.layers.encoderFc1.weight);
        assertThat(b.layers.decoderFc2.weight).containsExactly(a.layers.decoderFc2.weight);
        assertThat(b.curves.testNegElboPerEpoch).containsExactly(a.curves.testNegElboPerEpoch);
        assertThat(Files.readAllLines(resumed.runDir().resolve(VaeTrainer.UPDATES_CSV)))
                .isEqualTo(Files.readAllLines(straight.runDir().resolve(VaeTrainer.UPDATES_CSV)));
        assertThat(Files.readAllLines(resumed.runDir().resolve(VaeTrainer.EPOCHS_CSV))).hasSize(4);
    }

    @Test
    void aStopRequestedOnAnEpochsLastBatchStillMeasuresThatEpochAndTheResumedRunIsTheUninterruptedOne() throws IOException {
        TrainResult straight = train(config("straight", 3));

        TrainResult stopped = train(config("stopped", 3), new TrainingListener() {
            @Override
            public void onTrainingBatch(TrainingContext c) {
                if (c.epoch() == 1 && c.batch() == c.batchesPerEpoch() - 1) {
                    c.requestStop(TrainResult.Stop.INTERRUPTED);
                }
            }
        });
        assertThat(stopped.stop()).isEqualTo(TrainResult.Stop.INTERRUPTED);
        Checkpoint checkpoint = Checkpoint.read(stopped.runDir().resolve(VaeTrainer.CHECKPOINT));
        assertThat(checkpoint.epochsDone).isEqualTo(2);
        assertThat(checkpoint.batchesDone).isZero();

        TrainConfig rest = config("stopped", 3);
        rest.resume = true;
        ModelFile a = ModelFiles.read(straight.out());
        ModelFile b = ModelFiles.read(train(rest).out());
        assertThat(b.curves.testNegElboPerEpoch).as("every epoch measured, the one stopped on too")
                .containsExactly(a.curves.testNegElboPerEpoch);
        assertThat(b.layers.decoderFc2.weight).containsExactly(a.layers.decoderFc2.weight);
    }

    @Test
    void plainProgressIsOneLinePerEpochWithoutCarriageReturns() throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        train(config("plain", 3), ProgressListener.lines(new PrintStream(lines, true, StandardCharsets.UTF_8)));
        String text = lines.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines()).hasSize(3);
        assertThat(text.lines().toList().get(0)).matches("epoch 1/3: 1000/1000 img \\| -ELBO [0-9.]+ KL [0-9.]+ BCE [0-9.]+"
                + " \\| [0-9,]+ img/s \\| run ETA \\d+:\\d\\d:\\d\\d");
        assertThat(text.lines().toList().get(2)).startsWith("epoch 3/3: 1000/1000 img").endsWith("run ETA 0:00:00");
    }

    @Test
    void aFailingListenerFailsTheRunAndTheOthersStillHearTheEnd() {
        Recorder recorder = new Recorder();
        TrainingListener failing = new TrainingListener() {
            @Override
            public void onTrainingBatch(TrainingContext c) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> train(config("failing", 2), recorder, failing)).isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThat(recorder.events).containsExactly("begin", "loss 1.1", "batch 1.1 100 u1", "end null");
    }

    private TrainResult train(TrainConfig c, TrainingListener... extra) throws IOException {
        return new VaeTrainer(new PrintStream(log, true, StandardCharsets.UTF_8)).train(c, extra);
    }

    private TrainConfig config(String name, int epochs) {
        TrainConfig c = new TrainConfig();
        c.dataDir = TestData.subsetDir();
        c.epochs = epochs;
        c.out = tmp.resolve(name + ".json");
        c.runDir = tmp.resolve("run-" + name);
        c.iwK = 0;
        c.progress = false;
        c.plots = false;
        return c;
    }

    /** Writes down every event it hears, with epoch and batch counted from 1. */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        final List<Float> kl = new ArrayList<>();
        final List<Float> bce = new ArrayList<>();

        @Override
        public void onTrainingBegin(TrainingContext c) {
            events.add("begin");
        }

        @Override
        public void onBatchLoss(TrainingContext c) {
            events.add("loss " + (c.epoch() + 1) + "." + (c.batch() + 1));
        }

        @Override
        public void onTrainingBatch(TrainingContext c) {
            events.add("batch " + (c.epoch() + 1) + "." + (c.batch() + 1) + " " + c.batchImages() + " u" + c.updates());
            kl.add(c.batchKl());
            bce.add(c.batchBce());
            assertThat(c.curves().kl(c.updates() - 1)).isEqualTo(c.batchKl());
        }

        @Override
        public void onEpoch(TrainingContext c) {
            assertThat(c.testEvaluation()).isNotNull();
            events.add("epoch " + (c.epoch() + 1) + " tests " + c.testNegElbo().length);
        }

        @Override
        public void onTrainingEnd(TrainingContext c) {
            events.add("end " + c.stop());
        }
    }
}
