package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.modelfile.ProgressFiles;

/** The runs listed from the progress documents: only regular files of a bounded size are read, nothing else is listed. */
class TrainingRunsTest {
    @TempDir
    Path models;

    @Test
    void onlyRegularDocumentsOfABoundedSizeAreListedAndNothingHangs() throws Exception {
        Path folder = Files.createDirectories(models.resolve(TrainingProgress.FOLDER));
        ProgressFiles.write(progress("run-a"), folder.resolve("run-a" + TrainingProgress.SUFFIX));
        // the same document under other names: a link, a folder, a pipe, one too large, one whose name does not match
        Files.createSymbolicLink(folder.resolve("linked" + TrainingProgress.SUFFIX), folder.resolve("run-a" + TrainingProgress.SUFFIX));
        Files.createDirectory(folder.resolve("folder" + TrainingProgress.SUFFIX));
        Process p = new ProcessBuilder("mkfifo", folder.resolve("pipe" + TrainingProgress.SUFFIX).toString()).start();
        assumeThat(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo works here").isTrue();
        byte[] large = new byte[ProgressFiles.MAX_BYTES + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        byte[] doc = Files.readAllBytes(folder.resolve("run-a" + TrainingProgress.SUFFIX));
        System.arraycopy(doc, 0, large, 0, doc.length);
        Files.write(folder.resolve("large" + TrainingProgress.SUFFIX), large);
        ProgressFiles.write(progress("run-b"), folder.resolve("other" + TrainingProgress.SUFFIX));
        ProgressFiles.write(progress("run b"), folder.resolve("run b" + TrainingProgress.SUFFIX));

        List<TrainingRuns.Run> runs = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new TrainingRuns(models, 1 << 20).list());
        assertThat(runs).extracting(r -> r.progress.name).containsExactly("run-a");
        assertThat(runs.get(0).stopped).isFalse();
        assertThat(runs.get(0).snapshot).isEqualTo("/api/training/run-a/snapshot");
    }

    @Test
    void noFolderNoRuns() throws Exception {
        assertThat(new TrainingRuns(models, 1 << 20).list()).isEmpty();
    }

    private static TrainingProgress progress(String name) {
        TrainingProgress p = new TrainingProgress();
        p.format = new ModelFile.Format();
        p.format.name = TrainingProgress.FORMAT_NAME;
        p.format.version = TrainingProgress.FORMAT_VERSION;
        p.name = name;
        p.out = name + ".json";
        p.phase = TrainingProgress.TRAINING;
        p.epoch = 1;
        p.epochs = 3;
        p.snapshotEpoch = 1;
        p.curveUpdates = new long[] {1, 2};
        p.kl = new float[] {3f, 4f};
        p.bce = new float[] {150f, 120f};
        p.testNegElbo = new float[] {110f};
        p.startedMillis = System.currentTimeMillis();
        p.heartbeatMillis = System.currentTimeMillis();
        return p;
    }
}
