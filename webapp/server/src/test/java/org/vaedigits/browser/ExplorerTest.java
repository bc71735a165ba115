package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.LatentPath;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Sampler;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The latent explorer (issue 10) in headless Chromium on the real model, checked against the JVM's
 * math: temperature, sliders (and "from drawing" = the encoder's μ of the page's 14×14 input), the
 * walk's straight and spherical strips, PNG downloads, links that reproduce the view pixel for
 * pixel, bad links, and dark mode.
 */
@ExtendWith(RequiresChromium.class)
class ExplorerTest {
    /** Ink read back from a canvas vs the JVM's probability: the colour ramp's 8-bit rounding and float32 differences. */
    static final double INK_TOLERANCE = 0.01;

    @TempDir
    static Path models;
    static BrowserSession session;
    static ModelFile file;
    static Vae vae;

    @BeforeAll
    static void start() throws Exception {
        Path model = Files.copy(BrowserSession.realModel(), models.resolve("vae.json"));
        file = ModelFiles.read(model);
        vae = new Vae(file);
        session = BrowserSession.open(models);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    /** Sets a range input as a user would (its value, then an input event) and waits two frames. */
    static void setRange(Page page, String id, double value) {
        page.evaluate("([id, v]) => { const e = document.getElementById(id); e.value = String(v);"
                + " e.dispatchEvent(new Event('input', {bubbles: true})); }", List.of(id, value));
        frames(page);
    }

    static void frames(Page page) {
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    /** Cell k (side×side) of a canvas's ink laid out in {@code columns} with 1-pixel gutters. */
    static double[] cell(double[] ink, int canvasWidth, int k, int columns, int side) {
        double[] out = new double[side * side];
        int ox = (k % columns) * (side + 1);
        int oy = (k / columns) * (side + 1);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                out[r * side + c] = ink[(oy + r) * canvasWidth + ox + c];
            }
        }
        return out;
    }

    static void assertInk(double[] browser, float[] jvm, String what) {
        assertThat(browser).as(what).hasSize(jvm.length);
        for (int i = 0; i < jvm.length; i++) {
            assertThat(browser[i]).as("%s, pixel %d: browser vs JVM", what, i).isCloseTo(jvm[i], within(INK_TOLERANCE));
        }
    }

    static double difference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    /** Mean over the 196 pixel positions of the variance across the grid's 64 digits. */
    static double meanVariance(double[] grid) {
        double total = 0;
        for (int p = 0; p < 196; p++) {
            double sum = 0;
            double sq = 0;
            for (int k = 0; k < 64; k++) {
                double v = cell(grid, 119, k, 8, 14)[p];
                sum += v;
                sq += v * v;
            }
            double mean = sum / 64;
            total += sq / 64 - mean * mean;
        }
        return total / 196;
    }

    @Test
    void temperatureNarrowsTheSamplesAndTheBrowserSamplesAsTheJvm() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            Sampler sampler = new Sampler(vae);
            double[] variance = new double[2];
            float[] temperatures = {0.2f, 1.5f};
            for (int i = 0; i < 2; i++) {
                setRange(page, "temperature", temperatures[i]);
                assertThat(page.textContent("#temperature-out")).isEqualTo(i == 0 ? "0.20" : "1.50");
                double[] grid = BrowserSession.ink(page, "samples");
                float[] images = new float[64 * 196];
                sampler.sample(1, 64, temperatures[i], new float[64 * 8], images);
                for (int k = 0; k < 64; k += 9) {
                    float[] jvm = new float[196];
                    System.arraycopy(images, k * 196, jvm, 0, 196);
                    assertInk(cell(grid, 119, k, 8, 14), jvm, "sample " + (k + 1) + " at T = " + temperatures[i]);
                }
                variance[i] = meanVariance(grid);
            }
            assertThat(variance[0]).as("pixel variance across the grid at T = 0.2 vs 1.5 (%s)", variance[1])
                    .isLessThan(0.6 * variance[1]);
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void slidersMoveTheDigitAndFromDrawingIsTheDrawingsMu() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            float[] z = new float[8];
            float[] expected = new float[196];
            vae.decode(z, expected);
            double[] origin = BrowserSession.ink(page, "sliders-view");
            assertInk(origin, expected, "sliders at z = 0");

