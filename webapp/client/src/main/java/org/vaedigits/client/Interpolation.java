package org.vaedigits.client;

import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.vaedigits.model.LatentPath;
import org.vaedigits.model.Vae;

/**
 * The walk: a strip of digits decoded at evenly spaced points of a path between two endpoints
 * (each the grid's marked sample, the sliders' z or the drawing's μ), straight or spherical, 5 to
 * 20 steps; Play moves along it and back (requestAnimationFrame), decoding the point there into a
 * larger view and outlining the nearest cell. It never starts by itself; with reduced motion
 * asked for, it steps from cell to cell instead of gliding.
 */
final class Interpolation {
    static final int SAMPLE = 0;
    static final int SLIDERS = 1;
    static final int DRAWING = 2;
    static final int MIN_STEPS = 5;
    static final int MAX_STEPS = 20;
    static final int DEFAULT_STEPS = 10;
    /** One pass from start to end while playing. */
    static final double PASS_MILLIS = 2400;
    /** Time per cell when stepping (reduced motion). */
    static final double STEP_MILLIS = 450;

    private final Explorer explorer;
    private final HTMLCanvasElement stripCanvas = Dom.canvas("walk");
    private final HTMLCanvasElement view = Dom.canvas("interp-view");

    int fromKind = SAMPLE;
    int toKind = SAMPLE;
    boolean spherical;
    int steps = DEFAULT_STEPS;
    private int markFrom;
    private int markTo = 1;
    private int paintedSteps = DEFAULT_STEPS;

    private Vae vae;
    private int side;
    private final float[] a = new float[Explorer.SLIDERS];
    private final float[] b = new float[Explorer.SLIDERS];
    private final float[] z = new float[Explorer.SLIDERS];
    private float[] image;
    private float[] images;

    private boolean playing;
    /** Where on the path the view is, 0..1, and which way it moves. */
    private double position;
    private int direction = 1;
    private double lastTime = -1;
    private double stepClock;

    Interpolation(Explorer explorer) {
        this.explorer = explorer;
    }

    void ready(Vae vae, int side) {
        this.vae = vae;
        this.side = side;
        image = new float[vae.inputSize];
        images = new float[MAX_STEPS * vae.inputSize];
    }

    void clear() {
        vae = null;
        pause();
        Browser.clear(stripCanvas);
        Browser.clear(view);
        Ui.cursor("walk-cursor", -1, 1, 1, 1);
    }

    void marks(int from, int to) {
        markFrom = from;
        markTo = to;
    }

    boolean uses(int kind) {
        return fromKind == kind || toKind == kind;
    }

    /** Handles the strip's controls; true when the strip must be drawn again. */
    boolean control(int code, double value) {
        if (code == Ui.PLAY) {
            if (playing) {
                pause();
            } else {
                play();
            }
            return false;
        }
        if (code == Ui.STOP) {
            pause();
            position = 0;
            direction = 1;
            showPosition(-1);
            return false;
        }
        int v = (int) value;
        if (code == Ui.FROM) {
            fromKind = Math.max(0, Math.min(DRAWING, v));
        } else if (code == Ui.TO) {
            toKind = Math.max(0, Math.min(DRAWING, v));
        } else if (code == Ui.PATH) {
            spherical = v == 1;
        } else if (code == Ui.STEPS) {
            steps = Math.max(MIN_STEPS, Math.min(MAX_STEPS, v));
        }
        return true;
    }

    /** Shows the controls' state (after reading a link). */
    void showControls() {
        Ui.select("interp-from", fromKind);
        Ui.select("interp-to", toKind);
        Ui.select("interp-path", spherical ? 1 : 0);
        Ui.setRange("interp-steps", steps, 0);
    }

    /** Decodes the strip between the current endpoints, and the view at the play position. */
    void draw() {
        if (vae == null) {
            return;
        }
        explorer.endpoint(fromKind, markFrom, a);
        explorer.endpoint(toKind, markTo, b);
        int input = vae.inputSize;
        for (int s = 0; s < steps; s++) {
            LatentPath.point(a, b, LatentPath.at(s, steps), spherical, z);
            vae.decode(z, image);
            System.arraycopy(image, 0, images, s * input, input);
        }
        Browser.paint(stripCanvas, Js.floats(images), steps, steps, side, 1);
        if (steps != paintedSteps) {
            paintedSteps = steps;
            Ui.fitAspect("walk");
        }
        Dom.setText("walk-ends", "from " + describe(fromKind, markFrom) + " to " + describe(toKind, markTo)
                + (spherical ? ", spherical" : ""));
        showPosition(playing || position > 0 ? cell() : -1);
    }

    private String describe(int kind, int mark) {
        return kind == SAMPLE ? "sample " + (mark + 1) : kind == SLIDERS ? "the sliders"
                : explorer.hasMu ? "the drawing's μ" : "the drawing's μ (nothing drawn yet: z = 0)";
    }

    private int cell() {
        return (int) Math.round(position * (steps - 1));
    }

    private void play() {
        if (vae == null) {
            return;
        }
        playing = true;
        lastTime = -1;
        if (position >= 1) {
            position = 0;
            direction = 1;
        }
        Dom.setText("interp-play", "Pause");
        Browser.nextFrame(explorer.page.commands, Browser.PLAY_FRAME);
    }

    private void pause() {
        playing = false;
        Dom.setText("interp-play", "Play");
    }

    /** A frame while playing, at {@code time} (performance.now() ms). */
    void tick(double time) {
        if (!playing || vae == null) {
            return;
        }
        double dt = lastTime < 0 ? 0 : Math.min(100, time - lastTime);
        lastTime = time;
        if (Ui.reducedMotion()) {
            stepClock += dt;
            if (stepClock >= STEP_MILLIS) {
                stepClock = 0;
                position += direction / (double) (steps - 1);
            }
        } else {
            position += direction * dt / PASS_MILLIS;
        }
        if (position >= 1 || position <= 0) {
            position = Math.max(0, Math.min(1, position));
            direction = -direction;
        }
        double start = Js.now();
        showPosition(cell());
        Js.measure("vae-digits:play", start);
        Browser.nextFrame(explorer.page.commands, Browser.PLAY_FRAME);
    }

    /** Decodes the path at the play position into the larger view; outlines {@code cell} (-1: none). */
    private void showPosition(int cell) {
        if (vae == null) {
            return;
        }
        LatentPath.point(a, b, position, spherical, z);
        vae.decode(z, image);
        Browser.paint(view, Js.floats(image), 1, 1, side, 0);
        Ui.cursor("walk-cursor", cell, steps, side, 1);
        Dom.setAttribute("interp-view", "data-position", Text.fixed(position, 3));
    }
}
