package org.vaedigits.browser;

import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.util.List;
import java.util.Map;

/**
 * Draws on the page as a user does, through the DOM only: mouse strokes on {@code #pad}, then
 * reads the 14×14 input ({@code #input14}) and reconstruction ({@code #recon}) canvases once they
 * have settled, and {@code #clear} between drawings. Knows nothing of the page's internals.
 */
final class PadTracer {
    /**
     * A straight segment of a stroke is drawn with one mouse move event (Playwright's
     * {@code steps}) per this many CSS pixels of its length, rounded up, at least 1 and at most
     * {@link #MAX_STEPS}: a few events per segment, as a hand gives, not one per pixel. Each move
     * costs the page an animation frame (Chromium aligns mouse moves to frames), so this sets the
     * benchmark's speed; a straight segment looks the same on the pad with any number of steps.
     */
    static final double PIXELS_PER_STEP = 32;
    static final int MAX_STEPS = 3;
    /** Animation frames to wait at most for the page's canvases to settle (a frame lasts at most 100 ms here). */
    private static final int MAX_FRAMES = 240;
    /**
     * Waits until #input14 and #recon are unchanged over one animation frame and #input14 has
     * (argument true) or has no (false) dark pixel; returns both canvases' ink and sizes, or null.
     */
    private static final String SETTLED = "async wantInk => {"
            + " const ink = " + BrowserSession.READ_INK + ";"
            // the next animation frame, or 100 ms if frames stall, so this always ends
            + " const frame = () => new Promise(r => { requestAnimationFrame(() => r()); setTimeout(r, 100); });"
            + " const side = id => document.getElementById(id).width;"
            + " let last = '';"
            + " for (let i = 0; i < " + MAX_FRAMES + "; i++) {"
            + "   await frame();"
            + "   const input = ink('input14'), recon = ink('recon');"
            + "   const key = input.join() + '|' + recon.join();"
            + "   if (key === last && input.some(v => v > 0.5) === wantInk)"
            + "     return {input, recon, inputSide: side('input14'), reconSide: side('recon')};"
            + "   last = key;"
            + " }"
            + " return null; }";

    private final Page page;

    /** A page showing the app, ready ({@code body[data-ready=true]}). */
    PadTracer(Page page) {
        this.page = page;
    }

    /** Opens the app at {@code baseUrl} in {@code page}, waits until it is ready and brings the pad into view. */
    static PadTracer open(Page page, String baseUrl) {
        page.navigate(baseUrl + "/");
        page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(30_000));
        page.locator("#pad").scrollIntoViewIfNeeded();
        return new PadTracer(page);
    }

    /** The pad's bounding box in CSS pixels of the viewport (border included). */
    BoundingBox pad() {
        return page.locator("#pad").boundingBox();
    }

    /** What the page shows for a drawing: the 14×14 input (0 or 1, dark = 1) and the reconstruction (0..1), row-major. */
    record Shown(float[] input, float[] recon) {
    }

    /**
     * Draws {@code strokes} (each a list of (x, y) points in CSS pixels from the pad's top-left
     * corner; one point is a dot) with the mouse: a move to the first point, down, straight moves
     * to each next one ({@link #steps}), up. Then waits for the page's input and reconstruction to
     * settle and returns them.
     */
    Shown draw(List<double[][]> strokes) {
        BoundingBox box = pad();
        Mouse mouse = page.mouse();
        for (double[][] stroke : strokes) {
            mouse.move(box.x + stroke[0][0], box.y + stroke[0][1]);
            mouse.down();
            for (int i = 1; i < stroke.length; i++) {
                double length = Math.hypot(stroke[i][0] - stroke[i - 1][0], stroke[i][1] - stroke[i - 1][1]);
                mouse.move(box.x + stroke[i][0], box.y + stroke[i][1], new Mouse.MoveOptions().setSteps(steps(length)));
            }
            mouse.up();
        }
        Map<String, Object> settled = settled(true);
        float[] input = downsample(settled, "input", "inputSide");
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] > 0.5f ? 1f : 0f;
        }
        return new Shown(input, downsample(settled, "recon", "reconSide"));
    }

    /** Mouse move events for a straight segment {@code length} CSS pixels long. */
    static int steps(double length) {
        return (int) Math.max(1, Math.min(MAX_STEPS, Math.ceil(length / PIXELS_PER_STEP)));
    }

    /**
     * Clicks Clear with the mouse (at the button's centre, as a user would, without the
     * actionability waits of Playwright's {@code click}) and waits until the input is blank.
     */
    void clear() {
        BoundingBox button = page.locator("#clear").boundingBox();
        page.mouse().click(button.x + button.width / 2, button.y + button.height / 2);
        settled(false);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settled(boolean wantInk) {
        Object result = page.evaluate(SETTLED, wantInk);
        if (result == null) {
            throw new IllegalStateException("#input14 and #recon did not settle " + (wantInk ? "with" : "without")
                    + " ink within " + MAX_FRAMES + " animation frames");
        }
        return (Map<String, Object>) result;
    }

    /** A canvas's ink as 14×14, averaging square blocks when it has k·14 pixels a side. */
    @SuppressWarnings("unchecked")
    private static float[] downsample(Map<String, Object> settled, String key, String sideKey) {
        List<Number> values = (List<Number>) settled.get(key);
        int side = ((Number) settled.get(sideKey)).intValue();
        int target = 14;
        if (side % target != 0 || values.size() != side * side) {
            throw new IllegalStateException("#" + key + " is " + side + " px wide with " + values.size()
                    + " pixels: expected a square of k·14");
        }
        int k = side / target;
        float[] out = new float[target * target];
        for (int i = 0; i < values.size(); i++) {
            int r = i / side / k;
            int c = i % side / k;
            out[r * target + c] += values.get(i).floatValue() / (k * k);
        }
        return out;
    }
}
