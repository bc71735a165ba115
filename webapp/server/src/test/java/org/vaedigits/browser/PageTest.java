package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.CheckVectors;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The page in headless Chromium against the real server, on a copy of the real trained model:
 * it becomes ready without console errors, samples, reconstructs mouse drawings, lists and switches
 * models, and its TeaVM-compiled math equals the JVM's on the model's check vectors.
 */
@ExtendWith(RequiresChromium.class)
class PageTest {
    @TempDir
    static Path models;
    static Path model;
    static BrowserSession session;

    @BeforeAll
    static void start() throws Exception {
        Path real = BrowserSession.realModel();
        model = Files.copy(real, models.resolve("vae.json")); // the server's default name
        Files.copy(real, models.resolve("second.json"));
        Files.writeString(models.resolve("broken.json"), "{\"format\": {\"name\": \"vae-digits-model\", \"version\": 99}}");
        session = BrowserSession.open(models);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    static BrowserSession.PageWithLog openReady(BrowserSession session, String query) {
        BrowserSession.PageWithLog p = session.newPage();
        p.page.navigate(session.baseUrl + "/" + query);
        p.page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
        return p;
    }

    private BrowserSession.PageWithLog openReady(String query) {
        return openReady(session, query);
    }

    @Test
    void becomesReadyWithoutConsoleErrorsAndShowsTheModelCard() throws Exception {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            assertThat(page.locator("#banner").isHidden()).as("error banner hidden").isTrue();
            assertThat(page.textContent("#card-name")).isEqualTo("vae.json");
            ModelFile file = ModelFiles.read(model);
            assertThat(page.textContent("#card-epochs")).startsWith(file.training.epochs + " epoch");
            assertThat(page.textContent("#seed")).isEqualTo("1");
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("page-ready.png")).setFullPage(true));
            assertThat(p.console).as("console errors and warnings").isEmpty();
        }
    }

    @Test
    void samplesAreNotBlankAndChangeOnResample() {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            double[] first = BrowserSession.ink(page, "samples");
            assertThat(first).hasSize(119 * 119);
            assertThat(BrowserSession.sum(first) / first.length).as("mean ink of the sample grid").isBetween(0.03, 0.6);
            page.click("#resample");
            assertThat(page.textContent("#seed")).isEqualTo("2");
            double[] second = BrowserSession.ink(page, "samples");
            double changed = 0;
            for (int i = 0; i < first.length; i++) {
                changed += Math.abs(first[i] - second[i]);
            }
            assertThat(changed / first.length).as("mean change of the grid after Resample").isGreaterThan(0.02);
            assertThat(BrowserSession.ink(page, "walk")).as("latent walk strip").satisfies(w -> assertThat(BrowserSession.sum(w)).isGreaterThan(10));
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void mouseStrokesGiveAReconstructionThatOverlapsTheInput() throws Exception {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "recon"))).as("no reconstruction before drawing").isZero();
            page.locator("#pad").scrollIntoViewIfNeeded();
            BoundingBox box = page.locator("#pad").boundingBox();
            Gestures.mouseStroke(page, box, Gestures.SEVEN);
            assertReconstructionOverlapsTheInput(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("page-drawn.png")).setFullPage(true));

            page.click("#clear");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "recon"))).as("reconstruction after Clear").isZero();
            assertThat(p.console).isEmpty();
        }
    }

    /** Waits for the drawing's −ELBO, then checks the reconstruction's ink lies on the 14×14 input's. */
    static void assertReconstructionOverlapsTheInput(Page page) {
        page.waitForFunction("() => document.getElementById('elbo').textContent.includes('nats')");
        double[] input = BrowserSession.ink(page, "input14");
        double[] recon = BrowserSession.ink(page, "recon");
        int on = 0;
        double inkOn = 0;
        double inkOff = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] > 0.5) {
                on++;
                inkOn += recon[i];
            } else {
                inkOff += recon[i];
            }
        }
        assertThat(on).as("pixels on in the 14x14 input").isBetween(8, 120);
        assertThat(BrowserSession.sum(recon)).as("reconstruction ink").isGreaterThan(5);
        double meanOn = inkOn / on;
        double meanOff = inkOff / (input.length - on);
        assertThat(meanOn).as("mean reconstruction ink on the input's pixels").isGreaterThan(0.35);
        assertThat(meanOn).as("reconstruction ink on vs off the input").isGreaterThan(3 * meanOff);
        String elbo = page.textContent("#elbo");
        double nats = Double.parseDouble(elbo.replaceAll("^−ELBO ([0-9.]+) nats.*$", "$1"));
        assertThat(nats).as("the drawing's -ELBO").isBetween(5.0, 400.0);
    }

    @Test
    void touchAndPenStrokesAreDrawnAndReconstructed() throws Exception {
        for (String pointerType : new String[] {"touch", "pen"}) {
            try (BrowserSession.PageWithLog p = openReady("")) {
                Page page = p.page;
                page.locator("#pad").scrollIntoViewIfNeeded();
                BoundingBox box = page.locator("#pad").boundingBox();
                // Chromium's own input pipeline (DevTools protocol), which makes the pointer events a
                // finger or a pen would: pointerType "touch" or "pen" (with pressure)
                page.evaluate("() => { window.padPointerTypes = [];"
                        + " document.getElementById('pad').addEventListener('pointerdown', e => window.padPointerTypes.push(e.pointerType)); }");
                CDPSession input = page.context().newCDPSession(page);
                if (pointerType.equals("touch")) {
                    Gestures.touchStroke(input, box, Gestures.SEVEN);
                } else {
                    Gestures.penStroke(input, box, Gestures.SEVEN);
                }
                assertThat(page.evaluate("() => window.padPointerTypes.join()")).as("pointer types the pad saw").isEqualTo(pointerType);
                assertReconstructionOverlapsTheInput(page);
                assertThat(p.console).as(pointerType + " drawing: console").isEmpty();
                input.detach();
            }
        }
    }

    @Test
    void clickedSamplesAreMarkedAsTheWalksEnds() throws Exception {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            assertThat(page.getAttribute("#samples", "data-walk-from")).isEqualTo("1");
            assertThat(page.getAttribute("#samples", "data-walk-to")).isEqualTo("2");
            assertWalkMarks(page, 0, 1);
            double[] walkBefore = BrowserSession.ink(page, "walk");

            clickSample(page, 10);
            clickSample(page, 21);
            assertThat(page.getAttribute("#samples", "data-walk-from")).isEqualTo("11");
            assertThat(page.getAttribute("#samples", "data-walk-to")).isEqualTo("22");
            assertThat(page.textContent("#walk-ends")).isEqualTo("from sample 11 to sample 22");
            assertWalkMarks(page, 10, 21);
            double changed = 0;
            double[] walkAfter = BrowserSession.ink(page, "walk");
            for (int i = 0; i < walkAfter.length; i++) {
                changed += Math.abs(walkAfter[i] - walkBefore[i]);
            }
            assertThat(changed / walkAfter.length).as("mean change of the walk strip").isGreaterThan(0.02);
            page.locator(".samples-panel").screenshot(new Locator.ScreenshotOptions()
                    .setPath(BrowserSession.screenshotDir().resolve("walk-marks.png")));

            // the next click moves the start again; the same sample may be both ends
            clickSample(page, 21);
            assertThat(page.getAttribute("#samples", "data-walk-from")).isEqualTo("22");
            assertWalkMarks(page, 21, 21);
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void theKeyboardChoosesTheWalksEndsOnTheGrid() throws Exception {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            page.locator("#samples").focus();
            Object scrollBefore = page.evaluate("() => window.scrollY");
            for (String key : new String[] {"ArrowRight", "ArrowRight", "ArrowDown", "ArrowUp", "ArrowDown"}) {
                page.keyboard().press(key);
            }
            assertThat(page.textContent("#selected")).as("the sample chosen by the arrows").isEqualTo("11");
            assertThat(page.evaluate("() => window.scrollY")).as("arrows on the grid do not scroll the page").isEqualTo(scrollBefore);
            assertThat(page.getAttribute("#samples", "data-walk-from")).as("choosing alone moves no end").isEqualTo("1");
            assertThat(cursorInk(page, 10)).as("the chosen sample is outlined").isGreaterThan(0);
            page.locator(".samples-panel").screenshot(new Locator.ScreenshotOptions()
                    .setPath(BrowserSession.screenshotDir().resolve("walk-keyboard.png")));

            page.keyboard().press("Enter");
            assertThat(page.getAttribute("#samples", "data-walk-from")).isEqualTo("11");
            page.keyboard().press("ArrowRight");
            page.keyboard().press(" ");
            assertThat(page.getAttribute("#samples", "data-walk-to")).as("Space picks the other end, as a second click").isEqualTo("12");
            assertThat(page.textContent("#walk-ends")).isEqualTo("from sample 11 to sample 12");
            assertWalkMarks(page, 10, 11);

            for (String key : new String[] {"ArrowUp", "ArrowUp", "ArrowLeft", "ArrowLeft", "ArrowLeft", "ArrowLeft", "Enter"}) {
                page.keyboard().press(key);
            }
            assertThat(page.textContent("#walk-ends")).as("no arrow leaves the grid; ← goes on across rows").isEqualTo("from sample 1 to sample 12");
            assertWalkMarks(page, 0, 11);
            for (int i = 0; i < 70; i++) {
                page.keyboard().press("ArrowDown");
                page.keyboard().press("ArrowRight");
            }
            page.keyboard().press("Enter");
            assertThat(page.textContent("#walk-ends")).isEqualTo("from sample 1 to sample 64");
            assertThat(p.console).isEmpty();
        }
    }

    /** Non-transparent pixels of the walk marks' overlay inside sample cell {@code index}. */
    private static int cursorInk(Page page, int index) {
        return ((Number) page.evaluate("k => {"
                + " const o = document.getElementById('walk-marks');"
                + " const copy = document.createElement('canvas'); copy.width = o.width; copy.height = o.height;"
                + " const g = copy.getContext('2d', {willReadFrequently: true}); g.drawImage(o, 0, 0);"
                + " const unit = o.width / 119, s = Math.floor(14 * unit);"
                + " const d = g.getImageData(Math.ceil((k % 8) * 15 * unit), Math.ceil(Math.floor(k / 8) * 15 * unit), s, s).data;"
                + " let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0 ? 1 : 0;"
                + " return n; }", index)).intValue();
    }

    static void clickSample(Page page, int index) {
        BoundingBox box = page.locator("#samples").boundingBox();
        int columns = 8;
        page.mouse().click(box.x + ((index % columns) * 15 + 7) / 119.0 * box.width,
                box.y + ((index / columns) * 15 + 7) / 119.0 * box.height);
    }

    /**
     * The overlay over the sample grid outlines exactly the cells {@code from} and {@code to}
     * (its pixels: opaque on their edges, at least 3 device pixels wide, clear over their digits
     * and everywhere else) and puts
     * the badge "1" at the start's top-left corner, "2" at the end's top-right.
     */
    private static void assertWalkMarks(Page page, int from, int to) {
        @SuppressWarnings("unchecked")
        List<List<Number>> cells = (List<List<Number>>) page.evaluate("() => {"
                + " const o = document.getElementById('walk-marks');"
                + " const copy = document.createElement('canvas'); copy.width = o.width; copy.height = o.height;"
                + " const g = copy.getContext('2d', {willReadFrequently: true}); g.drawImage(o, 0, 0);"
                + " const unit = o.width / 119, s = 14 * unit, r = Math.max(8 * (window.devicePixelRatio || 1), s * 0.19);"
                + " const a = (x, y) => g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data[3];"
                + " const out = [];"
                + " for (let k = 0; k < 64; k++) {"
                + "   const x = (k % 8) * 15 * unit, y = Math.floor(k / 8) * 15 * unit;"
                + "   out.push([a(x + 1.5, y + s / 2), a(x + s - 1.5, y + s / 2), a(x + s / 2, y + s - 1.5), a(x + s / 2, y + s * 0.6),"
                + "     a(x + r, y + r), a(x + s - r, y + r)]);"
                + " }"
                + " return out; }");
        for (int k = 0; k < 64; k++) {
            List<Number> c = cells.get(k);
            boolean marked = k == from || k == to;
            for (int edge = 0; edge < 3; edge++) {
                int alpha = c.get(edge).intValue();
                if (marked) {
                    assertThat(alpha).as("overlay alpha on edge %d of sample %d", edge, k + 1).isGreaterThanOrEqualTo(250);
                } else {
                    assertThat(alpha).as("overlay alpha on edge %d of sample %d", edge, k + 1).isZero();
                }
            }
            assertThat(c.get(3).intValue()).as("overlay over the digit of sample %d", k + 1).isZero();
            assertThat(c.get(4).intValue()).as("badge 1 at sample %d", k + 1).isEqualTo(k == from ? 255 : 0);
            assertThat(c.get(5).intValue()).as("badge 2 at sample %d", k + 1).isEqualTo(k == to ? 255 : 0);
        }
    }

    @Test
    void browserMathEqualsTheJvmOnTheCheckVectors() throws Exception {
        ModelFile file = ModelFiles.read(model);
        // the JVM on the parts the page loads: the same values (float16 for this model), the same math
        ModelFile served = new ModelFile();
        served.architecture = file.architecture;
        byte[] decoderPart = PackedModel.pack(file, PackedModel.DECODER);
        assertThat(PackedModel.unpack(decoderPart, PackedModel.DECODER, served)).isNull();
        assertThat(PackedModel.unpack(PackedModel.pack(file, PackedModel.ENCODER), PackedModel.ENCODER, served)).isNull();
        double djlTolerance = ByteBuffer.wrap(decoderPart).order(ByteOrder.LITTLE_ENDIAN).getInt(4) == PackedModel.FLOAT16
                ? CheckVectors.FLOAT16_TOLERANCE : CheckVectors.TOLERANCE;
        Vae vae = new Vae(served);
        try (BrowserSession.PageWithLog p = openReady("")) {
            List<Number> decoded = numbers(p.page.evaluate("() => Array.from(window.vaeDigits.decodeChecks())"));
            List<Number> encoded = numbers(p.page.evaluate("() => Array.from(window.vaeDigits.encodeChecks())"));
            float[][] z = served.checks.z;
            assertThat(z.length).isPositive();
            assertThat(decoded).hasSize(z.length * vae.inputSize);
            float[] jvm = new float[vae.inputSize];
            for (int r = 0; r < z.length; r++) {
                vae.decode(z[r], jvm);
                for (int i = 0; i < vae.inputSize; i++) {
                    double browser = decoded.get(r * vae.inputSize + i).doubleValue();
                    assertThat(browser).as("decode z[%d] pixel %d: browser vs JVM", r, i).isCloseTo(jvm[i], within(1e-5));
                    assertThat(browser).as("decode z[%d] pixel %d: browser vs DJL", r, i)
                            .isCloseTo(file.checks.probabilities[r][i], within(djlTolerance));
                }
            }
            float[][] x = served.checks.inputs;
            int latent = vae.latentSize;
            assertThat(encoded).hasSize(2 * x.length * latent);
            float[] mu = new float[latent];
            float[] logvar = new float[latent];
            for (int r = 0; r < x.length; r++) {
                vae.encode(x[r], mu, logvar);
                for (int j = 0; j < latent; j++) {
                    assertThat(encoded.get(r * latent + j).doubleValue()).as("mu[%d][%d]", r, j).isCloseTo(mu[j], within(1e-5));
                    assertThat(encoded.get((x.length + r) * latent + j).doubleValue()).as("logvar[%d][%d]", r, j).isCloseTo(logvar[j], within(1e-5));
                }
            }
        }
    }

    @Test
    void pickerListsEveryModelWithInvalidOnesDisabledAndSwitchesLive() {
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            Locator options = page.locator("#model option");
            assertThat(options.count()).isEqualTo(3);
            Locator broken = page.locator("#model option[value='broken.json']");
            assertThat(broken.isDisabled()).as("invalid model disabled").isTrue();
            assertThat(broken.textContent()).contains("invalid").contains("version");
            assertThat(page.locator("#model option[value='second.json']").isDisabled()).isFalse();
            double[] before = BrowserSession.ink(page, "samples");

            page.selectOption("#model", "second.json");
            page.waitForFunction("() => window.vaeDigits.shownModel() === 'second.json'");
            assertThat(page.textContent("#card-name")).isEqualTo("second.json");
            assertThat(page.url()).contains("model=second.json");
            // the same weights under another name and the same seed: the very same digits
            assertThat(BrowserSession.ink(page, "samples")).containsExactly(before);
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void latentMapShowsTheTestMeansAndDecodesUnderThePointer() throws Exception {
        ModelFile file = ModelFiles.read(model);
        try (BrowserSession.PageWithLog p = openReady("")) {
            Page page = p.page;
            if (file.latentMap == null) {
                assertThat(page.locator("#map-panel").isHidden()).as("no map in the file, no map panel").isTrue();
                return;
            }
            assertThat(page.locator("#map-panel").isVisible()).isTrue();
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "map-decoded"))).isZero();
            page.locator("#map").scrollIntoViewIfNeeded();
            BoundingBox box = page.locator("#map").boundingBox();
            page.mouse().move(box.x + box.width * 0.5, box.y + box.height * 0.5);
            page.mouse().move(box.x + box.width * 0.45, box.y + box.height * 0.55, new Mouse.MoveOptions().setSteps(3));
            page.waitForFunction("() => document.getElementById('map-at').textContent.startsWith('(')");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "map-decoded"))).as("digit decoded under the pointer").isGreaterThan(5);
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void theDecodeBenchmarkPageRunsAndItsTwoDecodersAgree() {
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            page.navigate(session.baseUrl + "/bench.html?model=vae.json&n=200&rounds=1");
            page.waitForSelector("body[data-done=true]", new Page.WaitForSelectorOptions().setTimeout(30_000));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) page.evaluate("() => window.benchResult");
            assertThat(result).as("the benchmark's result").doesNotContainKey("error");
            assertThat(((Number) result.get("maxAbsDiff")).doubleValue()).as("TeaVM vs hand-written JS").isLessThan(1e-5);
            assertThat(((Number) result.get("teavmPerSecond")).doubleValue()).isPositive();
            assertThat(((Number) result.get("jsPerSecond")).doubleValue()).isPositive();
            assertThat(p.console).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Number> numbers(Object value) {
        assertThat(value).as("value from the page").isInstanceOf(List.class);
        return (List<Number>) value;
    }
}
