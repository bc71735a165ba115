package org.vaedigits.client;

import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Float32Array;
import org.vaedigits.model.CheckVectors;
import org.vaedigits.model.Elbo;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;
import org.vaedigits.model.Sampler;
import org.vaedigits.model.StrokeNormalizer;
import org.vaedigits.model.Strokes;
import org.vaedigits.model.Vae;

/**
 * The page: lists the models, loads and checks the chosen one, draws prior samples, a walk
 * between two of them (marked on the grid), and reconstructs what the user draws, live: with undo
 * (button, Ctrl/Cmd+Z), clear (button, Esc), real MNIST test digits put on the pad as strokes, and
 * throttled announcements of the −ELBO for screen readers. All math is
 * {@code org.vaedigits.model}'s; this class only moves numbers between it and the DOM.
 */
final class Page {
    static final int SAMPLES = 64;
    static final int COLUMNS = 8;
    static final String READY_MARK = "vae-digits:first-samples";
    /** Shortest time between two announcements of the −ELBO while a stroke is being drawn. */
    static final double ANNOUNCE_MILLIS = 1500;
    /** The real digits' file, fetched on the first press of its button. */
    static final String REAL_DIGITS = "/real-digits.json";

    private final HTMLCanvasElement samplesCanvas = Dom.canvas("samples");
    private final HTMLCanvasElement walkCanvas = Dom.canvas("walk");
    private final HTMLCanvasElement walkMarks = Dom.canvas("walk-marks");
    private final HTMLCanvasElement input14 = Dom.canvas("input14");
    private final HTMLCanvasElement recon = Dom.canvas("recon");
    private final StrokeNormalizer normalizer = new StrokeNormalizer();
    private final Pad pad;
    /** The page's one listener ({@link #command}): each Java lambda adds to the compiled client. */
    final Browser.CommandHandler commands = this::command;
    private final TrainingCard training = new TrainingCard(commands);
    /** Sliders, temperature, the walk's strip, the address and PNG exports (issue 10). */
    private final Explorer explorer;

    /** Names of every file the folder lists, valid or not, in list order, and which of them are valid. */
    private String[] listedNames = new String[0];
    private boolean[] validListed = new boolean[0];
    private String defaultName;
    /** The model being fetched, or shown once loaded, and the number of its load (downloads for earlier ones are ignored). */
    private String wantedName;
    private int loads;
    /** While the rest of the wanted model downloads: its checked decoder part and the decoder's check differences. */
    private ModelFile checkedDecoder;
    private CheckVectors.Differences decoderChecks;
    /** The wanted model's metadata once arrived, until {@link #accept} takes it with the encoder part. */
    private ModelFile meta;
    private String shownName;
    private ModelFile file;
    private Vae vae;
    private Sampler sampler;
    private Elbo elbo;
    /** The model's latent map, or null when its file has none. */
    private LatentMap map;
    private long seed = 1;
    /** Side of the model's square images (14). */
    private int side;
    private float[] zs;
    private float[] images;
    private int walkFrom = 0;
    private int walkTo = 1;
    private boolean nextEndIsTo = false;
    private boolean frameRequested;
    private boolean ready;
    /** The pad changed since the last update (so the result is worth announcing). */
    private boolean padChanged;
    /** Said before the next announcement, e.g. that a stroke was undone. */
    private String announcePrefix = "";
    private String announced = "";
    private double announcedAt;
    /** When the stroke being drawn started (performance.now()), or -1 while none is. */
    private double strokeStartedAt = -1;
    /** The real digits' list (parsed JSON array), once fetched; the next one to show; a fetch under way. */
    private JSObject realDigits;
    private int realNext;
    private boolean realLoading;
    /** Points on the pad right after a real digit was put there (-1: the pad holds something else), and its description. */
    private int realPoints = -1;
    private String realNote;

    Page() {
        pad = new Pad(Dom.canvas("pad"), this);
        double askedSeed = Browser.seedParameter();
        if (askedSeed >= 0) {
            seed = (long) askedSeed;
        }
        explorer = new Explorer(this);
        walkFrom = explorer.markFrom;
        walkTo = explorer.markTo;
        Browser.onCommands(commands);
        Ui.onControls(commands, Explorer.SLIDERS);
        showUnavailable(true); // index.html starts #elbo with the empty pad's sentence
    }

