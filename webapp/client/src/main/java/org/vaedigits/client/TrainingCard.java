package org.vaedigits.client;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.vaedigits.model.CheckVectors;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;
import org.vaedigits.model.Sampler;
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.model.Vae;

/**
 * The "training now" panel: one card per run that {@code trainer train} is writing into the
 * models folder ({@code /api/training}), refreshed on the server's {@code training} events. A card
 * shows the run's epoch, ETA and speed, its KL and BCE curves and test −ELBO per epoch growing,
 * and samples from its latest epoch snapshot (the same seed every epoch, so they visibly sharpen).
 * A run whose heartbeat stopped is shown as stopped, not as running forever. When a run ends,
 * its card goes and its model appears in the picker (the {@code models} event).
 */
final class TrainingCard {
    static final int SAMPLES = 8;
    static final long SEED = 1;
    /** A snapshot download's value: the run's {@link Run#serial} times this, plus the epoch. */
    private static final double EPOCHS = 1 << 30;

    private final Browser.CommandHandler commands;
    private final List<Run> runs = new ArrayList<>();
    private boolean fetching;
    private boolean again;
    /** Serial numbers given to runs as they appear in a card, so a snapshot for a card's earlier run is ignored. */
    private int serials;

    TrainingCard(Browser.CommandHandler commands) {
        this.commands = commands;
    }

    /** Fetches the list of runs (one request at a time; a change meanwhile fetches again after it). */
    void refresh() {
        if (fetching) {
            again = true;
            return;
        }
        fetching = true;
        Browser.getJson("/api/training", commands, Browser.RUNS, 0);
    }

