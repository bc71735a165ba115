package org.vaedigits.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A response body with its strong validator and, computed once on first use, its gzipped copy
 * (at the highest level: a model file of ~0.8 MB takes tens of milliseconds, too slow to repeat
 * per request). Immutable but for that lazily filled copy; thread-safe.
 */
final class Body {
    /** Bodies smaller than this are sent as they are. */
    static final int MIN_GZIP_SIZE = 1024;

    final byte[] bytes;
    final String contentType;
    final String digest;
    private byte[] gzipped;

    Body(byte[] bytes, String contentType) {
        this(bytes, contentType, digest(bytes));
    }

    Body(byte[] bytes, String contentType, String digest) {
        this.bytes = bytes;
        this.contentType = contentType;
        this.digest = digest;
    }

    /** True when a gzipped copy pays: large enough and not an already compressed format. */
    boolean compressible() {
        return bytes.length >= MIN_GZIP_SIZE && !contentType.startsWith("image/png") && !contentType.startsWith("image/jpeg")
                && !contentType.startsWith("font/woff2");
    }

    /** The gzipped copy; the first caller compresses, concurrent callers wait for it. */
    synchronized byte[] gzipped() {
        if (gzipped == null) {
            gzipped = gzip(bytes);
        }
        return gzipped;
    }

    /** Memory this body may take with its gzipped copy: twice its size (gzip never grows text much). */
    long weight() {
        return 2L * bytes.length + 256;
    }

    /** First 32 hex digits of SHA-256. */
    static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        // room for half the input: model JSON gzips to 35-45 %, so the buffer never grows (a 64 MB body
        // would otherwise be copied twice more on the way)
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