    /**
     * Every listener of the page in one: {@link Browser#onCommands}' codes, the downloads'
     * ({@link Browser#get}) and the explorer's ({@link Ui#onControls}).
     */
    private void command(int code, double value, JSObject e) {
        if (code >= Browser.DOWNLOADS) {
            downloaded(code, value, e);
        } else if (code >= Ui.TEMPERATURE) {
            explorer.control(code, value);
        } else if (code >= Browser.DOWN && code <= Browser.UP) {
            pad.pointer(code, (PointerEvent) e);
        } else if (code == Browser.CLEAR) {
            pad.clear();
        } else if (code == Browser.UNDO) {
            undo();
        } else if (code == Browser.REAL_DIGIT) {
            showRealDigit();
        } else if (code == Browser.RESAMPLE) {
            seed++;
            drawSamples();
            drawWalk();
        } else if (code == Browser.MODEL) {
            load(Dom.value("model"));
        } else if (code == Browser.PICK) {
            pickWalkEnd((PointerEvent) e);
        } else if (code == Browser.MAP && map != null) {
            // a mouse decodes where it hovers, a finger or pen where it touches (and drags sideways)
            map.point((PointerEvent) e);
        } else if (code == Browser.RESIZE) {
            paintWalkMarks();
        } else if (code == Browser.MODELS) {
            listModels(false);
        } else if (code == Browser.TRAINING) {
            training.refresh();
        } else if (code == Browser.TICK) {
            training.tick();
        } else if (code == Browser.PAGE_FRAME) {
            frameRequested = false;
            update();
        } else if (code == Browser.EXPLORER_FRAME) {
            explorer.frame();
        } else if (code == Browser.PLAY_FRAME) {
            explorer.strip.tick(value);
        } else if (code == Browser.WRITE_LINK) {
            explorer.share.writeNow();
        } else if (code == Browser.SAMPLE_KEY) {
            sampleKey((int) value);
        }
    }

    /** A download's outcome ({@link Browser#get}) for what {@code code} and {@code value} say it was. */
    private void downloaded(int code, double value, JSObject outcome) {
        String failure = Browser.failure(outcome);
        if (code == Browser.MODEL_LIST) {
            modelsListed(value == 1, Js.at(outcome, 0), failure);
        } else if (code == Browser.REAL_DIGITS) {
            realDigitsLoaded(Js.at(outcome, 0), failure);
        } else if (code >= Browser.RUNS) {
            training.downloaded(code, value, outcome, failure);
        } else if (loaded(value, failure)) {
            if (code == Browser.DECODER_PART) {
                acceptDecoder(Js.at(outcome, 1).cast());
            } else if (code == Browser.META_PART) {
                showMeta(Js.at(outcome, 0));
            } else {
                accept(Js.at(outcome, 1).cast());
            }
        }
    }

    /** The pad's drawing changed: reconstruct it at the next frame. */
    void padChanged() {
        padChanged = true;
        requestFrame();
    }

    /** Removes the last stroke, if there is one and none is being drawn. */
    private void undo() {
        if (pad.undo()) {
            announcePrefix = "Undone. ";
        }
    }

    /**
     * Puts the next real MNIST test digit on the pad, as strokes (so it takes the drawing's path
     * to the model); the list is fetched on the first press.
     */
    private void showRealDigit() {
        if (realDigits == null) {
            if (!realLoading) {
                realLoading = true;
                Dom.setAttribute("real-digit", "aria-busy", "true");
                Browser.getJson(REAL_DIGITS, commands, Browser.REAL_DIGITS, 0);
            }
            return;
        }
        JSObject digit = Js.at(realDigits, realNext);
        realNext = (realNext + 1) % Js.length(realDigits);
        Strokes drawing = new Strokes();
        JSObject strokes = Js.get(digit, "strokes");
        for (int s = 0; s < Math.max(0, Js.length(strokes)); s++) {
            float[] xy = ModelJson.floats(Js.at(strokes, s));
            for (int k = 0; xy != null && k + 1 < xy.length; k += 2) {
                if (k == 0) {
                    drawing.begin(xy[k], xy[k + 1], 1);
                } else {
                    drawing.add(xy[k], xy[k + 1], 1);
                }
            }
        }
        int label = (int) Js.number(digit, "label");
        realNote = "MNIST test digit #" + (int) Js.number(digit, "index") + (label == 8 ? ", an " : ", a ") + label;
        pad.show(drawing, StrokeNormalizer.FIELD); // its coordinates are MNIST pixels
        realPoints = pad.strokes().pointCount();
    }

