package org.vaedigits.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vaedigits.modelfile.ModelFileException;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The Javalin app: the page and its assets from the classpath folder {@code static/}, the
 * TeaVM-compiled client from {@code client/}, the list of model files ({@code /api/models}), the
 * valid model files themselves ({@code /models/{name}}, and the parts derived from them,
 * {@code ?part=decoder|encoder|meta}), training runs and their epoch snapshots ({@code /api/training},
 * the snapshots with the same parts) and change events ({@code /api/events}).
 * Every response carries a Content-Security-Policy and nosniff; files get an ETag (304 on a match)
 * and are gzipped when the browser accepts it, from bodies kept in memory. The page's response
 * names the bundle part of the model it will open first in a {@code Link: rel=preload} header, so its download starts
 * with the page. Slow, abandoned and surplus clients are dropped as {@link ServerLimits} says.
 */
public final class WebServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** The page's resource; its responses name the first model to preload. */
    private static final String INDEX = "static/index.html";
    /** Longest part of a requested name a 404 repeats. */
    private static final int ECHO_LIMIT = 64;

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

    /** Builds the app over a models folder with the default limits; start it with {@code start(host, port)} (port 0: any free one). */
    public static Javalin create(Path modelsDir) {
        return create(modelsDir, ServerLimits.DEFAULT);
    }

    /** Builds the app over a models folder with these limits. */
    public static Javalin create(Path modelsDir, ServerLimits limits) {
        return create(new ModelCatalog(modelsDir, limits.cacheBytes()), limits);
    }

    /** Builds the app over a catalog (which may have looked at its folder already). */
    public static Javalin create(ModelCatalog catalog, ServerLimits limits) {
        ClassLoader loader = WebServer.class.getClassLoader();
        SecurityHeaders security = new SecurityHeaders(loader.getResource("client/client.wasm") != null,
                InlineStyle.hashSource(stylesheet(loader)));
        Map<String, Body> assets = new ConcurrentHashMap<>();
        EventStreams events = new EventStreams(limits);
        RequestHeadDeadline headDeadline = new RequestHeadDeadline(limits.requestHead());
        FolderWatcher watcher = new FolderWatcher(catalog, () -> {
            events.modelsChanged();
            pregzipDefault(catalog);
        });
        TrainingRuns runs = new TrainingRuns(catalog.dir(), 2 * ModelCatalog.MAX_BYTES);
        FolderWatcher runsWatcher = new FolderWatcher(runs.folderCatalog(), events::trainingChanged);

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            // gzip is done here, once per body (Body), not by Javalin on every response
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.router.ignoreTrailingSlashes = false;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            PlainErrorHandler errors = new PlainErrorHandler(security);
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(errors);
                // Javalin adds its connector after this; it exists once the server starts
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        limitConnections(server, limits, headDeadline);
                    }
                });
            });
            // the servlet context has an error page of its own (e.g. for "OPTIONS *"): the same one
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            config.events.serverStarted(() -> {
                watcher.start();
                runsWatcher.start();
                // not on the starting thread: a large default model takes seconds to gzip
                CompletableFuture.runAsync(() -> pregzipDefault(catalog));
            });
            config.events.serverStopping(() -> {
                watcher.stop();
                runsWatcher.stop();
                headDeadline.stop();
                events.stop();
            });

            config.routes.before(ctx -> security.apply(ctx::header));

            Handler modelList = ctx -> send(ctx, catalog.current().list());
            Handler modelFile = ctx -> serveModel(ctx, catalog, ctx.pathParam("name"));
            Handler asset = ctx -> serveAsset(ctx, loader, assets, catalog);
            // HEAD answers like GET (Jetty sends the headers only)
            config.routes.get("/api/models", modelList);
            config.routes.head("/api/models", modelList);
            config.routes.get("/models/{name}", modelFile);
            config.routes.head("/models/{name}", modelFile);
            config.routes.get("/api/events", events.handler());
            Handler trainingList = ctx -> send(ctx, runs.listBody());
            Handler snapshot = ctx -> serveSnapshot(ctx, runs, ctx.pathParam("name"));
            config.routes.get("/api/training", trainingList);
            config.routes.head("/api/training", trainingList);
            config.routes.get("/api/training/{name}/snapshot", snapshot);
            config.routes.head("/api/training/{name}/snapshot", snapshot);
            config.routes.get("/*", asset);
            config.routes.head("/*", asset);

            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    plain(ctx, 404, "Not found");
                }
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> plain(ctx, e.getStatus(), statusText(e.getStatus())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
                plain(ctx, 500, "Server error");
            });
        });
    }

    /** Idle timeout and request-head deadline on every connector Javalin made. */
    private static void limitConnections(Server server, ServerLimits limits, RequestHeadDeadline headDeadline) {
        for (Connector c : server.getConnectors()) {
            if (c instanceof AbstractConnector) {
                ((AbstractConnector) c).setIdleTimeout(limits.idle().toMillis());
                ((AbstractConnector) c).addEventListener(headDeadline);
            }
        }
    }

    /** Gzips the default model ahead of its first request: every page load asks for it. */
    private static void pregzipDefault(ModelCatalog catalog) {
        ModelCatalog.Entry first = catalog.current().defaultEntry;
        try {
            if (first != null) {
                catalog.content(first).gzipped();
                for (String part : ModelCatalog.PARTS) {
                    catalog.content(first, part).gzipped();
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the first request gzips it, or says what is wrong
        }
    }

    /**
     * A training run's latest epoch snapshot, or with {@code ?part=} a part derived from it as from
     * any model file; 404 with the reason when there is none to serve, and for an unknown part.
     */
    private static void serveSnapshot(Context ctx, TrainingRuns runs, String name) {
        String part = ctx.queryParam("part");
        if (part != null && !ModelCatalog.PARTS.contains(part)) {
            plain(ctx, 404, "no part '" + echo(part) + "' of a model file; the parts are " + String.join(", ", ModelCatalog.PARTS));
            return;
        }
        try {
            send(ctx, runs.snapshot(name, part));
        } catch (ModelFileException e) {
            plain(ctx, 404, e.getMessage());
        } catch (IOException e) {
            plain(ctx, 503, "the snapshot cannot be read now; try again in a moment");
        }
    }

    /**
     * A valid model file, or with {@code ?part=decoder}, {@code encoder} or {@code meta} a part the
     * server derived from it ({@link ModelCatalog#content(ModelCatalog.Entry, String)}); 404 for an
     * invalid or missing file and for an unknown part.
     */
    private static void serveModel(Context ctx, ModelCatalog catalog, String name) {
        String part = ctx.queryParam("part");
        ModelCatalog.Entry entry = catalog.find(name);
        if (part != null && !ModelCatalog.PARTS.contains(part)) {
            plain(ctx, 404, "no part '" + echo(part) + "' of a model file; the parts are " + String.join(", ", ModelCatalog.PARTS));
        } else if (entry == null) {
            String problem = ModelFiles.nameProblem(name);
            plain(ctx, 404, problem == null ? "no model file '" + name + "' in the models folder"
                    : "'" + echo(name) + "' is not a model file name: " + problem);
        } else if (!entry.valid) {
            plain(ctx, 404, name + " is invalid: " + entry.reason);
        } else {
            try {
                send(ctx, catalog.content(entry, part));
            } catch (ModelFileException e) {
                ctx.header("Retry-After", "1");
                plain(ctx, 503, e.getMessage());
            } catch (IOException e) {
                plain(ctx, 503, name + " cannot be read now; try again in a moment");
            }
        }
    }

    private static void serveAsset(Context ctx, ClassLoader loader, Map<String, Body> assets, ModelCatalog catalog) throws IOException {
        String resource = AssetPaths.resource(ctx.req().getRequestURI());
        Body body = resource == null ? null : asset(loader, assets, resource);
        if (body == null) {
            plain(ctx, 404, "Not found");
            return;
        }
        if (INDEX.equals(resource)) {
            String first = firstModel(catalog, ctx.queryParam("model"));
            if (first != null) {
                // the browser starts the model's download with the page, not after the model list and
                // the client arrived: its parts in one response, the decoder (all the first samples
                // need) first; app.js's fetch (same URL, mode and credentials) takes it over
                ctx.header("Link", "</models/" + first + "?part=bundle>; rel=preload; as=fetch; crossorigin");
            }
        }
        send(ctx, body);
    }

    /** A classpath resource that is a file of a served type, read once (the jar does not change), else null. */
    private static Body asset(ClassLoader loader, Map<String, Body> assets, String resource) throws IOException {
        Body body = assets.get(resource);
        if (body == null) {
            String type = CONTENT_TYPES.get(extension(resource));
            byte[] bytes = type == null ? null : readFile(loader, resource);
            if (bytes == null) {
                return null; // not kept: only resources that exist are, a bounded set
            }
            if (INDEX.equals(resource)) {
                bytes = InlineStyle.inline(bytes, stylesheet(loader));
            }
            body = new Body(bytes, type);
            Body raced = assets.putIfAbsent(resource, body);
            body = raced == null ? body : raced;
        }
        return body;
    }

    /**
     * The model the page opens first at an address with {@code ?model=asked} (null when absent):
     * the asked one when it is a valid model, the catalog's default without one, else null (the
     * page shows an error and loads nothing, so nothing is preloaded either).
     */
    static String firstModel(ModelCatalog catalog, String asked) {
        ModelCatalog.Snapshot s = catalog.current();
        ModelCatalog.Entry e = asked == null ? s.defaultEntry : s.byName.get(asked);
        return e != null && e.valid ? e.name : null;
    }

    /** The page's stylesheet ({@link InlineStyle}), or null when there is none. */
    private static byte[] stylesheet(ClassLoader loader) {
        try {
            return readFile(loader, InlineStyle.RESOURCE);
        } catch (IOException e) {
            return null; // the page then names the file, as index.html does
        }
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
     * Sends a body, gzipped when the client accepts it and it pays, with a strong ETag per
     * representation; 304 without a body when If-None-Match names it.
     */
    private static void send(Context ctx, Body body) {
        boolean compress = body.compressible() && acceptsGzip(ctx.header("Accept-Encoding"));
        String etag = "\"" + body.digest + (compress ? "-gzip\"" : "\"");
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Vary", "Accept-Encoding");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(body.contentType);
        if (compress) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(body.gzipped());
        } else {
            ctx.result(body.bytes);
        }
    }

    /** True when Accept-Encoding lists gzip (or *) without q=0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.trim().split(";");
            String coding = fields[0].trim().toLowerCase(Locale.ROOT);
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

    /** A name from the address, cut short, for a 404 that repeats it. */
    private static String echo(String name) {
        return name.length() > ECHO_LIMIT ? name.substring(0, ECHO_LIMIT) + "…" : name;
    }

    private static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            default -> status >= 500 ? "Server error" : "Request refused";
        };
    }

    private static void plain(Context ctx, int status, String text) {
        ctx.status(status);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(text.getBytes(StandardCharsets.UTF_8));
    }
}
