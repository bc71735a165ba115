package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFileException;
import org.vaedigits.modelfile.ModelFiles;

/** Memory and work per request stay bounded: files read once per version, bodies loaded once and kept within a budget. */
class ModelCatalogTest {
    @TempDir
    Path models;

    @Test
    void aFileIsReadAgainOnlyWhenItsVersionChanged() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ModelFiles.write(TestModels.random(2), models.resolve("b.json"), false);
        ModelCatalog catalog = new ModelCatalog(models);
        ModelCatalog.Entry vae = catalog.find("vae.json");
        ModelCatalog.Entry b = catalog.find("b.json");
        assertThat(catalog.refresh()).as("nothing changed").isFalse();
        assertThat(catalog.find("vae.json")).isSameAs(vae);
        ModelCatalog.Snapshot before = catalog.current();
        assertThat(before.list()).as("the list body is made once per change").isSameAs(catalog.current().list());

        Files.setLastModifiedTime(models.resolve("b.json"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(catalog.refresh()).isTrue();
        assertThat(catalog.find("vae.json")).as("unchanged: not read again").isSameAs(vae);
        assertThat(catalog.find("b.json")).isNotSameAs(b);
        assertThat(catalog.current().list()).isNotSameAs(before.list());
    }

    @Test
    void lookupsDoNotLookAtAnUnchangedFolderButSeeAnAddedFileAtOnce() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Files.writeString(models.resolve(String.format(Locale.ROOT, "m%04d.json", i)), "{}");
        }
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ModelCatalog catalog = new ModelCatalog(models);
        assertThat(catalog.list()).hasSize(2001);
        long looks = catalog.looks();
        long start = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            assertThat(catalog.find("vae.json").valid).isTrue();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "5000 lookups in a folder of 2001 files: %.0f per second%n", 5000 / seconds);
        assertThat(catalog.looks()).as("no look without a change").isEqualTo(looks);

        ModelFiles.write(TestModels.random(2), models.resolve("new.json"), false);
        assertThat(catalog.find("new.json")).as("a new folder entry is seen by the next lookup").isNotNull();
        assertThat(catalog.looks()).isEqualTo(looks + 1);
    }

    @Test
    void thePageServesThousandsOfRequestsASecondOverAFolderOfTwoThousandFiles() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Files.writeString(models.resolve(String.format(Locale.ROOT, "m%04d.json", i)), "{}");
        }
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        Javalin app = WebServer.create(models).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build();
            assertThat(http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                answers.add(clients.submit(() -> http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(200);
            }
            double rate = 2000 / ((System.nanoTime() - start) / 1e9);
            clients.shutdown();
            System.out.printf(Locale.ROOT, "page over 2001 files: %.0f requests/s (8 clients, in-process)%n", rate);
            assertThat(rate).as("the page does not scan the folder").isGreaterThan(300);
        } finally {
            app.stop();
        }
    }

    @Test
    void theWatcherTellsOfAChangeThatARequestSawFirst() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ModelCatalog catalog = new ModelCatalog(models);
        assertThat(catalog.list()).hasSize(1);
        AtomicInteger told = new AtomicInteger();
        FolderWatcher watcher = new FolderWatcher(catalog, told::incrementAndGet);
        ModelFiles.write(TestModels.random(2), models.resolve("new.json"), false);
        assertThat(catalog.find("new.json")).as("a request looked first").isNotNull();
        watcher.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (told.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(told.get()).as("the pages still hear of it").isEqualTo(1);
        } finally {
            watcher.stop();
        }
    }

    @Test
    void concurrentFirstRequestsWaitForOneLoad() throws Exception {
        ModelContents contents = new ModelContents(10_000_000);
        ModelCatalog.Version version = version("a", 3);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Body>> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(pool.submit(() -> contents.get(version, () -> {
                loads.incrementAndGet();
                started.countDown();
                sleep(300);
                return new Body(new byte[1000], "application/json");
            })));
        }
        started.await(5, TimeUnit.SECONDS);
        Body first = bodies.get(0).get(5, TimeUnit.SECONDS);
        for (Future<Body> b : bodies) {
            assertThat(b.get(5, TimeUnit.SECONDS)).isSameAs(first);
        }
        pool.shutdown();
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void bodiesStayWithinTheBudgetAndOldVersionsGo() throws Exception {
        ModelContents contents = new ModelContents(25_000);
        for (int i = 0; i < 10; i++) {
            int n = i;
            contents.get(version("f" + n, n), () -> new Body(new byte[5000], "application/json"));
            assertThat(contents.weight()).isLessThanOrEqualTo(25_000);
        }
        assertThat(contents.weight()).isEqualTo(2 * (2 * 5000 + 256)); // the two most recent
        contents.retain(Set.of(version("f9", 9)));
        assertThat(contents.weight()).isEqualTo(2 * 5000 + 256);
        AtomicInteger loads = new AtomicInteger();
        contents.get(version("f9", 9), () -> {
            loads.incrementAndGet();
            return new Body(new byte[5000], "application/json");
        });
        assertThat(loads.get()).as("kept").isZero();
        Body huge = contents.get(version("huge", 1), () -> new Body(new byte[20_000], "application/json"));
        assertThat(huge.bytes).hasSize(20_000);
        assertThat(contents.weight()).as("too heavy to keep: served, not kept").isEqualTo(2 * 5000 + 256);
        assertThatThrownBy(() -> contents.get(version("bad", 1), () -> {
            throw new ModelFileException("unreadable");
        })).hasMessage("unreadable");
    }

    @Test
    void aFileChangedInPlaceSinceItWasCheckedIsNeverServed() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        // no room for bodies: every request reads the file again, and checks it is what was validated
        ModelCatalog catalog = new ModelCatalog(models, 0);
        ModelCatalog.Entry entry = catalog.find("vae.json");
        assertThat(catalog.content(entry).bytes).isEqualTo(Files.readAllBytes(models.resolve("vae.json")));
        byte[] other = ModelFiles.toJson(TestModels.random(2));
        FileTime time = Files.getLastModifiedTime(models.resolve("vae.json"));
        Files.write(models.resolve("vae.json"), java.util.Arrays.copyOf(other, (int) entry.bytes));
        Files.setLastModifiedTime(models.resolve("vae.json"), time);
        assertThatThrownBy(() -> catalog.content(entry)).isInstanceOf(ModelFileException.class)
                .hasMessage("vae.json changed since it was checked; try again in a moment");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ModelCatalog.Version version(String name, long size) {
        return new ModelCatalog.Version(Path.of(name), "file", size, FileTime.fromMillis(size), name);
    }
}
