package org.vaedigits.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vaedigits.modelfile.ModelFileException;

/**
 * The Javalin app: the page and its assets from the classpath folder {@code static/}, the
 * TeaVM-compiled client from {@code client/}, the list of model files ({@code /api/models}), the
 * valid model files themselves ({@code /models/{name}}) and change events ({@code /api/events}).
 * Every response carries a Content-Security-Policy and nosniff; files get an ETag (304 on a match)
 * and are gzipped when the browser accepts it.
 */
public final class WebServer {
    /** Milliseconds between looks at the models folder for the event stream. */
    private static final long WATCH_MILLIS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"));

    private WebServer() {
    }

    /** Builds the app over a models folder; start it with {@code start(host, port)} (port 0: any free one). */
    public static Javalin create(Path modelsDir) {
        ModelCatalog catalog = new ModelCatalog(modelsDir);
        ClassLoader loader = WebServer.class.getClassLoader();
        String csp = contentSecurityPolicy(loader.getResource("client/client.wasm") != null);
        List<SseClient> listeners = new CopyOnWriteArrayList<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "models-watcher");
            t.setDaemon(true);
            return t;
        });

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.router.ignoreTrailingSlashes = false;
            // Jetty answers paths that climb above the root ("/../x", "/%2e%2e/x") with 400 before
            // any route runs; report them as the 404 every other refused path gets
            config.jetty.modifyServer(server -> server.setErrorHandler(new RefusedPathErrorHandler(csp)));

            config.events.serverStarted(() -> watchModels(catalog, listeners, watcher));
            config.events.serverStopping(() -> {
                watcher.shutdownNow();
                for (SseClient client : listeners) {
                    client.close();
                }
            });

            config.routes.before(ctx -> {
                ctx.header("Content-Security-Policy", csp);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Cross-Origin-Resource-Policy", "same-origin");
            });

            config.routes.get("/api/models", ctx -> {
                List<ModelCatalog.Entry> entries = catalog.list();
                byte[] body = JSON.writeValueAsBytes(entries);
                send(ctx, body, "application/json", ModelCatalog.digest(body));
            });

            config.routes.get("/models/{name}", ctx -> {
                try {
                    ModelCatalog.ModelBytes model = catalog.read(ctx.pathParam("name"));
                    send(ctx, model.bytes, "application/json", model.digest);
                } catch (ModelFileException e) {
                    notFound(ctx, e.getMessage());
                }
            });

            config.routes.sse("/api/events", client -> {
                client.keepAlive();
                client.onClose(() -> listeners.remove(client));
                listeners.add(client);
                client.sendEvent("hello", "models change events follow");
            });

            config.routes.get("/*", ctx -> serveAsset(ctx, loader));

            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    ctx.contentType("text/plain; charset=utf-8");
                    ctx.result("Not found");
                }
            });
        });
    }

    /** script-src 'self'; a Wasm GC client also needs eval for TeaVM's loader and Wasm compilation. */
    static String contentSecurityPolicy(boolean wasmClient) {
        String scripts = wasmClient ? "'self' 'wasm-unsafe-eval' 'unsafe-eval'" : "'self'";
        return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data: blob:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static void watchModels(ModelCatalog catalog, List<SseClient> listeners, ScheduledExecutorService watcher) {
        String[] last = {fingerprintOrEmpty(catalog)};
        watcher.scheduleWithFixedDelay(() -> {
            String now = fingerprintOrEmpty(catalog);
            if (!now.equals(last[0])) {
                last[0] = now;
                for (SseClient client : listeners) {
                    if (client.terminated()) {
                        listeners.remove(client);
                    } else {
                        client.sendEvent("models", "changed");
                    }
                }
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static String fingerprintOrEmpty(ModelCatalog catalog) {
        try {
            return catalog.fingerprint();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void serveAsset(Context ctx, ClassLoader loader) throws IOException {
        String resource = AssetPaths.resource(ctx.req().getRequestURI());
        String type = resource == null ? null : CONTENT_TYPES.get(extension(resource));
        byte[] body = type == null ? null : readFile(loader, resource);
        if (body == null) {
            notFound(ctx, "Not found");
            return;
        }
        send(ctx, body, type, ModelCatalog.digest(body));
    }

    /** The bytes of a classpath resource that is a file (never a folder), else null. */
    private static byte[] readFile(ClassLoader loader, String resource) throws IOException {
        URL url = loader.getResource(resource);
        if (url == null) {
            return null;
        }
        if ("file".equals(url.getProtocol())) {
            try {
                Path file = Paths.get(url.toURI());
                return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        if (connection instanceof JarURLConnection && ((JarURLConnection) connection).getJarEntry().isDirectory()) {
            return null;
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String extension(String resource) {
        int slash = resource.lastIndexOf('/');
        int dot = resource.lastIndexOf('.');
        return dot > slash ? resource.substring(dot + 1) : "";
    }

    /** Sends bytes with a strong ETag; 304 without a body when If-None-Match names it. */
    private static void send(Context ctx, byte[] body, String contentType, String digest) {
        String etag = "\"" + digest + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType);
        ctx.result(body);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static void notFound(Context ctx, String reason) {
        ctx.status(404);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(reason.getBytes(StandardCharsets.UTF_8));
    }
}
