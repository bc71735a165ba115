package org.vaedigits.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.vaedigits.modelfile.ModelFiles;

/**
 * JVM micro-benchmark of the model math, batch 1: microseconds per decode (8 → 128 → 196), per
 * encode (196 → 128 → 2·16), per ELBO at z = mu and per normalization of a 280×280 drawing.
 * Run: {@code mvn -q -pl webapp test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.vaedigits.model.DecodeBenchmark [-Dexec.args=models/vae.json]}.
 */
public final class DecodeBenchmark {
    private static volatile float sink;

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Paths.get(args[0]) : firstExisting("models/vae.json", "../../models/vae.json");
        ModelFile model = file == null ? TestModels.random(1) : ModelFiles.read(file);
        System.out.println("model: " + (file == null ? "random weights (no models/vae.json found)" : file)
                + ", Java " + System.getProperty("java.version"));
        Vae vae = new Vae(model);
        int count = 1024;
        float[] zs = new float[count * vae.latentSize];
        Prng prng = new Prng(1);
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (float) prng.nextGaussian();
        }
        float[] inputs = new float[count * vae.inputSize];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = prng.nextDouble() < 0.2 ? 1f : 0f;
        }
        float[] z = new float[vae.latentSize];
        float[] x = new float[vae.inputSize];
        float[] probabilities = new float[vae.inputSize];
        float[] mu = new float[vae.latentSize];
        float[] logvar = new float[vae.latentSize];
        Elbo elbo = new Elbo(vae);
        DrawingNormalizer normalizer = new DrawingNormalizer();
        float[] drawing = strokes(280);

        for (int round = 0; round < 5; round++) {
            boolean warmUp = round < 2;
            int n = warmUp ? 20_000 : 100_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                System.arraycopy(zs, (i % count) * z.length, z, 0, z.length);
                vae.decode(z, probabilities);
                sink += probabilities[i % probabilities.length];
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs, (i % count) * x.length, x, 0, x.length);
                vae.encode(x, mu, logvar);
                sink += mu[0];
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n / 2; i++) {
                System.arraycopy(inputs, (i % count) * x.length, x, 0, x.length);
                sink += (float) elbo.evaluateAtMean(x);
            }
            long t3 = System.nanoTime();
            int m = n / 50;
            for (int i = 0; i < m; i++) {
                normalizer.normalize(drawing, 280);
                sink += normalizer.input196()[i % 196];
            }
            long t4 = System.nanoTime();
            System.out.printf("%s decode %.2f µs (%,.0f/s)   encode %.2f µs   ELBO at mu %.2f µs   normalize 280x280 %.1f µs%n",
                    warmUp ? "warm-up" : "round  ", (t1 - t0) / 1e3 / n, n / ((t1 - t0) / 1e9),
                    (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / (n / 2), (t4 - t3) / 1e3 / m);
        }
    }

    /** A "7"-like drawing: two thick strokes on a square canvas of the given side. */
    private static float[] strokes(int side) {
        float[] raster = new float[side * side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                boolean top = r > 40 && r < 60 && c > 60 && c < 220;
                double diagonal = Math.abs((c - 220) + 0.6 * (r - 50));
                boolean slant = r >= 50 && r < 250 && diagonal < 10;
                raster[r * side + c] = top || slant ? 1f : 0f;
            }
        }
        return raster;
    }

    private static Path firstExisting(String... names) {
        for (String name : names) {
            Path p = Paths.get(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
