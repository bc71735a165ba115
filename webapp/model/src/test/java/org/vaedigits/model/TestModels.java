package org.vaedigits.model;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.vaedigits.modelfile.ModelFiles;

/**
 * Untrained model files with seeded random weights (PyTorch's default Linear init range) and
 * check vectors computed by {@link Vae}: for unit tests and for developing the page before a
 * trained model exists. Run {@code main} to write one, e.g. models/random-dev.json (never committed).
 */
public final class TestModels {
    private TestModels() {
    }

    /** A valid, untrained model file; the same seed gives the same file. */
    public static ModelFile random(long seed) {
        Prng prng = new Prng(seed);
        ModelFile file = new ModelFile();
        file.format = new ModelFile.Format();
        file.format.name = ModelFile.FORMAT_NAME;
        file.format.version = ModelFile.FORMAT_VERSION;
        file.architecture = new ModelFile.Architecture();
        ModelFile.Architecture a = file.architecture;
        file.layers = new ModelFile.Layers();
        file.layers.encoderFc1 = layer(prng, a.hiddenSize, a.inputSize);
        file.layers.encoderFc2 = layer(prng, 2 * a.latentSize, a.hiddenSize);
        file.layers.encoderFc3 = layer(prng, 2 * a.latentSize, a.hiddenSize);
        file.layers.decoderFc1 = layer(prng, a.hiddenSize, a.latentSize);
        file.layers.decoderFc2 = layer(prng, a.inputSize, a.hiddenSize);
        file.training = new ModelFile.Training();
        file.training.data = "none: random weights for development, untrained";
        file.training.seed = seed;
        file.training.finishedAt = "1970-01-01T00:00:00Z";

        int n = 4;
        ModelFile.Checks checks = new ModelFile.Checks();
        checks.inputs = new float[n][a.inputSize];
        checks.z = new float[n][a.latentSize];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < a.inputSize; i++) {
                checks.inputs[r][i] = prng.nextDouble() < 0.2 ? 1f : 0f;
            }
            for (int j = 0; j < a.latentSize; j++) {
                checks.z[r][j] = (float) prng.nextGaussian();
            }
        }
        file.checks = checks;
        recomputeChecks(file);
        return file;
    }

    /** Sets the check outputs (mu, logvar, probabilities) to what {@link Vae} computes for the check inputs and z. */
    static void recomputeChecks(ModelFile file) {
        Vae vae = new Vae(file);
        ModelFile.Checks checks = file.checks;
        int n = checks.inputs.length;
        checks.mu = new float[n][vae.latentSize];
        checks.logvar = new float[n][vae.latentSize];
        checks.probabilities = new float[checks.z.length][vae.inputSize];
        for (int r = 0; r < n; r++) {
            vae.encode(checks.inputs[r], checks.mu[r], checks.logvar[r]);
        }
        for (int r = 0; r < checks.z.length; r++) {
            if (checks.z[r].length != vae.latentSize) {
                checks.z[r] = java.util.Arrays.copyOf(checks.z[r], vae.latentSize);
            }
            vae.decode(checks.z[r], checks.probabilities[r]);
        }
    }

    static ModelFile.Layer layer(Prng prng, int out, int in) {
        double bound = 1.0 / Math.sqrt(in);
        float[] w = new float[out * in];
        float[] b = new float[out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * prng.nextDouble() - 1) * bound);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((2 * prng.nextDouble() - 1) * bound);
        }
        return new ModelFile.Layer(out, in, w, b);
    }

    /** Writes {@code random(seed)} to args[0] (default models/random-dev.json), seed args[1] (default 1). */
    public static void main(String[] args) throws Exception {
        Path path = Paths.get(args.length > 0 ? args[0] : "models/random-dev.json");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        ModelFiles.write(random(seed), path, true);
        System.out.println("wrote " + path.toAbsolutePath());
    }
}
