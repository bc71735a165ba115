package org.vaedigits.server;

import java.util.function.BiConsumer;

/**
 * The headers every response carries, the app's own and the error pages Jetty writes itself:
 * a Content-Security-Policy, nosniff, no referrer, same-origin resources only.
 */
final class SecurityHeaders {
    private final String contentSecurityPolicy;

    SecurityHeaders(boolean wasmClient) {
        this(wasmClient, null);
    }

    /** With {@code inlineStyle}, a CSP source ({@link InlineStyle#hashSource}) of the one style element allowed. */
    SecurityHeaders(boolean wasmClient, String inlineStyle) {
        this.contentSecurityPolicy = contentSecurityPolicy(wasmClient, inlineStyle);
    }

    static String contentSecurityPolicy(boolean wasmClient) {
        return contentSecurityPolicy(wasmClient, null);
    }

    /**
     * script-src 'self'; a Wasm GC client also needs 'wasm-unsafe-eval' to compile client.wasm and
     * 'unsafe-eval' for TeaVM's loader, which builds its JavaScript glue with {@code new Function}
     * (docs/architecture.md, "Content-Security-Policy"). style-src 'self' and, when given, the
     * hash of the page's own inlined stylesheet and of nothing else.
     */
    static String contentSecurityPolicy(boolean wasmClient, String inlineStyle) {
        String scripts = wasmClient ? "'self' 'wasm-unsafe-eval' 'unsafe-eval'" : "'self'";
        String styles = inlineStyle == null ? "'self'" : "'self' " + inlineStyle;
        return "default-src 'self'; script-src " + scripts + "; style-src " + styles + "; img-src 'self' data: blob:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** Calls {@code set} with each header's name and value. */
    void apply(BiConsumer<String, String> set) {
        set.accept("Content-Security-Policy", contentSecurityPolicy);
        set.accept("X-Content-Type-Options", "nosniff");
        set.accept("Referrer-Policy", "no-referrer");
        set.accept("Cross-Origin-Resource-Policy", "same-origin");
    }
}
