package org.vaedigits.client;

import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Float32Array;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;
import org.vaedigits.model.Vae;

/**
 * The browser client's entry points, exported from the TeaVM-compiled module: {@link #start()} runs
 * the page; the others serve the browser tests and the decode benchmark.
 */
public final class Client {
    private static Page page;
    private static Vae benchVae;
    private static float[][] benchZ;
    private static float[] benchOut;

    private Client() {
    }

    /** Wires the page (index.html) and loads the model list and the chosen model. */
    @JSExport
    public static void start() {
        page = new Page();
        page.start();
    }

    /** Test hook: the shown model's decoder on its check z vectors, flat (checks, 196); null without a model. */
    @JSExport
    public static Float32Array decodeChecks() {
        float[] out = page == null ? null : page.decodeChecks();
        return out == null ? null : Float32Array.copyFromJavaArray(out);
    }

    /** Test hook: the shown model's encoder on its check inputs, flat mu (checks, 8) then logvar (checks, 8). */
    @JSExport
    public static Float32Array encodeChecks() {
        float[] out = page == null ? null : page.encodeChecks();
        return out == null ? null : Float32Array.copyFromJavaArray(out);
    }

    /** Test hook: the name of the model shown, or null. */
    @JSExport
    public static String shownModel() {
        return page == null ? null : page.shownModel();
    }

    /** Prepares {@link #benchDecode} on a parsed model document and {@code count} seeded z vectors. */
    @JSExport
    public static void benchLoad(JSObject modelJson, int count, double seed) {
        ModelFile file = ModelJson.read(modelJson);
        benchVae = new Vae(file);
        Prng prng = new Prng((long) seed);
        benchZ = new float[count][benchVae.latentSize];
        for (float[] z : benchZ) {
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) prng.nextGaussian();
            }
        }
        benchOut = new float[benchVae.inputSize];
    }

    /** The z vectors {@link #benchLoad} drew, flat (count · latent), for the JS baseline. */
    @JSExport
    public static Float32Array benchInputs() {
        int latent = benchVae.latentSize;
        Float32Array flat = new Float32Array(benchZ.length * latent);
        for (int r = 0; r < benchZ.length; r++) {
            for (int i = 0; i < latent; i++) {
                flat.set(r * latent + i, benchZ[r][i]);
            }
        }
        return flat;
    }

    /** Batch-1 decodes (8 → 196), {@code n} of them cycling through the z vectors; returns a checksum. */
    @JSExport
    public static double benchDecode(int n) {
        double checksum = 0;
        float[] out = benchOut;
        int count = benchZ.length;
        for (int k = 0; k < n; k++) {
            benchVae.decode(benchZ[k % count], out);
            checksum += out[k % out.length];
        }
        return checksum;
    }

    /** One decode of the {@code index}-th bench z vector, to check both decoders agree. */
    @JSExport
    public static Float32Array benchDecodeOne(int index) {
        float[] out = new float[benchVae.inputSize];
        benchVae.decode(benchZ[index], out);
        return Float32Array.copyFromJavaArray(out);
    }
}