    private void realDigitsLoaded(JSObject json, String failure) {
        realLoading = false;
        Dom.setAttribute("real-digit", "aria-busy", "false");
        JSObject digits = Js.get(json, "digits");
        if (failure != null) {
            Dom.setText("draw-note", "Cannot load the real digits: " + failure);
        } else if (Js.length(digits) > 0) {
            realDigits = digits;
            showRealDigit();
        } else {
            Dom.setText("draw-note", REAL_DIGITS + " lists no digits.");
        }
    }

    /** Fetches the model list, then the model named in the address (?model=) or the default one. */
    void start() {
        training.refresh();
        Js.mark("vae-digits:client-started");
        listModels(true);
    }

    /**
     * Fetches the model list into the picker; at the start, then opens the model the address asks
     * for or the default one; later (the folder changed), drops a shown model that is no longer valid.
     */
    private void listModels(boolean atStart) {
        Browser.getJson("/api/models", commands, Browser.MODEL_LIST, atStart ? 1 : 0);
    }

    private void modelsListed(boolean atStart, JSObject list, String failure) {
        if (failure != null) {
            if (atStart) {
                fail("Cannot list the models: " + failure, null);
            }
            return;
        }
        fillPicker(list);
        if (atStart) {
            openFirst();
        } else if (shownName != null && !isValid(shownName)) {
            fail("The model '" + shownName + "' is no longer a valid file in the models folder.", null);
        } else if (shownName == null && wantedName == null && defaultName != null) {
            load(defaultName);
        }
    }

    /** Opens the model named in the address (?model=), else the default one. */
    private void openFirst() {
        String asked = Browser.queryParameter("model");
        if (asked != null && listed(asked) >= 0 && !isValid(asked)) {
            fail("The model '" + asked + "' from the address is not a valid model in the models folder.", null);
            return;
        }
        if (asked != null && !isValid(asked) && defaultName != null) {
            explorer.linkProblem("model (" + shorten(asked, 40) + " is not in the folder)");
            asked = null;
        }
        String name = asked != null ? asked : defaultName;
        if (name == null) {
            fail("The models folder holds no valid model file, so there is nothing to run.", null);
            return;
        }
        load(name);
    }

    /** Every file in the folder; invalid ones disabled, with their reason. */
    private void fillPicker(JSObject list) {
        defaultName = null;
        String firstValid = null;
        Dom.clearChildren("model");
        int n = Math.max(0, Js.length(list));
        listedNames = new String[n];
        validListed = new boolean[n];
        for (int i = 0; i < n; i++) {
            JSObject entry = Js.at(list, i);
            String name = Js.string(entry, "name");
            boolean valid = isTrue(entry, "valid");
            listedNames[i] = name;
            validListed[i] = valid;
            String label;
            String reason = Js.string(entry, "reason");
            if (valid) {
                if (firstValid == null) {
                    firstValid = name;
                }
                if (isTrue(entry, "default")) {
                    defaultName = name;
                }
                JSObject metrics = Js.get(entry, "metrics");
                double negElbo = Js.number(metrics, "negElbo");
                label = name + (negElbo == negElbo && negElbo > 0 ? " · −ELBO " + Text.fixed(negElbo, 2) : "");
            } else {
                label = name + " · invalid: " + shorten(reason == null ? "unreadable" : reason, 70);
            }
            Dom.addOption("model", name, label, !valid, valid ? null : reason);
        }
        if (defaultName == null) {
            defaultName = firstValid;
        }
        if (wantedName != null) {
            Dom.setValue("model", wantedName);
        }
    }

    /** Where the folder's list has {@code name}, or -1 (plain arrays: each java.util class used adds to the client). */
    private int listed(String name) {
        for (int i = 0; i < listedNames.length; i++) {
            if (name.equals(listedNames[i])) {
                return i;
            }
        }
        return -1;
    }

    private boolean isValid(String name) {
        int i = listed(name);
        return i >= 0 && validListed[i];
    }