    /** The outcome of the list's download ({@link Browser#RUNS}) or of a snapshot's ({@link Browser#SNAPSHOT}). */
    void downloaded(int code, double value, JSObject outcome, String failure) {
        if (code == Browser.RUNS) {
            fetching = false;
            if (failure == null) {
                show(Js.at(outcome, 0));
                if (again) {
                    again = false;
                    refresh();
                }
            }
            return;
        }
        int serial = (int) (value / EPOCHS);
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).serial == serial) {
                runs.get(i).snapshotLoaded((int) (value - serial * EPOCHS), outcome, failure);
            }
        }
    }

    private void show(JSObject list) {
        int n = Js.length(list);
        Dom.setHidden("training", n == 0);
        Dom.ensureRunCards("training-runs", n);
        while (runs.size() > n) {
            runs.remove(runs.size() - 1);
        }
        for (int i = 0; i < n; i++) {
            JSObject entry = Js.at(list, i);
            String name = Js.string(Js.get(entry, "progress"), "name");
            if (i == runs.size()) {
                runs.add(new Run(i));
            }
            runs.get(i).update(name, entry);
        }
    }

    /** Once a second: a run whose heartbeat has stopped since the last list turns to stopped. */
    void tick() {
        for (int i = 0; i < runs.size(); i++) {
            runs.get(i).status();
        }
    }

    /** One card, by its position in the list. */
    private final class Run {
        private final String prefix;
        private String name;
        private int serial;
        private double ageAtFetch;
        private double fetchedAt;
        private boolean stoppedByServer;
        private String phase;
        private int epoch;
        private int epochs;
        private double eta;
        private double speed;
        private int shownSnapshot;
        private int fetchingSnapshot;

        Run(int index) {
            prefix = "run-" + index + "-";
        }

        void update(String runName, JSObject entry) {
            if (!runName.equals(name)) {
                name = runName;
                serial = ++serials;
                shownSnapshot = 0;
                fetchingSnapshot = 0;
                Browser.clear(Dom.canvas(prefix + "samples"));
            }
            JSObject p = Js.get(entry, "progress");
            ageAtFetch = Js.number(entry, "heartbeatAgeMillis");
            fetchedAt = Js.now();
            double start = fetchedAt;
            stoppedByServer = Js.isTrue(entry, "stopped");
            phase = Js.string(p, "phase");
            epoch = (int) Js.number(p, "epoch");
            epochs = (int) Js.number(p, "epochs");
            eta = Js.number(p, "etaSeconds");
            speed = Js.number(p, "imagesPerSecond");
            Dom.setText(prefix + "name", name + " → " + Js.string(p, "out"));
            status();
            Plot.curves(prefix, p, "curveUpdates", "testNegElbo");
            Js.measure("vae-digits:training", start);
            int snapshotEpoch = (int) Js.number(p, "snapshotEpoch");
            String snapshot = Js.string(entry, "snapshot");
            if (snapshot != null && snapshotEpoch > shownSnapshot && snapshotEpoch != fetchingSnapshot) {
                fetchSnapshot(snapshot, snapshotEpoch);
            }
        }

        /** The status line and the card's data-phase (training, evaluating or stopped). */
        void status() {
            if (name == null) {
                return;
            }
            double age = ageAtFetch + (Js.now() - fetchedAt);
            String shown;
            String text;
            if (stoppedByServer || age > TrainingProgress.STALE_MILLIS) {
                shown = "stopped";
                text = "Stopped after epoch " + epoch + " of " + epochs + ": no word from the trainer for "
                        + Text.fixed(age / 1000, 0) + " s.";
            } else if (TrainingProgress.EVALUATING.equals(phase)) {
                shown = phase;
                text = "All " + epochs + " epochs done; measuring and writing the model…";
            } else {
                shown = phase;
                text = "Epoch " + Math.min(epochs, epoch + 1) + " of " + epochs
                        + (eta >= 0 ? " · about " + Text.fixed(eta, 0) + " s left" : "")
                        + (speed > 0 ? " · " + Text.fixed(speed / 1000, 0) + "k images/s" : "");
            }
            Dom.setAttribute(prefix + "card", "data-phase", shown);
            Dom.setAttribute(prefix + "card", "data-epoch", Integer.toString(epoch));
            Dom.setText(prefix + "status", text);
        }

        /**
         * Loads the epoch snapshot's parts (as a model's: the metadata and the packed decoder and
         * encoder), checks it as any model is checked, and draws its samples.
         */
        private void fetchSnapshot(String url, int snapshotEpoch) {
            fetchingSnapshot = snapshotEpoch;
            Browser.get(url + "?part=meta", url + "?part=decoder", url + "?part=encoder", commands, Browser.SNAPSHOT,
                    serial * EPOCHS + snapshotEpoch);
        }

        /** The snapshot of this card's run at {@code snapshotEpoch} arrived (or failed). */
        void snapshotLoaded(int snapshotEpoch, JSObject outcome, String failure) {
            if (failure != null) {
                fetchingSnapshot = 0;
            } else if (snapshotEpoch > shownSnapshot) {
                showSnapshot(Js.at(outcome, 0), Js.at(outcome, 1).cast(), Js.at(outcome, 2).cast(), snapshotEpoch);
            }
        }

        /** The snapshot's samples, once its parts make a valid model that passes its check vectors. */
        private void showSnapshot(JSObject meta, ArrayBuffer decoder, ArrayBuffer encoder, int snapshotEpoch) {
            double start = Js.now();
            ModelFile file = ModelJson.read(meta);
            int[] decoderWords = ModelJson.words(decoder);
            if (PackedModel.unpack(decoderWords, PackedModel.DECODER, file) != null
                    || PackedModel.unpack(ModelJson.words(encoder), PackedModel.ENCODER, file) != null || !file.validate().isEmpty()) {
                return;
            }
            Vae vae = new Vae(file);
            CheckVectors.Differences d = new CheckVectors.Differences(PackedModel.tolerance(decoderWords));
            if (!CheckVectors.compareEncoder(vae, file.checks, CheckVectors.compareDecoder(vae, file.checks, d)).withinTolerance()) {
                return;
            }
            float[] zs = new float[SAMPLES * vae.latentSize];
            float[] images = new float[SAMPLES * vae.inputSize];
            new Sampler(vae).sample(SEED, SAMPLES, zs, images);
            Browser.paint(Dom.canvas(prefix + "samples"), Js.floats(images), SAMPLES, SAMPLES,
                    file.architecture.imageSide, 1);
            shownSnapshot = snapshotEpoch;
            Dom.setAttribute(prefix + "card", "data-snapshot", Integer.toString(snapshotEpoch));
            Dom.setText(prefix + "samples-caption", "Samples after epoch " + snapshotEpoch + " (seed " + SEED + ")");
            Js.measure("vae-digits:snapshot", start);
        }
    }
}
