package org.vaedigits.client;

import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.vaedigits.model.Prng;
import org.vaedigits.model.Sampler;
import org.vaedigits.model.Vae;

/**
 * The latent explorer around the sample grid: eight sliders that set z and decode it live (reset,
 * a random draw from the prior, the drawing's μ, a chosen sample), the prior's temperature, the
 * {@link Interpolation} strip, the address that holds all of it ({@link Share}) and PNG exports.
 * Every change is drawn at most once per animation frame. Values are kept as integer hundredths
 * (the sliders' step), so the address holds them exactly and a link decodes the very same z.
 */
final class Explorer {
    /** Number of sliders (the page has z0..z7); a model with another latent size gets no sliders. */
    static final int SLIDERS = 8;
    /** Slider range in hundredths: −3..3. */
    static final int Z_MIN = -300;
    static final int Z_MAX = 300;
    /** The drawing's μ is kept within ±6 (hundredths), for the address. */
    static final int MU_LIMIT = 600;
    /** Temperature in hundredths: 0.2..1.5, 1 by default. */
    static final int T_MIN = 20;
    static final int T_MAX = 150;
    static final int T_DEFAULT = 100;
    /** Pixels per image pixel in PNG exports: 14 → 196. */
    static final int PNG_SCALE = 14;
    /** The grid's gutters in a PNG (the page's gutter colour; the canvas leaves them transparent). */
    static final String PNG_GUTTER = "#e9e6de";

    private static final int SAMPLES_DIRTY = 1;
    private static final int SLIDERS_DIRTY = 2;
    private static final int STRIP_DIRTY = 4;

    final Page page;
    private final HTMLCanvasElement slidersView = Dom.canvas("sliders-view");
    final Interpolation strip;
    final Share share;

    int temperature = T_DEFAULT;
    final int[] sliders = new int[SLIDERS];
    /** The last drawing's μ (hundredths), or the link's; {@code hasMu} once there is one. */
    final int[] mu = new int[SLIDERS];
    boolean hasMu;
    /** The sample last clicked (0-based), the one "to sliders" and "save" use. */
    int selected;
    /** The grid's walk marks from the link (0-based), read by the page at start. */
    int markFrom;
    int markTo = 1;
    long seed = 1;
    String model;

    /** The decoder of the model whose samples are shown (every part that unpacks has 8 latent dimensions). */
    Vae vae;
    private int side;
    private float[] zs;
    private float[] z;
    private float[] image;
    private int dirty;
    private boolean frameRequested;
    private int randomPresses;

    Explorer(Page page) {
        this.page = page;
        strip = new Interpolation(this);
        share = new Share(this);
        share.read();
        showSliders();
        showTemperature();
        Dom.setText("selected", Integer.toString(selected + 1));
        Dom.setDisabled("z-drawing", !hasMu);
    }

    /** A model passed its checks: from now on its decoder draws the sliders and the strip. */
    void ready(String name, Vae vae, int side, float[] zs) {
        this.vae = vae.latentSize == SLIDERS ? vae : null;
        Dom.setHidden("explorer", this.vae == null);
        Dom.setHidden("interpolation", this.vae == null);
        model = name;
        this.side = side;
        this.zs = zs;
        z = new float[SLIDERS];
        image = new float[vae.inputSize];
        strip.ready(vae, side);
        dirty |= SLIDERS_DIRTY;
        requestFrame();
    }

    /** No model: nothing decoded. */
    void clear() {
        vae = null;
        strip.clear();
        Browser.clear(slidersView);
    }

    float temperature() {
        return temperature / 100f;
    }

    /** The page drew the grid (new seed, temperature or model) or moved a walk mark. */
    void samplesShown(long seed, int from, int to) {
        this.seed = seed;
        markFrom = from;
        markTo = to;
        if (vae == null) {
            return;
        }
        strip.marks(from, to);
        strip.draw();
        share.schedule();
    }

    void sampleClicked(int index) {
        selected = index;
        Dom.setText("selected", Integer.toString(index + 1));
    }

    /** The drawing's μ, after each change of the pad (not called for an empty pad: the last one is kept). */
    void drawn(float[] latentMean) {
        if (latentMean.length != SLIDERS) {
            return;
        }
        for (int j = 0; j < SLIDERS; j++) {
            mu[j] = quantize(latentMean[j], -MU_LIMIT, MU_LIMIT);
        }
        if (!hasMu) {
            hasMu = true;
            Dom.setDisabled("z-drawing", false);
        }
        if (strip.uses(Interpolation.DRAWING)) {
            dirty |= STRIP_DIRTY;
            requestFrame();
        }
    }

    /** Something in the address could not be used: said in the link note. */
    void linkProblem(String what) {
        Ui.linkProblem(what);
    }

    /** The nearest hundredth of {@code value}, clamped to [min, max] (NaN gives 0, clamped). */
    static int quantize(double value, int min, int max) {
        long h = value == value ? Math.round(value * 100) : 0;
        return (int) Math.max(min, Math.min(max, h));
    }

    /** Writes endpoint {@code kind} ({@link Interpolation#SAMPLE} with grid index {@code mark}) into {@code out}. */
    void endpoint(int kind, int mark, float[] out) {
        if (kind == Interpolation.SAMPLE) {
            System.arraycopy(zs, mark * SLIDERS, out, 0, SLIDERS);
        } else {
            int[] h = kind == Interpolation.SLIDERS ? sliders : mu;
            for (int j = 0; j < SLIDERS; j++) {
                out[j] = h[j] / 100f;
            }
        }
    }

