package org.vaedigits.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.model.VaeModel;

/**
 * What the training loop shows its {@link TrainingListener}s: the run (settings, model name,
 * files, data, model, Adam, curves, checkpoint state), where it is (epoch, batch, updates), the
 * current batch's KL and BCE, the epoch's totals and timings, the test evaluation after each
 * epoch; and how listeners stop the run. Indices are 0-based, like the loop's.
 */
public final class TrainingContext {
    private final TrainConfig config;
    private final String modelName;
    private final Path out;
    private final Path runDir;
    private final Dataset train;
    private final Dataset test;
    private final VaeModel model;
    private final Adam adam;
    private final Checkpoint state;
    private final Curves curves;
    private final int batchesPerEpoch;
    private final long startedNanos;
    private final double wallSecondsBefore;
    private final List<Double> epochSpeeds = new ArrayList<>();
    private final List<Double> epochCpuSpeeds = new ArrayList<>();
    private float[] testNegElbo;
    private double trainSecondsBeforeEpoch;
    // the position of the checkpoint on disk: the one resumed from, then the last one written; -1 before any
    private int savedEpochs = -1;
    private int savedBatches;

    // the current epoch
    private int epoch;
    private int batchesDone; // of this epoch, counting those before a resume
    private double epochLoss;
    private int epochImages;
    private long epochNanos;
    private long epochCpuNanos;
    private Evaluation testEvaluation;

    // the current batch: rows [batchFrom, batchTo) of the epoch's order
    private int batch;
    private int batchFrom;
    private int batchTo;
    private float bceSum;
    private float klSum;

    private TrainResult.Stop requested;
    private boolean updateRejected;
    private TrainResult.Stop stop;

    /**
     * A run at the position of {@code state} (a checkpoint's, or a fresh one), started at
     * {@code startedNanos} ({@link System#nanoTime()}).
     */
    TrainingContext(TrainConfig config, String modelName, Path out, Path runDir, Dataset train, Dataset test,
                    VaeModel model, Adam adam, Checkpoint state, long startedNanos) {
        this.config = config;
        this.modelName = modelName;
        this.out = out;
        this.runDir = runDir;
        this.train = train;
        this.test = test;
        this.model = model;
        this.adam = adam;
        this.state = state;
        this.startedNanos = startedNanos;
        curves = new Curves(state.kl, state.bce, state.updates);
        batchesPerEpoch = (train.count + config.batchSize - 1) / config.batchSize;
        wallSecondsBefore = state.wallSeconds;
        trainSecondsBeforeEpoch = state.trainSeconds;
        testNegElbo = state.testNegElbo;
        epoch = state.epochsDone;
        batchesDone = state.batchesDone;
        if (config.resume) {
            savedEpochs = state.epochsDone;
            savedBatches = state.batchesDone;
        }
    }

    public TrainConfig config() {
        return config;
    }

    /** The model file's name without ".json", e.g. "vae-20261201-085200". */
    public String modelName() {
        return modelName;
    }

    /** The model file the run writes when it finishes. */
    public Path out() {
        return out;
    }

    /** The run folder: checkpoint, CSV logs, plots. */
    public Path runDir() {
        return runDir;
    }

    public Path checkpointFile() {
        return runDir.resolve(VaeTrainer.CHECKPOINT);
    }

    public Dataset trainData() {
        return train;
    }

    public Dataset testData() {
        return test;
    }

    public VaeModel model() {
        return model;
    }

    public Adam adam() {
        return adam;
    }

    /** KL and BCE per image of every update so far, those before a resume included. */
    public Curves curves() {
        return curves;
    }

