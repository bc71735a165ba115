package org.vaedigits.browser;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.modelfile.ProgressFiles;
import org.vaedigits.server.WebServer;

/**
 * Measures the browser client in the system's headless Chromium against the real server and prints
 * the numbers: batch-1 decode rate of the TeaVM-compiled decoder vs a hand-written JavaScript one
 * (same page, same weights), time from navigation start to the first samples on reloads with the
 * cache disabled, and the compiled client's gzipped size. Run:
 * {@code ./mvnw -q -pl webapp test-compile exec:java -Dexec.mainClass=org.vaedigits.browser.BrowserBenchmark -Dexec.classpathScope=test}
 * (optional arguments: models folder, default models/ of the repository; number of reloads, default 15).
 */
public final class BrowserBenchmark {
    private static final String[] CLIENT_FILES = {"client/client.wasm", "client/client.wasm-runtime.js"};

    private BrowserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // run from the repository root (mvn -pl webapp exec:java) or from webapp/
        String defaultModels = Files.isDirectory(Paths.get("models")) ? "models" : "../../models";
        Path models = Paths.get(args.length > 0 ? args[0] : defaultModels).toAbsolutePath().normalize();
        int reloads = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        if (!Chromium.installed()) {
            System.err.println("no Chromium at " + Chromium.EXECUTABLE + " (Debian: apt-get install -y chromium)");
            System.exit(2);
        }
        clientSize();
        Javalin server = WebServer.create(models).start("127.0.0.1", 0);
        String base = "http://127.0.0.1:" + server.port();
        try (Playwright playwright = Chromium.playwright(); Browser browser = Chromium.launch(playwright)) {
            System.out.println("browser: Chromium " + browser.version() + " headless; models: " + models);
            decodeRates(browser, base);
            firstSamples(browser, base, reloads);
            reloadFloor(browser, base, reloads);
            phoneProfile(browser, base, Math.max(3, reloads / 2));
            reconstruction(browser, base);
            interactions(browser, base);
            liveTraining(browser, models);
        } finally {
            server.stop();
        }
    }

    /** Epochs of the simulated run that {@link #liveTraining} shows. */
    private static final int LIVE_EPOCHS = 20;

    /**
     * A training card's redraws: a second server over a temporary models folder, where this method
     * plays the trainer's part (the progress document of a 20-epoch run, one epoch every 300 ms,
     * its curves growing to 400 points, and an epoch snapshot each time, the default model copied)
     * while a page shows the run. The page times each progress update (status and both plots) and
     * each snapshot shown (parts checked as a model's, then 8 samples decoded and painted).
     */
    static void liveTraining(Browser browser, Path models) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("vae-digits-live-bench");
        Path live = Files.createDirectories(folder.resolve(TrainingProgress.FOLDER));
        Path model = models.resolve("vae.json");
        Files.copy(model, folder.resolve("vae.json"));
        Javalin server = WebServer.create(folder).start("127.0.0.1", 0);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + server.port() + "/");
            page.waitForSelector("body[data-ready=true]");
            TrainingProgress progress = simulatedRun();
            for (int epoch = 1; epoch <= LIVE_EPOCHS; epoch++) {
                Path next = Files.copy(model, live.resolve("bench.next"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(next, live.resolve("bench" + TrainingProgress.SNAPSHOT_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
                simulatedEpoch(progress, epoch);
                ProgressFiles.write(progress, live.resolve("bench" + TrainingProgress.SUFFIX));
                Thread.sleep(300);
            }
            page.waitForFunction("() => { const c = document.getElementById('run-0-card'); return c && c.dataset.snapshot === '"
                    + LIVE_EPOCHS + "'; }", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            System.out.println();
            for (String name : new String[] {"training", "snapshot"}) {
                printSpans("live training " + name, spans(page, name));
            }
        } finally {
            server.stop();
            try (var files = Files.walk(folder)) {
                for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static TrainingProgress simulatedRun() {
        TrainingProgress p = new TrainingProgress();
        p.format = new ModelFile.Format();
        p.format.name = TrainingProgress.FORMAT_NAME;
        p.format.version = TrainingProgress.FORMAT_VERSION;
        p.name = "bench";
        p.out = "bench.json";
        p.phase = TrainingProgress.TRAINING;
        p.epochs = LIVE_EPOCHS;
        p.totalUpdates = 600L * LIVE_EPOCHS;
        p.imagesPerSecond = 80_000;
        p.startedMillis = System.currentTimeMillis();
        return p;
    }

    /** The document after {@code epoch} epochs: curves of up to MAX_POINTS points, a test −ELBO per epoch. */
    private static void simulatedEpoch(TrainingProgress p, int epoch) {
        p.epoch = epoch;
        p.updates = 600L * epoch;
        p.etaSeconds = 0.7 * (LIVE_EPOCHS - epoch);
        p.heartbeatMillis = System.currentTimeMillis();
        int points = Math.min(TrainingProgress.MAX_POINTS, 20 * epoch);
        p.curveUpdates = new long[points];
        p.kl = new float[points];
        p.bce = new float[points];
        for (int i = 0; i < points; i++) {
            p.curveUpdates[i] = 1 + (long) i * p.updates / points;
            p.kl[i] = (float) (9.6 * (1 - Math.exp(-p.curveUpdates[i] / 800.0)));
            p.bce[i] = (float) (22.5 + 120 * Math.exp(-p.curveUpdates[i] / 300.0));
        }
        p.testNegElbo = new float[epoch];
        for (int e = 0; e < epoch; e++) {
            p.testNegElbo[e] = (float) (32 + 10 / (e + 1.0));
        }
        p.snapshotEpoch = epoch;
    }

    /** The compiled client's files, raw and gzipped at the highest level (as the server sends them). */
    static void clientSize() throws IOException {
        long raw = 0;
        long gzipped = 0;
        for (String name : CLIENT_FILES) {
            byte[] bytes = resource(name);
            byte[] gz = gzip(bytes);
            raw += bytes.length;
            gzipped += gz.length;
            System.out.printf(Locale.ROOT, "client file %-30s %7d bytes, gzipped %6d bytes%n", name, bytes.length, gz.length);
        }
        System.out.printf(Locale.ROOT, "compiled client total:          %7d bytes, gzipped %6d bytes (%.1f KB)%n", raw, gzipped, gzipped / 1024.0);
    }

    static void decodeRates(Browser browser, String base) {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(base + "/bench.html");
            page.waitForSelector("body[data-done=true]", new Page.WaitForSelectorOptions().setTimeout(300_000));
            System.out.println();
            System.out.print(page.textContent("#result"));
        }
    }

    /**
     * Reloads with the HTTP cache disabled (a warm browser: one visit first), reading the page's own
     * mark; prints the median of each phase over all reloads (network times are the resource timing's
     * responseEnd, when the network stack had the last byte, not when the page got it) and the last
     * reload's phases.
     */
    static void firstSamples(Browser browser, String base, int reloads) {
        String[] keys = {"html", "appJs", "runtime", "wasm", "list", "decoder", "loaded", "started", "modelFetched", "ready"};
        String[] names = {"page", "app.js", "loader", "client.wasm", "model list", "model bundle (all of it)",
            "client instantiated", "client started", "decoder parsed", "first samples"};
        Page page = cacheDisabledPage(browser, base + "/");
        try {
            List<List<Double>> phases = new ArrayList<>();
            for (int k = 0; k < keys.length; k++) {
                phases.add(new ArrayList<>());
            }
            StringBuilder last = new StringBuilder("last reload:");
            for (int i = 0; i < reloads; i++) {
                page.reload();
                page.waitForSelector("body[data-ready=true]");
                @SuppressWarnings("unchecked")
                Map<String, Object> marks = (Map<String, Object>) page.evaluate("() => {"
                        + " const at = (n) => { const e = performance.getEntriesByName(n); return e.length ? e[0].startTime : -1; };"
                        + " const res = (p) => { const e = performance.getEntriesByType('resource').find(r => r.name.endsWith(p)); return e ? e.responseEnd : -1; };"
                        + " return { html: performance.getEntriesByType('navigation')[0].responseEnd, appJs: res('/app.js'),"
                        + "   runtime: res('/client.wasm-runtime.js'), wasm: res('/client.wasm'), list: res('/api/models'), decoder: res('?part=bundle'),"
                        + "   loaded: at('vae-digits:client-loaded'), started: at('vae-digits:client-started'),"
                        + "   modelFetched: at('vae-digits:model-fetched'), ready: at('vae-digits:first-samples') }; }");
                for (int k = 0; k < keys.length; k++) {
                    phases.get(k).add(num(marks, keys[k]));
                    if (i == reloads - 1) {
                        last.append(String.format(Locale.ROOT, "%s %s %.0f ms", k == 0 ? "" : ",", names[k], num(marks, keys[k])));
                    }
                }
            }
            List<Double> sorted = new ArrayList<>(phases.get(keys.length - 1));
            Collections.sort(sorted);
            System.out.println();
            System.out.printf(Locale.ROOT, "first samples after navigation start, %d reloads, cache disabled: median %.0f ms, min %.0f ms, max %.0f ms%n",
                    reloads, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
            StringBuilder medians = new StringBuilder("medians: downloaded");
            for (int k = 0; k < keys.length; k++) {
                List<Double> v = new ArrayList<>(phases.get(k));
                Collections.sort(v);
                medians.append(String.format(Locale.ROOT, "%s %s %.0f ms", k == 0 || k == 6 ? "" : ",", names[k], v.get(v.size() / 2)));
                if (k == 5) {
                    medians.append("; then");
                }
            }
            System.out.println(medians);
            System.out.println(last);
        } finally {
            page.context().close();
        }
    }

    /**
     * How much of a reload is this browser and machine rather than the page: the page's reloads
     * alternate with those of two pages that do nothing of their own (test resources in static/floor/),
     * each in its own context with the HTTP cache disabled. blank.html paints one canvas;
     * client.html also downloads, compiles and instantiates the client as app.js does. Prints the
     * medians from navigation start to the floor pages' paint and to the page's client instantiated
     * and first samples.
     */
    static void reloadFloor(Browser browser, String base, int reloads) {
        String[] urls = {base + "/floor/blank.html", base + "/floor/client.html", base + "/"};
        String[][] marks = {{"floor:painted"}, {"floor:painted"}, {"vae-digits:client-loaded", "vae-digits:first-samples"}};
        List<List<List<Double>>> times = new ArrayList<>();
        List<Page> pages = new ArrayList<>();
        try {
            for (int p = 0; p < urls.length; p++) {
                pages.add(cacheDisabledPage(browser, urls[p]));
                times.add(new ArrayList<>());
                for (int k = 0; k < marks[p].length; k++) {
                    times.get(p).add(new ArrayList<>());
                }
            }
            for (int i = 0; i < reloads; i++) {
                for (int j = 0; j < urls.length; j++) {
                    int p = i % 2 == 0 ? j : urls.length - 1 - j; // alternating: a fixed order favours its ends
                    Page page = pages.get(p);
                    page.reload();
                    page.waitForSelector("body[data-ready=true]");
                    for (int k = 0; k < marks[p].length; k++) {
                        Object at = page.evaluate("(name) => performance.getEntriesByName(name)[0].startTime", marks[p][k]);
                        times.get(p).get(k).add(((Number) at).doubleValue());
                    }
                }
            }
        } finally {
            pages.forEach((page) -> page.context().close());
        }
        System.out.printf(Locale.ROOT, "reload floor, %d reloads each, alternating with the page's, cache disabled, medians:"
                + " a blank page painting a canvas %.0f ms; the same page instantiating the client first %.0f ms;"
                + " the page: client instantiated %.0f ms, first samples %.0f ms%n", reloads, median(times.get(0).get(0)),
                median(times.get(1).get(0)), median(times.get(2).get(0)), median(times.get(2).get(1)));
    }

    /** A page of its own context, the HTTP cache disabled, at {@code url} and ready; close its context when done. */
    private static Page cacheDisabledPage(Browser browser, String url) {
        BrowserContext context = browser.newContext();
        try {
            Page page = context.newPage();
            CDPSession cdp = context.newCDPSession(page);
            cdp.send("Network.enable");
            JsonObject disable = new JsonObject();
            disable.addProperty("cacheDisabled", true);
            cdp.send("Network.setCacheDisabled", disable);
            page.navigate(url);
            page.waitForSelector("body[data-ready=true]");
            return page;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * First digits on a phone: a fresh context per run (cold cache), 390x844 touch viewport,
     * Lighthouse's "Slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and the CPU
     * slowed 4x through the DevTools protocol. Prints the median time from navigation start to
     * the first samples and to data-ready, the bytes received by each (the critical path), and,
     * for the last run, every resource in the order it was asked for with when it arrived.
     */
    static void phoneProfile(Browser browser, String base, int runs) {
        List<Double> firstSamples = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        List<Double> bytesByFirst = new ArrayList<>();
        List<Double> bytesByReady = new ArrayList<>();
        List<Map<String, Object>> lastResources = List.of();
        for (int run = 0; run < runs; run++) {
            Browser.NewContextOptions phone = new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(3).setIsMobile(true).setHasTouch(true);
            try (BrowserContext context = browser.newContext(phone)) {
                Page page = context.newPage();
                page.addInitScript("new MutationObserver((m, o) => { if (document.body && document.body.dataset.ready === 'true') {"
                        + " performance.mark('bench:data-ready'); o.disconnect(); } }).observe(document, {subtree: true, attributes: true});");
                CDPSession cdp = context.newCDPSession(page);
                cdp.send("Network.enable");
                JsonObject disable = new JsonObject();
                disable.addProperty("cacheDisabled", true);
                cdp.send("Network.setCacheDisabled", disable);
                JsonObject slow4g = new JsonObject();
                slow4g.addProperty("offline", false);
                slow4g.addProperty("latency", 150);
                slow4g.addProperty("downloadThroughput", 1.6e6 / 8);
                slow4g.addProperty("uploadThroughput", 750e3 / 8);
                cdp.send("Network.emulateNetworkConditions", slow4g);
                JsonObject cpu = new JsonObject();
                cpu.addProperty("rate", 4);
                cdp.send("Emulation.setCPUThrottlingRate", cpu);
                page.navigate(base + "/");
                page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(60_000));
                // bytes on the wire (headers included) of every finished response, from Resource Timing
                @SuppressWarnings("unchecked")
                Map<String, Object> marks = (Map<String, Object>) page.evaluate("() => {"
                        + " const at = (n) => { const e = performance.getEntriesByName(n); return e.length ? e[0].startTime : -1; };"
                        + " const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));"
                        + " const list = all.map(e => ({ url: e.name.replace(location.origin, ''), start: e.startTime, end: e.responseEnd,"
                        + "   bytes: e.transferSize })).sort((a, b) => a.start - b.start);"
                        + " return { first: at('vae-digits:first-samples'), ready: at('bench:data-ready'), resources: list }; }");
                double first = num(marks, "first");
                double done = num(marks, "ready");
                firstSamples.add(first);
                ready.add(done);

                @SuppressWarnings("unchecked")
                List<Map<String, Object>> resources = (List<Map<String, Object>>) marks.get("resources");
                double byFirst = 0;
                double byReady = 0;
                for (Map<String, Object> r : resources) {
                    if (num(r, "end") <= first) {
                        byFirst += num(r, "bytes");
                    }
                    if (num(r, "end") <= done) {
                        byReady += num(r, "bytes");
                    }
                }
                bytesByFirst.add(byFirst);
                bytesByReady.add(byReady);
                lastResources = resources;
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "phone profile (390x844, Slow 4G, CPU 4x slower, cold cache), %d runs: first samples median %.0f ms"
                        + " (min %.0f, max %.0f); data-ready median %.0f ms (min %.0f, max %.0f)%n", runs,
                median(firstSamples), Collections.min(firstSamples), Collections.max(firstSamples),
                median(ready), Collections.min(ready), Collections.max(ready));
        System.out.printf(Locale.ROOT, "  critical path, median of the runs: %.0f bytes (%.1f KiB) in responses finished by the first samples"
                + " (without the model bundle's decoder part, which arrives inside a response still under way), "
                + "%.0f bytes (%.1f KiB) by data-ready%n", median(bytesByFirst), median(bytesByFirst) / 1024,
                median(bytesByReady), median(bytesByReady) / 1024);
        double lastFirst = firstSamples.get(runs - 1);
        double lastReady = ready.get(runs - 1);
        System.out.printf(Locale.ROOT, "  last run (first samples %.0f ms, data-ready %.0f ms), in the order asked for, ms after navigation start;"
                + " * arrived by the first samples, + by data-ready:%n", lastFirst, lastReady);
        for (Map<String, Object> r : lastResources) {
            double end = num(r, "end");
            System.out.printf(Locale.ROOT, "    %s %-42s %8.0f bytes  asked %5.0f  arrived %5.0f%n",
                    end <= lastFirst ? "*" : end <= lastReady ? "+" : " ", r.get("url"), num(r, "bytes"), num(r, "start"), end);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Draws strokes with the mouse and reads how long each live reconstruction took (one per frame at most). */
    static void reconstruction(Browser browser, String base) {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(base + "/");
            page.waitForSelector("body[data-ready=true]");
            com.microsoft.playwright.options.BoundingBox box = page.locator("#pad").boundingBox();
            for (int stroke = 0; stroke < 5; stroke++) {
                page.mouse().move(box.x + box.width * 0.3, box.y + box.height * (0.2 + 0.1 * stroke));
                page.mouse().down();
                page.mouse().move(box.x + box.width * 0.7, box.y + box.height * (0.3 + 0.1 * stroke), new com.microsoft.playwright.Mouse.MoveOptions().setSteps(40));
                page.mouse().up();
                page.click("#clear");
            }
            @SuppressWarnings("unchecked")
            List<Number> spans = (List<Number>) page.evaluate(
                    "() => performance.getEntriesByName('vae-digits:reconstruction').map(e => e.duration)");
            List<Double> sorted = new ArrayList<>();
            for (Number n : spans) {
                sorted.add(n.doubleValue());
            }
            Collections.sort(sorted);
            System.out.println();
            if (sorted.isEmpty()) {
                System.out.println("live reconstruction: no measurements");
                return;
            }
            System.out.printf(Locale.ROOT, "live reconstruction while drawing (pad -> 14x14 -> encode -> decode -> -ELBO -> paint), %d frames: "
                    + "median %.2f ms, 95th percentile %.2f ms, max %.2f ms (a frame at 60 Hz: 16.7 ms)%n",
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)), sorted.get(sorted.size() - 1));
        }
    }

    /**
     * The explorer's redraws under real mouse input, each timed by the page (performance.measure):
     * dragging latent sliders (decode + paint, and the strip when it ends at the sliders), dragging
     * the temperature (64 samples + the strip), hovering the latent map, playing the walk, and
     * moving the strip's end with the sliders. Prints median, 95th percentile and max per kind.
     */
    static void interactions(Browser browser, String base) {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate(base + "/");
            page.waitForSelector("body[data-ready=true]");
            for (String slider : new String[] {"#z0", "#z4", "#temperature"}) {
                drag(page, slider);
            }
            page.selectOption("#interp-to", new String[] {"sliders"});
            drag(page, "#z2"); // now each slider frame also decodes the strip
            com.microsoft.playwright.options.BoundingBox map = page.locator("#map").boundingBox();
            page.locator("#map").scrollIntoViewIfNeeded();
            map = page.locator("#map").boundingBox();
            page.mouse().move(map.x + 5, map.y + map.height / 2);
            page.mouse().move(map.x + map.width - 5, map.y + map.height * 0.4, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(80));
            page.click("#interp-play");
            page.waitForTimeout(3000);
            page.click("#interp-play");
            System.out.println();
            List<Double> all = new ArrayList<>();
            for (String name : new String[] {"sliders", "samples", "map", "play", "strip"}) {
                List<Double> spans = spans(page, name);
                all.addAll(spans);
                printSpans("interaction " + name, spans);
            }
            printSpans("all interactions", all);
        }
    }

    private static void drag(Page page, String selector) {
        page.locator(selector).scrollIntoViewIfNeeded();
        com.microsoft.playwright.options.BoundingBox box = page.locator(selector).boundingBox();
        double y = box.y + box.height / 2;
        page.mouse().click(box.x + box.width / 2, y);
        page.mouse().down();
        page.mouse().move(box.x + 2, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(40));
        page.mouse().move(box.x + box.width - 2, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(80));
        page.mouse().up();
    }

    /** The durations (ms) of the page's {@code performance.measure} spans named {@code vae-digits:NAME}. */
    private static List<Double> spans(Page page, String name) {
        @SuppressWarnings("unchecked")
        List<Number> measured = (List<Number>) page.evaluate(
                "n => performance.getEntriesByName('vae-digits:' + n).map(e => e.duration)", name);
        List<Double> spans = new ArrayList<>();
        for (Number n : measured) {
            spans.add(n.doubleValue());
        }
        return spans;
    }

    private static void printSpans(String what, List<Double> spans) {
        List<Double> sorted = new ArrayList<>(spans);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(what + ": no measurements");
            return;
        }
        System.out.printf(Locale.ROOT, "%-26s %4d redraws: median %.2f ms, 95th percentile %.2f ms, max %.2f ms%n", what + ":",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)), sorted.get(sorted.size() - 1));
    }

    private static double num(Map<String, Object> marks, String key) {
        return ((Number) marks.get(key)).doubleValue();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BrowserBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " on the classpath: build the client first (mvn -pl webapp process-classes)");
            }
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
