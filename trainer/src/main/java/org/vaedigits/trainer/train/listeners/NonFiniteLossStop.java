package org.vaedigits.trainer.train.listeners;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;
import org.vaedigits.trainer.train.TrainResult;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * Stops the run when a batch's loss is NaN or infinite, before that batch updates the weights:
 * the last good checkpoint stays and no model file is written; the message says so and
 * suggests a smaller learning rate.
 */
public final class NonFiniteLossStop implements TrainingListener {
    private final PrintStream log;
    private String message;

    public NonFiniteLossStop(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onBatchLoss(TrainingContext c) {
        float bce = c.batchBceSum();
        float kl = c.batchKlSum();
        if (Float.isFinite(bce) && Float.isFinite(kl)) {
            return;
        }
        String kept = Files.exists(c.checkpointFile())
                ? "the last good checkpoint (after epoch " + c.state().epochsDone + ") is kept in " + c.checkpointFile()
                : "no epoch had finished, so there is no checkpoint";
        message = String.format(Locale.ROOT, "%nstopped: the loss became %s at epoch %d, batch %d (update %d): BCE %s, KL %s."
                        + " The weights were not updated with it; %s. No model file was written. Try a smaller --lr.%n",
                Float.isNaN(bce + kl) ? "NaN" : "infinite", c.epoch() + 1, c.batch() + 1, c.updates() + 1, bce, kl, kept);
        c.stopWithoutUpdate(TrainResult.Stop.NON_FINITE_LOSS);
    }

    @Override
    public void onTrainingEnd(TrainingContext c) {
        if (message != null) {
            log.print(message);
        }
    }
}
