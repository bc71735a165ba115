package org.vaedigits.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.TestModels;

/** Names, parse errors in the file's own terms, and the validation of the optional latent map. */
class ModelFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNameRuleAllowsPlainNamesOnly() {
        for (String ok : new String[] {"vae.json", "vae-20261201-085300.json", "a.json", "Run_2.b.json", "x".repeat(123) + ".json"}) {
            assertThat(ModelFiles.nameProblem(ok)).as(ok).isNull();
        }
        for (String bad : new String[] {"not allowed.json", "ünïcode.json", ".hidden.json", "-dash.json", ".json", "vae.JSON",
            "vae.json.tmp", "a/b.json", "..json", "x".repeat(124) + ".json", "", null}) {
            assertThat(ModelFiles.nameProblem(bad)).as(bad).isEqualTo(ModelFiles.NAME_RULE);
        }
        assertThat(ModelFiles.NAME_RULE).contains("A-Z").contains("digits").contains(".json");
    }

    @Test
    void aWrongTypeIsReportedAsTheJsonPathAndTheTypeExpected() throws Exception {
        assertProblem(m -> m.put("format", "vae-digits-model"), "`format` must be an object with name and version");
        assertProblem(m -> layer(m).put("weight", 5), "`layers.encoderFc1.weight` must be an array of numbers");
        assertProblem(m -> ((ArrayNode) layer(m).get("weight")).set(3, "heavy"), "`layers.encoderFc1.weight[3]` must be a number");
        assertProblem(m -> ((ObjectNode) m.get("training")).put("epochs", 1e99), "`training.epochs` must be an integer");
        assertProblem(m -> ((ObjectNode) m.get("format")).putNull("version"), "`format.version` must be an integer");
        assertProblem(m -> ((ObjectNode) m.get("checks")).put("inputs", "none"), "`checks.inputs` must be an array of arrays of numbers");
        assertProblem(m -> ((ObjectNode) m.get("checks")).putArray("mu").add(1), "`checks.mu[0]` must be an array of numbers");
        assertProblem(m -> m.putArray("layers"), "`layers` must be an object with encoderFc1, encoderFc2, encoderFc3, decoderFc1 and decoderFc2");
    }

    @Test
    void documentsThatAreNotOneJsonObjectAreDescribedWithoutQuotingThem() {
        assertThat(problem("")).isEqualTo("x.json: empty file, expected a model file (one JSON object)");
        assertThat(problem("  \n")).isEqualTo("x.json: empty file, expected a model file (one JSON object)");
        assertThat(problem("[1, 2]")).startsWith("x.json: not a model file: the document must be one JSON object");
        assertThat(problem("null")).startsWith("x.json: not a model file: the document must be one JSON object");
        assertThat(problem("{\"format\": {\"name\": \"vae-digits-model\", ")).contains("the JSON ends too early");
        assertThat(problem("{} {}")).contains("more follows the JSON object's closing }");
        String passwd = problem("root:x:0:0:root:/root:/bin/bash\n");
        assertThat(passwd).isEqualTo("x.json: not valid JSON (a model file is one JSON object) (line 1, column 1)");
        String secret = problem("{\"format\": secret-token}");
        assertThat(secret).startsWith("x.json: not valid JSON").doesNotContain("secret");
        for (String p : new String[] {passwd, secret, problem("[]"), problem("{\"format\": \"v\"}")}) {
            assertThat(p).doesNotContain("org.vaedigits").doesNotContain("Cannot").doesNotContain("Creator")
                    .doesNotContain("$").doesNotContain("root");
        }
    }

    @Test
    void aLongValueIsQuotedShort() {
        String name = "n".repeat(10_000);
        String problem = problem("{\"format\": {\"name\": \"" + name + "\", \"version\": 1}}");
        assertThat(problem).contains("format.name is 'nnnn").contains("…', expected 'vae-digits-model'").hasSizeLessThan(200);
    }

    @Test
    void theLatentMapMustHaveOneFiniteCoordinatePairAndOneDigitPerPoint() throws Exception {
        ModelFile ok = withMap(new float[] {0, 1, 2}, new float[] {3, 4, 5}, new int[] {0, 9, 4});
        assertThat(ok.validate()).isEmpty();
        ok.latentMap.axes = null;
        assertThat(ok.validate()).as("axes are optional").isEmpty();

        assertThat(withMap(new float[] {0, 1, 2}, new float[] {3, 4}, new int[] {0, 1, 2}).validate())
                .containsExactly("latentMap.y has 2 values, expected 3");
        assertThat(withMap(new float[] {0, 1, 2}, new float[] {3, 4, 5}, new int[] {0, 1}).validate())
                .containsExactly("latentMap.labels has 2 values, expected 3 (one per point)");
        assertThat(withMap(new float[] {0, 1}, new float[] {3, 4, 5}, new int[] {0, 1}).validate())
                .containsExactly("latentMap.y has 3 values, expected 2");
        assertThat(withMap(new float[] {0, 1}, new float[] {3, 4}, new int[] {0, 42}).validate())
                .containsExactly("latentMap.labels[1] is 42, expected a digit 0 to 9");
        ModelFile noLabels = withMap(new float[] {0}, new float[] {1}, null);
        assertThat(noLabels.validate()).containsExactly("missing 'latentMap.labels'");
        ModelFile badAxes = withMap(new float[] {0}, new float[] {1}, new int[] {3});
        badAxes.latentMap.axes = new float[3];
        assertThat(badAxes.validate()).containsExactly("latentMap.axes has 3 values, expected 16");

        // through the JSON reader: 1e308 is no float32 (it reads as Infinity), as in the browser
        ObjectNode tree = JSON.valueToTree(withMap(new float[] {0, 1}, new float[] {3, 4}, new int[] {0, 1}));
        ((ArrayNode) tree.get("latentMap").get("x")).set(1, 1e308);
        assertThatThrownBy(() -> ModelFiles.parse(JSON.writeValueAsBytes(tree), "map.json"))
                .hasMessage("map.json: invalid model file: latentMap.x[1] is Infinity, expected a finite number");
    }

    @Test
    void theFastNumberParserReadsEveryNumberAsFloatParseFloatDoes() throws Exception {
        java.nio.file.Path committed = java.nio.file.Paths.get(System.getProperty("vaedigits.modelsDir", "../../models"), "vae.json");
        ModelFile fast = ModelFiles.read(committed);
        ModelFile plain = new ObjectMapper().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(committed.toFile(), ModelFile.class);
        ModelFile.Layer[][] pairs = {
            {fast.layers.encoderFc1, plain.layers.encoderFc1}, {fast.layers.encoderFc2, plain.layers.encoderFc2},
            {fast.layers.encoderFc3, plain.layers.encoderFc3}, {fast.layers.decoderFc1, plain.layers.decoderFc1},
            {fast.layers.decoderFc2, plain.layers.decoderFc2}};
        for (ModelFile.Layer[] p : pairs) {
            assertThat(p[0].weight).containsExactly(p[1].weight);
            assertThat(p[0].bias).containsExactly(p[1].bias);
        }
        for (int r = 0; r < fast.checks.mu.length; r++) {
            assertThat(fast.checks.mu[r]).containsExactly(plain.checks.mu[r]);
        }
        assertThat(fast.latentMap.x).containsExactly(plain.latentMap.x);
    }

    private static ModelFile withMap(float[] x, float[] y, int[] labels) {
        ModelFile file = TestModels.random(3);
        file.latentMap = new ModelFile.LatentMap();
        file.latentMap.projection = "pca";
        file.latentMap.x = x;
        file.latentMap.y = y;
        file.latentMap.labels = labels;
        file.latentMap.axes = new float[16];
        return file;
    }

    private static ObjectNode layer(ObjectNode model) {
        return (ObjectNode) model.get("layers").get("encoderFc1");
    }

    private interface Edit {
        void apply(ObjectNode model);
    }

    private static void assertProblem(Edit edit, String expected) throws Exception {
        ObjectNode model = JSON.readValue(ModelFiles.toJson(TestModels.random(1)), ObjectNode.class);
        edit.apply(model);
        String problem = problem(JSON.writeValueAsString(model));
        assertThat(problem).startsWith("x.json: not a valid model file: " + expected + " (line 1, column ");
    }

    private static String problem(String json) {
        try {
            ModelFiles.parse(json.getBytes(StandardCharsets.UTF_8), "x.json");
        } catch (ModelFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }
}
