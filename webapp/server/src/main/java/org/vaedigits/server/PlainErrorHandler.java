package org.vaedigits.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-level error page, replaced for the responses Jetty writes itself before or
 * outside any route (a malformed request, a too long address, too large headers, a failure):
 * a short plain-text body naming the status, never Jetty's HTML page or the error's details, and
 * the app's security headers. A request refused for its path (one that climbs above the root,
 * an ambiguous or illegal path) gets the 404 "Not found" every other path the server does not
 * serve gets.
 */
final class PlainErrorHandler extends ErrorHandler {
    private static final Map<Integer, String> TEXTS = Map.of(
            400, "Bad request",
            404, "Not found",
            408, "Request timeout",
            413, "Request too large",
            // a link far longer than any the page makes (a shared one is under 1,000 characters)
            414, "Address too long: this link is longer than the server reads. Open / to start the app without it.",
            431, "Request headers too large",
            500, "Server error",
            503, "Service unavailable");

    private final SecurityHeaders headers;

    PlainErrorHandler(SecurityHeaders headers) {
        this.headers = headers;
        setCacheControl("no-store");
        setShowStacks(false);
    }

    /** Every method gets the short body (Jetty's own page skips all but GET, POST and HEAD, and their headers too). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        int status = code == 400 && refusedPath(cause) ? 404 : code;
        String text = TEXTS.getOrDefault(status, HttpStatus.getMessage(status));
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        headers.apply(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * Jetty's 400 for an address it will not route, told by its causes: "Bad URI" (a path that
     * climbs above the root), "Illegal character in path", "Illegal Path Character", a bad %-escape
     * ("!hex"), "Ambiguous …". Other 400s (no Host, a malformed request line) stay 400.
     */
    static boolean refusedPath(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("bad uri") || m.contains("path") || m.contains("!hex") || m.contains("ambiguous")) {
                return true;
            }
        }
        return false;
    }
}