    /** A control of the explorer ({@link Ui}'s codes) changed, to {@code value}. */
    void control(int code, double value) {
        if (code == Ui.TEMPERATURE) {
            temperature = quantize(value, T_MIN, T_MAX);
            showTemperature();
            dirty |= SAMPLES_DIRTY;
        } else if (code >= Ui.Z && code < Ui.Z + SLIDERS) {
            sliders[code - Ui.Z] = quantize(value, Z_MIN, Z_MAX);
            dirty |= SLIDERS_DIRTY;
        } else if (code == Ui.Z_RESET || code == Ui.Z_RANDOM || code == Ui.Z_DRAWING || code == Ui.SAMPLE_TO_SLIDERS) {
            setSliders(code);
        } else if (code >= Ui.PLAY && code <= Ui.STEPS) {
            if (strip.control(code, value)) {
                dirty |= STRIP_DIRTY;
            }
        } else if (code == Ui.COPY_LINK) {
            share.writeNow();
            Ui.copyLink();
        } else if (code == Ui.CLOSE_NOTE) {
            Dom.setHidden("link-note", true);
        } else if (code >= Ui.SAVE_GRID && code <= Ui.SAVE_SLIDERS) {
            save(code);
        }
        requestFrame();
    }

    private void setSliders(int code) {
        if (vae == null) {
            return;
        }
        if (code == Ui.Z_RANDOM) {
            // seeded: the n-th press after loading a seed gives the same point everywhere
            Sampler.draw(new Prng(seed * 1_000_003L + 0x51D3L + ++randomPresses), temperature(), z);
        } else if (code == Ui.SAMPLE_TO_SLIDERS) {
            endpoint(Interpolation.SAMPLE, selected, z);
        } else if (code == Ui.Z_DRAWING) {
            endpoint(Interpolation.DRAWING, 0, z);
        }
        for (int j = 0; j < SLIDERS; j++) {
            sliders[j] = code == Ui.Z_RESET ? 0 : quantize(z[j], Z_MIN, Z_MAX);
        }
        showSliders();
        dirty |= SLIDERS_DIRTY;
    }

    private void showSliders() {
        for (int j = 0; j < SLIDERS; j++) {
            Ui.setRange("z" + j, sliders[j] / 100.0, 2);
        }
    }

    private void showTemperature() {
        Ui.setRange("temperature", temperature / 100.0, 2);
    }

    private void requestFrame() {
        if (!frameRequested && dirty != 0) {
            frameRequested = true;
            Browser.nextFrame(page.commands, Browser.EXPLORER_FRAME);
        }
    }

    /** Draws what changed since the last frame, each part timed for the benchmark. */
    void frame() {
        frameRequested = false;
        int what = dirty;
        dirty = 0;
        if (vae == null) {
            return;
        }
        if ((what & SAMPLES_DIRTY) != 0) {
            double start = Js.now();
            page.redrawSamples(); // and the strip, through samplesShown
            Js.measure("vae-digits:samples", start);
            what &= ~STRIP_DIRTY;
        }
        if ((what & SLIDERS_DIRTY) != 0) {
            double start = Js.now();
            endpoint(Interpolation.SLIDERS, 0, z);
            vae.decode(z, image);
            Browser.paint(slidersView, Js.floats(image), 1, 1, side, 0);
            if (strip.uses(Interpolation.SLIDERS)) {
                strip.draw();
            }
            Js.measure("vae-digits:sliders", start);
        }
        if ((what & STRIP_DIRTY) != 0) {
            double start = Js.now();
            strip.draw();
            Js.measure("vae-digits:strip", start);
        }
        share.schedule();
    }

    private void save(int code) {
        if (vae == null) {
            return;
        }
        int s = side;
        // model names are [A-Za-z0-9._-]+.json (the server lists no others), fit for a file name as they are
        String name = "vae-digits_" + model + "_seed-" + Text.seed(seed) + "_T-" + Text.fixed(temperature / 100.0, 2) + "_";
        if (code == Ui.SAVE_GRID) {
            Ui.savePng("samples", 0, 0, Page.COLUMNS * (s + 1) - 1, Page.COLUMNS * (s + 1) - 1, PNG_SCALE, PNG_GUTTER,
                    name + "samples.png");
        } else if (code == Ui.SAVE_SAMPLE) {
            int x = (selected % Page.COLUMNS) * (s + 1);
            int y = (selected / Page.COLUMNS) * (s + 1);
            Ui.savePng("samples", x, y, s, s, PNG_SCALE, PNG_GUTTER, name + "sample-" + (selected + 1) + ".png");
        } else if (code == Ui.SAVE_STRIP) {
            int n = strip.steps;
            Ui.savePng("walk", 0, 0, n * (s + 1) - 1, s, PNG_SCALE, PNG_GUTTER,
                    name + "interpolation-" + (strip.spherical ? "slerp-" : "linear-") + n + ".png");
        } else {
            Ui.savePng("sliders-view", 0, 0, s, s, PNG_SCALE, PNG_GUTTER, name + "sliders.png");
        }
    }
}
