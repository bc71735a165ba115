package org.vaedigits.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The system's headless Chromium driven by Playwright (never a downloaded browser), with the flags
 * that keep it quiet and offline.
 */
public final class Chromium {
    /** Where Debian's chromium package puts the browser; override with -Dvaedigits.chromium=PATH. */
    public static final Path EXECUTABLE = Paths.get(System.getProperty("vaedigits.chromium", "/usr/bin/chromium"));

    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync");

    private Chromium() {
    }

    /** True when the browser binary exists. */
    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Launches the system Chromium headless. */
    public static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(FLAGS));
    }

    /** Playwright with its browser download switched off (the driver needs only the system Chromium). */
    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }
}
