package org.vaedigits.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The server-sent event streams of {@code /api/events}: at most {@code maxEventStreams} open
 * (503 with a short reason beyond), a comment line every {@code heartbeat} on each (a write to a
 * dropped client fails, which closes the stream and frees its connection), and a stream that
 * carried no event for {@code eventStreamIdle} is closed (the browser's EventSource reconnects).
 */
final class EventStreams {
    private final ServerLimits limits;
    private final Semaphore slots;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** One open stream; sends on it are serialized (the heartbeat and the watcher both write). */
    private final class Stream {
        final SseClient client;
        long lastEvent = System.nanoTime();

        Stream(SseClient client) {
            this.client = client;
        }

        synchronized void event(String name, String data) {
            lastEvent = System.nanoTime();
            client.sendEvent(name, data);
        }

        synchronized void beat(long now) {
            if (now - lastEvent >= limits.eventStreamIdle().toNanos()) {
                client.close();
            } else {
                client.sendComment("heartbeat");
            }
        }
    }

    EventStreams(ServerLimits limits) {
        this.limits = limits;
        this.slots = new Semaphore(limits.maxEventStreams());
        long every = limits.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The handler of GET /api/events. */
    Handler handler() {
        SseHandler sse = new SseHandler(this::opened);
        return ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                plain(ctx, 406, "This address sends server-sent events: ask with Accept: text/event-stream.");
                return;
            }
            if (!slots.tryAcquire()) {
                ctx.header("Retry-After", "30");
                plain(ctx, 503, "Too many open event streams (" + limits.maxEventStreams() + "); try again later.");
                return;
            }
            try {
                sse.handle(ctx);
            } catch (Exception | Error e) {
                slots.release();
                throw e;
            }
        };
    }

    /** Streams open now. */
    int openCount() {
        return open.size();
    }

    /** Tells every open stream that the models folder changed. */
    void modelsChanged() {
        changed("models");
    }

    /** Tells every open stream that a training run's progress changed. */
    void trainingChanged() {
        changed("training");
    }

    private void changed(String event) {
        for (Stream s : open) {
            try {
                s.event(event, "changed");
            } catch (RuntimeException e) {
                s.client.close(); // a response Jetty already ended: nothing more goes out on it
            }
        }
    }

    /** Closes every stream and stops the heartbeat. */
    void stop() {
        heartbeat.shutdownNow();
        for (Stream s : open) {
            s.client.close();
        }
    }

    private void opened(SseClient client) {
        Stream stream = new Stream(client);
        open.add(stream);
        client.onClose(() -> {
            if (open.remove(stream)) {
                slots.release();
            }
        });
        client.keepAlive();
        stream.event("hello", "models change events follow");
    }

    private void beat() {
        long now = System.nanoTime();
        for (Stream s : open) {
            if (s.client.terminated()) {
                if (open.remove(s)) {
                    slots.release();
                }
            } else {
                try {
                    s.beat(now);
                } catch (RuntimeException e) {
                    s.client.close(); // as in modelsChanged; an exception here would end the schedule
                }
            }
        }
    }

    private static void plain(Context ctx, int status, String text) {
        ctx.status(status);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(text);
    }
}
