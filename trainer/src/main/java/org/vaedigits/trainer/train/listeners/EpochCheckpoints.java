package org.vaedigits.trainer.train.listeners;

import java.io.IOException;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/** Writes the run's checkpoint after every epoch (with its test −ELBO), so a run can resume from it. */
public final class EpochCheckpoints implements TrainingListener {
    @Override
    public void onEpoch(TrainingContext c) throws IOException {
        c.writeCheckpoint();
    }
}
