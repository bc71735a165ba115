package org.vaedigits.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The progress document of a running {@code trainer train}: written by the trainer (atomically,
 * every epoch and every {@link #HEARTBEAT_MILLIS}) into {@link #FOLDER} of the models folder, read
 * by the server, which lists it, and by the browser, which shows the run's card. Beside it the
 * trainer keeps one snapshot model file of the run, replaced each epoch; both are removed when the
 * run ends. A document whose heartbeat is older than {@link #STALE_MILLIS} belongs to a training
 * that died. Plain public fields, as {@link ModelFile}.
 */
public final class TrainingProgress {
    /** Value of {@code format.name}. */
    public static final String FORMAT_NAME = "vae-digits-training";
    public static final int FORMAT_VERSION = 1;
    /** The models folder's subfolder of live runs (hidden, so the models list ignores it). */
    public static final String FOLDER = ".training";
    /** File name suffixes in {@link #FOLDER}: the document, and the run's latest epoch snapshot. */
    public static final String SUFFIX = ".progress.json";
    public static final String SNAPSHOT_SUFFIX = ".snapshot.json";
    /** How often a running trainer rewrites the document, even when no epoch ends. */
    public static final long HEARTBEAT_MILLIS = 2_000;
    /** Without a heartbeat for this long, the training is taken as stopped. */
    public static final long STALE_MILLIS = 10_000;
    /** At most this many points per curve. */
    public static final int MAX_POINTS = 400;

    /** Phases: training epochs, then the final evaluation and export. */
    public static final String TRAINING = "training";
    public static final String EVALUATING = "evaluating";

    public ModelFile.Format format;
    /** The run's name: its model file's name without ".json". */
    public String name;
    /** The model file the run writes at its end, e.g. "quick.json" (in the models folder). */
    public String out;
    public String phase;
    /** Epochs finished, and planned. */
    public int epoch;
    public int epochs;
    public long updates;
    public long totalUpdates;
    /** Seconds of training left at the current speed (negative when unknown). */
    public double etaSeconds;
    public double imagesPerSecond;
    public long startedMillis;
    /** When the trainer last wrote this document (milliseconds since the epoch). */
    public long heartbeatMillis;
    /** KL and BCE per image at the updates {@code curveUpdates} (1-based), at most {@link #MAX_POINTS}. */
    public long[] curveUpdates;
    public float[] kl;
    public float[] bce;
    /** Test −ELBO after each finished epoch. */
    public float[] testNegElbo;
    /** The epoch of the snapshot beside this document (0: none yet). */
    public int snapshotEpoch;

    /** Every problem that makes this document unusable (empty when it is fine). */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (format == null || !FORMAT_NAME.equals(format.name) || format.version != FORMAT_VERSION) {
            problems.add("format must be {name: \"" + FORMAT_NAME + "\", version: " + FORMAT_VERSION + "}");
        }
        if (name == null || name.isEmpty() || name.length() > 100) {
            problems.add("name must be 1 to 100 characters");
        }
        if (!TRAINING.equals(phase) && !EVALUATING.equals(phase)) {
            problems.add("phase must be \"" + TRAINING + "\" or \"" + EVALUATING + "\"");
        }
        if (epochs < 1 || epoch < 0 || epoch > epochs || snapshotEpoch < 0 || snapshotEpoch > epoch) {
            problems.add("epochs must be at least 1, with 0 <= snapshotEpoch <= epoch <= epochs");
        }
        int points = curveUpdates == null ? 0 : curveUpdates.length;
        if (points > MAX_POINTS || kl == null || bce == null || kl.length != points || bce.length != points) {
            problems.add("curveUpdates, kl and bce must have the same length, at most " + MAX_POINTS);
        }
        if (testNegElbo == null || testNegElbo.length > epochs) {
            problems.add("testNegElbo must hold at most one value per epoch");
        }
        return problems;
    }

    /** True when the trainer has not written the document for {@link #STALE_MILLIS} at {@code nowMillis}. */
    public boolean isStale(long nowMillis) {
        return nowMillis - heartbeatMillis > STALE_MILLIS;
    }
}