    private static boolean isTrue(JSObject o, String key) {
        return Js.isTrue(o, key);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * Loads a model in steps: its decoder part first (all that prior samples need), checked
     * against the decoder's check vectors, then the samples; then the metadata (card, map and
     * curves), then the encoder part, the whole file validated and the encoder's check vectors
     * checked before the pad reconstructs anything and the page says it is ready.
     */
    private void load(String name) {
        wantedName = name;
        loads++;
        Dom.setValue("model", name);
        Browser.get(null, modelUrl() + "?part=decoder", null, commands, Browser.DECODER_PART, loads);
    }

    /** The wanted model's address. */
    private String modelUrl() {
        return "/models/" + Dom.encode(wantedName);
    }

    /** True when the download of load number {@code load} arrived and is still wanted; says so when it failed. */
    private boolean loaded(double load, String failure) {
        if (load != loads) {
            return false;
        }
        if (failure != null) {
            fail("Cannot load the model '" + wantedName + "': " + failure, null);
        }
        return failure == null;
    }

    /** Checks the wanted model's decoder and draws the first samples with it; then fetches the rest. */
    private void acceptDecoder(ArrayBuffer bytes) {
        String name = wantedName;
        if (!ready) {
            Js.mark("vae-digits:model-fetched");
        }
        ModelFile decoderPart = new ModelFile();
        decoderPart.architecture = new ModelFile.Architecture();
        int[] words = ModelJson.words(bytes);
        String problem = PackedModel.unpack(words, PackedModel.DECODER, decoderPart);
        if (problem != null) {
            fail("'" + name + "' is not a valid model file:", single(problem));
            return;
        }
        Vae decoder = new Vae(decoderPart);
        CheckVectors.Differences d = CheckVectors.compareDecoder(decoder, decoderPart.checks,
                new CheckVectors.Differences(PackedModel.tolerance(words)));
        if (!d.withinTolerance()) {
            failChecks(name, d);
            return;
        }
        // the previous model's encoder must not reconstruct under this model's samples
        file = null;
        vae = null;
        elbo = null;
        sampler = new Sampler(decoder);
        side = decoderPart.architecture.imageSide;
        zs = new float[SAMPLES * decoder.latentSize];
        images = new float[SAMPLES * decoder.inputSize];
        shownName = null; // until the whole model is checked
        explorer.ready(name, decoder, side, zs);
        Dom.setHidden("banner", true);
        showUnavailable(false);
        Dom.toggleClass("app", "loading", true);
        drawSamples();
        if (!ready) {
            Js.mark(READY_MARK);
        }
        checkedDecoder = decoderPart;
        decoderChecks = d;
        Browser.getJson(modelUrl() + "?part=meta", commands, Browser.META_PART, loads);
        // after the first samples and the requests for the rest: history.replaceState took up to 10 ms of a loaded main thread
        Browser.setQueryParameter("model", name);
        drawWalk();
    }

    /**
     * The wanted model's metadata arrived (before its encoder, in the first model's bundle): its
     * card, map and curves are drawn while the encoder still downloads. The pad stays off until
     * {@link #accept}; a model that fails there takes all of it with it.
     */
    private void showMeta(JSObject json) {
        meta = ModelJson.read(json);
        Dom.setHidden("card", false);
        showCard(meta, decoderChecks.max());
        // the map shows its panel first: the plots' first size reading then lays the page out once for both
        map = LatentMap.of(meta, explorer.vae); // the decoder: the map decodes, and a drawing's place on it needs only its axes
        // the model card's plots: the file's curves
        Plot.curves("card-", Js.get(json, "curves"), "updates", "testNegElboPerEpoch");
        // asked for now, not with the metadata: app.js has the first model's encoder on its way already
        Browser.get(null, modelUrl() + "?part=encoder", null, commands, Browser.ENCODER_PART, loads);
    }

