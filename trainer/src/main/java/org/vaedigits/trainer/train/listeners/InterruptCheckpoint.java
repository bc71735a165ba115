package org.vaedigits.trainer.train.listeners;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vaedigits.trainer.train.TrainResult;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * Ctrl-C (or any JVM shutdown) during training: a shutdown hook asks the loop to stop after the
 * current update and holds the JVM (up to a minute) until the checkpoint of that position is
 * written, then the run says how to resume it. A stop for {@code INTERRUPTED} that another listener
 * requests is checkpointed the same way.
 */
public final class InterruptCheckpoint implements TrainingListener {
    private final PrintStream log;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private Thread hook;

    public InterruptCheckpoint(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onTrainingBegin(TrainingContext c) {
        hook = new Thread(() -> {
            interrupted.set(true);
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vae-trainer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void onTrainingBatch(TrainingContext c) {
        if (interrupted.get()) {
            c.requestStop(TrainResult.Stop.INTERRUPTED);
        }
    }

    @Override
    public void onTrainingEnd(TrainingContext c) throws IOException {
        try {
            if (c.stop() == TrainResult.Stop.INTERRUPTED) {
                c.writeCheckpoint();
                log.printf(Locale.ROOT, "%ninterrupted: checkpoint saved after %d updates in %s; continue with"
                        + " `train --resume --run-dir %s` (same --out, --epochs)%n", c.updates(), c.checkpointFile(), c.runDir());
            }
        } finally {
            released.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (Ctrl-C): the hook is running and has been released
            }
        }
    }
}
