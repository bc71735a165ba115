package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.vaedigits.server.WebServer;

/**
 * One real server on a free port over a models folder, and the system's headless Chromium driven by
 * Playwright, for a browser test class.
 */
final class BrowserSession implements AutoCloseable {
    final Javalin server;
    final Playwright playwright;
    final Browser browser;
    final String baseUrl;

    private BrowserSession(Path modelsDir) {
        server = WebServer.create(modelsDir).start("127.0.0.1", 0);
        baseUrl = "http://127.0.0.1:" + server.port();
        Playwright pw = null;
        try {
            pw = Chromium.playwright();
            browser = Chromium.launch(pw);
        } catch (RuntimeException e) {
            if (pw != null) {
                pw.close();
            }
            server.stop();
            throw e;
        }
        playwright = pw;
    }

    /** Starts the server over {@code modelsDir} and the browser (test classes check for it with {@link RequiresChromium}). */
    static BrowserSession open(Path modelsDir) {
        return new BrowserSession(modelsDir);
    }

    /** A fresh page (own context: no shared cache or storage) that records console errors and page errors. */
    PageWithLog newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        PageWithLog p = new PageWithLog(context, page);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) || "warning".equals(m.type())) {
                p.console.add(m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> p.console.add("page error: " + e));
        return p;
    }

    @Override
    public void close() {
        try {
            browser.close();
            playwright.close();
        } finally {
            server.stop();
        }
    }

    /** A page with the console errors and warnings it produced. */
    static final class PageWithLog implements AutoCloseable {
        final BrowserContext context;
        final Page page;
        final List<String> console = new ArrayList<>();

        PageWithLog(BrowserContext context, Page page) {
            this.context = context;
            this.page = page;
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** The real model the tests run on: the committed default, models/vae.json. */
    static Path realModel() {
        Path dir = Paths.get(System.getProperty("vaedigits.modelsDir", "../../models")).toAbsolutePath().normalize();
        Path model = dir.resolve("vae.json");
        if (!Files.isRegularFile(model)) {
            throw new AssertionError("no default model " + model + ": models/vae.json is committed with the project");
        }
        return model;
    }

    /** Where screenshots go: the module's build folder. */
    static Path screenshotDir() throws IOException {
        Path dir = Paths.get(System.getProperty("vaedigits.buildDir", "target"), "screenshots");
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * A JavaScript function {@code id => [ink, ...]}: ink per pixel of the canvas with that id
     * (0 = paper .. 1 = ink, the inverse of the page's paper-to-ink colour ramp; transparent
     * gutters count as paper), row-major.
     */
    static final String READ_INK = "id => {"
            + " const c = document.getElementById(id);"
            // read through a copy, so the page's own canvas is not flagged for repeated readbacks
            + " const copy = document.createElement('canvas'); copy.width = c.width; copy.height = c.height;"
            + " const g = copy.getContext('2d', {willReadFrequently: true}); g.drawImage(c, 0, 0);"
            + " const d = g.getImageData(0, 0, c.width, c.height).data;"
            + " const out = [];"
            + " for (let i = 0; i < d.length; i += 4) out.push(d[i + 3] === 0 ? 0 : Math.max(0, Math.min(1, (252 - d[i]) / 231)));"
            + " return out; }";

    /** Ink per pixel of a canvas (0 = paper .. 1 = ink; transparent gutters count as paper), row-major. */
    static double[] ink(Page page, String canvasId) {
        @SuppressWarnings("unchecked")
        List<Number> values = (List<Number>) page.evaluate(READ_INK, canvasId);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).doubleValue();
        }
        assertThat(out).as("pixels of #" + canvasId).isNotEmpty();
        return out;
    }

    static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
