package org.vaedigits.trainer.train;

import java.io.IOException;

/**
 * Something that follows a training run, in the manner of DJL's {@code TrainingListener}: the
 * loop ({@link TrainingLoop}) calls it at the run's begin, for every batch, after every epoch and
 * at the end, handing it the {@link TrainingContext}. The progress bar, the CSV logs, the
 * checkpoints, the epoch log lines, Ctrl-C and the NaN/Inf stop are listeners (package
 * {@code train.listeners}), registered by {@link VaeTrainer#listeners}. Every event goes to the
 * listeners in registration order; {@code onTrainingEnd} only to those whose
 * {@code onTrainingBegin} returned.
 *
 * <p>The next listener: the page's live-training view, which writes a progress document and an
 * epoch snapshot model into the models folder ({@code context.out().getParent()}) atomically. What
 * it needs is on the context: {@link TrainingContext#modelName()}; epoch k of n
 * ({@link TrainingContext#epoch()} + 1, {@code config().epochs}); {@link TrainingContext#updates()};
 * recent KL and BCE per image ({@link TrainingContext#curves()}, or {@link TrainingContext#batchKl()}
 * and {@link TrainingContext#batchBce()} in {@code onTrainingBatch}); test −ELBO per epoch
 * ({@link TrainingContext#testNegElbo()}, and the whole {@link TrainingContext#testEvaluation()}
 * in {@code onEpoch}); {@link TrainingContext#etaSeconds()}; the model and both data sets for the
 * snapshot.
 */
public interface TrainingListener {
    /** Once, before the first batch: open files, install hooks. */
    default void onTrainingBegin(TrainingContext context) throws IOException {
    }

    /**
     * After a batch's forward and backward pass, before its Adam update: the batch's KL and BCE
     * are known and a listener may reject the update, which also ends the run
     * ({@link TrainingContext#stopWithoutUpdate}). Most listeners want {@link #onTrainingBatch}.
     */
    default void onBatchLoss(TrainingContext context) throws IOException {
    }

    /**
     * After a batch's update: {@link TrainingContext#updates()}, the epoch's totals and timings
     * include it. A listener may end the run here, after this update ({@link TrainingContext#requestStop}).
     */
    default void onTrainingBatch(TrainingContext context) throws IOException {
    }

    /**
     * After an epoch's last update and its test evaluation ({@link TrainingContext#testEvaluation()}).
     * A stop requested here ends the run after this epoch.
     */
    default void onEpoch(TrainingContext context) throws IOException {
    }

    /**
     * Once, when the loop ends: {@link TrainingContext#stop()} says why, or is null when the loop
     * failed with an exception (then only release what you hold).
     */
    default void onTrainingEnd(TrainingContext context) throws IOException {
    }
}
