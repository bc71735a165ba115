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
        StrokeNormalizer normalizer = new StrokeNormalizer();
        Strokes drawing = seven();

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
                normalizer.normalize(drawing);
                sink += normalizer.input196()[i % 196];
            }
            long t4 = System.nanoTime();
            System.out.printf("%s decode %.2f µs (%,.0f/s)   encode %.2f µs   ELBO at mu %.2f µs   normalize a 120-point 7 %.1f µs%n",
                    warmUp ? "warm-up" : "round  ", (t1 - t0) / 1e3 / n, n / ((t1 - t0) / 1e9),
                    (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / (n / 2), (t4 - t3) / 1e3 / m);
        }
    }

    /** A 7 as a pointer records it at about 60 Hz: a bar of 40 points, then a slant of 80, in pad pixels. */
    private static Strokes seven() {
        Strokes s = new Strokes();
        s.begin(60, 50, 1);
        for (int i = 1; i < 40; i++) {
            s.add(60 + 4 * i, 50, 1);
        }
        for (int i = 0; i < 80; i++) {
            s.add(220 - 1.5 * i, 50 + 2.5 * i, 1);
        }
        return s;
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
