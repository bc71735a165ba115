package org.vaedigits.server;

import java.util.function.BiConsumer;

/**
 * The headers every response carries, the app's own and the error pages Jetty writes itself:
 * a Content-Security-Policy, nosniff, no referrer, same-origin resources only.
 */
final class SecurityHeaders {
    private final String contentSecurityPolicy;

    SecurityHeaders(boolean wasmClient) {
        this.contentSecurityPolicy = contentSecurityPolicy(wasmClient);
    }

    /**
     * script-src 'self'; a Wasm GC client also needs 'wasm-unsafe-eval' to compile client.wasm and
     * 'unsafe-eval' for TeaVM's loader, which builds its JavaScript glue with {@code new Function}
     * (docs/architecture.md, "Content-Security-Policy").
     */
    static String contentSecurityPolicy(boolean wasmClient) {
        String scripts = wasmClient ? "'self' 'wasm-unsafe-eval' 'unsafe-eval'" : "'self'";
        return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data: blob:; "
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
