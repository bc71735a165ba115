package org.vaedigits.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzipped copies of response bodies, keyed by their digest and compressed once at the highest
 * level: a model file (~0.8 MB of JSON) takes tens of milliseconds to gzip, too slow to repeat per
 * page load. Least recently used copies go first. Thread-safe.
 */
final class GzipCache {
    /** Bodies smaller than this are sent as they are. */
    static final int MIN_SIZE = 1024;
    private static final int MAX_ENTRIES = 32;

    private final Map<String, byte[]> copies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The gzipped body, compressed now or taken from the cache. */
    byte[] gzip(String digest, byte[] body) {
        synchronized (copies) {
            byte[] cached = copies.get(digest);
            if (cached != null) {
                return cached;
            }
        }
        byte[] compressed = compress(body);
        synchronized (copies) {
            copies.put(digest, compressed);
        }
        return compressed;
    }

    private static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }
}