            // the keyboard moves a slider too
            page.focus("#z2");
            for (int i = 0; i < 5; i++) {
                page.keyboard().press("PageUp");
            }
            frames(page);
            double z2 = Double.parseDouble(page.inputValue("#z2"));
            assertThat(z2).as("z3 after five PageUp").isGreaterThan(1.0);
            setRange(page, "z0", -2.5);
            assertThat(page.textContent("#z0-out")).isEqualTo("−2.50");
            z[0] = -2.5f;
            z[2] = Math.round(z2 * 100) / 100f;
            vae.decode(z, expected);
            double[] moved = BrowserSession.ink(page, "sliders-view");
            assertInk(moved, expected, "sliders at z1 = -2.5, z3 = " + z2);
            assertThat(difference(moved, origin)).as("change of the decoded digit").isGreaterThan(0.03);

            page.locator("#pad").scrollIntoViewIfNeeded();
            Gestures.mouseStroke(page, page.locator("#pad").boundingBox(), Gestures.SEVEN);
            page.waitForFunction("() => document.getElementById('elbo').textContent.includes('nats')");
            page.click("#z-drawing");
            frames(page);
            double[] input = BrowserSession.ink(page, "input14");
            float[] x = new float[196];
            for (int i = 0; i < 196; i++) {
                x[i] = input[i] > 0.5 ? 1 : 0;
            }
            float[] mu = new float[8];
            vae.encode(x, mu, new float[8]);
            for (int j = 0; j < 8; j++) {
                double clamped = Math.max(-3, Math.min(3, mu[j]));
                assertThat(Double.parseDouble(page.inputValue("#z" + j))).as("slider z%d vs the JVM's mu %s", j + 1, mu[j])
                        .isCloseTo(clamped, within(0.0051));
                z[j] = Math.round(Math.max(-300, Math.min(300, mu[j] * 100))) / 100f;
            }
            vae.decode(z, expected);
            assertInk(BrowserSession.ink(page, "sliders-view"), expected, "sliders from the drawing");

