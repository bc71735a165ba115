package org.vaedigits.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The model file: the one JSON document the trainer writes and the server and browser read.
 * Plain public fields, so Jackson maps it on the JVM and TeaVM compiles it for the browser;
 * {@link #validate()} is the single definition of what a readable model file is.
 * Weights are row-major with shape (out, in): y = W x + b.
 */
public final class ModelFile {
    /** Value of {@code format.name}. */
    public static final String FORMAT_NAME = "vae-digits-model";
    /** The format version this code reads and writes; readers reject any other. */
    public static final int FORMAT_VERSION = 1;
    /** Longest piece of a file's text that a validation problem quotes. */
    static final int QUOTE_LIMIT = 40;

    public Format format;
    public Architecture architecture;
    public Layers layers;
    public Training training;
    public Metrics metrics;
    public Curves curves;
    public Checks checks;
    /** Optional: 2-D projection of test-set latent means, for a map in the UI. */
    public LatentMap latentMap;

    /** Name and version of the file format. */
    public static final class Format {
        public String name;
        public int version;
    }

    /**
     * Sizes and rules of the homework's VAE. Encoder: fc1 (in→hidden), tanh, two heads fc2, fc3
     * (hidden→2·latent); mu = mean of the heads' first {@code latentSize} outputs, logvar = mean
     * of their last. Decoder: fc1 (latent→hidden), tanh, fc2 (hidden→in), sigmoid.
     */
    public static final class Architecture {
        public int imageSide = 14;
        public int inputSize = 196;
        public int hiddenSize = 128;
        public int latentSize = 8;
        public String hiddenActivation = "tanh";
        public String outputActivation = "sigmoid";
        /** How the two encoder heads combine: "mean" of fc2 and fc3. */
        public String headCombine = "mean";
        /** Output layout of each head: mu first, then logvar. */
        public String headLayout = "mu,logvar";
        /** MNIST 28×28 bytes → 2×2 blocks → 1 where the four bytes sum to at least 510. */
        public String preprocessing = "mnist28-pool2x2-sum>=510";
    }

    /** A fully connected layer: {@code weight} has out·in values, row-major (out, in). */
    public static final class Layer {
        public int out;
        public int in;
        public float[] weight;
        public float[] bias;

        public Layer() {
        }

        public Layer(int out, int in, float[] weight, float[] bias) {
            this.out = out;
            this.in = in;
            this.weight = weight;
            this.bias = bias;
        }
    }

    /** The five layers, named as in the homework. */
    public static final class Layers {
        public Layer encoderFc1;
        public Layer encoderFc2;
        public Layer encoderFc3;
        public Layer decoderFc1;
        public Layer decoderFc2;
    }

    /** How the model was trained. */
    public static final class Training {
        public String data;
        public int trainImages;
        public int epochs;
        public int batchSize;
        public String optimizer;
        public double learningRate;
        /** Learning-rate schedule, "constant" for the homework's recipe. */
        public String schedule;
        public long seed;
        public long updates;
        public String engine;
        public String engineVersion;
        public String djlVersion;
        public String javaVersion;
        public int threads;
        public double wallTimeSeconds;
        /** Training throughput over the training steps only. */
        public double imagesPerSecond;
        /** ISO-8601 instant the run finished. */
        public String finishedAt;
    }

    /** Test-set metrics in nats per image (lower −ELBO is better). */
    public static final class Metrics {
        public String data;
        public int testImages;
        /** −ELBO = bce + kl with one sample z ~ q(z|x). */
        public double negElbo;
        public double bce;
        public double kl;
        /** Reconstruction BCE with z = mu. */
        public double bceAtMean;
        /** Importance-weighted estimate of log p(x) with {@code iwK} samples. */
        public double iwLogPx;
        public int iwK;
        public int iwImages;
    }

    /** Per-update training curves (per image), downsampled to at most about 1000 points. */
    public static final class Curves {
        public long[] updates;
        public float[] kl;
        public float[] bce;
        /** Test −ELBO after each epoch (index 0 = epoch 1); optional. */
        public float[] testNegElboPerEpoch;
    }

    /**
     * Check vectors computed by DJL: encoder inputs with their mu and logvar, and decoder inputs
     * z with their output probabilities. Every other implementation must reproduce them.
     */
    public static final class Checks {
        public float[][] inputs;
        public float[][] mu;
        public float[][] logvar;
        public float[][] z;
        public float[][] probabilities;
    }

    /** Test-set latent means projected to 2-D ({@code x}, {@code y}) with their digit labels. */
    public static final class LatentMap {
        /** How the 8-D means were projected, e.g. "pca". */
        public String projection;
        public float[] x;
        public float[] y;
        public int[] labels;
        /** Optional 2×latentSize row-major projection matrix (rows: x axis, y axis). */
        public float[] axes;
    }

    /**
     * Everything wrong with this file, each as a sentence naming the field; empty when the file is
     * readable by this version of the code.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (format == null) {
            problems.add("missing 'format'");
            return problems;
        }
        if (!FORMAT_NAME.equals(format.name)) {
            expect(problems, "format.name", format.name, FORMAT_NAME);
            return problems;
        }
        if (format.version != FORMAT_VERSION) {
            problems.add("format.version is " + format.version + ", this reader understands " + FORMAT_VERSION);
            return problems;
        }
        Architecture a = architecture;
        if (a == null) {
            problems.add("missing 'architecture'");
            return problems;
        }
        Architecture expected = new Architecture();
        expect(problems, "architecture.imageSide", a.imageSide, expected.imageSide);
        expect(problems, "architecture.inputSize", a.inputSize, expected.inputSize);
        expect(problems, "architecture.hiddenSize", a.hiddenSize, expected.hiddenSize);
        expect(problems, "architecture.latentSize", a.latentSize, expected.latentSize);
        expect(problems, "architecture.hiddenActivation", a.hiddenActivation, expected.hiddenActivation);
        expect(problems, "architecture.outputActivation", a.outputActivation, expected.outputActivation);
        expect(problems, "architecture.headCombine", a.headCombine, expected.headCombine);
        expect(problems, "architecture.headLayout", a.headLayout, expected.headLayout);
        expect(problems, "architecture.preprocessing", a.preprocessing, expected.preprocessing);
        if (!problems.isEmpty()) {
            return problems;
        }
        if (layers == null) {
            problems.add("missing 'layers'");
            return problems;
        }
        int in = a.inputSize;
        int hidden = a.hiddenSize;
        int latent = a.latentSize;
        checkLayer(problems, "layers.encoderFc1", layers.encoderFc1, hidden, in);
        checkLayer(problems, "layers.encoderFc2", layers.encoderFc2, 2 * latent, hidden);
        checkLayer(problems, "layers.encoderFc3", layers.encoderFc3, 2 * latent, hidden);
        checkLayer(problems, "layers.decoderFc1", layers.decoderFc1, hidden, latent);
        checkLayer(problems, "layers.decoderFc2", layers.decoderFc2, in, hidden);
        if (checks == null) {
            problems.add("missing 'checks'");
        } else {
            int n = checks.inputs == null ? -1 : checks.inputs.length;
            checkRows(problems, "checks.inputs", checks.inputs, n, in);
            checkRows(problems, "checks.mu", checks.mu, n, latent);
            checkRows(problems, "checks.logvar", checks.logvar, n, latent);
            int m = checks.z == null ? -1 : checks.z.length;
            checkRows(problems, "checks.z", checks.z, m, latent);
            checkRows(problems, "checks.probabilities", checks.probabilities, m, in);
        }
        if (latentMap != null) {
            checkLatentMap(problems, latentMap, latent);
        }
        return problems;
    }

    /**
     * The optional map: x, y and labels of equal length, coordinates finite float32 values,
     * labels digits 0 to 9, and axes (when present) a finite 2 × latentSize matrix.
     */
    private static void checkLatentMap(List<String> problems, LatentMap map, int latent) {
        int n = map.x == null ? -1 : map.x.length;
        if (n < 0) {
            problems.add("missing 'latentMap.x'");
            return;
        }
        if (!checkVector(problems, "latentMap.x", map.x, n) || !checkVector(problems, "latentMap.y", map.y, n)) {
            return;
        }
        if (map.labels == null) {
            problems.add("missing 'latentMap.labels'");
            return;
        }
        if (map.labels.length != n) {
            problems.add("latentMap.labels has " + map.labels.length + " values, expected " + n + " (one per point)");
            return;
        }
        for (int i = 0; i < n; i++) {
            if (map.labels[i] < 0 || map.labels[i] > 9) {
                problems.add("latentMap.labels[" + i + "] is " + map.labels[i] + ", expected a digit 0 to 9");
                return;
            }
        }
        if (map.axes != null) {
            checkVector(problems, "latentMap.axes", map.axes, 2 * latent);
        }
    }

    private static void expect(List<String> problems, String field, int actual, int wanted) {
        if (actual != wanted) {
            problems.add(field + " is " + actual + ", expected " + wanted);
        }
    }

    private static void expect(List<String> problems, String field, String actual, String wanted) {
        if (actual == null) {
            problems.add("missing '" + field + "', expected '" + wanted + "'");
        } else if (!wanted.equals(actual)) {
            problems.add(field + " is " + quote(actual) + ", expected '" + wanted + "'");
        }
    }

    /** A value of the file in quotes, cut to {@link #QUOTE_LIMIT} characters: a reason never carries much of a file. */
    static String quote(String value) {
        return "'" + (value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "…" : value) + "'";
    }

    private static void checkLayer(List<String> problems, String name, Layer layer, int out, int in) {
        if (layer == null) {
            problems.add("missing '" + name + "'");
            return;
        }
        if (layer.out != out || layer.in != in) {
            problems.add(name + " has shape (" + layer.out + ", " + layer.in + "), expected (" + out + ", " + in + ")");
            return;
        }
        checkVector(problems, name + ".weight", layer.weight, out * in);
        checkVector(problems, name + ".bias", layer.bias, out);
    }

    private static void checkRows(List<String> problems, String name, float[][] rows, int count, int width) {
        if (rows == null || rows.length == 0) {
            problems.add("missing '" + name + "'");
            return;
        }
        if (rows.length != count) {
            problems.add(name + " has " + rows.length + " rows, expected " + count);
            return;
        }
        for (int r = 0; r < rows.length; r++) {
            if (!checkVector(problems, name + "[" + r + "]", rows[r], width)) {
                return;
            }
        }
    }

    private static boolean checkVector(List<String> problems, String name, float[] values, int length) {
        if (values == null) {
            problems.add("missing '" + name + "'");
            return false;
        }
        if (values.length != length) {
            problems.add(name + " has " + values.length + " values, expected " + length);
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i]) || Float.isInfinite(values[i])) {
                // spelled out rather than float-to-string: that conversion would add ~25 KB to the browser client
                String value = Float.isNaN(values[i]) ? "NaN" : (values[i] > 0 ? "Infinity" : "-Infinity");
                problems.add(name + "[" + i + "] is " + value + ", expected a finite number");
                return false;
            }
        }
        return true;
    }
}