    /**
     * Validates the whole model (the metadata with both parts), checks the encoder; only a model
     * that passes is ever used to reconstruct, and a failing one takes its samples with it.
     */
    private void accept(ArrayBuffer encoderPart) {
        String name = wantedName;
        CheckVectors.Differences d = decoderChecks;
        ModelFile candidate = meta;
        candidate.layers = checkedDecoder.layers;
        candidate.checks = checkedDecoder.checks;
        String problem = PackedModel.unpack(ModelJson.words(encoderPart), PackedModel.ENCODER, candidate);
        List<String> problems = problem == null ? candidate.validate() : single(problem);
        if (!problems.isEmpty()) {
            fail("'" + name + "' is not a valid model file:", problems);
            return;
        }
        Vae candidateVae = new Vae(candidate);
        CheckVectors.compareEncoder(candidateVae, candidate.checks, d);
        if (!d.withinTolerance()) {
            failChecks(name, d);
            return;
        }
        file = candidate;
        vae = candidateVae;
        elbo = new Elbo(vae);
        shownName = name;
        Dom.toggleClass("app", "loading", false);
        showCard(candidate, d.max());
        update();
        if (!ready) {
            ready = true;
            Dom.setText("timing-ms", Text.fixed(Js.now(), 0)); // the sentence around it is in index.html
            Dom.setHidden("timing", false);
            Browser.setBodyAttribute("data-ready", "true");
        }
    }

    /** A list of one (not List.of: its immutable lists add classes to the client). */
    private static List<String> single(String item) {
        List<String> list = new ArrayList<>();
        list.add(item);
        return list;
    }

    private void failChecks(String name, CheckVectors.Differences d) {
        List<String> details = new ArrayList<>();
        details.add("largest difference of mu " + Text.scientific(d.mu) + ", of logvar " + Text.scientific(d.logvar)
                + ", of pixel probabilities " + Text.scientific(d.probabilities) + " (allowed: "
                + Text.scientific(d.allowed) + ")");
        details.add("its weights do not produce the outputs stored with them: the file was edited or damaged");
        fail("'" + name + "' fails its check vectors, so its digits cannot be trusted:", details);
    }

    /** Shows what is wrong and stops showing digits: nothing on screen comes from a bad model. */
    private void fail(String headline, List<String> details) {
        file = null;
        vae = null;
        sampler = null;
        elbo = null;
        map = null;
        Dom.setHidden("map-panel", true);
        explorer.clear();
        Dom.toggleClass("app", "loading", false);
        shownName = null;
        Dom.setText("banner-title", headline);
        Dom.clearChildren("banner-details");
        if (details != null) {
            for (int i = 0; i < details.size(); i++) {
                Dom.addItem("banner-details", details.get(i));
            }
        }
        Dom.setHidden("banner", false);
        Browser.setBodyAttribute("data-error", "true");
        showUnavailable(true);
        Dom.setHidden("card", true);
        Browser.clear(samplesCanvas);
        Browser.clear(walkCanvas);
        Browser.clear(walkMarks);
        Browser.clear(input14);
        Browser.clear(recon);
        Dom.setText("elbo", "No model loaded.");
        Dom.setText("draw-note", "");
        Dom.setText("seed", "–");
    }

    private void showUnavailable(boolean unavailable) {
        Dom.toggleClass("app", "unavailable", unavailable);
        Dom.setDisabled("resample", unavailable);
        Dom.setDisabled("real-digit", unavailable);
        if (!unavailable) {
            Browser.setBodyAttribute("data-error", "false");
        }
    }

    private void showCard(ModelFile model, double checkDiff) {
        ModelFile.Training t = model.training;
        ModelFile.Metrics m = model.metrics;
        Dom.setText("card-name", wantedName);
        Dom.setText("card-epochs", t == null ? "–" : t.epochs + (t.epochs == 1 ? " epoch" : " epochs")
                + (t.trainImages > 0 ? " on " + t.trainImages + " images" : "")
                + (t.batchSize > 0 ? ", batch " + t.batchSize : "")
                + (t.wallTimeSeconds > 0 ? ", " + Text.fixed(t.wallTimeSeconds, 0) + " s" : ""));
        Dom.setText("card-elbo", m == null || m.negElbo == 0 ? "–" : Text.fixed(m.negElbo, 2) + " nats");
        Dom.setText("card-iw", m == null || m.iwLogPx == 0 ? "–" : Text.fixed(m.iwLogPx, 2) + " nats"
                + (m.iwK > 0 ? " (K = " + m.iwK + ")" : ""));
        String when = t == null || t.finishedAt == null ? "–" : t.finishedAt.replace('T', ' ');
        if (when.length() > 16 && when.charAt(4) == '-') {
            when = when.substring(0, 16) + " UTC";
        }
        Dom.setText("card-when", when);
        Dom.setText("card-check", "max |Δ| " + Text.scientific(checkDiff));
        // the reference for a drawing's −ELBO: the test digits' mean measured the same way (z = mu)
        boolean known = m != null && m.bceAtMean > 0 && m.kl > 0;
        Dom.setHidden("elbo-ref-known", !known);
        Dom.setHidden("elbo-ref-missing", known);
        Dom.setText("elbo-ref", known ? Text.fixed(m.bceAtMean + m.kl, 1) : "–");
    }

