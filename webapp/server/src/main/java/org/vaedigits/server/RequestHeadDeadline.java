package org.vaedigits.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;

/**
 * Closes a connection whose client takes longer than {@code limit} to send a request head once
 * it started one (a client trickling its headers byte by byte). Jetty 12 has no such deadline:
 * its idle timeout restarts with every byte, and its minimum data rate covers request content
 * only. Every quarter of the limit it compares each connection's counters (Jetty's public
 * {@link Connection#getBytesIn()} and {@link Connection#getMessagesIn()}, a message counted once
 * its head is complete): bytes in without a new message for longer than the limit means a head
 * still incomplete. This server takes no request bodies, so no body is mistaken for a slow head.
 */
final class RequestHeadDeadline implements Connection.Listener {
    private final long limitNanos;
    private final Map<Connection, Progress> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "request-head-deadline");
        t.setDaemon(true);
        return t;
    });

    /** What a connection had received at the last complete head, and since when more is pending. */
    private static final class Progress {
        long messages;
        long bytes;
        long pendingSince = -1;
    }

    RequestHeadDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
        long every = Math.max(50, limit.toMillis() / 4);
        checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Progress());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** Stops the checks. */
    void stop() {
        checker.shutdownNow();
    }

    private void check() {
        long now = System.nanoTime();
        open.forEach((connection, p) -> {
            long messages = connection.getMessagesIn();
            long bytes = connection.getBytesIn();
            if (messages != p.messages) {
                p.messages = messages;
                p.bytes = bytes;
                p.pendingSince = -1;
            } else if (bytes != p.bytes && p.pendingSince < 0) {
                p.pendingSince = now;
            }
            if (p.pendingSince >= 0 && now - p.pendingSince > limitNanos) {
                connection.getEndPoint().close();
            }
        });
    }
}
