package org.vaedigits.trainer.train;

import java.nio.file.Path;
import org.vaedigits.model.ModelFile;
import org.vaedigits.trainer.eval.Evaluation;

/**
 * What a run produced: the model file (null when the run stopped early), where it went, the run
 * folder, the final test evaluation, why it stopped when it did not finish, and the training
 * throughput of each epoch run in this process (images/s over the training steps only), by the
 * clock and by the training thread's CPU time (which other processes on a busy machine disturb less).
 */
public record TrainResult(ModelFile modelFile, Path out, Path runDir, Evaluation evaluation, Stop stop,
                          double[] epochImagesPerSecond, double[] epochImagesPerCpuSecond) {
    /** How the run ended. */
    public enum Stop { FINISHED, INTERRUPTED, NON_FINITE_LOSS }
}
