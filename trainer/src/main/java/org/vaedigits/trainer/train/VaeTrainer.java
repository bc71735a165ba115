package org.vaedigits.trainer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.AtomicFiles;
import org.vaedigits.modelfile.CannotWriteException;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.export.Exporter;
import org.vaedigits.trainer.model.VaeModel;
import org.vaedigits.trainer.report.Reports;
import org.vaedigits.trainer.train.listeners.EpochCheckpoints;
import org.vaedigits.trainer.train.listeners.EpochLog;
import org.vaedigits.trainer.train.listeners.EpochsCsvWriter;
import org.vaedigits.trainer.train.listeners.InterruptCheckpoint;
import org.vaedigits.trainer.train.listeners.LiveTraining;
import org.vaedigits.trainer.train.listeners.NonFiniteLossStop;
import org.vaedigits.trainer.train.listeners.ProgressListener;
import org.vaedigits.trainer.train.listeners.UpdatesCsvWriter;

/**
 * Trains the VAE: checks the settings, reads the checkpoint a run resumes from and the data, then
 * prepares the run folder and the model, runs the {@link TrainingLoop} with its listeners (progress,
 * CSV logs, checkpoints, epoch log, Ctrl-C, NaN/Inf stop), then for a finished run the final test
 * evaluation, the model file and the plots.
 */
public final class VaeTrainer {
    /** Seed of the noise used for the per-epoch and final test evaluations. */
    public static final long EVAL_SEED = 12345;
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String UPDATES_CSV = UpdatesCsvWriter.FILE;
    public static final String EPOCHS_CSV = EpochsCsvWriter.FILE;
    /** The files of the run folder written atomically, whose temporary files a killed run may leave. */
    static final List<String> RUN_FILES = List.of(CHECKPOINT, UPDATES_CSV, Reports.DATASET, Reports.CURVES,
            Reports.RECONSTRUCTIONS, Reports.SAMPLES);

    private final PrintStream log;

    public VaeTrainer(PrintStream log) {
        this.log = log;
    }

    /**
     * Runs training as configured, with {@code extra} listeners after the standard ones; throws
     * with a specific message on bad settings or data.
     */
    public TrainResult train(TrainConfig config, TrainingListener... extra) throws IOException {
        String problems = config.problems();
        if (problems != null) {
            throw new IllegalArgumentException(problems);
        }
        long started = System.nanoTime();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = config.out != null ? config.out : Path.of("models", "vae-" + stamp + ".json");
        if (Files.exists(out) && !config.force) {
            throw new FileAlreadyExistsException(out.toString(), null, "model file exists; pass --force to replace it or choose another --out");
        }
        String modelName = out.getFileName().toString().replaceFirst("\\.json$", "");
        Path runDir = config.runDir != null ? config.runDir : Path.of("runs", modelName + "-" + stamp);
        Checkpoint resumeFrom = resumePoint(config, runDir.resolve(CHECKPOINT));

        Dataset train = Mnist.load(config.dataDir, Mnist.Split.TRAIN);
        if (config.trainLimit > 0) {
            train = train.first(config.trainLimit);
        }
        Dataset test = Mnist.load(config.dataDir, Mnist.Split.TEST);
        if (resumeFrom != null && resumeFrom.trainImages != train.count) {
            throw new IllegalArgumentException(runDir.resolve(CHECKPOINT) + " was trained on " + resumeFrom.trainImages
                    + " images, the data now has " + train.count);
        }
        prepareRunFolder(runDir);
        // reading the IDX files leaves ~150 MB of garbage: collect it now so the heap (and RSS) stays small
        System.gc();
        log.printf(Locale.ROOT, "training on %d images (%s), testing on %d; run folder %s%n", train.count,
                config.dataDir, test.count, runDir);

        try (VaeModel model = resumeFrom != null ? fromCheckpoint(resumeFrom) : VaeModel.initialized(config.seed);
             LiveTraining live = new LiveTraining(out, modelName)) {
            Adam adam = new Adam(model.theta());
            Checkpoint state = resumeFrom != null ? restore(resumeFrom, adam, runDir.resolve(CHECKPOINT)) : fresh(config, train.count);
            state.plannedEpochs = config.epochs;
            TrainingContext context = new TrainingContext(config, modelName, out, runDir, train, test, model, adam, state, started);
            List<TrainingListener> listeners = listeners(config);
            if (config.live) {
                listeners.add(listeners.size() - 2, live); // before Ctrl-C and the NaN stop, as listeners() says
            }
            listeners.addAll(List.of(extra));
            try {
                TrainResult.Stop stop = new TrainingLoop(context, listeners).run();
                if (stop != TrainResult.Stop.FINISHED) {
                    return new TrainResult(null, out, runDir, null, stop, context.speedsPerEpoch(), context.cpuSpeedsPerEpoch());
                }
                return finish(context, config.force || resumeFrom != null);
            } catch (CannotWriteException e) {
                throw withWhatIsKept(e, context);
            }
        }
    }

