package org.vaedigits.trainer.train.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.modelfile.ProgressFiles;
import org.vaedigits.trainer.export.Exporter;
import org.vaedigits.trainer.train.TrainResult;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * The run as the page sees it while it trains: a {@link TrainingProgress} document and a snapshot
 * model file after every epoch, both in the models folder's {@link TrainingProgress#FOLDER} and
 * written atomically. A daemon thread rewrites the document every
 * {@link TrainingProgress#HEARTBEAT_MILLIS}, through the final evaluation too, so the server can
 * tell a slow run from a dead one. {@link #close()}, once the final model file is written (or the
 * run ended otherwise), removes both: the folder holds only runs in progress and those that died.
 */
public final class LiveTraining implements TrainingListener, AutoCloseable {
    private final Path progressFile;
    private final Path snapshotFile;
    private final String out;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-training-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** The document as last filled from the loop; written by the loop and the heartbeat (guarded by this). */
    private final TrainingProgress progress = new TrainingProgress();
    private long lastFill;

    /** A run named {@code name} writing its model file {@code out}: the live files go beside it. */
    public LiveTraining(Path out, String name) {
        Path folder = out.toAbsolutePath().getParent().resolve(TrainingProgress.FOLDER);
        this.progressFile = folder.resolve(name + TrainingProgress.SUFFIX);
        this.snapshotFile = folder.resolve(name + TrainingProgress.SNAPSHOT_SUFFIX);
        this.out = out.getFileName().toString();
        progress.format = new ModelFile.Format();
        progress.format.name = TrainingProgress.FORMAT_NAME;
        progress.format.version = TrainingProgress.FORMAT_VERSION;
        progress.name = name;
        progress.phase = TrainingProgress.TRAINING;
    }

    public Path progressFile() {
        return progressFile;
    }

    public Path snapshotFile() {
        return snapshotFile;
    }

    @Override
    public void onTrainingBegin(TrainingContext c) throws IOException {
        Files.createDirectories(progressFile.getParent());
        synchronized (this) {
            progress.out = out;
            progress.startedMillis = System.currentTimeMillis();
            fill(c);
        }
        write();
        heartbeat.scheduleAtFixedRate(this::beat, TrainingProgress.HEARTBEAT_MILLIS, TrainingProgress.HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void onTrainingBatch(TrainingContext c) {
        long now = System.currentTimeMillis();
        if (now - lastFill >= 500) { // the heartbeat writes it; copying the curves each batch would cost time
            synchronized (this) {
                fill(c);
            }
            lastFill = now;
        }
    }

    @Override
    public void onEpoch(TrainingContext c) throws IOException {
        // measured: 5-60 ms to export and 35-170 ms to write, against 700 ms for an epoch of training
        ModelFile snapshot = snapshot(c);
        ModelFiles.write(snapshot, snapshotFile, true);
        synchronized (this) {
            fill(c);
            progress.epoch = c.epoch() + 1;
            progress.snapshotEpoch = c.epoch() + 1;
        }
        write();
    }

    @Override
    public void onTrainingEnd(TrainingContext c) throws IOException {
        if (c.stop() == TrainResult.Stop.FINISHED) {
            synchronized (this) {
                fill(c);
                progress.epoch = c.config().epochs;
                progress.phase = TrainingProgress.EVALUATING;
                progress.etaSeconds = -1;
            }
            write();
        } else {
            close();
        }
    }

    /** Stops the heartbeat and removes the live files. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(progressFile);
        Files.deleteIfExists(snapshotFile);
    }

    /** The model after this epoch as a model file, with this epoch's test −ELBO (no importance-weighted bound). */
    private static ModelFile snapshot(TrainingContext c) {
        int epochs = c.epoch() + 1;
        Exporter.Run run = new Exporter.Run(c.trainData().source, c.trainData().count, epochs, c.config().batchSize,
                Double.parseDouble(Float.toString(c.config().learningRate)), c.config().schedule, c.config().seed,
                c.updates(), c.wallSeconds(), c.epochImagesPerSecond(), Instant.now().toString());
        return new Exporter(c.model()).export(run, c.testEvaluation(), c.testData(), c.curves().kl(), c.curves().bce(),
                c.testNegElbo());
    }

    /** Copies the loop's position, speed and curves (downsampled) into the document. */
    private void fill(TrainingContext c) {
        progress.epoch = c.state().epochsDone;
        progress.epochs = c.config().epochs;
        progress.updates = c.updates();
        progress.totalUpdates = c.totalUpdates();
        progress.etaSeconds = c.epochImages() > 0 ? c.etaSeconds() : -1;
        progress.imagesPerSecond = c.epochImages() > 0 ? c.epochImagesPerSecond() : 0;
        progress.testNegElbo = c.testNegElbo();
        float[] kl = c.curves().kl();
        float[] bce = c.curves().bce();
        int points = Math.min(kl.length, TrainingProgress.MAX_POINTS);
        progress.curveUpdates = new long[points];
        progress.kl = new float[points];
        progress.bce = new float[points];
        for (int p = 0; p < points; p++) {
            int i = points == kl.length ? p : (int) ((long) p * (kl.length - 1) / (points - 1));
            progress.curveUpdates[p] = i + 1;
            progress.kl[p] = kl[i];
            progress.bce[p] = bce[i];
        }
    }

    private void beat() {
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // ends the heartbeat; the page then shows the run as stopped
        }
    }

    private void write() throws IOException {
        synchronized (this) {
            progress.heartbeatMillis = System.currentTimeMillis();
            ProgressFiles.write(progress, progressFile);
        }
    }
}
