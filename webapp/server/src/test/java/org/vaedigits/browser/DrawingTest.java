package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.MnistSubset;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.StrokeNormalizer;
import org.vaedigits.model.Strokes;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The drawing panel as people use it, in headless Chromium against the real server and model:
 * undo (button, Ctrl/Cmd+Z), Esc to clear (not while the model picker has the keys), real MNIST
 * digits put on the pad, tiny drawings, the −ELBO's reference from the model's own metrics, and
 * throttled announcements for screen readers.
 */
@ExtendWith(RequiresChromium.class)
class DrawingTest {
    /** The 7's bar, then its stem, as two strokes. */
    private static final double[][] BAR = {{0.28, 0.22}, {0.72, 0.22}};
    private static final double[][] STEM = {{0.72, 0.26}, {0.62, 0.45}, {0.50, 0.80}};
    private static final Pattern REAL_NOTE = Pattern.compile("MNIST test digit #(\\d+), an? (\\d)");

    @TempDir
    static Path models;
    static Path model;
    static BrowserSession session;

    @BeforeAll
    static void start() throws Exception {
        Path real = BrowserSession.realModel();
        model = Files.copy(real, models.resolve("vae.json"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode without = (ObjectNode) json.readTree(real.toFile());
        without.remove("metrics");
        json.writeValue(models.resolve("no-metrics.json").toFile(), without);
        ObjectNode other = (ObjectNode) json.readTree(real.toFile());
        ((ObjectNode) other.path("metrics")).put("bceAtMean", 30.0).put("kl", 5.04);
        json.writeValue(models.resolve("other-metrics.json").toFile(), other);
        session = BrowserSession.open(models);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    private static BoundingBox pad(Page page) {
        page.locator("#pad").scrollIntoViewIfNeeded();
        return page.locator("#pad").boundingBox();
    }

    private static String elbo(Page page) {
        return page.textContent("#elbo");
    }

    /** Waits for the −ELBO text to change from {@code before} to a reading in nats. */
    private static String waitForNewReading(Page page, String before) {
        page.waitForFunction("b => { const t = document.getElementById('elbo').textContent; return t !== b && t.includes('nats'); }", before);
        return elbo(page);
    }

    /** Two animation frames: any update the last input asked for has been drawn. */
    private static void settle(Page page) {
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    @Test
    void undoRemovesTheLastStrokeByButtonAndByKeys() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            BoundingBox box = pad(page);
            String empty = elbo(page);
            Gestures.mouseStroke(page, box, BAR);
            String oneStroke = waitForNewReading(page, empty);
            double[] one = BrowserSession.ink(page, "input14");
            double padOne = BrowserSession.sum(BrowserSession.ink(page, "pad"));

            for (String how : new String[] {"Control+z", "Meta+z", "button"}) {
                Gestures.mouseStroke(page, box, STEM);
                waitForNewReading(page, oneStroke);
                assertThat(BrowserSession.ink(page, "input14")).as("input of the two-stroke drawing").isNotEqualTo(one);
                if (how.equals("button")) {
                    page.click("#undo");
                } else {
                    page.keyboard().press(how);
                }
                page.waitForFunction("t => document.getElementById('elbo').textContent === t", oneStroke);
                assertThat(BrowserSession.ink(page, "input14")).as("input after undo (%s) = the one-stroke drawing's", how)
                        .containsExactly(one);
                assertThat(BrowserSession.sum(BrowserSession.ink(page, "pad"))).as("pad ink after undo (%s)", how)
                        .isCloseTo(padOne, org.assertj.core.data.Percentage.withPercentage(1));
            }
            page.keyboard().press("Control+z");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "recon"))).as("reconstruction after undoing every stroke").isZero();
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void escClearsAndUndoBringsItBackExceptWhileThePickerHasTheKeysAndTheShortcutsAreNamed() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            assertThat(page.getAttribute("#undo", "aria-keyshortcuts")).contains("Control+Z").contains("Meta+Z");
            assertThat(page.getAttribute("#undo", "title")).contains("Ctrl+Z");
            assertThat(page.getAttribute("#clear", "aria-keyshortcuts")).isEqualTo("Escape");
            assertThat(page.getAttribute("#clear", "title")).contains("Esc");
            assertThat(page.textContent(".draw-panel .hint")).contains("Esc").contains("Ctrl");

            String empty = elbo(page);
            Gestures.mouseStroke(page, pad(page), Gestures.SEVEN);
            String drawn = waitForNewReading(page, empty);
            double[] input = BrowserSession.ink(page, "input14");

            page.focus("#model");
            page.keyboard().press("Escape");
            page.keyboard().press("Control+z");
            settle(page);
            assertThat(elbo(page)).as("Esc and Ctrl+Z in the model picker leave the drawing").isEqualTo(drawn);
            assertThat(BrowserSession.ink(page, "input14")).containsExactly(input);
            assertThat(page.inputValue("#model")).isEqualTo("vae.json");

            page.evaluate("() => document.activeElement.blur()");
            page.keyboard().press("Escape");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "input14"))).as("input after Esc").isZero();
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "recon"))).as("reconstruction after Esc").isZero();
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "pad"))).as("pad after Esc").isZero();

            // a slider keeps the focus after it was moved: the keys still work, and a clear can be undone
            page.focus("#z3");
            page.keyboard().press("Control+z");
            page.waitForFunction("t => document.getElementById('elbo').textContent === t", drawn);
            assertThat(BrowserSession.ink(page, "input14")).as("input after undoing the clear").containsExactly(input);
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "pad"))).as("pad after undoing the clear").isPositive();
            assertThat(page.inputValue("#z3")).as("the slider did not take Ctrl+Z").isEqualTo("0");
            page.keyboard().press("Escape");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void realDigitButtonPutsRealMnistTestDigitsOnThePadAndTheyAreReconstructed() throws Exception {
        ModelFile file = ModelFiles.read(model);
        Vae vae = new Vae(file);
        MnistSubset mnist = MnistSubset.test();
        JsonNode realDigits = new ObjectMapper().readTree(Paths.get("../../static/real-digits.json").toFile());
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            assertThat(page.evaluate("() => performance.getEntriesByType('resource').some(e => e.name.includes('real-digits'))"))
                    .as("the real digits are not fetched before they are asked for").isEqualTo(false);
            int previousIndex = -1;
            int previousLabel = -1;
            for (int press = 0; press < 3; press++) {
                String before = page.textContent("#draw-note");
                page.click("#real-digit");
                page.waitForFunction("b => { const t = document.getElementById('draw-note').textContent;"
                        + " return t !== b && t.startsWith('MNIST test digit #'); }", before);
                String note = page.textContent("#draw-note");
                Matcher m = REAL_NOTE.matcher(note);
                assertThat(m.matches()).as("note '%s'", note).isTrue();
                int index = Integer.parseInt(m.group(1));
                int label = Integer.parseInt(m.group(2));
                assertThat(label).as("label shown for test digit #%d", index).isEqualTo(mnist.label(index));
                assertThat(index).as("another digit on each press").isNotEqualTo(previousIndex);
                assertThat(label).as("another label on each press").isNotEqualTo(previousLabel);
                previousIndex = index;
                previousLabel = label;
                page.waitForFunction("() => document.getElementById('elbo').textContent.includes('nats')");
                settle(page);

                assertThat(BrowserSession.sum(BrowserSession.ink(page, "pad"))).as("ink on the pad").isGreaterThan(500);
                double[] input = BrowserSession.ink(page, "input14");
                double[] recon = BrowserSession.ink(page, "recon");
                assertThat(BrowserSession.sum(input)).as("pixels on in the 14x14 input").isGreaterThanOrEqualTo(8);
                assertThat(BrowserSession.sum(recon)).as("reconstruction ink").isGreaterThan(5);

                // exactly the drawing path: the file's strokes on a pad of this size, normalized on the JVM
                int side = ((Number) page.evaluate("() => document.getElementById('pad').width")).intValue();
                StrokeNormalizer normalizer = new StrokeNormalizer();
                normalizer.normalize(strokesOf(realDigits, index, side / 28.0));
                assertThat(input).as("14x14 input of test digit #%d: browser vs JVM normalizer", index)
                        .containsExactly(asDoubles(normalizer.input196()));

                // and the reconstruction keeps the digit: it overlaps the model's reconstruction of
                // the MNIST digit's own 14x14 form
                float[] mu = new float[vae.latentSize];
                float[] logvar = new float[vae.latentSize];
                float[] own = new float[vae.inputSize];
                vae.encode(mnist.input196(index), mu, logvar);
                vae.decode(mu, own);
                assertThat(iou(recon, own)).as("IoU of the reconstruction with that of test digit #%d's own 14x14", index)
                        .isGreaterThan(0.6);
                assertThat(page.textContent("#announce")).as("announced").startsWith(note + ". −ELBO ");
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("real-digit.png")));

            // drawing over it makes it somebody's drawing: no longer labelled
            Gestures.mouseStroke(page, pad(page), new double[][] {{0.1, 0.9}, {0.3, 0.9}});
            page.waitForFunction("() => document.getElementById('draw-note').textContent === ''");
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void aTinyDrawingIsReconstructedAndSaysItWasScaledUp() throws Exception {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            BoundingBox box = pad(page);
            String empty = elbo(page);
            Gestures.mouseStroke(page, box, Gestures.SEVEN);
            waitForNewReading(page, empty);
            double[] large = BrowserSession.ink(page, "input14");
            assertThat(page.textContent("#draw-note")).as("note for a drawing of ordinary size").isEmpty();

            page.click("#clear");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            Gestures.mouseStroke(page, box, Gestures.scaled(Gestures.SEVEN, 0.2)); // 7% of the pad's side
            waitForNewReading(page, "");
            settle(page);
            String note = page.textContent("#draw-note");
            Matcher m = Pattern.compile("Drawn small: scaled up ([0-9.]+)× to fit MNIST's 20-pixel box").matcher(note);
            assertThat(m.matches()).as("note '%s'", note).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as("magnification").isBetween(4.0, 12.0);
            PageTest.assertReconstructionOverlapsTheInput(page);
            assertThat(iou(BrowserSession.ink(page, "input14"), large)).as("IoU of the tiny 7's input with the large 7's")
                    .isGreaterThan(0.7);
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("tiny-drawing.png")));
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void elboReferenceIsTheSelectedModelsOwnOrSaidToBeMissing() throws Exception {
        ModelFile file = ModelFiles.read(model);
        String expected = String.format(Locale.ROOT, "%.1f", file.metrics.bceAtMean + file.metrics.kl);
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            assertThat(page.textContent("#elbo-ref")).isEqualTo(expected);
            assertThat(page.locator("#elbo-ref-known").isVisible()).isTrue();
            assertThat(page.locator("#elbo-ref-missing").isVisible()).isFalse();

            page.selectOption("#model", "other-metrics.json");
            page.waitForFunction("() => window.vaeDigits.shownModel() === 'other-metrics.json'");
            assertThat(page.textContent("#elbo-ref")).as("30.0 + 5.04 in that file").isEqualTo("35.0");

            page.selectOption("#model", "no-metrics.json");
            page.waitForFunction("() => window.vaeDigits.shownModel() === 'no-metrics.json'");
            String hint = page.innerText(".draw-panel .hint");
            assertThat(hint).contains("records no test metrics").doesNotContain(expected).doesNotContain("35.0");
            assertThat(page.locator("#elbo-ref-known").isVisible()).isFalse();
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void elboIsAnnouncedPolitelyAtMostEveryOneAndAHalfSecondsAndWhenTheStrokeEnds() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            assertThat(page.getAttribute("#announce", "aria-live")).isEqualTo("polite");
            assertThat(page.evaluate("() => { const e = document.getElementById('elbo');"
                    + " return e.tagName !== 'OUTPUT' && !e.hasAttribute('aria-live') && !e.hasAttribute('role'); }"))
                    .as("the −ELBO shown on every frame is not itself a live region").isEqualTo(true);
            page.evaluate("() => { window.said = []; new MutationObserver(() => window.said.push({t: performance.now(),"
                    + " text: document.getElementById('announce').textContent}))"
                    + ".observe(document.getElementById('announce'), {childList: true, characterData: true, subtree: true}); }");
            BoundingBox box = pad(page);
            Mouse mouse = page.mouse();
            double[][] path = Gestures.SEVEN;
            mouse.move(box.x + path[0][0] * box.width, box.y + path[0][1] * box.height);
            double down = ((Number) page.evaluate("() => performance.now()")).doubleValue();
            mouse.down();
            // a slow stroke of about 4 s, a move every ~40 ms
            int moves = 0;
            for (int i = 1; i < path.length; i++) {
                for (int s = 1; s <= 33; s++, moves++) {
                    double t = s / 33.0;
                    mouse.move(box.x + (path[i - 1][0] + t * (path[i][0] - path[i - 1][0])) * box.width,
                            box.y + (path[i - 1][1] + t * (path[i][1] - path[i - 1][1])) * box.height);
                    page.waitForTimeout(40);
                }
            }
            double up = ((Number) page.evaluate("() => performance.now()")).doubleValue();
            mouse.up();
            page.waitForFunction("() => window.said.length > 0"
                    + " && window.said[window.said.length - 1].text === document.getElementById('elbo').textContent");
            settle(page);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> said = (List<Map<String, Object>>) page.evaluate("() => window.said");
            double duration = up - down;
            assertThat(duration).as("stroke duration, ms").isGreaterThan(3000);
            int during = 0;
            double last = down;
            for (Map<String, Object> a : said) {
                double t = ((Number) a.get("t")).doubleValue();
                if (t < up) {
                    during++;
                    assertThat(t - last).as("time since the stroke began or the last announcement, ms").isGreaterThan(1400);
                    last = t;
                }
            }
            assertThat(during).as("announcements while drawing (%s)", said).isBetween(1, (int) (duration / 1500) + 1);
            // the stroke's end is announced, unless the last announcement while drawing already said
            // the final value (the page never repeats itself; a loaded machine batches the last moves)
            String finalText = (String) page.evaluate("() => document.getElementById('elbo').textContent");
            boolean alreadySaid = during > 0 && finalText.equals(said.get(during - 1).get("text"));
            assertThat(said.size() - during).as("announcements after the stroke ended (%s)", said).isEqualTo(alreadySaid ? 0 : 1);
            assertThat(moves).isGreaterThan(60);
            assertThat(p.console).isEmpty();
        }
    }

    private static Strokes strokesOf(JsonNode file, int index, double scale) {
        for (JsonNode digit : file.path("digits")) {
            if (digit.path("index").asInt() == index) {
                Strokes inMnistPixels = new Strokes();
                for (JsonNode stroke : digit.path("strokes")) {
                    for (int k = 0; k + 1 < stroke.size(); k += 2) {
                        float x = (float) stroke.get(k).asDouble();
                        float y = (float) stroke.get(k + 1).asDouble();
                        if (k == 0) {
                            inMnistPixels.begin(x, y, 1);
                        } else {
                            inMnistPixels.add(x, y, 1);
                        }
                    }
                }
                // as Pad.show does: each point times the pad's side over 28
                Strokes onPad = new Strokes();
                for (int s = 0; s < inMnistPixels.strokeCount(); s++) {
                    for (int i = inMnistPixels.start(s); i < inMnistPixels.end(s); i++) {
                        double x = inMnistPixels.x(i) * scale;
                        double y = inMnistPixels.y(i) * scale;
                        if (i == inMnistPixels.start(s)) {
                            onPad.begin(x, y, 1);
                        } else {
                            onPad.add(x, y, 1);
                        }
                    }
                }
                return onPad;
            }
        }
        throw new AssertionError("test digit #" + index + " is not in static/real-digits.json");
    }

    private static double[] asDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** IoU of the pixels above 0.5. */
    static double iou(double[] a, double[] b) {
        int both = 0;
        int either = 0;
        for (int i = 0; i < a.length; i++) {
            both += a[i] > 0.5 && b[i] > 0.5 ? 1 : 0;
            either += a[i] > 0.5 || b[i] > 0.5 ? 1 : 0;
        }
        return either == 0 ? 0 : both / (double) either;
    }

    static double iou(double[] a, float[] b) {
        return iou(a, asDoubles(b));
    }
}