    /**
     * Creates the run folder (only now that the data has been read and checked, so a data error
     * leaves none) and removes the temporary files that writes killed mid-way left in it.
     */
    private void prepareRunFolder(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        for (String file : RUN_FILES) {
            for (Path leftover : AtomicFiles.removeLeftovers(runDir.resolve(file))) {
                log.println("removed " + leftover + ", left by a write that was cut off");
            }
        }
    }

    /**
     * The failed write's message with what is still there to continue from: the model file it
     * did not replace, the checkpoint on disk and how to resume it.
     */
    private static IOException withWhatIsKept(CannotWriteException e, TrainingContext c) {
        StringBuilder message = new StringBuilder(e.getMessage());
        if (e.file().equals(c.out()) && Files.isRegularFile(c.out())) {
            message.append("; the model file ").append(c.out()).append(" is unchanged");
        }
        String checkpoint = c.savedCheckpoint();
        if (checkpoint == null) {
            message.append("; no checkpoint was written yet");
        } else {
            message.append("; ").append(checkpoint).append(" is kept: continue with `train --resume --run-dir ")
                    .append(c.runDir()).append("` (same --out, --epochs) once the problem is fixed");
        }
        return new IOException(message.toString(), e);
    }

    /**
     * The standard listeners in the order they hear each event: progress and the files first; Ctrl-C
     * and the NaN/Inf stop last, so that at the end they speak after the bar is closed and the
     * logs are flushed.
     */
    List<TrainingListener> listeners(TrainConfig config) {
        List<TrainingListener> listeners = new ArrayList<>();
        if (config.progress) {
            listeners.add(config.plainProgress || !ProgressListener.terminal() ? ProgressListener.lines(System.err) : ProgressListener.bar());
        }
        listeners.add(new UpdatesCsvWriter());
        listeners.add(new EpochCheckpoints());
        listeners.add(new EpochsCsvWriter());
        listeners.add(new EpochLog(log));
        // the page's live-training view (LiveTraining) joins here in train(): it must be closed after the final export
        listeners.add(new InterruptCheckpoint(log));
        listeners.add(new NonFiniteLossStop(log));
        return listeners;
    }

