package org.vaedigits.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.Prng;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeLoss;
import org.vaedigits.trainer.model.VaeModel;

/**
 * The training loop: from the context's position to the last epoch, each epoch a shuffle and
 * noise drawn from the epoch's own seed, then per batch the forward and backward pass, one fused
 * Adam step on the batch-summed −ELBO, and the epoch's test evaluation; the listeners hear of each
 * step. The shuffle, the noise and the tensor operations are those of an uninterrupted run, so a
 * seed gives the same weights bit for bit, resumed or not.
 */
final class TrainingLoop {
    private final TrainingContext context;
    private final List<TrainingListener> listeners;
    private final TrainConfig config;
    private final VaeModel model;
    private final Adam adam;
    private final int n;
    private final float[] noise; // (n,8) ε of one epoch, refilled each epoch
    private final Engine engine = Engine.getInstance();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    TrainingLoop(TrainingContext context, List<TrainingListener> listeners) {
        this.context = context;
        this.listeners = List.copyOf(listeners);
        config = context.config();
        model = context.model();
        adam = context.adam();
        n = context.trainData().count;
        noise = new float[n * VaeBlock.LATENT];
    }

    /** Trains the remaining epochs and returns how the run ended. */
    TrainResult.Stop run() throws IOException {
        Evaluator evaluator = new Evaluator(model);
        int begun = 0;
        Throwable failure = null;
        try (NDManager data = model.manager().newSubManager(); VaeLoss loss = new VaeLoss(data)) {
            for (TrainingListener listener : listeners) {
                listener.onTrainingBegin(context);
                begun++;
            }
            NDArray trainX = data.create(context.trainData().pixels, new Shape(n, Binarizer.PIXELS));
            epochs:
            for (int epoch = context.epoch(); epoch < config.epochs; epoch++) {
                context.startEpoch(epoch);
                try (NDManager epochData = data.newSubManager()) {
                    NDList shuffled = shuffled(epochData, trainX, epoch);
                    for (int b = context.batchesDone(); b < context.batchesPerEpoch(); b++) {
                        // a stop after the epoch's last update still measures the epoch (as its checkpoint says it is done)
                        if (!trainBatch(epochData, loss, shuffled, b) && context.batchesDone() < context.batchesPerEpoch()) {
                            break epochs;
                        }
                    }
                }
                context.endEpoch(evaluator.elbo(context.testData(), VaeTrainer.EVAL_SEED));
                for (TrainingListener listener : listeners) {
                    listener.onEpoch(context);
                }
                if (context.stopRequested()) {
                    break;
                }
            }
            context.finish();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            end(begun, failure);
        }
        return context.stop();
    }

    /**
     * Batch {@code b} of the epoch: forward and backward pass, the update unless a listener rejects
     * it, the listeners; false when the run stops here.
     */
    private boolean trainBatch(NDManager epochData, VaeLoss loss, NDList shuffled, int b) throws IOException {
        int from = b * config.batchSize;
        int to = Math.min(n, from + config.batchSize);
        long t0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        try (NDManager batch = epochData.newSubManager()) {
            float[] bceAndKlCore = forwardBackward(batch, loss, shuffled, from, to);
            context.batchLoss(b, from, to, bceAndKlCore[0], (float) VaeLoss.klFromCore(bceAndKlCore[1], to - from));
            for (TrainingListener listener : listeners) {
                listener.onBatchLoss(context);
            }
            if (context.updateRejected()) {
                return false;
            }
            adam.step(config.learningRateAt(context.updates(), context.totalUpdates()));
        }
        context.updateApplied(System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu0);
        for (TrainingListener listener : listeners) {
            listener.onTrainingBatch(context);
        }
        return !context.stopRequested();
    }

    /**
     * Forward and backward pass over rows [from, to) of the epoch's order: the batch's summed BCE
     * and KL core ({@link VaeLoss#klCore}), read from the engine in one transfer.
     */
    private float[] forwardBackward(NDManager batch, VaeLoss loss, NDList shuffled, int from, int to) {
        NDIndex rows = new NDIndex().addSliceDim(from, to);
        NDArray x = shuffled.get(0).get(rows);
        x.attach(batch);
        NDArray eps = shuffled.get(1).get(rows);
        eps.attach(batch);
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDList o = model.forwardForTraining(x, eps);
            NDArray bce = loss.bceSum(o.get(0), x);
            NDArray klCore = loss.klCore(o.get(1), o.get(2), o.get(3));
            gc.backward(loss.objective(bce, klCore));
            return NDArrays.stack(new NDList(bce, klCore)).toFloatArray();
        }
    }

    /**
     * The epoch's training rows (n,196) in its shuffled order and its noise ε (n,8), both drawn
     * from the epoch's seed: first the permutation, then n·8 Gaussians.
     */
    private NDList shuffled(NDManager epochData, NDArray trainX, int epoch) {
        Prng prng = new Prng(epochSeed(config.seed, epoch));
        int[] order = permutation(n, prng);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) prng.nextGaussian();
        }
        NDArray xs = trainX.get(epochData.create(order));
        xs.attach(epochData);
        NDArray es = epochData.create(noise, new Shape(n, VaeBlock.LATENT));
        return new NDList(xs, es);
    }

    /**
     * {@code onTrainingEnd} to the listeners whose {@code onTrainingBegin} returned, each even when
     * an earlier one throws; the first exception is rethrown unless the loop already failed.
     */
    private void end(int begun, Throwable failure) throws IOException {
        Throwable first = null;
        for (TrainingListener listener : listeners.subList(0, begun)) {
            try {
                listener.onTrainingEnd(context);
            } catch (IOException | RuntimeException | Error e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException e) {
            throw e;
        } else if (first instanceof RuntimeException e) {
            throw e;
        } else if (first instanceof Error e) {
            throw e;
        }
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
}
