package org.vaedigits.trainer.train.listeners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.vaedigits.modelfile.CannotWriteException;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * Appends one line per epoch to {@value #FILE} in the run folder: train −ELBO (the epoch's batches
 * in this process), test −ELBO, BCE and KL, and the run's seconds of training steps so far.
 */
public final class EpochsCsvWriter implements TrainingListener {
    public static final String FILE = "epochs.csv";

    private Path csv;

    @Override
    public void onTrainingBegin(TrainingContext c) throws IOException {
        csv = c.runDir().resolve(FILE);
        if (!Files.exists(csv)) {
            append("epoch,train_neg_elbo,test_neg_elbo,test_bce,test_kl,train_seconds");
        }
    }

    @Override
    public void onEpoch(TrainingContext c) throws IOException {
        Evaluation e = c.testEvaluation();
        String line = String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.3f", c.epoch() + 1,
                c.epochImages() == 0 ? Double.NaN : c.epochLoss() / c.epochImages(), e.negElbo(), e.bce(), e.kl(),
                c.trainSeconds());
        append(line);
    }

    private void append(String line) throws CannotWriteException {
        try {
            Files.writeString(csv, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CannotWriteException(csv, e);
        }
    }
}
