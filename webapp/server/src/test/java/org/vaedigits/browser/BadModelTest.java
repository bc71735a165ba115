package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models the page must refuse: one whose weights no longer reproduce its check vectors (valid in
 * shape; the server refuses it, and so does the browser when it gets it anyway), and a folder
 * without any valid model. The page shows a banner naming the problem and draws nothing.
 */
@ExtendWith(RequiresChromium.class)
class BadModelTest {
    @TempDir
    static Path models;
    static BrowserSession session;
    static byte[] tamperedBytes;

    @BeforeAll
    static void start() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tampered = (ObjectNode) json.readTree(BrowserSession.realModel().toFile());
        // one number off, shape and format still valid: a head bias, which moves mu[0] by 0.25
        // (an output pixel's bias would not do: a trained model's corner pixels stay ~0 either way)
        ArrayNode bias = (ArrayNode) tampered.path("layers").path("encoderFc2").path("bias");
        bias.set(0, bias.get(0).floatValue() + 0.5f);
        tamperedBytes = json.writeValueAsBytes(tampered);
        Files.write(models.resolve("tampered.json"), tamperedBytes);
        session = BrowserSession.open(models);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void theServerRefusesAModelFailingItsCheckVectorsAndThePageSaysSo() throws Exception {
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            page.navigate(session.baseUrl + "/?model=tampered.json");
            page.waitForSelector("body[data-error=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.locator("#banner").isVisible()).isTrue();
            // the list may name it invalid before the page asks (then the banner says so) or the
            // download is refused with the server's reason: either way no digit of it is shown
            assertThat(page.textContent("#banner")).contains("tampered.json").containsAnyOf("not a valid model", "check vectors not reproduced");
            String option = "#model option[value='tampered.json']";
            assertThat(page.locator(option).isDisabled()).isTrue();
            assertThat(page.getAttribute(option, "title")).startsWith("check vectors not reproduced: max |difference| 0.");
            assertThat(page.getAttribute("body", "data-ready")).isNull();
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "samples"))).as("no samples from a bad model").isZero();
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void theBrowserItselfRefusesAModelFailingItsCheckVectors() throws Exception {
        // as if a server (an older one, or a proxy) served the edited file as valid
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            serveAsValid(page, "tampered.json", tamperedBytes);
            page.navigate(session.baseUrl + "/?model=tampered.json");
            page.waitForSelector("body[data-error=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.locator("#banner").isVisible()).isTrue();
            assertThat(page.textContent("#banner")).as("the page's own words, not the server's")
                    .contains("'tampered.json' fails its check vectors");
            assertThat(page.getAttribute("body", "data-ready")).isNull();
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "samples"))).as("no samples from a bad model").isZero();
            assertThat(page.locator("#resample").isDisabled()).isTrue();
            page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.screenshotDir().resolve("page-bad-model.png")).setFullPage(true));
            assertThat(p.console).isEmpty();
        }
    }

    /**
     * Makes the page's requests get {@code name} listed as valid and its file and parts (decoder,
     * encoder, meta) as a server would derive them from {@code bytes}: as if a server (an older
     * one, or a proxy) served an edited file as valid.
     */
    static void serveAsValid(Page page, String name, byte[] bytes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = (ArrayNode) json.readTree(URI.create(session.baseUrl + "/api/models").toURL());
        for (JsonNode entry : list) {
            if (entry.get("name").asText().equals(name)) {
                ((ObjectNode) entry).put("valid", true).putNull("reason");
            }
        }
        byte[] listBytes = json.writeValueAsBytes(list);
        page.route("**/api/models", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBodyBytes(listBytes)));
        org.vaedigits.model.ModelFile model = org.vaedigits.modelfile.ModelFiles.parse(bytes, name);
        ObjectNode meta = (ObjectNode) json.readTree(bytes);
        meta.remove("layers");
        meta.remove("checks");
        byte[] metaBytes = json.writeValueAsBytes(meta);
        // Playwright hands the pattern to JavaScript: no \Q…\E quoting
        page.route(java.util.regex.Pattern.compile(".*/models/" + name.replace(".", "\\.") + "(\\?.*)?$"), route -> {
            String url = route.request().url();
            String part = url.contains("?part=") ? url.substring(url.indexOf("?part=") + 6) : "";
            byte[] decoder = org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.DECODER);
            byte[] encoder = org.vaedigits.model.PackedModel.pack(model, org.vaedigits.model.PackedModel.ENCODER);
            byte[] body = switch (part) {
                case "decoder" -> decoder;
                case "encoder" -> encoder;
                case "meta" -> metaBytes;
                case "bundle" -> org.vaedigits.server.ModelCatalog.bundle(decoder, metaBytes, encoder);
                default -> bytes;
            };
            route.fulfill(new Route.FulfillOptions().setStatus(200)
                    .setContentType(part.equals("") || part.equals("meta") ? "application/json" : "application/octet-stream")
                    .setBodyBytes(body));
        });
    }

    @Test
    void aDecoderFailingItsCheckVectorsDrawsNoSampleAtAll() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode edited = (ObjectNode) json.readTree(BrowserSession.realModel().toFile());
        // a hidden unit's bias of the decoder: every sample's pixels move
        ArrayNode bias = (ArrayNode) edited.path("layers").path("decoderFc1").path("bias");
        bias.set(0, bias.get(0).floatValue() + 2f);
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            serveAsValid(page, "tampered.json", json.writeValueAsBytes(edited));
            page.navigate(session.baseUrl + "/?model=tampered.json");
            page.waitForSelector("body[data-error=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.textContent("#banner")).as("the page's own words, not the server's")
                    .contains("'tampered.json' fails its check vectors");
            assertThat(page.getAttribute("body", "data-ready")).isNull();
            assertThat(page.evaluate("() => performance.getEntriesByName('vae-digits:first-samples').length"))
                    .as("no samples were ever drawn").isEqualTo(0);
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "samples"))).isZero();
            assertThat(p.console).isEmpty();
        }
    }

    @Test
    void aModelAddedToTheFolderAppearsLiveAndReplacesTheBadOne() throws Exception {
        try (BrowserSession.PageWithLog p = session.newPage()) {
            Page page = p.page;
            page.navigate(session.baseUrl + "/?model=tampered.json");
            page.waitForSelector("body[data-error=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            // written next to it while the page is open: the server's change events refresh the picker
            Path added = models.resolve("fresh.json.tmp");
            Files.copy(BrowserSession.realModel(), added);
            Files.move(added, models.resolve("fresh.json"));
            page.waitForSelector("#model option[value='fresh.json']:not([disabled])",
                    new Page.WaitForSelectorOptions().setTimeout(20_000).setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            page.selectOption("#model", "fresh.json");
            page.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.locator("#banner").isHidden()).isTrue();
            assertThat(page.getAttribute("body", "data-error")).isEqualTo("false");
            assertThat(BrowserSession.sum(BrowserSession.ink(page, "samples"))).as("samples from the good model").isGreaterThan(100);
        } finally {
            Files.deleteIfExists(models.resolve("fresh.json"));
        }
    }

    @Test
    void folderWithoutAValidModelShowsTheBanner() throws Exception {
        Path onlyBroken = Files.createDirectories(models.resolve("only-broken"));
        Files.writeString(onlyBroken.resolve("vae.json"), "{\"format\": {\"name\": \"something-else\", \"version\": 1}}");
        try (BrowserSession other = BrowserSession.open(onlyBroken);
                BrowserSession.PageWithLog p = other.newPage()) {
            Page page = p.page;
            page.navigate(other.baseUrl + "/");
            page.waitForSelector("body[data-error=true]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.textContent("#banner")).contains("no valid model");
            assertThat(page.locator("#model option[value='vae.json']").isDisabled()).isTrue();
            assertThat(page.textContent("#model")).contains("something-else");
            assertThat(page.getAttribute("body", "data-ready")).isNull();
        }
    }
}
