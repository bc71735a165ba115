package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;

/** Event streams: dropped clients are found by the heartbeat, their number is capped, idle ones are closed. */
class EventStreamsTest {
    @TempDir
    Path models;

    private Javalin app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void start(Duration heartbeat, Duration idle, int max) throws IOException {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ServerLimits limits = ServerLimits.DEFAULT.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30))
                .withEventStreams(heartbeat, idle, max);
        app = WebServer.create(models, limits).start("127.0.0.1", 0);
    }

    /** An event stream with its status line read. */
    private Socket openStream() throws IOException {
        Socket s = new Socket("127.0.0.1", app.port());
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    private static BufferedReader lines(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void droppedClientsAreFoundByTheHeartbeatAndTheirDescriptorsFreed() throws Exception {
        assumeThat(RawHttp.canCountDescriptors()).isTrue();
        start(Duration.ofMillis(100), Duration.ofMinutes(10), 256);
        RawHttp.get(app.port(), "/"); // the server's own descriptors are open from here on
        int before = RawHttp.openDescriptors();
        for (int i = 0; i < 200; i++) {
            try (Socket s = openStream()) {
                assertThat(lines(s).readLine()).isEqualTo("HTTP/1.1 200 OK");
            } // dropped at once, as a closed tab or a client that never reads again
        }
        long start = System.nanoTime();
        int after = waitUntil(() -> RawHttp.openDescriptors() <= before + 5, RawHttp::openDescriptors, Duration.ofSeconds(5));
        System.out.printf("200 dropped event streams: descriptors %d before, %d %.1f s after the last%n",
                before, after, (System.nanoTime() - start) / 1e9);
        assertThat(after).isLessThanOrEqualTo(before + 5);
    }

    @Test
    void moreStreamsThanTheCapAreRefusedWith503UntilOneCloses() throws Exception {
        start(Duration.ofMillis(100), Duration.ofMinutes(10), 3);
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = openStream();
            BufferedReader r = lines(s);
            assertThat(r.readLine()).isEqualTo("HTTP/1.1 200 OK");
            open.add(s);
        }
        RawHttp.Answer refused = RawHttp.send(app.port(), "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
        assertThat(refused.status()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(refused.head()).contains("Content-Type: text/plain").contains("Content-Security-Policy:").contains("Retry-After: 30");
        assertThat(refused.body()).isEqualTo("Too many open event streams (3); try again later.");
        assertThat(RawHttp.get(app.port(), "/").status()).as("the rest is served").contains(" 200 ");

        open.remove(0).close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            try (Socket s = openStream()) {
                status = lines(s).readLine();
            }
            if (status.contains(" 200 ")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(status).as("a slot is free again once the heartbeat found the dropped stream").isEqualTo("HTTP/1.1 200 OK");
        for (Socket s : open) {
            s.close();
        }
        RawHttp.Answer notAsked = RawHttp.get(app.port(), "/api/events");
        assertThat(notAsked.status()).contains(" 406 ");
        assertThat(notAsked.body()).contains("Accept: text/event-stream");
    }

    @Test
    void aStreamWithoutEventsIsClosedAfterTheIdleLimitAndCarriesHeartbeats() throws Exception {
        start(Duration.ofMillis(100), Duration.ofMillis(700), 256);
        try (Socket s = openStream()) {
            BufferedReader r = lines(s);
            long start = System.nanoTime();
            List<String> received = new ArrayList<>();
            try {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    received.add(line);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("not closed within 5 s: " + received);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("idle event stream closed by the server after %.2f s%n", seconds);
            assertThat(received).contains("event: hello", ": heartbeat");
            assertThat(seconds).isBetween(0.5, 3.0);
        }
    }

    private static int waitUntil(java.util.function.BooleanSupplier done, IntSupplier value, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return value.getAsInt();
    }
}
