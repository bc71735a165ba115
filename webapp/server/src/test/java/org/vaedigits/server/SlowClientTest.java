package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;

/** Slow clients are dropped within the limits while the others are served. */
class SlowClientTest {
    private static final Duration HEAD = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofMillis(1500);

    @TempDir
    Path models;

    private Javalin app;

    @BeforeEach
    void start() throws IOException {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ServerLimits limits = ServerLimits.DEFAULT.withEventStreams(Duration.ofMillis(200), Duration.ofMinutes(10), 256)
                .withTimeouts(HEAD, IDLE);
        app = WebServer.create(models, limits).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aClientTricklingItsHeadersIsDroppedWhileOthersAreServed() throws Exception {
        byte[] head = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + "x".repeat(400) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int served = 0;
        long start = System.nanoTime();
        Double droppedAfter = null;
        try (Socket slow = new Socket("127.0.0.1", app.port())) {
            slow.setSoTimeout(50);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            for (int i = 0; i < head.length && droppedAfter == null; i++) {
                try {
                    out.write(head[i]); // one byte every 50 ms: the idle timeout alone would never fire
                    out.flush();
                    if (in.read() < 0) {
                        droppedAfter = (System.nanoTime() - start) / 1e9;
                    }
                } catch (SocketTimeoutException stillWaiting) {
                    served += RawHttp.get(app.port(), "/").status().contains(" 200 ") ? 1 : 0;
                } catch (IOException reset) {
                    droppedAfter = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        System.out.printf("client trickling its headers dropped after %.2f s (limit %d ms); %d other requests served meanwhile%n",
                droppedAfter, HEAD.toMillis(), served);
        assertThat(droppedAfter).as("dropped before its head was complete").isNotNull();
        assertThat(droppedAfter).isBetween(HEAD.toMillis() / 1000.0, 1.5 * HEAD.toMillis() / 1000.0 + 0.5);
        assertThat(served).isGreaterThan(5);
        assertThat(RawHttp.get(app.port(), "/").status()).contains(" 200 ");
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", app.port())) {
            silent.setSoTimeout(5000);
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("silent connection closed after %.2f s (idle timeout %d ms)%n", seconds, IDLE.toMillis());
            assertThat(seconds).isBetween(IDLE.toMillis() / 1000.0 - 0.1, IDLE.toMillis() / 1000.0 + 1.0);
        }
    }

    @Test
    void aNormalKeepAliveClientIsNotDropped() throws Exception {
        try (Socket client = new Socket("127.0.0.1", app.port())) {
            client.setSoTimeout(5000);
            for (int i = 0; i < 3; i++) {
                client.getOutputStream().write("GET /api/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String status = readHead(client.getInputStream());
                assertThat(status).startsWith("HTTP/1.1 200");
                Thread.sleep(HEAD.toMillis() / 2 * 3 / 2); // pauses between requests are no slow head
            }
        }
    }

    /** Reads one answer's head and its Content-Length body; returns the status line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        String h = head.toString();
        int at = h.toLowerCase().indexOf("content-length: ");
        int length = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
        return h.substring(0, h.indexOf("\r\n"));
    }
}
