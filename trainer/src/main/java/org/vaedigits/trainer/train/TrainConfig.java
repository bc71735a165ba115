package org.vaedigits.trainer.train;

import java.nio.file.Path;
import org.vaedigits.modelfile.ModelFiles;

/**
 * Settings of one training run; the defaults are the homework's recipe (50 epochs, batch 100,
 * Adam 1e-3 constant, seed 0) on full MNIST in data/mnist.
 */
public final class TrainConfig {
    /** Runs of fewer epochs bound log p(x) on {@link #SHORT_RUN_IW_IMAGES} test images by default. */
    public static final int SHORT_RUN_EPOCHS = 10;
    /** Test images of the final bound of a short run (about a second instead of about ten). */
    public static final int SHORT_RUN_IW_IMAGES = 1000;

    public int epochs = 50;
    public int batchSize = 100;
    public float learningRate = 1e-3f;
    /** "constant" (the homework) or "cosine" (decays to 0 over the run). */
    public String schedule = "constant";
    public long seed = 0;
    public Path dataDir = Path.of("data", "mnist");
    /** The model file to write, named as {@link ModelFiles#NAME_RULE} says; null picks a fresh name in models/. */
    public Path out;
    public boolean force;
    /** Checkpoint, CSV and plots; null picks runs/<model name>. */
    public Path runDir;
    public boolean resume;
    /** Use only the first n training images (0 = all). */
    public int trainLimit;
    /** Samples per image of the final importance-weighted bound (0 skips it). */
    public int iwK = 1000;
    /** Images of the final importance-weighted bound (0 = the whole test set). */
    public int iwImages;
    /** Show the progress on stderr. */
    public boolean progress = true;
    /**
     * Progress as one plain line per epoch instead of a bar redrawn with carriage returns (for logs);
     * plain lines are also used whenever the output is not a terminal.
     */
    public boolean plainProgress;
    /** Show the run on open pages while it trains: a progress document and epoch snapshots in the models folder. */
    public boolean live = true;
    /** Write the PNG plots into the run folder at the end. */
    public boolean plots = true;

    /**
     * The default of {@code --iw-images} for a run of {@code epochs} epochs: the first
     * {@link #SHORT_RUN_IW_IMAGES} test images when it is shorter than {@link #SHORT_RUN_EPOCHS},
     * so a quick run does not spend ten times longer on its bound than on training; otherwise 0,
     * the whole test set. {@code trainer evaluate --iw-images 0} always gives the full bound.
     */
    public static int defaultIwImages(int epochs) {
        return epochs < SHORT_RUN_EPOCHS ? SHORT_RUN_IW_IMAGES : 0;
    }

    /** Every problem with these settings as one message, or null when they are usable. */
    public String problems() {
        StringBuilder sb = new StringBuilder();
        if (epochs < 1) {
            sb.append("--epochs must be at least 1 (got ").append(epochs).append("); ");
        }
        if (batchSize < 1) {
            sb.append("--batch-size must be at least 1 (got ").append(batchSize).append("); ");
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            sb.append("--lr must be a positive number (got ").append(learningRate).append("); ");
        }
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            sb.append("--schedule must be 'constant' or 'cosine' (got '").append(schedule).append("'); ");
        }
        if (trainLimit < 0) {
            sb.append("--train-limit must be 0 (all) or positive (got ").append(trainLimit).append("); ");
        }
        if (iwK < 0) {
            sb.append("--iw-k must be 0 (skip) or positive (got ").append(iwK).append("); ");
        }
        if (iwImages < 0) {
            sb.append("--iw-images must be 0 (all) or positive (got ").append(iwImages).append("); ");
        }
        String nameProblem = out == null ? null : ModelFiles.nameProblem(out.getFileName() == null ? null : out.getFileName().toString());
        if (nameProblem != null) {
            sb.append("--out ").append(out).append(": ").append(nameProblem).append(" (the server serves no other names); ");
        }
        if (resume && runDir == null) {
            sb.append("--resume needs --run-dir DIR, the folder of the run to continue; ");
        }
        return sb.length() == 0 ? null : sb.substring(0, sb.length() - 2);
    }

    /** Learning rate for update {@code t} (0-based) of {@code total}. */
    public float learningRateAt(long t, long total) {
        if (schedule.equals("cosine")) {
            return (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(t, total) / total)));
        }
        return learningRate;
    }
}
