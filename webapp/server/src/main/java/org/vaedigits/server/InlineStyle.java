package org.vaedigits.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page's stylesheet inside the page: index.html names static/style.css with {@link #LINK},
 * and the server serves the page with a {@code <style>} element of its text instead (the file
 * stays the one source, and is still served for other pages). The page is then styled from its
 * own first bytes: on a slow line the stylesheet no longer shares it with the model and the
 * client, and the browser does not lay the page out once unstyled and again when it arrives. The
 * Content-Security-Policy allows exactly this text by its hash ({@link #hashSource}).
 */
final class InlineStyle {
    /** The element of index.html that the stylesheet's text replaces. */
    static final String LINK = "<link rel=\"stylesheet\" href=\"/style.css\">";
    /** The stylesheet's resource. */
    static final String RESOURCE = "static/style.css";

    private InlineStyle() {
    }

    /** {@code html} with {@link #LINK} replaced by a style element holding {@code css}; unchanged without the link. */
    static byte[] inline(byte[] html, byte[] css) {
        String page = new String(html, StandardCharsets.UTF_8);
        if (css == null || !page.contains(LINK)) {
            return html;
        }
        return page.replace(LINK, "<style>" + new String(css, StandardCharsets.UTF_8) + "</style>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The CSP source that allows a style element of exactly {@code css}: {@code 'sha256-…'}; null without css. */
    static String hashSource(byte[] css) {
        if (css == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(css);
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