    /** The checkpoint state: settings and the position of the last checkpoint written. */
    public Checkpoint state() {
        return state;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public long totalUpdates() {
        return (long) batchesPerEpoch * config.epochs;
    }

    /** The current epoch (0-based; {@code epoch() + 1} of {@code config().epochs}). */
    public int epoch() {
        return epoch;
    }

    /** The current batch of the epoch (0-based). */
    public int batch() {
        return batch;
    }

    /** First row of the current batch in the epoch's order. */
    public int batchFrom() {
        return batchFrom;
    }

    /** One past the current batch's last row: the epoch's images up to and including this batch. */
    public int batchTo() {
        return batchTo;
    }

    public int batchImages() {
        return batchTo - batchFrom;
    }

    /** BCE summed over the batch's images and pixels. */
    public float batchBceSum() {
        return bceSum;
    }

    /** KL summed over the batch's images and latent dimensions. */
    public float batchKlSum() {
        return klSum;
    }

    /** BCE per image of the current batch. */
    public float batchBce() {
        return bceSum / batchImages();
    }

    /** KL per image of the current batch. */
    public float batchKl() {
        return klSum / batchImages();
    }

    /** −ELBO per image of the current batch. */
    public float batchNegElbo() {
        return (bceSum + klSum) / batchImages();
    }

    /** Weight updates applied so far, those before a resume included. */
    public int updates() {
        return curves.size();
    }

    /** Summed −ELBO of the epoch's batches in this process. */
    public double epochLoss() {
        return epochLoss;
    }

    /** Images the epoch has trained on in this process (a resumed epoch: since the resume). */
    public int epochImages() {
        return epochImages;
    }

    /** Seconds of the epoch's training steps (forward, backward, update) in this process. */
    public double epochSeconds() {
        return epochNanos / 1e9;
    }

    /** The epoch's training images per second of training steps. */
    public double epochImagesPerSecond() {
        return epochImages / (epochNanos / 1e9);
    }

    /** Seconds of training steps of the whole run, those before a resume included. */
    public double trainSeconds() {
        return trainSecondsBeforeEpoch + epochNanos / 1e9;
    }

    /** Wall-clock seconds of the whole run, those before a resume included. */
    public double wallSeconds() {
        return wallSecondsBefore + (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Seconds of training steps left in the run at this epoch's speed. */
    public double etaSeconds() {
        long remainingImages = (long) (config.epochs - epoch - 1) * train.count + (train.count - batchTo);
        return remainingImages / epochImagesPerSecond();
    }

    /** The test evaluation after the current epoch (in {@code onEpoch}; null before). */
    public Evaluation testEvaluation() {
        return testEvaluation;
    }

    /** Test −ELBO per image after each finished epoch, those before a resume included (a copy). */
    public float[] testNegElbo() {
        return testNegElbo.clone();
    }

    /** Ends the run after the current update (in {@code onTrainingBatch}) or epoch (in {@code onEpoch}). */
    public void requestStop(TrainResult.Stop reason) {
        if (requested == null) {
            requested = reason;
        }
    }

    /** Ends the run without the current batch's update (in {@code onBatchLoss}). */
    public void stopWithoutUpdate(TrainResult.Stop reason) {
        requested = reason;
        updateRejected = true;
    }

    /** Why the loop ended, once it has (in {@code onTrainingEnd}); null while running or when it failed. */
    public TrainResult.Stop stop() {
        return stop;
    }

    /**
     * Writes the checkpoint of the current position (after the last applied update) atomically to
     * {@link #checkpointFile()}: weights, Adam's state, curves, test −ELBO per epoch, times.
     */
    public void writeCheckpoint() throws IOException {
        boolean epochDone = batchesDone == batchesPerEpoch;
        state.epochsDone = epochDone ? epoch + 1 : epoch;
        state.batchesDone = epochDone ? 0 : batchesDone;
        state.weights = model.weights();
        state.adamSteps = adam.steps();
        state.adamMean = Map.of("theta", adam.meanValues());
        state.adamVariance = Map.of("theta", adam.varianceValues());
        state.updates = curves.size();
        state.kl = curves.kl();
        state.bce = curves.bce();
        state.testNegElbo = testNegElbo;
        state.trainSeconds = trainSeconds();
        state.wallSeconds = wallSeconds();
        state.write(checkpointFile());
        savedEpochs = state.epochsDone;
        savedBatches = state.batchesDone;
    }

    /**
     * The checkpoint on disk, for messages: "the checkpoint after epoch 3 (runs/x/checkpoint.bin)",
     * or "after batch 40 of epoch 4" for one of Ctrl-C; null when the run has none yet.
     */
    public String savedCheckpoint() {
        if (savedEpochs < 0) {
            return null;
        }
        String position = savedBatches > 0 ? "batch " + savedBatches + " of epoch " + (savedEpochs + 1) : "epoch " + savedEpochs;
        return "the checkpoint after " + position + " (" + checkpointFile() + ")";
    }

    // --- the loop's side ---

    /** Batches of the current epoch done, counting those before a resume. */
    int batchesDone() {
        return batchesDone;
    }

    /** Starts {@code epoch}; the epoch a run resumes in keeps the batches done before the resume. */
    void startEpoch(int epoch) {
        trainSecondsBeforeEpoch = trainSeconds();
        if (epoch != this.epoch) {
            batchesDone = 0;
        }
        this.epoch = epoch;
        epochLoss = 0;
        epochImages = 0;
        epochNanos = 0;
        epochCpuNanos = 0;
        testEvaluation = null;
    }

    void batchLoss(int batch, int from, int to, float bceSum, float klSum) {
        this.batch = batch;
        batchFrom = from;
        batchTo = to;
        this.bceSum = bceSum;
        this.klSum = klSum;
    }

    boolean updateRejected() {
        return updateRejected;
    }

    void updateApplied(long nanos, long cpuNanos) {
        epochNanos += nanos;
        epochCpuNanos += cpuNanos;
        curves.add(batchKl(), batchBce());
        epochLoss += bceSum + klSum;
        epochImages += batchImages();
        batchesDone++;
    }

    void endEpoch(Evaluation test) {
        epochSpeeds.add(epochImages / (epochNanos / 1e9));
        epochCpuSpeeds.add(epochImages / (epochCpuNanos / 1e9));
        testNegElbo = Arrays.copyOf(testNegElbo, epoch + 1);
        testNegElbo[epoch] = (float) test.negElbo();
        testEvaluation = test;
    }

    boolean stopRequested() {
        return requested != null;
    }

    void finish() {
        stop = requested != null ? requested : TrainResult.Stop.FINISHED;
    }

    /** Training images per second of each epoch finished in this process. */
    double[] speedsPerEpoch() {
        return epochSpeeds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The same per CPU second of the training thread. */
    double[] cpuSpeedsPerEpoch() {
        return epochCpuSpeeds.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
