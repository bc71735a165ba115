package org.vaedigits.server;

import java.time.Duration;

/**
 * The server's limits against slow, abandoned or too many clients; {@link #DEFAULT} in production,
 * shorter ones in tests.
 *
 * @param requestHead     time a client has to send a whole request head (request line and headers)
 * @param idle            Jetty's idle timeout of a connection (no byte in or out)
 * @param heartbeat       interval of the comment line sent on every event stream, which finds dropped clients
 * @param eventStreamIdle an event stream that carried no event this long is closed (the browser reconnects)
 * @param maxEventStreams event streams open at once; more are answered 503
 * @param cacheBytes      memory for model file bytes and their gzipped copies (each counted at twice its size)
 */
public record ServerLimits(Duration requestHead, Duration idle, Duration heartbeat, Duration eventStreamIdle,
                           int maxEventStreams, long cacheBytes) {
    /** 10 s per request head, 30 s idle, a heartbeat every 15 s, streams closed after 10 min without an event, 256 streams, 192 MB. */
    public static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(15), Duration.ofMinutes(10), 256, 192L * 1024 * 1024);

    public ServerLimits {
        if (heartbeat.compareTo(idle) >= 0) {
            // an event stream carries nothing but heartbeats most of the time: Jetty would drop it as idle
            throw new IllegalArgumentException("heartbeat " + heartbeat + " must be shorter than the idle timeout " + idle);
        }
        if (maxEventStreams < 1 || cacheBytes < 2 * ModelCatalog.MAX_BYTES) {
            throw new IllegalArgumentException("at least one event stream and room for one model file of the largest size");
        }
    }

    /** These limits with another request-head time and idle timeout. */
    public ServerLimits withTimeouts(Duration requestHead, Duration idle) {
        return new ServerLimits(requestHead, idle, heartbeat, eventStreamIdle, maxEventStreams, cacheBytes);
    }

    /** These limits with other event-stream settings. */
    public ServerLimits withEventStreams(Duration heartbeat, Duration eventStreamIdle, int maxEventStreams) {
        return new ServerLimits(requestHead, idle, heartbeat, eventStreamIdle, maxEventStreams, cacheBytes);
    }
}
