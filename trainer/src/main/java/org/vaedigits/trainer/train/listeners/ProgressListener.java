package org.vaedigits.trainer.train.listeners;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vaedigits.trainer.eval.ProgressMeter;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * Shows how far training is: the batch's −ELBO, KL and BCE per image, the epoch's speed and the
 * run's ETA, either as a progress bar per epoch on stderr (a terminal) or as one plain line per
 * epoch (piped output, logs), so a log holds no carriage-return frames.
 */
public final class ProgressListener implements TrainingListener {
    private final PrintStream lines; // null: draw a bar
    private ProgressBar bar;

    private ProgressListener(PrintStream lines) {
        this.lines = lines;
    }

    /** A progress bar per epoch on stderr, redrawn every 250 ms. */
    public static ProgressListener bar() {
        return new ProgressListener(null);
    }

    /** One plain line per epoch, printed to {@code out} after the epoch's last update. */
    public static ProgressListener lines(PrintStream out) {
        return new ProgressListener(out);
    }

    /** Whether the bar's stream, stderr, is a terminal (the evaluation's progress asks the same). */
    public static boolean terminal() {
        return ProgressMeter.stderrIsTerminal();
    }

    @Override
    public void onTrainingBatch(TrainingContext c) {
        boolean lastOfEpoch = c.batch() == c.batchesPerEpoch() - 1;
        if (lines != null) {
            if (lastOfEpoch) {
                lines.printf(Locale.ROOT, "epoch %d/%d: %d/%d img | %s%n", c.epoch() + 1, c.config().epochs, c.batchTo(),
                        c.trainData().count, status(c));
            }
            return;
        }
        if (bar == null) {
            bar = open(c);
        }
        bar.stepBy(c.batchImages());
        if ((c.batch() & 15) == 0 || lastOfEpoch) {
            bar.setExtraMessage(status(c));
        }
        if (lastOfEpoch) {
            close();
        }
    }

    @Override
    public void onTrainingEnd(TrainingContext c) {
        close();
    }

    /** A bar for the current epoch, at the batch's first row (a resumed epoch starts part-way). */
    private static ProgressBar open(TrainingContext c) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", c.epoch() + 1, c.config().epochs))
                .setInitialMax(c.trainData().count)
                .setUnit(" img", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(150)
                .continuousUpdate()
                .build();
        bar.stepTo(c.batchFrom());
        return bar;
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String status(TrainingContext c) {
        double speed = c.epochImagesPerSecond();
        return String.format(Locale.ROOT, "-ELBO %.2f KL %.2f BCE %.2f | %,.0f img/s | run ETA %s", c.batchNegElbo(),
                c.batchKl(), c.batchBce(), speed, duration(c.etaSeconds()));
    }

    /** h:mm:ss, or "?" when not finite. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