    private void drawSamples() {
        if (sampler == null) {
            return;
        }
        sampler.sample(seed, SAMPLES, explorer.temperature(), zs, images);
        Browser.paint(samplesCanvas, Js.floats(images), SAMPLES, COLUMNS, side, 1);
        Dom.setText("seed", Text.seed(seed));
    }

    /** Clicking a sample makes it one end of the walk (alternately the start and the end). */
    private void pickWalkEnd(PointerEvent e) {
        if (sampler == null) {
            return;
        }
        Box box = Browser.box(samplesCanvas);
        int column = (int) ((e.getClientX() - box.getLeft()) / box.getWidth() * COLUMNS);
        int row = (int) ((e.getClientY() - box.getTop()) / box.getHeight() * (SAMPLES / COLUMNS));
        int index = Math.max(0, Math.min(SAMPLES - 1, row * COLUMNS + Math.max(0, Math.min(COLUMNS - 1, column))));
        makeWalkEnd(index);
    }

    /**
     * The grid from the keyboard ({@link Browser#SAMPLE_KEY}): the arrows choose a sample
     * (outlined, shown as the selected sample), Enter and Space make it an end of the walk as a
     * click does (alternately the start and the end).
     */
    private void sampleKey(int key) {
        int at = explorer.selected;
        if (key >= Browser.KEY_PICK) {
            makeWalkEnd(at);
        } else {
            // keys 0-3 (← → ↑ ↓) step -1, +1, -COLUMNS, +COLUMNS: ← and → go on across rows, none leaves the grid
            int next = at + (key < 2 ? 2 * key - 1 : (2 * key - 5) * COLUMNS);
            explorer.sampleClicked(next < 0 || next >= SAMPLES ? at : next);
            paintWalkMarks();
        }
    }

    /** Makes sample {@code index} an end of the walk, alternately the start and the end. */
    private void makeWalkEnd(int index) {
        if (nextEndIsTo) {
            walkTo = index;
        } else {
            walkFrom = index;
        }
        nextEndIsTo = !nextEndIsTo;
        explorer.sampleClicked(index);
        drawWalk();
    }

    /** The walk's strip is the explorer's {@link Interpolation}; here its ends are marked on the grid. */
    private void drawWalk() {
        if (sampler == null) {
            return;
        }
        explorer.samplesShown(seed, walkFrom, walkTo);
        Dom.setAttribute("samples", "data-walk-from", Integer.toString(walkFrom + 1));
        Dom.setAttribute("samples", "data-walk-to", Integer.toString(walkTo + 1));
        paintWalkMarks();
    }

    /** The grid and the walk again, e.g. at another temperature. */
    void redrawSamples() {
        drawSamples();
        drawWalk();
    }

    /** Outlines the walk's two ends on the sample grid, numbered 1 and 2. */
    private void paintWalkMarks() {
        if (sampler != null) {
            Browser.paintWalkMarks(walkMarks, samplesCanvas, walkFrom, walkTo, explorer.selected, COLUMNS, side, 1);
        }
    }

    /** At most one reconstruction per animation frame, however many pointer events arrive. */
    private void requestFrame() {
        if (!frameRequested) {
            frameRequested = true;
            Browser.nextFrame(commands, Browser.PAGE_FRAME);
        }
    }

