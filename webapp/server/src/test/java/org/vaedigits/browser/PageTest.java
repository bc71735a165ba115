package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
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

    /** A "7" in pad coordinates (0..1): the bar, then the stem. */
    private static final double[][] SEVEN = {{0.28, 0.22}, {0.72, 0.22}, {0.62, 0.45}, {0.50, 0.80}};

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

    private BrowserSession.PageWithLog openReady(String query) {
        BrowserSession.PageWithLog p = session.newPage();
        p.page.navigate(session.baseUrl + "/" + query);
        p.page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
        return p;
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
            stroke(page, box, SEVEN);
            assertReconstructionOverlapsTheInput(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("page-drawn.png")).setFullPage(true));

            page.click("#clear");
            page.waitForFunction("() => document.getElementById('elbo').textContent.startsWith('Draw')");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "recon"))).as("reconstruction after Clear").isZero();
            assertThat(p.console).isEmpty();
        }
    }

    /** Waits for the drawing's −ELBO, then checks the reconstruction's ink lies on the 14×14 input's. */
    private static void assertReconstructionOverlapsTheInput(Page page) {
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
                    touchStroke(input, box, SEVEN);
                } else {
                    penStroke(input, box, SEVEN);
                }
                assertThat(page.evaluate("() => window.padPointerTypes.join()")).as("pointer types the pad saw").isEqualTo(pointerType);
                assertReconstructionOverlapsTheInput(page);
                assertThat(p.console).as(pointerType + " drawing: console").isEmpty();
                input.detach();
            }
        }
    }

    private static void touchStroke(CDPSession input, BoundingBox box, double[][] points) {
        input.send("Input.dispatchTouchEvent", touch("touchStart", box, points[0][0], points[0][1]));
        for (int i = 1; i < points.length; i++) {
            for (int step = 1; step <= 12; step++) {
                double t = step / 12.0;
                input.send("Input.dispatchTouchEvent", touch("touchMove", box,
                        points[i - 1][0] + t * (points[i][0] - points[i - 1][0]), points[i - 1][1] + t * (points[i][1] - points[i - 1][1])));
            }
        }
        JsonObject end = new JsonObject();
        end.addProperty("type", "touchEnd");
        end.add("touchPoints", new JsonArray());
        input.send("Input.dispatchTouchEvent", end);
    }

    private static JsonObject touch(String type, BoundingBox box, double x, double y) {
        JsonObject point = new JsonObject();
        point.addProperty("x", box.x + x * box.width);
        point.addProperty("y", box.y + y * box.height);
        point.addProperty("id", 1);
        JsonArray points = new JsonArray();
        points.add(point);
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.add("touchPoints", points);
        return event;
    }

    private static void penStroke(CDPSession input, BoundingBox box, double[][] points) {
        input.send("Input.dispatchMouseEvent", pen("mousePressed", box, points[0][0], points[0][1], 0.6));
        for (int i = 1; i < points.length; i++) {
            for (int step = 1; step <= 12; step++) {
                double t = step / 12.0;
                input.send("Input.dispatchMouseEvent", pen("mouseMoved", box,
                        points[i - 1][0] + t * (points[i][0] - points[i - 1][0]), points[i - 1][1] + t * (points[i][1] - points[i - 1][1]), 0.6));
            }
        }
        input.send("Input.dispatchMouseEvent", pen("mouseReleased", box, points[points.length - 1][0], points[points.length - 1][1], 0));
    }

    private static JsonObject pen(String type, BoundingBox box, double x, double y, double pressure) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.addProperty("x", box.x + x * box.width);
        event.addProperty("y", box.y + y * box.height);
        event.addProperty("button", "left");
        event.addProperty("buttons", type.equals("mouseReleased") ? 0 : 1);
        event.addProperty("clickCount", 1);
        event.addProperty("pointerType", "pen");
        event.addProperty("force", pressure);
        return event;
    }

    private static void stroke(Page page, BoundingBox box, double[][] points) {
        Mouse mouse = page.mouse();
        mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
        mouse.down();
        for (int i = 1; i < points.length; i++) {
            mouse.move(box.x + points[i][0] * box.width, box.y + points[i][1] * box.height, new Mouse.MoveOptions().setSteps(12));
        }
        mouse.up();
    }

    @Test
    void browserMathEqualsTheJvmOnTheCheckVectors() throws Exception {
        ModelFile file = ModelFiles.read(model);
        Vae vae = new Vae(file);
        try (BrowserSession.PageWithLog p = openReady("")) {
            List<Number> decoded = numbers(p.page.evaluate("() => Array.from(window.vaeDigits.decodeChecks())"));
            List<Number> encoded = numbers(p.page.evaluate("() => Array.from(window.vaeDigits.encodeChecks())"));
            float[][] z = file.checks.z;
            assertThat(z.length).isPositive();
            assertThat(decoded).hasSize(z.length * vae.inputSize);
            float[] jvm = new float[vae.inputSize];
            for (int r = 0; r < z.length; r++) {
                vae.decode(z[r], jvm);
                for (int i = 0; i < vae.inputSize; i++) {
                    double browser = decoded.get(r * vae.inputSize + i).doubleValue();
                    assertThat(browser).as("decode z[%d] pixel %d: browser vs JVM", r, i).isCloseTo(jvm[i], within(1e-5));
                    assertThat(browser).as("decode z[%d] pixel %d: browser vs DJL", r, i).isCloseTo(file.checks.probabilities[r][i], within(1e-5));
                }
            }
            float[][] x = file.checks.inputs;
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
    void fitsAPhoneScreen() throws Exception {
        BrowserSession.PageWithLog p = session.newPage();
        try (p) {
            Page page = p.page;
            page.setViewportSize(390, 844);
            page.navigate(session.baseUrl + "/");
            page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            Object width = page.evaluate("() => document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("page width on a 390 px screen").isLessThanOrEqualTo(390);
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("page-phone.png")).setFullPage(true));
            assertThat(p.console).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Number> numbers(Object value) {
        assertThat(value).as("value from the page").isInstanceOf(List.class);
        return (List<Number>) value;
    }
}