    /** The final test evaluation, the model file and the plots of a finished run. */
    private TrainResult finish(TrainingContext c, boolean replace) throws IOException {
        TrainConfig config = c.config();
        Dataset train = c.trainData();
        Dataset test = c.testData();
        if (config.iwK > 0) {
            log.printf(Locale.ROOT, "evaluating on %d test images (importance-weighted bound: K=%d over %s images)...%n",
                    test.count, config.iwK, config.iwImages <= 0 ? "all" : String.valueOf(Math.min(config.iwImages, test.count)));
        }
        Evaluation evaluation = new Evaluator(c.model()).withProgress(config.progress).evaluate(test, EVAL_SEED, config.iwK, config.iwImages);
        double wall = c.wallSeconds();
        double trainSeconds = c.trainSeconds();
        long images = (long) train.count * config.epochs;
        Exporter.Run run = new Exporter.Run(train.source, train.count, config.epochs, config.batchSize,
                Double.parseDouble(Float.toString(config.learningRate)), config.schedule, config.seed, c.updates(), wall,
                images / trainSeconds, Instant.now().toString());
        ModelFile file = new Exporter(c.model()).export(run, evaluation, test, c.curves().kl(), c.curves().bce(), c.testNegElbo());
        ModelFiles.write(file, c.out(), replace);
        log.printf(Locale.ROOT, "test: -ELBO %.3f (BCE %.3f + KL %.3f), BCE at z=mu %.3f, %s%n",
                evaluation.negElbo(), evaluation.bce(), evaluation.kl(), evaluation.bceAtMean(), evaluation.iwK() > 0
                        ? String.format(Locale.ROOT, "IW log p(x) %.3f (K=%d, %d images)", evaluation.iwLogPx(), evaluation.iwK(), evaluation.iwImages())
                        : "IW log p(x) skipped (--iw-k 0)");
        log.printf(Locale.ROOT, "wrote %s (%d updates, %.1f s training steps, %,.0f img/s, %.1f s wall)%n", c.out(), c.updates(),
                trainSeconds, images / trainSeconds, wall);
        if (config.plots) {
            try {
                for (Path png : new Reports(c.model()).writeAll(file, train, test, c.runDir())) {
                    log.println("plot " + png);
                }
            } catch (CannotWriteException e) {
                throw new IOException(e.getMessage() + "; the model file " + c.out() + " is written", e);
            }
        }
        return new TrainResult(file, c.out(), c.runDir(), evaluation, TrainResult.Stop.FINISHED, c.speedsPerEpoch(),
                c.cpuSpeedsPerEpoch());
    }

    /** The checkpoint a {@code --resume} run continues (checked against the settings); null for a fresh run. */
    private static Checkpoint resumePoint(TrainConfig config, Path checkpointFile) throws IOException {
        if (!config.resume) {
            if (Files.exists(checkpointFile)) {
                throw new FileAlreadyExistsException(checkpointFile.toString(), null,
                        "run folder already holds a checkpoint; pass --resume to continue it or choose another --run-dir");
            }
            return null;
        }
        Checkpoint c = Checkpoint.read(checkpointFile);
        String mismatch = mismatch(c, config);
        if (mismatch != null) {
            throw new IllegalArgumentException(checkpointFile + " was trained with " + mismatch);
        }
        return c;
    }

    /** Adam's state from the checkpoint a run resumes from; returns that checkpoint. */
    private Checkpoint restore(Checkpoint c, Adam adam, Path checkpointFile) {
        if (!c.adamMean.containsKey("theta") || !c.adamVariance.containsKey("theta")) {
            throw new IllegalArgumentException(checkpointFile + " holds no optimizer state for the flat parameters (older trainer?)");
        }
        adam.restore(c.adamSteps, c.adamMean.get("theta"), c.adamVariance.get("theta"));
        log.printf(Locale.ROOT, "resuming after epoch %d, batch %d (%d updates)%n", c.epochsDone, c.batchesDone, c.updates);
        return c;
    }

    private static String mismatch(Checkpoint c, TrainConfig config) {
        if (c.seed != config.seed) {
            return "--seed " + c.seed + ", not " + config.seed;
        }
        if (c.batchSize != config.batchSize) {
            return "--batch-size " + c.batchSize + ", not " + config.batchSize;
        }
        if (c.learningRate != config.learningRate) {
            return "--lr " + c.learningRate + ", not " + config.learningRate;
        }
        if (!c.schedule.equals(config.schedule)) {
            return "--schedule " + c.schedule + ", not " + config.schedule;
        }
        if (config.schedule.equals("cosine") && c.plannedEpochs != config.epochs) {
            return "--epochs " + c.plannedEpochs + " (the cosine schedule depends on it), not " + config.epochs;
        }
        if (c.epochsDone > config.epochs) {
            return c.epochsDone + " epochs already, more than --epochs " + config.epochs;
        }
        return null;
    }

    private static VaeModel fromCheckpoint(Checkpoint c) {
        VaeModel model = VaeModel.initialized(c.seed);
        model.setWeights(c.weights);
        return model;
    }

    private static Checkpoint fresh(TrainConfig config, int trainImages) {
        Checkpoint c = new Checkpoint();
        c.seed = config.seed;
        c.batchSize = config.batchSize;
        c.learningRate = config.learningRate;
        c.schedule = config.schedule;
        c.plannedEpochs = config.epochs;
        c.trainImages = trainImages;
        return c;
    }
}
