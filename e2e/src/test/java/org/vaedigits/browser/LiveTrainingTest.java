package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching a model learn: the runnable trainer jar trains on the committed MNIST subset into the
 * models folder of a real server while a page is open, and the page shows it as it goes.
 */
@ExtendWith(RequiresChromium.class)
class LiveTrainingTest {
    private static final Path TRAINER = Paths.get(System.getProperty("vaedigits.trainerJar", "../trainer/target/trainer.jar"));
    private static final Path SUBSET = Paths.get(System.getProperty("vaedigits.mnistSubset",
            "../trainer/src/test/resources/mnist-subset"));

    @TempDir
    static Path tmp;
    static Path models;
    static BrowserSession session;

    @BeforeAll
    static void start() throws IOException {
        assertThat(TRAINER).as("the trainer's jar, built before this module").isRegularFile();
        models = Files.createDirectories(tmp.resolve("models"));
        Files.copy(BrowserSession.realModel(), models.resolve("vae.json"));
        session = BrowserSession.open(models);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    /** {@code java -jar trainer.jar train ...} on the subset into the test's models folder. */
    private static Process train(String name, int epochs, int iwK) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TRAINER.toString(), "train", "--data", SUBSET.toString(), "--epochs", Integer.toString(epochs),
                "--out", models.resolve(name + ".json").toString(), "--run-dir", tmp.resolve("run-" + name).toString(),
                "--iw-k", Integer.toString(iwK), "--iw-images", "500", "--no-plots"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    }

    private static String state(Page page) {
        return (String) page.evaluate("() => { const t = document.getElementById('training');"
                + " const c = document.getElementById('run-0-card');"
                + " if (!t || t.hidden || !c) return 'none';"
                + " return c.dataset.phase + ' ' + c.dataset.epoch + ' snapshot ' + (c.dataset.snapshot || 0)"
                + "   + ' | ' + document.getElementById('run-0-status').textContent; }");
    }

    @Test
    void aTrainingStartedWhileThePageIsOpenIsShownAsItLearnsAndItsModelThenAppearsInThePicker() throws Exception {
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            page.navigate(session.baseUrl + "/");
            page.waitForSelector("body[data-ready=true]");
            assertThat(state(page)).isEqualTo("none");

            Process trainer = train("watched", 2, 1000);
            Set<String> states = new LinkedHashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            boolean inPicker = false;
            while (System.nanoTime() < deadline && !inPicker) {
                states.add(state(page));
                inPicker = (Boolean) page.evaluate("() => [...document.querySelectorAll('#model option')]"
                        + ".some(o => o.value === 'watched.json' && !o.disabled)");
                page.waitForTimeout(40);
            }
            assertThat(trainer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(tmp.resolve("watched.log"));
            assertThat(trainer.exitValue()).as(log).isZero();
            states.remove("none");
            System.out.println("training card states seen: " + states);
            assertThat(inPicker).as("the final model appears in the picker without a reload").isTrue();
            assertThat(states).as("at least two progress updates on the card").hasSizeGreaterThanOrEqualTo(2);
            assertThat(states).anyMatch(s -> s.startsWith("training "));
            assertThat(states).as("samples of an epoch snapshot shown").anyMatch(s -> s.contains("snapshot 1") || s.contains("snapshot 2"));
            // the run has ended: its card goes
            page.waitForFunction("() => document.getElementById('training').hidden");
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void aTrainingThatDiedIsShownAsStopped() throws Exception {
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            page.navigate(session.baseUrl + "/");
            page.waitForSelector("body[data-ready=true]");
            Process trainer = train("killed", 200, 0);
            page.waitForFunction("() => { const c = document.getElementById('run-0-card'); return c && c.dataset.snapshot; }",
                    null, new Page.WaitForFunctionOptions().setTimeout(120_000));
            trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no chance to tidy up
            page.waitForFunction("() => document.getElementById('run-0-card').dataset.phase === 'stopped'",
                    null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertThat(state(page)).contains("Stopped after epoch").contains("no word from the trainer");
            Files.deleteIfExists(models.resolve(".training").resolve("killed.progress.json"));
            Files.deleteIfExists(models.resolve(".training").resolve("killed.snapshot.json"));
            page.waitForFunction("() => document.getElementById('training').hidden");
        }
    }
}
