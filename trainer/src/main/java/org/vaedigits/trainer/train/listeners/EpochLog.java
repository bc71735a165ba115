package org.vaedigits.trainer.train.listeners;

import java.io.PrintStream;
import java.util.Locale;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/** Logs one line per epoch: train and test −ELBO, the test BCE and KL, speed and seconds of training steps. */
public final class EpochLog implements TrainingListener {
    private final PrintStream log;

    public EpochLog(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onEpoch(TrainingContext c) {
        Evaluation e = c.testEvaluation();
        log.printf(Locale.ROOT, "epoch %d/%d: train -ELBO %.3f | test -ELBO %.3f (BCE %.3f, KL %.3f) | %,.0f img/s | %.2f s%n",
                c.epoch() + 1, c.config().epochs, c.epochLoss() / Math.max(1, c.epochImages()), e.negElbo(), e.bce(), e.kl(),
                c.epochImagesPerSecond(), c.epochSeconds());
    }
}
