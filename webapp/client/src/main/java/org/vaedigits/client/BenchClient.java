package org.vaedigits.client;

import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Float32Array;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;
import org.vaedigits.model.Prng;
import org.vaedigits.model.Vae;

/**
 * Entry points of the decode benchmark's module (bench.wasm, built by the same TeaVM settings as the
 * page's client.wasm): batch-1 decodes through {@link Vae}, timed by static/bench.js.
 */
public final class BenchClient {
    private static Vae benchVae;
    private static float[][] benchZ;
    private static float[] benchOut;

    private BenchClient() {
    }

    /**
     * Prepares {@link #benchDecode} on a model's packed decoder part (the bytes of
     * {@code /models/{name}?part=decoder}, what the page decodes with) and {@code count} seeded z
     * vectors; returns null, or what is wrong with the part.
     */
    @JSExport
    public static String benchLoad(ArrayBuffer decoderPart, int count, double seed) {
        ModelFile file = new ModelFile();
        file.architecture = new ModelFile.Architecture();
        String problem = PackedModel.unpack(ModelJson.words(decoderPart), PackedModel.DECODER, file);
        if (problem != null) {
            return problem;
        }
        benchVae = new Vae(file);
        Prng prng = new Prng((long) seed);
        benchZ = new float[count][benchVae.latentSize];
        for (float[] z : benchZ) {
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) prng.nextGaussian();
            }
        }
        benchOut = new float[benchVae.inputSize];
        return null;
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
