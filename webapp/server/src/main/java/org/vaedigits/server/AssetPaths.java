package org.vaedigits.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Maps a raw (still percent-encoded) request path to a classpath resource, or refuses it:
 * one strict decoding, then only plain segments of [A-Za-z0-9._-] that do not start with a dot,
 * so "..", encoded or double-encoded separators and dots, backslashes and folders never resolve.
 */
final class AssetPaths {
    private AssetPaths() {
    }

    /**
     * "/" → "static/index.html", "/client/x.js" → "client/x.js", "/a/b.css" → "static/a/b.css";
     * null when the path is not a plain file path.
     */
    static String resource(String rawPath) {
        String path = decode(rawPath);
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        if (path.equals("/")) {
            return "static/index.html";
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (!plainSegment(segment)) {
                return null;
            }
        }
        if (segments[0].equals("client")) {
            return segments.length > 1 ? path.substring(1) : null;
        }
        return "static" + path;
    }

    /** Non-empty, only [A-Za-z0-9._-], not starting with a dot (no "..", no hidden files). */
    static boolean plainSegment(String s) {
        if (s.isEmpty() || s.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes %XX escapes once; null for a malformed escape, an encoded '/', '\\' or control
     * character, or a result still holding '%' (double encoding).
     */
    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int b = hi * 16 + lo;
                if (b == '/' || b == '\\' || b < 0x20 || b == 0x7F) {
                    return null; // an encoded separator or control character is never a plain path
                }
                out.write(b);
                i += 2;
            } else if (c > 0x7E || c < 0x20) {
                return null;
            } else {
                out.write(c);
            }
        }
        String decoded = new String(out.toByteArray(), StandardCharsets.UTF_8);
        return decoded.indexOf('%') >= 0 ? null : decoded;
    }
}
