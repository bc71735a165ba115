package org.vaedigits.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;
import org.vaedigits.modelfile.AtomicFiles;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.export.Exporter;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeLoss;
import org.vaedigits.trainer.model.VaeModel;
import org.vaedigits.trainer.report.Reports;

/**
 * Trains the VAE: seeded shuffling and noise per epoch (so a run, resumed or not, is the same
 * run), Adam on the batch-summed −ELBO, per-update KL/BCE to {@code updates.csv}, a checkpoint
 * after every epoch and on Ctrl-C, a stop with the last good checkpoint on a NaN/Inf loss, then
 * the final test evaluation, the model file and the plots.
 */
public final class VaeTrainer {
    /** Seed of the noise used for the per-epoch and final test evaluations. */
    public static final long EVAL_SEED = 12345;
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String UPDATES_CSV = "updates.csv";
    public static final String EPOCHS_CSV = "epochs.csv";

    private final PrintStream log;

    public VaeTrainer(PrintStream log) {
        this.log = log;
    }

    /** Runs training as configured; throws with a specific message on bad settings or data. */
    public TrainResult train(TrainConfig config) throws IOException {
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
        Path checkpointFile = runDir.resolve(CHECKPOINT);
        Checkpoint resumeFrom = null;
        if (config.resume) {
            resumeFrom = Checkpoint.read(checkpointFile);
            String mismatch = mismatch(resumeFrom, config);
            if (mismatch != null) {
                throw new IllegalArgumentException(checkpointFile + " was trained with " + mismatch);
            }
        } else if (Files.exists(checkpointFile)) {
            throw new FileAlreadyExistsException(checkpointFile.toString(), null,
                    "run folder already holds a checkpoint; pass --resume to continue it or choose another --run-dir");
        }
        Files.createDirectories(runDir);

        Dataset train = Mnist.load(config.dataDir, Mnist.Split.TRAIN);
        if (config.trainLimit > 0) {
            train = train.first(config.trainLimit);
        }
        Dataset test = Mnist.load(config.dataDir, Mnist.Split.TEST);
        if (resumeFrom != null && resumeFrom.trainImages != train.count) {
            throw new IllegalArgumentException(checkpointFile + " was trained on " + resumeFrom.trainImages
                    + " images, the data now has " + train.count);
        }
        // reading the IDX files leaves ~150 MB of garbage: collect it now so the heap (and RSS) stays small
        System.gc();
        log.printf(Locale.ROOT, "training on %d images (%s), testing on %d; run folder %s%n", train.count,
                config.dataDir, test.count, runDir);

        int n = train.count;
        int batchesPerEpoch = (n + config.batchSize - 1) / config.batchSize;
        long totalUpdates = (long) batchesPerEpoch * config.epochs;
        try (VaeModel model = resumeFrom != null ? fromCheckpoint(resumeFrom) : VaeModel.initialized(config.seed)) {
            Adam adam = new Adam(model.theta());
            Checkpoint state = resumeFrom != null ? resumeFrom : fresh(config, train.count, model);
            if (resumeFrom != null) {
                if (!state.adamMean.containsKey("theta") || !state.adamVariance.containsKey("theta")) {
                    throw new IllegalArgumentException(checkpointFile + " holds no optimizer state for the flat parameters (older trainer?)");
                }
                adam.restore(state.adamSteps, state.adamMean.get("theta"), state.adamVariance.get("theta"));
                log.printf(Locale.ROOT, "resuming after epoch %d, batch %d (%d updates)%n", state.epochsDone,
                        state.batchesDone, state.updates);
            }
            state.plannedEpochs = config.epochs;
            Curves curves = new Curves(state.kl, state.bce, state.updates);
            float[] testNegElbo = state.testNegElbo;
            Path csv = runDir.resolve(UPDATES_CSV);
            rewriteCsv(csv, curves, batchesPerEpoch);
            Path epochsCsv = runDir.resolve(EPOCHS_CSV);
            if (!Files.exists(epochsCsv)) {
                Files.writeString(epochsCsv, "epoch,train_neg_elbo,test_neg_elbo,test_bce,test_kl,train_seconds\n");
            }

            AtomicBoolean stopRequested = new AtomicBoolean();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stopRequested.set(true);
                try {
                    stopped.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vae-trainer-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            TrainResult.Stop stop = TrainResult.Stop.FINISHED;
            java.util.List<Double> epochSpeeds = new java.util.ArrayList<>();
            java.util.List<Double> epochCpuSpeeds = new java.util.ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double trainSeconds = state.trainSeconds;
            double wallBefore = state.wallSeconds;
            Evaluator evaluator = new Evaluator(model);
            try (NDManager data = model.manager().newSubManager(); VaeLoss loss = new VaeLoss(data);
                 BufferedWriter csvOut = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                NDArray trainX = data.create(train.pixels, new Shape(n, Binarizer.PIXELS));
                Engine engine = Engine.getInstance();
                float[] noise = new float[n * VaeBlock.LATENT]; // (n,8) ε of one epoch, refilled each epoch
                epochs:
                for (int epoch = state.epochsDone; epoch < config.epochs; epoch++) {
                    int firstBatch = epoch == state.epochsDone ? state.batchesDone : 0;
                    double epochLoss = 0;
                    int epochImages = 0;
                    long epochNanos = 0;
                    long epochCpuNanos = 0;
                    try (NDManager epochManager = data.newSubManager();
                         ProgressBar bar = progressBar(config, epoch, n, firstBatch)) {
                        Prng prng = new Prng(epochSeed(config.seed, epoch));
                        int[] order = permutation(n, prng);
                        for (int i = 0; i < noise.length; i++) {
                            noise[i] = (float) prng.nextGaussian();
                        }
                        NDArray xs = trainX.get(epochManager.create(order)); // (n,196) rows in this epoch's order
                        xs.attach(epochManager);
                        NDArray es = epochManager.create(noise, new Shape(n, VaeBlock.LATENT));
                        for (int b = firstBatch; b < batchesPerEpoch; b++) {
                            int from = b * config.batchSize;
                            int to = Math.min(n, from + config.batchSize);
                            int size = to - from;
                            float bceSum;
                            float klSum;
                            long t0 = System.nanoTime();
                            long cpu0 = threads.getCurrentThreadCpuTime();
                            try (NDManager batch = epochManager.newSubManager()) {
                                NDIndex rows = new NDIndex().addSliceDim(from, to);
                                NDArray x = xs.get(rows);
                                x.attach(batch);
                                NDArray eps = es.get(rows);
                                eps.attach(batch);
                                try (GradientCollector gc = engine.newGradientCollector()) {
                                    NDList o = model.forwardForTraining(x, eps);
                                    NDArray bce = loss.bceSum(o.get(0), x);
                                    NDArray klCore = loss.klCore(o.get(1), o.get(2), o.get(3));
                                    gc.backward(loss.objective(bce, klCore));
                                    float[] values = NDArrays.stack(new NDList(bce, klCore)).toFloatArray(); // one read
                                    bceSum = values[0];
                                    klSum = (float) VaeLoss.klFromCore(values[1], size);
                                }
                                if (!Float.isFinite(bceSum) || !Float.isFinite(klSum)) {
                                    stop = TrainResult.Stop.NON_FINITE_LOSS;
                                    if (bar != null) {
                                        bar.close();
                                    }
                                    String kept = Files.exists(checkpointFile)
                                            ? "the last good checkpoint (after epoch " + state.epochsDone + ") is kept in " + checkpointFile
                                            : "no epoch had finished, so there is no checkpoint";
                                    log.printf(Locale.ROOT, "%nstopped: the loss became %s at epoch %d, batch %d (update %d): BCE %s, KL %s."
                                                    + " The weights were not updated with it; %s. No model file was written. Try a smaller --lr.%n",
                                            Float.isNaN(bceSum + klSum) ? "NaN" : "infinite", epoch + 1, b + 1, curves.size + 1,
                                            bceSum, klSum, kept);
                                    break epochs;
                                }
                                adam.step(config.learningRateAt(curves.size, totalUpdates));
                            }
                            epochNanos += System.nanoTime() - t0;
                            epochCpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
                            curves.add(klSum / size, bceSum / size);
                            csvOut.write(curves.size + "," + (epoch + 1) + "," + klSum / size + "," + bceSum / size + "\n");
                            epochLoss += bceSum + klSum;
                            epochImages += size;
                            if (bar != null) {
                                bar.stepBy(size);
                                if ((b & 15) == 0 || b == batchesPerEpoch - 1) {
                                    double elapsed = trainSeconds + epochNanos / 1e9;
                                    long remainingImages = (long) (config.epochs - epoch - 1) * n + (n - to);
                                    double speed = epochImages / (epochNanos / 1e9);
                                    bar.setExtraMessage(String.format(Locale.ROOT, "-ELBO %.2f KL %.2f BCE %.2f | %,.0f img/s | run ETA %s",
                                            (bceSum + klSum) / size, klSum / size, bceSum / size, speed,
                                            duration(remainingImages / speed)));
                                }
                            }
                            if (stopRequested.get()) {
                                state.epochsDone = epoch;
                                state.batchesDone = b + 1;
                                if (state.batchesDone == batchesPerEpoch) {
                                    state.epochsDone = epoch + 1;
                                    state.batchesDone = 0;
                                }
                                trainSeconds += epochNanos / 1e9;
                                saveCheckpoint(state, model, adam, curves, testNegElbo, trainSeconds,
                                        wallBefore + (System.nanoTime() - started) / 1e9, checkpointFile);
                                csvOut.flush();
                                stop = TrainResult.Stop.INTERRUPTED;
                                log.printf(Locale.ROOT, "%ninterrupted: checkpoint saved after %d updates in %s; continue with"
                                        + " `train --resume --run-dir %s` (same --out, --epochs)%n", curves.size, checkpointFile, runDir);
                                break epochs;
                            }
                        }
                    }
                    trainSeconds += epochNanos / 1e9;
                    epochSpeeds.add(epochImages / (epochNanos / 1e9));
                    epochCpuSpeeds.add(epochImages / (epochCpuNanos / 1e9));
                    Evaluation e = evaluator.elbo(test, EVAL_SEED);
                    testNegElbo = Arrays.copyOf(testNegElbo, epoch + 1);
                    testNegElbo[epoch] = (float) e.negElbo();
                    state.epochsDone = epoch + 1;
                    state.batchesDone = 0;
                    csvOut.flush();
                    saveCheckpoint(state, model, adam, curves, testNegElbo, trainSeconds,
                            wallBefore + (System.nanoTime() - started) / 1e9, checkpointFile);
                    String line = String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.3f", epoch + 1,
                            epochImages == 0 ? Double.NaN : epochLoss / epochImages, e.negElbo(), e.bce(), e.kl(), trainSeconds);
                    Files.writeString(epochsCsv, line + "\n", StandardOpenOption.APPEND);
                    log.printf(Locale.ROOT, "epoch %d/%d: train -ELBO %.3f | test -ELBO %.3f (BCE %.3f, KL %.3f) | %,.0f img/s | %.2f s%n",
                            epoch + 1, config.epochs, epochLoss / Math.max(1, epochImages), e.negElbo(), e.bce(), e.kl(),
                            epochImages / (epochNanos / 1e9), epochNanos / 1e9);
                }
            } finally {
                stopped.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting (Ctrl-C): the hook is running and has been released
                }
            }
            if (stop != TrainResult.Stop.FINISHED) {
                return new TrainResult(null, out, runDir, null, stop, epochSpeeds.stream().mapToDouble(Double::doubleValue).toArray(),
                    epochCpuSpeeds.stream().mapToDouble(Double::doubleValue).toArray());
            }

            if (config.iwK > 0) {
                log.printf(Locale.ROOT, "evaluating on %d test images (importance-weighted bound: K=%d over %s images)...%n",
                        test.count, config.iwK, config.iwImages <= 0 ? "all" : String.valueOf(Math.min(config.iwImages, test.count)));
            }
            Evaluation evaluation = new Evaluator(model).withProgress(config.progress).evaluate(test, EVAL_SEED, config.iwK, config.iwImages);
            double wall = wallBefore + (System.nanoTime() - started) / 1e9;
            long images = (long) n * config.epochs;
            Exporter.Run run = new Exporter.Run(train.source, train.count, config.epochs, config.batchSize,
                    Double.parseDouble(Float.toString(config.learningRate)), config.schedule, config.seed, curves.size, wall, images / trainSeconds,
                    Instant.now().toString());
            ModelFile file = new Exporter(model).export(run, evaluation, test, curves.kl(), curves.bce(), testNegElbo);
            ModelFiles.write(file, out, config.force || resumeFrom != null);
            log.printf(Locale.ROOT, "test: -ELBO %.3f (BCE %.3f + KL %.3f), BCE at z=mu %.3f, %s%n",
                    evaluation.negElbo(), evaluation.bce(), evaluation.kl(), evaluation.bceAtMean(), evaluation.iwK() > 0
                            ? String.format(Locale.ROOT, "IW log p(x) %.3f (K=%d, %d images)", evaluation.iwLogPx(), evaluation.iwK(), evaluation.iwImages())
                            : "IW log p(x) skipped (--iw-k 0)");
            log.printf(Locale.ROOT, "wrote %s (%d updates, %.1f s training steps, %,.0f img/s, %.1f s wall)%n", out, curves.size,
                    trainSeconds, images / trainSeconds, wall);
            if (config.plots) {
                for (Path png : new Reports(model).writeAll(file, train, test, runDir)) {
                    log.println("plot " + png);
                }
            }
            return new TrainResult(file, out, runDir, evaluation, TrainResult.Stop.FINISHED,
                    epochSpeeds.stream().mapToDouble(Double::doubleValue).toArray(),
                    epochCpuSpeeds.stream().mapToDouble(Double::doubleValue).toArray());
        }
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