            page.click("#z-reset");
            frames(page);
            assertInk(BrowserSession.ink(page, "sliders-view"), decode(new float[8]), "after Reset");
            page.click("#z-random");
            frames(page);
            assertThat(difference(BrowserSession.ink(page, "sliders-view"), origin)).as("a random point from the prior").isGreaterThan(0.01);
            assertThat(p.console).isEmpty();
        }
    }

    static float[] decode(float[] z) {
        float[] out = new float[196];
        vae.decode(z, out);
        return out;
    }

    /** The strip's cells as the JVM computes them between samples 1 and 2 of seed 1. */
    static float[][] jvmStrip(float[] zs, int from, int to, int steps, boolean spherical) {
        float[] a = new float[8];
        float[] b = new float[8];
        System.arraycopy(zs, from * 8, a, 0, 8);
        System.arraycopy(zs, to * 8, b, 0, 8);
        float[][] out = new float[steps][];
        float[] z = new float[8];
        for (int s = 0; s < steps; s++) {
            LatentPath.point(a, b, LatentPath.at(s, steps), spherical, z);
            out[s] = decode(z);
        }
        return out;
    }

    @Test
    void straightAndSphericalStripsRunFromEndToEndAndDifferBetween() {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "")) {
            Page page = p.page;
            float[] zs = new float[64 * 8];
            new Sampler(vae).sample(1, 64, zs, new float[64 * 196]);
            setRange(page, "interp-steps", 7);
            page.selectOption("#interp-path", new String[] {"straight"});
            frames(page);
            double[] straight = BrowserSession.ink(page, "walk");
            assertThat(straight).as("a 7-step strip").hasSize((7 * 15 - 1) * 14);
            page.selectOption("#interp-path", "spherical");
            frames(page);
            double[] spherical = BrowserSession.ink(page, "walk");
            assertThat(page.textContent("#walk-ends")).isEqualTo("from sample 1 to sample 2, spherical");
            int width = 7 * 15 - 1;
            float[][] jvmStraight = jvmStrip(zs, 0, 1, 7, false);
            float[][] jvmSpherical = jvmStrip(zs, 0, 1, 7, true);
            for (int s = 0; s < 7; s++) {
                assertInk(cell(straight, width, s, 7, 14), jvmStraight[s], "straight strip, cell " + s);
                assertInk(cell(spherical, width, s, 7, 14), jvmSpherical[s], "spherical strip, cell " + s);
            }
            assertInk(cell(straight, width, 0, 7, 14), decode(java.util.Arrays.copyOfRange(zs, 0, 8)), "first cell = sample 1");
            assertInk(cell(straight, width, 6, 7, 14), decode(java.util.Arrays.copyOfRange(zs, 8, 16)), "last cell = sample 2");
            assertThat(cell(spherical, width, 0, 7, 14)).containsExactly(cell(straight, width, 0, 7, 14));
            assertThat(cell(spherical, width, 6, 7, 14)).containsExactly(cell(straight, width, 6, 7, 14));
            double between = 0;
            for (int s = 1; s < 6; s++) {
                between += difference(cell(spherical, width, s, 7, 14), cell(straight, width, s, 7, 14));
            }
            assertThat(between / 5).as("mean difference of the inner cells, spherical vs straight").isGreaterThan(0.005);

            // the sliders as the end: the strip's last cell follows them
            page.selectOption("#interp-to", new String[] {"sliders"});
            setRange(page, "z1", 2.0);
            float[] z = new float[8];
            z[1] = 2f;
            assertInk(cell(BrowserSession.ink(page, "walk"), width, 6, 7, 14), decode(z), "last cell = the sliders");
            assertThat(page.textContent("#walk-ends")).isEqualTo("from sample 1 to the sliders, spherical");

            // play moves along the path and pause stops it
            page.click("#interp-play");
            page.waitForFunction("() => Number(document.getElementById('interp-view').dataset.position) > 0.2");
            assertThat(page.locator("#walk-cursor").isVisible()).as("the cell being played is outlined").isTrue();
            page.click("#interp-play");
            String at = page.getAttribute("#interp-view", "data-position");
            frames(page);
            frames(page);
            assertThat(page.getAttribute("#interp-view", "data-position")).as("paused").isEqualTo(at);
            page.click("#interp-stop");
            assertThat(page.getAttribute("#interp-view", "data-position")).isEqualTo("0.000");
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void pngDownloadsHaveTheirNamesSizesAndPixels() throws Exception {
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "?seed=7")) {
            Page page = p.page;
            PageTest.clickSample(page, 11);
            String prefix = "vae-digits_vae.json_seed-7_T-1.00_";
            BufferedImage sample = download(page, "#save-sample", prefix + "sample-12.png");
            assertThat(sample.getWidth()).isEqualTo(196);
            assertThat(sample.getHeight()).isEqualTo(196);
            double[] grid = BrowserSession.ink(page, "samples");
            assertPixels(sample, cell(grid, 119, 11, 8, 14), 14, "sample 12");

            BufferedImage all = download(page, "#save-grid", prefix + "samples.png");
            assertThat(all.getWidth()).isEqualTo(119 * 14);
            assertThat(all.getHeight()).isEqualTo(119 * 14);
            assertPixels(all, grid, 119, "the grid");
            assertThat(all.getRGB(14 * 14 + 7, 7) & 0xffffff).as("a gutter: the page's gutter colour, opaque").isEqualTo(0xe9e6de);

            page.selectOption("#interp-path", "spherical");
            frames(page);
            BufferedImage strip = download(page, "#save-strip", prefix + "interpolation-slerp-10.png");
            assertThat(strip.getWidth()).isEqualTo(149 * 14);
            assertThat(strip.getHeight()).isEqualTo(14 * 14);
            assertPixels(strip, BrowserSession.ink(page, "walk"), 149, "the strip");

            BufferedImage sliders = download(page, "#save-sliders", prefix + "sliders.png");
            assertThat(sliders.getWidth()).isEqualTo(196);
            assertPixels(sliders, BrowserSession.ink(page, "sliders-view"), 14, "the sliders' digit");
            assertThat(p.console).isEmpty();
        }
    }

    private static BufferedImage download(Page page, String button, String name) throws Exception {
        Download d = page.waitForDownload(() -> page.click(button));
        assertThat(d.suggestedFilename()).isEqualTo(name);
        Path saved = BrowserSession.screenshotDir().resolve(name);
        d.saveAs(saved);
        BufferedImage image = ImageIO.read(saved.toFile());
        assertThat(image).as("PNG " + name).isNotNull();
        return image;
    }

    /** Every 14×14 block of the PNG is one flat colour, the canvas pixel's (ink within rounding; gutters skipped). */
    private static void assertPixels(BufferedImage png, double[] ink, int width, String what) {
        int height = ink.length / width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean gutter = width != 14 && (x % 15 == 14 || y % 15 == 14);
                if (gutter) {
                    continue;
                }
                int centre = png.getRGB(x * 14 + 7, y * 14 + 7) & 0xffffff;
                assertThat(png.getRGB(x * 14, y * 14) & 0xffffff).as("%s: block (%d, %d) is flat (nearest neighbour)", what, x, y).isEqualTo(centre);
                assertThat(png.getRGB(x * 14 + 13, y * 14 + 13) & 0xffffff).as("%s: block (%d, %d) is flat", what, x, y).isEqualTo(centre);
                double pngInk = Math.max(0, Math.min(1, (252 - (centre >> 16)) / 231.0));
                assertThat(pngInk).as("%s: pixel (%d, %d) PNG vs canvas", what, x, y).isCloseTo(ink[y * width + x], within(1e-9));
            }
        }
    }

    /** Raw RGBA of the canvases a link must reproduce. */
    private static List<Object> pixels(Page page) {
        List<Object> out = new ArrayList<>();
        for (String id : new String[] {"samples", "walk", "sliders-view"}) {
            out.add(page.evaluate("id => { const c = document.getElementById(id);"
                    + " return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(); }", id));
        }
        return out;
    }

    @Test
    void aCopiedLinkShowsTheSamePixelsInAFreshBrowserContext() {
        String link;
        List<Object> before;
        try (BrowserContext context = session.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setPermissions(List.of("clipboard-read", "clipboard-write")))) {
            Page page = context.newPage();
            List<String> console = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    console.add(m.text());
                }
            });
            page.navigate(session.baseUrl + "/?seed=5");
            page.waitForSelector("body[data-ready=true]");
            setRange(page, "temperature", 0.6);
            setRange(page, "z3", 1.23);
            setRange(page, "z7", -0.4);
            PageTest.clickSample(page, 20);
            PageTest.clickSample(page, 33);
            page.selectOption("#interp-path", "spherical");
            page.selectOption("#interp-to", new String[] {"sliders"});
            setRange(page, "interp-steps", 13);
            page.locator("#pad").scrollIntoViewIfNeeded();
            Gestures.mouseStroke(page, page.locator("#pad").boundingBox(), Gestures.SEVEN);
            page.waitForFunction("() => document.getElementById('elbo').textContent.includes('nats')");
            page.selectOption("#interp-from", new String[] {"drawing's μ"});
            frames(page);
            page.click("#copy-link");
            page.waitForFunction("() => document.getElementById('share-note').textContent === 'Link copied.'");
            link = (String) page.evaluate("() => navigator.clipboard.readText()");
            before = pixels(page);
            assertThat(link).startsWith(session.baseUrl + "/?").contains("seed=5").contains("t=0.6").contains("steps=13")
                    .contains("path=slerp").contains("z=0,0,0,1.23,0,0,0,-0.4").contains("s1=21").contains("s2=34")
                    .contains("from=mu").contains("to=z").contains("mu=");
            assertThat(page.url()).as("the address itself").isEqualTo(link);
            assertThat(console).isEmpty();
        }
        try (BrowserSession.PageWithLog p = session.newPage()) {
            p.page.navigate(link);
            p.page.waitForSelector("body[data-ready=true]");
            frames(p.page);
            assertThat(p.page.locator("#link-note").isHidden()).isTrue();
            assertThat(p.page.inputValue("#z3")).isEqualTo("1.23");
            assertThat(p.page.textContent("#temperature-out")).isEqualTo("0.60");
            List<Object> after = pixels(p.page);
            assertThat(after.get(0)).as("sample grid pixels").isEqualTo(before.get(0));
            assertThat(after.get(1)).as("strip pixels").isEqualTo(before.get(1));
            assertThat(after.get(2)).as("sliders' digit pixels").isEqualTo(before.get(2));
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void badLinksFallBackToAWorkingPageWithANote() {
        String huge = "x".repeat(700); // over the page's 1000-character limit, under the server's for a request line
        String[] links = {
            "?model=missing.json&seed=12ab&t=abc&z=1,2,3&steps=99&s1=0&from=zz&path=round",
            "?t=9&z=1,2,3,4,5,6,7,8,9&mu=NaN,0,0,0,0,0,0,0&s2=65&steps=-1",
            "?model=" + huge + "&z=" + huge,
        };
        for (String link : links) {
            System.out.println("bad link: " + link.substring(0, Math.min(80, link.length())));
            try (BrowserSession.PageWithLog p = PageTest.openReady(session, link)) {
                Page page = p.page;
                assertThat(page.locator("#link-note").isVisible()).as("note for " + link.substring(0, Math.min(60, link.length()))).isTrue();
                assertThat(page.textContent("#link-note-text")).startsWith("Part of this link could not be used");
                assertThat(page.locator("#banner").isHidden()).isTrue();
                assertThat(page.textContent("#card-name")).isEqualTo("vae.json");
                assertThat(page.textContent("#temperature-out")).isEqualTo("1.00");
                assertThat(page.inputValue("#z0")).isEqualTo("0");
                assertThat(page.inputValue("#interp-steps")).isEqualTo("10");
                assertThat(BrowserSession.sum(BrowserSession.ink(page, "samples"))).as("samples").isGreaterThan(100);
                assertThat(BrowserSession.sum(BrowserSession.ink(page, "walk"))).as("strip").isGreaterThan(10);
                page.click("#link-note-close");
                assertThat(page.locator("#link-note").isHidden()).isTrue();
                assertThat(p.console).as("console for a bad link").isEmpty();
            }
        }
        try (BrowserSession.PageWithLog p = PageTest.openReady(session, "?model=missing.json")) {
            assertThat(p.page.textContent("#link-note-text")).contains("model").contains("missing.json");
            assertThat(p.page.textContent("#card-name")).isEqualTo("vae.json");
        }
    }

    /** WCAG contrast ratio of two sRGB colours given as 0xRRGGBB. */
    static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(int rgb) {
        double[] c = {(rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    @Test
    void darkModeIsDarkWithReadableTextAndDigits() throws Exception {
        try (BrowserContext context = session.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setColorScheme(ColorScheme.DARK))) {
            Page page = context.newPage();
            page.navigate(session.baseUrl + "/");
            page.waitForSelector("body[data-ready=true]");
            @SuppressWarnings("unchecked")
            List<Number> colours = (List<Number>) page.evaluate("() => {"
                    + " const rgb = s => { const m = s.match(/\\d+/g).map(Number); return (m[0] << 16) | (m[1] << 8) | m[2]; };"
                    + " const css = (sel, p) => rgb(getComputedStyle(document.querySelector(sel))[p]);"
                    + " const c = document.getElementById('samples'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " let light = 0, dark = 0xffffff, lightL = -1, darkL = 1e9;"
                    + " for (let i = 0; i < d.length; i += 4) { if (d[i + 3] === 0) continue; const v = d[i] + d[i + 1] + d[i + 2];"
                    + "   if (v > lightL) { lightL = v; light = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; }"
                    + "   if (v < darkL) { darkL = v; dark = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; } }"
                    + " return [css('html', 'backgroundColor'), css('body', 'color'), css('.panel', 'backgroundColor'),"
                    + "   css('.hint', 'color'), css('#z-reset', 'color'), css('#z-reset', 'backgroundColor'), light, dark]; }");
            int page0 = colours.get(0).intValue();
            assertThat(luminance(page0)).as("page background luminance in dark mode").isLessThan(0.03);
            assertThat(luminance(colours.get(2).intValue())).as("panel background luminance").isLessThan(0.05);
            assertThat(contrast(colours.get(1).intValue(), colours.get(2).intValue())).as("text on panels").isGreaterThan(7);
            assertThat(contrast(colours.get(3).intValue(), colours.get(2).intValue())).as("muted hints on panels").isGreaterThan(4.5);
            assertThat(contrast(colours.get(4).intValue(), colours.get(5).intValue())).as("button text").isGreaterThan(4.5);
            assertThat(contrast(colours.get(6).intValue(), colours.get(7).intValue())).as("digit ink on its paper").isGreaterThan(7);
            assertThat(luminance(colours.get(6).intValue())).as("digits stay on light paper").isGreaterThan(0.8);
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("dark-1280x900.png")).setFullPage(true));
        }
    }

    @Test
    void screenshotsAtDesktopAndPhoneSizesLightAndDark() throws Exception {
        for (ColorScheme scheme : new ColorScheme[] {ColorScheme.LIGHT, ColorScheme.DARK}) {
            for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
                boolean phone = size[0] < 500;
                Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(size[0], size[1]).setColorScheme(scheme);
                if (phone) {
                    options.setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true);
                }
                try (BrowserContext context = session.browser.newContext(options)) {
                    Page page = context.newPage();
                    page.navigate(session.baseUrl + "/?t=0.8&z=0,1.2,0,-0.8,0,0,0.5,0&path=slerp&steps=12");
                    page.waitForSelector("body[data-ready=true]");
                    frames(page);
                    assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                            .as("page width at %dx%d", size[0], size[1]).isLessThanOrEqualTo(size[0]);
                    String name = "explorer-" + size[0] + "x" + size[1] + "-" + scheme.name().toLowerCase(java.util.Locale.ROOT) + ".png";
                    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve(name)).setFullPage(true));
                }
            }
        }
    }
}
