package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;

/** The real server on a free port of 127.0.0.1, over a temporary models folder. */
class WebServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path models;

    private Javalin app;
    private HttpClient http;
    private String base;

    @BeforeEach
    void start() throws IOException {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        ModelFile wrongVersion = TestModels.random(2);
        wrongVersion.format.version = 99;
        Files.write(models.resolve("future.json"), ModelFiles.toJson(wrongVersion));
        Files.writeString(models.resolve("broken.json"), "{\"format\": {\"name\": \"vae-digits-model\", ");
        Files.writeString(models.resolve("not allowed.json"), "{}");
        Files.writeString(models.resolve("notes.txt"), "not a model");
        app = WebServer.create(models).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Status line and body of a request sent byte for byte, so no client normalizes the path. */
    private String[] raw(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return new String[] {response.substring(0, response.indexOf("\r\n")), response.substring(0, end),
                    response.substring(end + 4)};
        }
    }

    @Test
    void listsEveryModelFileWithMetadataAndInvalidOnesWithTheirReason() throws Exception {
        HttpResponse<byte[]> response = get("/api/models");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(4); // vae.json, future.json, broken.json, not allowed.json; notes.txt is no model file

        JsonNode first = list.get(0);
        assertThat(first.get("name").asText()).isEqualTo("vae.json");
        assertThat(first.get("default").asBoolean()).isTrue();
        assertThat(first.get("valid").asBoolean()).isTrue();
        assertThat(first.get("reason").isNull()).isTrue();
        assertThat(first.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(first.get("bytes").asLong()).isEqualTo(Files.size(models.resolve("vae.json")));
        assertThat(first.get("modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.get("training").get("data").asText()).contains("random weights");

        JsonNode future = find(list, "future.json");
        assertThat(future.get("valid").asBoolean()).isFalse();
        assertThat(future.get("default").asBoolean()).isFalse();
        assertThat(future.get("formatVersion").asInt()).isEqualTo(99);
        assertThat(future.get("reason").asText()).contains("format.version is 99");

        JsonNode broken = find(list, "broken.json");
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("reason").asText()).contains("not a valid model file");

        JsonNode badName = find(list, "not allowed.json");
        assertThat(badName.get("valid").asBoolean()).isFalse();
        assertThat(badName.get("reason").asText()).isEqualTo("not a served name: " + org.vaedigits.modelfile.ModelFiles.NAME_RULE);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode entry : list) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError(name + " is not in the list " + list);
    }

    @Test
    void servesValidModelFilesOnlyAndSaysWhyNot() throws Exception {
        HttpResponse<byte[]> ok = get("/models/vae.json");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(ok.body()).isEqualTo(Files.readAllBytes(models.resolve("vae.json")));

        HttpResponse<byte[]> future = get("/models/future.json");
        assertThat(future.statusCode()).isEqualTo(404);
        assertThat(text(future)).contains("format.version is 99");
        HttpResponse<byte[]> broken = get("/models/broken.json");
        assertThat(broken.statusCode()).isEqualTo(404);
        assertThat(text(broken)).contains("not a valid model file");
        HttpResponse<byte[]> unknown = get("/models/nothing.json");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(text(unknown)).isEqualTo("no model file 'nothing.json' in the models folder");
        assertThat(get("/models/notes.txt").statusCode()).isEqualTo(404);
        assertThat(raw("/models/not%20allowed.json")[0]).contains(" 404 ");
    }

    @Test
    void theMetaPartRoundsWhatThePageOnlyPlotsToFourDigits() throws Exception {
        Path trained = Path.of("../../models/vae.json"); // the committed default model: curves and a latent map
        Files.copy(trained, models.resolve("trained.json"));
        JsonNode metaJson = JSON.readTree(get("/models/trained.json?part=meta").body());
        JsonNode whole = JSON.readTree(trained.toFile());
        for (String field : new String[] {"format", "architecture", "training", "metrics"}) {
            assertThat(metaJson.get(field)).as(field).isEqualTo(whole.get(field));
        }
        // counts, labels and the map's axes (they project a drawing) stay exact
        assertThat(metaJson.at("/curves/updates")).isEqualTo(whole.at("/curves/updates"));
        assertThat(metaJson.at("/latentMap/axes")).isEqualTo(whole.at("/latentMap/axes"));
        assertThat(metaJson.at("/latentMap/labels")).isEqualTo(whole.at("/latentMap/labels"));
        for (String plotted : new String[] {"/curves/kl", "/curves/bce", "/curves/testNegElboPerEpoch", "/latentMap/x", "/latentMap/y"}) {
            JsonNode rounded = metaJson.at(plotted);
            JsonNode exact = whole.at(plotted);
            assertThat(rounded.size()).as(plotted).isEqualTo(exact.size()).isPositive();
            for (int i = 0; i < exact.size(); i++) {
                double v = exact.get(i).asDouble();
                assertThat(rounded.get(i).asDouble()).as("%s[%d]", plotted, i)
                        .isEqualTo(new java.math.BigDecimal(exact.get(i).asText()).round(new java.math.MathContext(4)).doubleValue())
                        .isCloseTo(v, org.assertj.core.api.Assertions.within(Math.abs(v) * 5e-4));
            }
        }
    }

    @Test
    void servesTheDecoderTheEncoderAndTheMetadataAsPartsDerivedFromTheValidatedFile() throws Exception {
        ModelFile model = ModelFiles.read(models.resolve("vae.json"));
        HttpResponse<byte[]> decoder = get("/models/vae.json?part=decoder");
        assertThat(decoder.statusCode()).isEqualTo(200);
        assertThat(decoder.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(decoder.body()).isEqualTo(org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.DECODER));
        HttpResponse<byte[]> encoder = get("/models/vae.json?part=encoder");
        assertThat(encoder.statusCode()).isEqualTo(200);
        assertThat(encoder.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(encoder.body()).isEqualTo(org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.ENCODER));
        HttpResponse<byte[]> meta = get("/models/vae.json?part=meta");
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(meta.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode metaJson = JSON.readTree(meta.body());
        JsonNode whole = JSON.readTree(models.resolve("vae.json").toFile());
        assertThat(metaJson.has("layers")).isFalse();
        assertThat(metaJson.has("checks")).isFalse();
        for (String field : new String[] {"format", "architecture", "training", "metrics"}) {
            assertThat(metaJson.get(field)).as(field).isEqualTo(whole.get(field));
        }
        // the bundle: the decoder, the meta and the encoder part, each after its length
        ByteBuffer bundle = ByteBuffer.wrap(get("/models/vae.json?part=bundle").body()).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] part : new byte[][] {decoder.body(), meta.body(), encoder.body()}) {
            byte[] inBundle = new byte[bundle.getInt()];
            bundle.get(inBundle);
            assertThat(inBundle).isEqualTo(part);
        }
        assertThat(bundle.hasRemaining()).isFalse();
        // gzipped, each part has its own validators, and a repeat is a 304
        HttpResponse<byte[]> gz = get("/models/vae.json?part=decoder", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes()).isEqualTo(decoder.body());
        java.util.Set<String> tags = new java.util.HashSet<>();
        for (String path : new String[] {"/models/vae.json", "/models/vae.json?part=decoder", "/models/vae.json?part=encoder",
            "/models/vae.json?part=meta"}) {
            String etag = get(path).headers().firstValue("ETag").orElseThrow();
            assertThat(etag).as(path).matches("\"[0-9a-f]{32}\"");
            assertThat(tags.add(etag)).as(path + " has a validator of its own").isTrue();
            assertThat(get(path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
        }
        // no parts of an invalid or missing file, and no other parts
        for (String part : new String[] {"decoder", "encoder", "meta"}) {
            HttpResponse<byte[]> future = get("/models/future.json?part=" + part);
            assertThat(future.statusCode()).isEqualTo(404);
            assertThat(text(future)).contains("format.version is 99");
            assertThat(get("/models/broken.json?part=" + part).statusCode()).isEqualTo(404);
            assertThat(get("/models/nothing.json?part=" + part).statusCode()).isEqualTo(404);
        }
        HttpResponse<byte[]> other = get("/models/vae.json?part=weights");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(text(other)).contains("decoder, encoder, meta");
    }

    @Test
    void servesATrainingRunsSnapshotAndItsPartsAsAModelFilesAreServed() throws Exception {
        Path live = Files.createDirectories(models.resolve(org.vaedigits.model.TrainingProgress.FOLDER));
        ModelFile model = TestModels.random(3);
        ModelFiles.write(model, live.resolve("run1" + org.vaedigits.model.TrainingProgress.SNAPSHOT_SUFFIX), false);
        HttpResponse<byte[]> whole = get("/api/training/run1/snapshot");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(whole.body()).has("layers")).isTrue();
        HttpResponse<byte[]> decoder = get("/api/training/run1/snapshot?part=decoder");
        assertThat(decoder.statusCode()).isEqualTo(200);
        assertThat(decoder.body()).isEqualTo(org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.DECODER));
        HttpResponse<byte[]> encoder = get("/api/training/run1/snapshot?part=encoder");
        assertThat(encoder.body()).isEqualTo(org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.ENCODER));
        JsonNode meta = JSON.readTree(get("/api/training/run1/snapshot?part=meta").body());
        assertThat(meta.has("layers")).isFalse();
        assertThat(meta.has("checks")).isFalse();
        assertThat(meta.get("architecture")).isEqualTo(JSON.readTree(whole.body()).get("architecture"));
        HttpResponse<byte[]> other = get("/api/training/run1/snapshot?part=weights");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(text(other)).contains("decoder, encoder, meta");
        assertThat(get("/api/training/nobody/snapshot?part=decoder").statusCode()).isEqualTo(404);
    }

    @Test
    void thePartsFollowTheFileWhenItChanges() throws Exception {
        byte[] before = get("/models/vae.json?part=decoder").body();
        Path tmp = models.resolve("vae.json.tmp");
        ModelFiles.write(TestModels.random(21), tmp, false);
        Files.move(tmp, models.resolve("vae.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] expected = org.vaedigits.model.PackedModel.pack(ModelFiles.read(models.resolve("vae.json")),
                org.vaedigits.model.PackedModel.DECODER);
        long deadline = System.currentTimeMillis() + 10_000;
        byte[] now = get("/models/vae.json?part=decoder").body();
        while (!java.util.Arrays.equals(now, expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            now = get("/models/vae.json?part=decoder").body();
        }
        assertThat(now).isEqualTo(expected).isNotEqualTo(before);
    }

    @Test
    void aModelWrittenAfterStartAppearsAndAnEventSaysSo() throws Exception {
        HttpRequest events = HttpRequest.newBuilder(URI.create(base + "/api/events"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = http.send(events, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("event: hello");
        CompletableFuture<String> modelsEvent = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("event: models")) {
                        return line;
                    }
                }
                return "stream ended";
            } catch (IOException e) {
                return e.toString();
            }
        });

        ModelFiles.write(TestModels.random(5), models.resolve("retrained-5.json"), false);
        JsonNode list = JSON.readTree(get("/api/models").body());
        assertThat(find(list, "retrained-5.json").get("valid").asBoolean()).isTrue();
        assertThat(find(list, "vae.json").get("default").asBoolean()).isTrue();
        assertThat(get("/models/retrained-5.json").statusCode()).isEqualTo(200);
        assertThat(modelsEvent.get(10, TimeUnit.SECONDS)).isEqualTo("event: models");
        stream.body().close();

        // a file overwritten in place (no new folder entry) by an invalid one is refused within the watcher's period
        Files.writeString(models.resolve("retrained-5.json"), "[]");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (get("/models/retrained-5.json").statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(get("/models/retrained-5.json").statusCode()).isEqualTo(404);
        assertThat(find(JSON.readTree(get("/api/models").body()), "retrained-5.json").get("valid").asBoolean()).isFalse();
    }

    @Test
    void anOversizedFileIsListedAsInvalidWithoutBeingRead() throws Exception {
        // made in a subfolder (not listed) and moved in whole: a look while it was still empty would list that
        Path outside = Files.createDirectory(models.resolve("staging")).resolve("huge.json");
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(outside.toFile(), "rw")) {
            huge.setLength(ModelCatalog.MAX_BYTES + 1); // sparse: no disk used
        }
        Files.move(outside, models.resolve("huge.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        JsonNode entry = find(JSON.readTree(get("/api/models").body()), "huge.json");
        assertThat(entry.get("valid").asBoolean()).isFalse();
        assertThat(entry.get("reason").asText()).contains("more than the " + ModelCatalog.MAX_BYTES);
        HttpResponse<byte[]> response = get("/models/huge.json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).contains("more than");
    }

    @Test
    void withoutVaeJsonTheNewestValidFileIsTheDefault() throws Exception {
        Files.delete(models.resolve("vae.json"));
        JsonNode list = JSON.readTree(get("/api/models").body());
        assertThat(list.get(0).get("default").asBoolean()).isFalse();
        ModelFiles.write(TestModels.random(6), models.resolve("b.json"), false);
        list = JSON.readTree(get("/api/models").body());
        assertThat(list.get(0).get("name").asText()).isEqualTo("b.json");
        assertThat(list.get(0).get("default").asBoolean()).isTrue();
    }

    @Test
    void thePageAsksTheBrowserToPreloadTheBundleOfTheModelItOpensFirst() throws Exception {
        String preload = "?part=bundle>; rel=preload; as=fetch; crossorigin";
        assertThat(get("/").headers().firstValue("Link")).hasValue("</models/vae.json" + preload);
        assertThat(get("/index.html").headers().firstValue("Link")).hasValue("</models/vae.json" + preload);
        ModelFiles.write(TestModels.random(7), models.resolve("other.json"), false);
        assertThat(get("/?model=other.json").headers().firstValue("Link")).hasValue("</models/other.json" + preload);
        // a model the page will refuse to load is not preloaded (the browser would warn about an unused preload)
        assertThat(get("/?model=future.json").headers().firstValue("Link")).isEmpty();
        assertThat(get("/?model=missing.json").headers().firstValue("Link")).isEmpty();
        assertThat(get("/?model=").headers().firstValue("Link")).isEmpty();
        assertThat(get("/style.css").headers().firstValue("Link")).isEmpty();
        Files.delete(models.resolve("vae.json"));
        Files.delete(models.resolve("other.json"));
        assertThat(get("/").headers().firstValue("Link")).as("no valid model, nothing to preload").isEmpty();
    }

    @Test
    void gzipsWhenAskedAndTheBytesSurviveIt() throws Exception {
        byte[] file = Files.readAllBytes(models.resolve("vae.json"));
        HttpResponse<byte[]> gz = get("/models/vae.json", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).as("HTTP %d, %s", gz.statusCode(), gz.headers().map()).hasValue("gzip");
        byte[] unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes();
        assertThat(unzipped).isEqualTo(file);
        assertThat(gz.body().length).isLessThan(file.length / 2);
        System.out.printf("model file over HTTP: %d bytes raw, %d bytes gzipped (%.0f%%)%n",
                file.length, gz.body().length, 100.0 * gz.body().length / file.length);

        HttpResponse<byte[]> again = get("/models/vae.json", "Accept-Encoding", "gzip");
        assertThat(again.body()).as("the cached gzip copy").isEqualTo(gz.body());
        HttpResponse<byte[]> plain = get("/models/vae.json");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body()).isEqualTo(file);
    }

    @Test
    void etagAnswersARepeatedRequestWith304() throws Exception {
        for (String path : new String[] {"/models/vae.json", "/api/models", "/client/client.wasm"}) {
            HttpResponse<byte[]> first = get(path);
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            HttpResponse<byte[]> again = get(path, "If-None-Match", etag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        }
        // the gzipped representation has its own validator
        HttpResponse<byte[]> gz = get("/models/vae.json", "Accept-Encoding", "gzip");
        String gzTag = gz.headers().firstValue("ETag").orElseThrow();
        assertThat(gzTag).matches("\"[0-9a-f]{32}-gzip\"");
        assertThat(get("/models/vae.json", "Accept-Encoding", "gzip", "If-None-Match", gzTag).statusCode()).isEqualTo(304);
        assertThat(get("/models/vae.json", "If-None-Match", gzTag).statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        HttpRequest.Builder head = HttpRequest.newBuilder(URI.create(base + "/models/vae.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        HttpResponse<byte[]> model = http.send(head.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(model.headers().firstValue("ETag")).isEqualTo(get("/models/vae.json").headers().firstValue("ETag"));
        assertThat(model.body()).isEmpty();
        for (String path : new String[] {"/nothing-here", "/models/future.json"}) {
            HttpRequest missing = HttpRequest.newBuilder(URI.create(base + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.send(missing, HttpResponse.BodyHandlers.ofByteArray()).statusCode()).as("HEAD " + path).isEqualTo(404);
        }
    }

    @Test
    void acceptEncodingParsing() {
        assertThat(WebServer.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(WebServer.acceptsGzip("br;q=1.0, gzip;q=0.5")).isTrue();
        assertThat(WebServer.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(WebServer.acceptsGzip("identity")).isFalse();
        assertThat(WebServer.acceptsGzip(null)).isFalse();
    }

    @Test
    void contentTypesOfThePageTheClientAndTheModels() throws Exception {
        assertContentType("/", "text/html");
        assertContentType("/index.html", "text/html");
        assertContentType("/client/client.wasm", "application/wasm");
        assertContentType("/client/client.wasm-runtime.js", "text/javascript");
        assertContentType("/models/vae.json", "application/json");
        assertThat(get("/").body()).as("index.html with its stylesheet inline")
                .isEqualTo(InlineStyle.inline(resource("static/index.html"), resource(InlineStyle.RESOURCE)));
        assertThat(get("/client/client.wasm").body()).isEqualTo(resource("client/client.wasm"));
    }

    private void assertContentType(String path, String type) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith(type));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void everyResponseCarriesCspAndNosniff() throws Exception {
        for (String path : new String[] {"/", "/api/models", "/models/vae.json", "/models/future.json", "/nothing-here"}) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).as(path).contains("default-src 'self'").contains("script-src 'self'")
                    .contains("object-src 'none'").doesNotContain("unsafe-inline");
        }
        for (String path : new String[] {"/../pom.xml", "/%2e%2e/pom.xml"}) {
            String[] response = raw(path);
            assertThat(response[1]).as(path).contains("X-Content-Type-Options: nosniff").contains("Content-Security-Policy:");
        }
    }

    @Test
    void unknownPathsTraversalAttemptsAndFoldersAre404() throws Exception {
        String[] refused = {
            "/nothing-here", "/missing.js", "/index.htm",
            "/../pom.xml", "/../../etc/passwd", "/%2e%2e/pom.xml", "/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fpom.xml", "/..%2F..%2Fetc%2Fpasswd", "/%252e%252e%252fpom.xml", "/%252e%252e/pom.xml",
            "/client/../../pom.xml", "/client/%2e%2e/static/index.html", "/static/../client/client.wasm",
            "/..\\pom.xml", "/%5c..%5cpom.xml", "/models/..%2fvae.json", "/models/%2e%2e%2fpom.xml",
            "/client/", "/client", "/static/", "/static", "/models/", "/api/", "//index.html", "/./index.html",
            "/.hidden", "/org/vaedigits/server/Main.class", "/META-INF/MANIFEST.MF", "/index.html/",
            "/index.html%00", "/client/client.wasm%00.js",
        };
        for (String path : refused) {
            String[] response = raw(path);
            assertThat(response[0]).as("GET " + path).contains(" 404 ");
            assertThat(response[2]).as("GET " + path).doesNotContain("<project").doesNotContain("root:").doesNotContain("<a href");
        }
    }

    @Test
    void bindsToLoopbackUnlessToldOtherwise() {
        Javalin other = WebServer.create(models).start(0);
        try {
            org.eclipse.jetty.server.ServerConnector connector =
                    (org.eclipse.jetty.server.ServerConnector) other.jettyServer().server().getConnectors()[0];
            assertThat(connector.getHost()).isEqualTo("127.0.0.1");
        } finally {
            other.stop();
        }
    }

    @Test
    void thePageCarriesItsStylesheetInlineAllowedByItsHashAlone() throws Exception {
        HttpResponse<byte[]> page = get("/");
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        byte[] css = Files.readAllBytes(Path.of("../../static/style.css"));
        assertThat(html).doesNotContain(InlineStyle.LINK)
                .contains("<style>" + new String(css, java.nio.charset.StandardCharsets.UTF_8) + "</style>");
        String digest = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(css));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("style-src 'self' 'sha256-" + digest + "';").doesNotContain("unsafe-inline"));
        // the file itself is still served (the decode benchmark's page links it)
        assertThat(get("/style.css").body()).isEqualTo(css);
    }

    @Test
    void wasmClientGetsTheEvalItsLoaderNeedsAndAJsClientDoesNot() {
        assertThat(SecurityHeaders.contentSecurityPolicy(true)).contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';");
        assertThat(SecurityHeaders.contentSecurityPolicy(false)).contains("script-src 'self';").doesNotContain("eval");
    }
}