    private static Checkpoint fresh(TrainConfig config, int trainImages, VaeModel model) {
        Checkpoint c = new Checkpoint();
        c.seed = config.seed;
        c.batchSize = config.batchSize;
        c.learningRate = config.learningRate;
        c.schedule = config.schedule;
        c.plannedEpochs = config.epochs;
        c.trainImages = trainImages;
        return c;
    }

    private static void saveCheckpoint(Checkpoint c, VaeModel model, Adam adam, Curves curves, float[] testNegElbo,
                                       double trainSeconds, double wallSeconds, Path file) throws IOException {
        c.weights = model.weights();
        c.adamSteps = adam.steps();
        c.adamMean = Map.of("theta", adam.meanValues());
        c.adamVariance = Map.of("theta", adam.varianceValues());
        c.updates = curves.size;
        c.kl = curves.kl();
        c.bce = curves.bce();
        c.testNegElbo = testNegElbo;
        c.trainSeconds = trainSeconds;
        c.wallSeconds = wallSeconds;
        c.write(file);
    }

    private static void rewriteCsv(Path csv, Curves curves, int batchesPerEpoch) throws IOException {
        AtomicFiles.write(csv, stream -> {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
            w.write("update,epoch,kl,bce\n");
            for (int i = 0; i < curves.size; i++) {
                w.write((i + 1) + "," + (i / batchesPerEpoch + 1) + "," + curves.kl[i] + "," + curves.bce[i] + "\n");
            }
            w.flush();
        });
    }

