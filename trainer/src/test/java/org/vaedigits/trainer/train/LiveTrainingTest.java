package org.vaedigits.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.modelfile.ProgressFiles;
import org.vaedigits.trainer.TestData;

/** A real short training on the committed subset, watched the way the server watches the models folder. */
class LiveTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void eachEpochLeavesAProgressDocumentAndASnapshotThatAreGoneWhenTheModelIsWritten() throws IOException {
        Path models = tmp.resolve("models");
        Path live = models.resolve(TrainingProgress.FOLDER);
        List<TrainingProgress> seen = new ArrayList<>();
        List<ModelFile> snapshots = new ArrayList<>();
        TrainingListener watcher = new TrainingListener() {
            @Override
            public void onEpoch(TrainingContext c) throws IOException {
                Path doc = live.resolve("watched" + TrainingProgress.SUFFIX);
                seen.add(ProgressFiles.parse(Files.readAllBytes(doc), doc.toString()));
                snapshots.add(ModelFiles.read(live.resolve("watched" + TrainingProgress.SNAPSHOT_SUFFIX)));
            }
        };
        TrainConfig config = new TrainConfig();
        config.dataDir = TestData.subsetDir();
        config.epochs = 3;
        config.out = models.resolve("watched.json");
        config.runDir = tmp.resolve("run");
        config.iwK = 20;
        config.iwImages = 50;
        config.progress = false;
        config.plots = false;
        TrainResult r = new VaeTrainer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .train(config, watcher);

        assertThat(seen).hasSize(3);
        for (int e = 0; e < 3; e++) {
            TrainingProgress p = seen.get(e);
            assertThat(p.name).isEqualTo("watched");
            assertThat(p.out).isEqualTo("watched.json");
            assertThat(p.phase).isEqualTo(TrainingProgress.TRAINING);
            assertThat(p.epoch).isEqualTo(e + 1);
            assertThat(p.epochs).isEqualTo(3);
            assertThat(p.snapshotEpoch).isEqualTo(e + 1);
            assertThat(p.updates).isEqualTo(10L * (e + 1));
            assertThat(p.testNegElbo).hasSize(e + 1);
            assertThat(p.kl).hasSameSizeAs(p.curveUpdates).hasSize((int) p.updates);
            assertThat(p.isStale(System.currentTimeMillis())).isFalse();
            assertThat(snapshots.get(e).training.epochs).isEqualTo(e + 1);
        }
        // the snapshots are the model as it learns: the last one is the final model's weights
        assertThat(snapshots.get(2).layers.decoderFc2.weight).containsExactly(r.modelFile().layers.decoderFc2.weight);
        assertThat(snapshots.get(0).layers.decoderFc2.weight).isNotEqualTo(r.modelFile().layers.decoderFc2.weight);
        assertThat(seen.get(2).testNegElbo[2]).isLessThan(seen.get(0).testNegElbo[0]);
        // tidy: nothing of the run is left in the models folder but its model file
        assertThat(r.out()).exists();
        try (var files = Files.list(live)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void noLiveFilesWithLiveOff() throws IOException {
        TrainConfig config = new TrainConfig();
        config.dataDir = TestData.subsetDir();
        config.epochs = 1;
        config.out = tmp.resolve("m").resolve("quiet.json");
        config.runDir = tmp.resolve("run2");
        config.iwK = 0;
        config.progress = false;
        config.plots = false;
        config.live = false;
        Files.createDirectories(config.out.getParent());
        new VaeTrainer(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).train(config);
        assertThat(config.out.getParent().resolve(TrainingProgress.FOLDER)).doesNotExist();
    }
}
