package org.vaedigits.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-level error page, changed for requests Jetty refuses before routing (a path
 * that climbs above the root, an ambiguous or illegal path): 404 "Not found" with the app's
 * security headers, like every other path the server does not serve. Other errors keep Jetty's page.
 */
final class RefusedPathErrorHandler extends ErrorHandler {
    private final String contentSecurityPolicy;

    RefusedPathErrorHandler(String contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        if (code != 400) {
            super.generateResponse(request, response, code, message, cause, callback);
            return;
        }
        response.setStatus(404);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap("Not found".getBytes(StandardCharsets.UTF_8)), callback);
    }
}