    private static ProgressBar progressBar(TrainConfig config, int epoch, int n, int firstBatch) {
        if (!config.progress) {
            return null;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs))
                .setInitialMax(n)
                .setUnit(" img", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(150)
                .continuousUpdate()
                .build();
        bar.stepTo((long) firstBatch * config.batchSize);
        return bar;
    }

    /** The seed of an epoch's shuffle and noise, derived from the run's seed. */
    static long epochSeed(long seed, int epoch) {
        return seed * 0x9E3779B97F4A7C15L + 0xD1B54A32D192ED03L * (epoch + 1);
    }

    /** A Fisher–Yates permutation of 0..n-1. */
    static int[] permutation(int n, Prng prng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) ((prng.nextLong() >>> 1) % (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Growable per-update curves (KL and BCE per image). */
    static final class Curves {
        float[] kl;
        float[] bce;
        int size;

        Curves(float[] kl, float[] bce, long size) {
            this.kl = Arrays.copyOf(kl, Math.max(1024, (int) size * 2));
            this.bce = Arrays.copyOf(bce, Math.max(1024, (int) size * 2));
            this.size = (int) size;
        }

        void add(float k, float b) {
            if (size == kl.length) {
                kl = Arrays.copyOf(kl, size * 2);
                bce = Arrays.copyOf(bce, size * 2);
            }
            kl[size] = k;
            bce[size] = b;
            size++;
        }

        float[] kl() {
            return Arrays.copyOf(kl, size);
        }

        float[] bce() {
            return Arrays.copyOf(bce, size);
        }
    }
}