    /**
     * Drawing → normalized 14×14 input → encoder → decoder at z = mu, and the drawing's −ELBO;
     * after a change of the pad, tells screen readers (see {@link #announce}).
     */
    private void update() {
        if (vae == null) {
            return;
        }
        boolean tell = padChanged;
        padChanged = false;
        if (pad.isEmpty()) {
            Browser.clear(input14);
            Browser.clear(recon);
            Dom.setText("elbo", "Draw a digit to see its −ELBO.");
            Dom.setText("draw-note", "");
            realPoints = -1;
            if (map != null) {
                map.mark(null);
            }
            if (tell) {
                announce("The pad is empty.", true);
            }
            return;
        }
        double start = Js.now();
        normalizer.normalize(pad.strokes());
        float[] x = normalizer.input196();
        float[] mu = new float[vae.latentSize];
        float[] logvar = new float[vae.latentSize];
        float[] probabilities = new float[vae.inputSize];
        vae.encode(x, mu, logvar);
        vae.decode(mu, probabilities);
        if (map != null) {
            map.mark(mu);
        }
        explorer.drawn(mu);
        double negElbo = elbo.evaluateAtMean(x);
        Browser.paint(input14, Js.floats(x), 1, 1, side, 0);
        Browser.paint(recon, Js.floats(probabilities), 1, 1, side, 0);
        String value = Text.fixed(negElbo, 1) + " nats";
        String parts = "(reconstruction " + Text.fixed(elbo.bce, 1) + " + KL " + Text.fixed(elbo.kl, 1) + ")";
        Dom.setReading("elbo", value, parts);
        String note = drawingNote();
        Dom.setText("draw-note", note);
        if (tell) {
            announce((note.isEmpty() ? "" : note + ". ") + "−ELBO " + value + " " + parts, !pad.isDrawing());
        }
        Js.measure("vae-digits:reconstruction", start);
    }

    /** What the page says about the drawing: which real digit it is, or that it was drawn small; else "". */
    private String drawingNote() {
        Strokes strokes = pad.strokes();
        if (realPoints >= 0 && strokes.pointCount() == realPoints && !pad.isDrawing()) {
            return realNote;
        }
        realPoints = -1;
        double extent = strokes.extent();
        if (extent > 0 && extent < pad.side() / 4.0) {
            // how much larger the model's 28x28 field shows it than the pad, were the pad that field
            double factor = normalizer.scale() * pad.side() / StrokeNormalizer.FIELD;
            return "Drawn small: scaled up " + Text.fixed(factor, factor < 10 ? 1 : 0) + "× to fit MNIST's "
                    + StrokeNormalizer.BOX + "-pixel box";
        }
        return "";
    }

    /**
     * Puts {@code text} into the polite live region: at once when {@code last} (a stroke ended,
     * a digit was put on the pad, undo, clear), else, while a stroke is drawn, at most once per
     * {@link #ANNOUNCE_MILLIS} and not before the stroke has lasted that long; never the same text twice in a row.
     */
    private void announce(String text, boolean last) {
        double now = Js.now();
        if (last) {
            strokeStartedAt = -1;
        } else if (strokeStartedAt < 0) {
            strokeStartedAt = now;
        }
        String said = announcePrefix + text;
        announcePrefix = "";
        if (said.equals(announced)
                || !last && (now - strokeStartedAt < ANNOUNCE_MILLIS || now - announcedAt < ANNOUNCE_MILLIS)) {
            return;
        }
        announced = said;
        announcedAt = now;
        Dom.setText("announce", said);
    }

    /** The current model's decoder on its check z vectors, flat (checks, input); null without a model. */
    Float32Array decodeChecks() {
        if (vae == null) {
            return null;
        }
        float[][] z = file.checks.z;
        int input = vae.inputSize;
        Float32Array out = new Float32Array(z.length * input);
        float[] p = new float[input];
        for (int r = 0; r < z.length; r++) {
            vae.decode(z[r], p);
            for (int i = 0; i < input; i++) {
                out.set(r * input + i, p[i]);
            }
        }
        return out;
    }

    /** The current model's encoder on its check inputs: flat mu (checks, latent) then logvar (checks, latent). */
    Float32Array encodeChecks() {
        if (vae == null) {
            return null;
        }
        float[][] x = file.checks.inputs;
        int latent = vae.latentSize;
        Float32Array out = new Float32Array(2 * x.length * latent);
        float[] mu = new float[latent];
        float[] logvar = new float[latent];
        for (int r = 0; r < x.length; r++) {
            vae.encode(x[r], mu, logvar);
            for (int j = 0; j < latent; j++) {
                out.set(r * latent + j, mu[j]);
                out.set((x.length + r) * latent + j, logvar[j]);
            }
        }
        return out;
    }

    String shownModel() {
        return shownName;
    }
}
