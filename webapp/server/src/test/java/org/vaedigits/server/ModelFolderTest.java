package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;

/**
 * What a models folder may hold besides model files, over the real server: pipes, links out of
 * the folder, folders, bad names, edited check vectors. Each is listed as invalid with a reason
 * that names no path outside the folder and quotes nothing of such files, and never hangs or
 * reads without bound.
 */
class ModelFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path models;

    private Javalin app;
    private HttpClient http;
    private String base;

    @BeforeEach
    void start() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        mkfifo(models.resolve("pipe.json"));
        Files.createSymbolicLink(models.resolve("zero.json"), Paths.get("/dev/zero"));
        Files.createSymbolicLink(models.resolve("passwd.json"), Paths.get("/etc/passwd"));
        Files.createSymbolicLink(models.resolve("inside.json"), models.resolve("vae.json"));
        Files.createSymbolicLink(models.resolve("dangling.json"), models.resolve("gone.json"));
        Files.createDirectory(models.resolve("folder.json"));
        Files.write(models.resolve("with space.json"), ModelFiles.toJson(TestModels.random(2)));
        Files.write(models.resolve("ünïcode.json"), ModelFiles.toJson(TestModels.random(3)));
        Files.write(models.resolve("Upper.JSON"), ModelFiles.toJson(TestModels.random(4)));
        Files.writeString(models.resolve(".hidden.json"), "{}");
        ModelFile tampered = TestModels.random(5);
        tampered.checks.mu[0][0] += 0.172f; // an edited check vector: the weights no longer reproduce it
        Files.write(models.resolve("tampered.json"), ModelFiles.toJson(tampered));
        ModelFile edited = TestModels.random(6);
        edited.layers.decoderFc2.bias[3] += 0.5f; // an edited weight: the check vectors no longer match
        Files.write(models.resolve("edited.json"), ModelFiles.toJson(edited));
        app = WebServer.create(models).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws IOException {
        app.stop();
        // removed here, so JUnit's clean-up does not warn about links out of its temporary folder
        Files.delete(models.resolve("zero.json"));
        Files.delete(models.resolve("passwd.json"));
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        assumeThat(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo works here").isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode entry(JsonNode list, String name) {
        for (JsonNode e : list) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError(name + " is not listed: " + list);
    }

    private void assertInvalid(JsonNode list, String name, String reason) {
        JsonNode e = entry(list, name);
        assertThat(e.get("valid").asBoolean()).as(name).isFalse();
        assertThat(e.get("reason").asText()).as(name).contains(reason);
    }

    @Test
    void everyKindOfEntryIsListedAndOnlyRegularFilesInsideTheFolderAreRead() throws Exception {
        HttpResponse<String> response = get("/api/models");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(entry(list, "vae.json").get("valid").asBoolean()).isTrue();
        assertThat(entry(list, "inside.json").get("valid").asBoolean()).as("a link to a file inside the folder").isTrue();
        assertInvalid(list, "pipe.json", "is not a regular file (a pipe, device or socket?); only regular files are read");
        assertInvalid(list, "folder.json", "is a folder, not a file");
        String outside = "is a symbolic link that leads out of the models folder; only files inside it are read";
        assertInvalid(list, "zero.json", outside);
        assertInvalid(list, "passwd.json", outside);
        assertInvalid(list, "dangling.json", "is a symbolic link to nothing that exists");
        assertThat(entry(list, "zero.json").get("bytes").asLong()).isZero();
        for (String badName : new String[] {"with space.json", "ünïcode.json", "Upper.JSON"}) {
            assertInvalid(list, badName, "not a served name: " + ModelFiles.NAME_RULE);
        }
        assertThat(response.body()).doesNotContain(".hidden.json");
        assertThat(list).hasSize(12);
    }

    @Test
    void editedCheckVectorsOrWeightsAreCaughtByTheServer() throws Exception {
        JsonNode list = JSON.readTree(get("/api/models").body());
        assertInvalid(list, "tampered.json", "check vectors not reproduced: max |difference| 0.172 > 1e-5");
        assertThat(entry(list, "edited.json").get("reason").asText()).matches("check vectors not reproduced: max \\|difference\\| [0-9.e-]+ > 1e-5");
        assertThat(get("/models/tampered.json").statusCode()).isEqualTo(404);
        assertThat(get("/models/tampered.json").body()).startsWith("tampered.json is invalid: check vectors not reproduced");
    }

    @Test
    void requestsForPipesAndLinksOutAnswerAtOnceEvenManyAtATime() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (String name : new String[] {"pipe.json", "zero.json", "folder.json"}) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/models/" + name))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            assertThat(a.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        }
        assertThat(get("/models/vae.json").statusCode()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void noAnswerNamesAPathOrQuotesAFileOutsideTheFolder() throws Exception {
        String absolute = models.toAbsolutePath().toString();
        List<String> bodies = new ArrayList<>();
        bodies.add(get("/api/models").body());
        for (String name : new String[] {"passwd.json", "zero.json", "pipe.json", "nothing.json", "folder.json", "dangling.json",
            "with%20space.json", "inside.json", "..%2fpasswd.json"}) {
            bodies.add(get("/models/" + name).body());
        }
        for (String body : bodies) {
            assertThat(body).doesNotContain(absolute).doesNotContain("/etc").doesNotContain("/dev").doesNotContain("root")
                    .doesNotContain("gone.json").doesNotContain("org.vaedigits").doesNotContain("Exception");
        }
        assertThat(get("/models/nothing.json").body()).isEqualTo("no model file 'nothing.json' in the models folder");
    }

    @Test
    void readsAreBoundedByTheStatedSizeWhileTheyRead() throws Exception {
        Path file = models.resolve("vae.json");
        long size = Files.size(file);
        assertThat(FolderFiles.read(file, size)).hasSize((int) size);
        assertThatThrownBy(() -> FolderFiles.read(file, size - 1)).isInstanceOf(FolderFiles.ChangedWhileReading.class);
        assertThatThrownBy(() -> FolderFiles.read(file, size + 1)).isInstanceOf(FolderFiles.ChangedWhileReading.class);
        assertThatThrownBy(() -> FolderFiles.read(file, ModelCatalog.MAX_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
        // an endless source (a pipe fed without end) yields the stated size and one byte, no more
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(models.resolve("pipe.json"))) {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the reader closed the pipe
            }
        });
        writer.setDaemon(true);
        writer.start();
        assertThatThrownBy(() -> FolderFiles.read(models.resolve("pipe.json"), 1000)).isInstanceOf(FolderFiles.ChangedWhileReading.class);
        writer.join(5000);
        assertThat(writer.isAlive()).as("the writer saw the pipe closed").isFalse();
    }
}
