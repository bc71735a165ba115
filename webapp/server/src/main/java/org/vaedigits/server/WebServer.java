package org.vaedigits.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
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
 * and are gzipped when the browser accepts it. The page's response names the model it will open
 * first in a {@code Link: rel=preload} header, so its download starts with the page.
 */
public final class WebServer {
    /** Milliseconds between looks at the models folder for the event stream. */
    private static final long WATCH_MILLIS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page's resource; its responses name the first model to preload. */
    private static final String INDEX = "static/index.html";

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
        GzipCache gzip = new GzipCache();
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
            // gzip is done here, once per body (GzipCache), not by Javalin on every response
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.router.ignoreTrailingSlashes = false;
            // Jetty answers paths that climb above the root ("/../x", "/%2e%2e/x") with 400 before
            // any route runs; report them as the 404 every other refused path gets
            config.jetty.modifyServer(server -> server.setErrorHandler(new RefusedPathErrorHandler(csp)));

            config.events.serverStarted(() -> watchModels(catalog, gzip, listeners, watcher));
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

            Handler modelList = ctx -> {
                List<ModelCatalog.Entry> entries = catalog.list();
                byte[] body = JSON.writeValueAsBytes(entries);
                send(ctx, gzip, body, "application/json", ModelCatalog.digest(body));
            };
            Handler modelFile = ctx -> {
                try {
                    ModelCatalog.ModelBytes model = catalog.read(ctx.pathParam("name"));
                    send(ctx, gzip, model.bytes, "application/json", model.digest);
                } catch (ModelFileException e) {
                    notFound(ctx, e.getMessage());
                }
            };
            Handler asset = ctx -> serveAsset(ctx, loader, gzip, catalog);
            // HEAD answers like GET (Jetty sends the headers only)
            config.routes.get("/api/models", modelList);
            config.routes.head("/api/models", modelList);
            config.routes.get("/models/{name}", modelFile);
            config.routes.head("/models/{name}", modelFile);

            config.routes.sse("/api/events", client -> {
                client.keepAlive();
                client.onClose(() -> listeners.remove(client));
                listeners.add(client);
                client.sendEvent("hello", "models change events follow");
            });

            config.routes.get("/*", asset);
            config.routes.head("/*", asset);

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

    /**
     * Every second: when the folder changed, tell the event listeners and gzip the valid models
     * ahead of their first request (also once at start).
     */
    private static void watchModels(ModelCatalog catalog, GzipCache gzip, List<SseClient> listeners,
                                    ScheduledExecutorService watcher) {
        String[] last = {fingerprintOrEmpty(catalog)};
        watcher.execute(() -> precompress(catalog, gzip));
        watcher.scheduleWithFixedDelay(() -> {
            String now = fingerprintOrEmpty(catalog);
            if (!now.equals(last[0])) {
                last[0] = now;
                precompress(catalog, gzip);
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

    private static void precompress(ModelCatalog catalog, GzipCache gzip) {
        try {
            for (ModelCatalog.Entry e : catalog.list()) {
                if (e.valid) {
                    ModelCatalog.ModelBytes model = catalog.read(e.name);
                    gzip.gzip(model.digest, model.bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a request gzips what is missing
        }
    }

    private static String fingerprintOrEmpty(ModelCatalog catalog) {
        try {
            return catalog.fingerprint();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void serveAsset(Context ctx, ClassLoader loader, GzipCache gzip, ModelCatalog catalog) throws IOException {
        String resource = AssetPaths.resource(ctx.req().getRequestURI());
        String type = resource == null ? null : CONTENT_TYPES.get(extension(resource));
        byte[] body = type == null ? null : readFile(loader, resource);
        if (body == null) {
            notFound(ctx, "Not found");
            return;
        }
        if (INDEX.equals(resource)) {
            String first = firstModel(catalog, ctx.queryParam("model"));
            if (first != null) {
                // the browser starts the model download with the page, not after the model list
                // and the client arrived; app.js's fetch (same URL, mode and credentials) takes it over
                ctx.header("Link", "</models/" + first + ">; rel=preload; as=fetch; crossorigin");
            }
        }
        send(ctx, gzip, body, type, ModelCatalog.digest(body));
    }

    /**
     * The model the page opens first at an address with {@code ?model=asked} (null when absent):
     * the asked one when it is a valid model, the catalog's default without one, else null (the
     * page shows an error and loads nothing, so nothing is preloaded either).
     */
    static String firstModel(ModelCatalog catalog, String asked) {
        try {
            for (ModelCatalog.Entry e : catalog.list()) {
                if (e.valid && (asked == null ? e.isDefault : asked.equals(e.name))) {
                    return e.name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no preload: the page asks for the list and reports what is wrong
        }
        return null;
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

    /**
     * Sends bytes, gzipped when the client accepts it and it pays, with a strong ETag per
     * representation; 304 without a body when If-None-Match names it.
     */
    private static void send(Context ctx, GzipCache gzip, byte[] body, String contentType, String digest) {
        boolean compress = body.length >= GzipCache.MIN_SIZE && !"image/png".equals(contentType)
                && acceptsGzip(ctx.header("Accept-Encoding"));
        String etag = "\"" + digest + (compress ? "-gzip\"" : "\"");
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Vary", "Accept-Encoding");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType);
        if (compress) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(gzip.gzip(digest, body));
        } else {
            ctx.result(body);
        }
    }

    /** True when Accept-Encoding lists gzip (or *) without q=0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.trim().split(";");
            String coding = fields[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i].trim();
                    if (f.startsWith("q=")) {
                        try {
                            return Double.parseDouble(f.substring(2).trim()) > 0;
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    }
                }
                return true;
            }
        }
        return false;
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
