package org.vaedigits.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vaedigits.modelfile.ModelFiles;

/**
 * Writes static/real-digits.json, the real MNIST test digits behind the page's "Try a real digit"
 * button: from the committed subset (the first 500 test images, {@link MnistSubset}), each digit
 * traced along its skeleton into strokes ({@link SkeletonTracer}); of each label the first
 * {@link #PER_LABEL} digits whose strokes, drawn again by {@link StrokeNormalizer}, give a 14×14
 * input with an IoU of at least {@link #MIN_IOU} with the digit's own 14×14 form, and whose
 * reconstruction by the default model (models/vae.json, at z = μ, as the page shows it) has an IoU
 * of at least {@link #MIN_RECON_IOU} with that form too and is nearest to digits of its own label
 * (a majority of its {@link #NEIGHBOURS} nearest among the subset's 1000 training digits): the
 * button shows digits the model gives back as themselves, not the one in ten that comes back as
 * another digit even from MNIST's own input. Each check alone let some through that a person reads
 * as another digit (a 2 given back as a 0, a 4 as a 9). Ordered label 0..9, then again. {@code RealDigitsTest} checks that the committed file is
 * this program's output for the committed model. Run from the repository:
 * {@code ./mvnw -q -pl webapp/model test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.vaedigits.model.RealDigits -Dexec.args="$PWD/static/real-digits.json
 * $PWD/trainer/src/test/resources/mnist-subset $PWD/models/vae.json"}.
 */
public final class RealDigits {
    public static final int PER_LABEL = 3;
    public static final double MIN_IOU = 0.65;
    public static final double MIN_RECON_IOU = 0.66;
    public static final int NEIGHBOURS = 5;
    /** The committed default model, from webapp/model. */
    public static final Path DEFAULT_MODEL = Paths.get("../../models/vae.json");

    /**
     * One traced digit: its index in the MNIST test set, label, strokes (x, y pairs in its pixels),
     * and fidelity: the IoU of the redrawn input and of its reconstruction with the digit's own
     * 14×14, and the label its reconstruction's nearest training digits carry (-1: no majority).
     */
    public record Digit(int index, int label, List<float[]> strokes, double iou, double reconIou, int reconLabel) {
        /** The strokes as {@link Strokes}, magnified by {@code scale}. */
        public Strokes toStrokes(double scale) {
            Strokes s = new Strokes();
            for (float[] stroke : strokes) {
                for (int k = 0; k < stroke.length; k += 2) {
                    if (k == 0) {
                        s.begin(stroke[k] * scale, stroke[k + 1] * scale, 1);
                    } else {
                        s.add(stroke[k] * scale, stroke[k + 1] * scale, 1);
                    }
                }
            }
            return s;
        }
    }

    private RealDigits() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "../../static/real-digits.json");
        MnistSubset mnist = args.length > 1 ? MnistSubset.read(Paths.get(args[1]), "t10k") : MnistSubset.test();
        Vae vae = model(args.length > 2 ? Paths.get(args[2]) : DEFAULT_MODEL);
        MnistSubset train = args.length > 1 ? MnistSubset.read(Paths.get(args[1]), "train") : MnistSubset.train();
        List<Digit> digits = select(mnist, train, vae);
        Files.writeString(out, json(digits), StandardCharsets.UTF_8);
        double sum = 0;
        for (Digit d : digits) {
            sum += d.iou();
        }
        System.out.println("wrote " + out + ": " + digits.size() + " digits, mean IoU of the 14x14 inputs "
                + Math.round(sum / digits.size() * 1000) / 1000.0);
    }

    /** The model in {@code file} ({@link #DEFAULT_MODEL}: the one the committed list is made for). */
    public static Vae model(Path file) throws IOException {
        return new Vae(ModelFiles.read(file));
    }

    /** The digit {@code n} of {@code mnist}, traced and scored: {@code vae} reconstructs it, {@code train}'s digits name what the reconstruction shows. */
    public static Digit trace(MnistSubset mnist, int n, MnistSubset train, Vae vae) {
        List<float[]> strokes = new SkeletonTracer().trace(mnist.image(n));
        Digit unscored = new Digit(n, mnist.label(n), strokes, 0, 0, -1);
        StrokeNormalizer normalizer = new StrokeNormalizer();
        normalizer.normalize(unscored.toStrokes(1));
        float[] own = mnist.input196(n);
        float[] recon = reconstruction(vae, normalizer.input196());
        return new Digit(n, mnist.label(n), strokes, iou(normalizer.input196(), own), iou(recon, own), nearestLabel(recon, train));
    }

    /**
     * The label most of the {@link #NEIGHBOURS} training digits nearest to {@code image} carry
     * (squared distance over the 196 pixels, their 14×14 forms), or -1 when no label has a majority.
     */
    public static int nearestLabel(float[] image, MnistSubset train) {
        int[] nearest = new int[NEIGHBOURS];
        double[] distance = new double[NEIGHBOURS];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int t = 0; t < train.size(); t++) {
            float[] other = train.input196(t);
            double d = 0;
            for (int i = 0; i < image.length; i++) {
                d += (image[i] - other[i]) * (image[i] - other[i]);
            }
            // insertion into the sorted list of the nearest so far
            for (int k = NEIGHBOURS - 1; k >= 0 && d < distance[k]; k--) {
                if (k + 1 < NEIGHBOURS) {
                    distance[k + 1] = distance[k];
                    nearest[k + 1] = nearest[k];
                }
                distance[k] = d;
                nearest[k] = t;
            }
        }
        int[] votes = new int[10];
        for (int t : nearest) {
            votes[train.label(t)]++;
        }
        for (int label = 0; label < votes.length; label++) {
            if (2 * votes[label] > NEIGHBOURS) {
                return label;
            }
        }
        return -1;
    }

    /** The decoder's pixel probabilities at z = μ of the encoder for {@code input}, as the page shows them. */
    public static float[] reconstruction(Vae vae, float[] input) {
        float[] mu = new float[vae.latentSize];
        float[] probabilities = new float[vae.inputSize];
        vae.encode(input, mu, new float[vae.latentSize]);
        vae.decode(mu, probabilities);
        return probabilities;
    }

    /**
     * PER_LABEL digits of each label, the first ones in test-set order that reach MIN_IOU and
     * MIN_RECON_IOU with {@code vae} and whose reconstruction is nearest to {@code train}'s digits
     * of their label, ordered 0..9, 0..9, ...
     */
    public static List<Digit> select(MnistSubset mnist, MnistSubset train, Vae vae) {
        List<List<Digit>> byLabel = new ArrayList<>();
        for (int label = 0; label < 10; label++) {
            byLabel.add(new ArrayList<>());
        }
        for (int n = 0; n < mnist.size(); n++) {
            List<Digit> chosen = byLabel.get(mnist.label(n));
            if (chosen.size() < PER_LABEL) {
                Digit d = trace(mnist, n, train, vae);
                if (d.iou() >= MIN_IOU && d.reconIou() >= MIN_RECON_IOU && d.reconLabel() == d.label()) {
                    chosen.add(d);
                }
            }
        }
        List<Digit> digits = new ArrayList<>();
        for (int round = 0; round < PER_LABEL; round++) {
            for (List<Digit> chosen : byLabel) {
                if (round < chosen.size()) {
                    digits.add(chosen.get(round));
                }
            }
        }
        return digits;
    }

    /** Intersection over union of the pixels above 0.5. */
    public static double iou(float[] a, float[] b) {
        int both = 0;
        int either = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] > 0.5f;
            boolean y = b[i] > 0.5f;
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
        }
        return either == 0 ? 1 : both / (double) either;
    }

    /** The file: one digit per line, coordinates with at most one decimal. */
    static String json(List<Digit> digits) {
        StringBuilder out = new StringBuilder();
        out.append("{\"source\": \"MNIST test set (t10k-images-idx3-ubyte), images 0-499 as committed in"
                + " trainer/src/test/resources/mnist-subset\",\n");
        out.append(" \"unit\": \"pixels of the 28x28 MNIST image, x to the right and y down from its top-left corner\",\n");
        out.append(" \"tracing\": \"pixels above 127 thinned (Zhang-Suen), spurs of up to " + SkeletonTracer.SPUR
                + " pixels pruned, walked into strokes, smoothed and simplified within " + SkeletonTracer.TOLERANCE
                + " px; the first " + PER_LABEL + " digits of each label whose redrawn 14x14 input has IoU >= " + MIN_IOU
                + " with the digit's own, and the default model's reconstruction of it (z = mu) IoU >= " + MIN_RECON_IOU
                + " and nearest (" + NEIGHBOURS + " neighbours) to training digits of its label\",\n");
        out.append(" \"generator\": \"org.vaedigits.model.RealDigits (webapp/model test sources)\",\n");
        out.append(" \"digits\": [\n");
        for (int i = 0; i < digits.size(); i++) {
            Digit d = digits.get(i);
            out.append("  {\"index\": ").append(d.index()).append(", \"label\": ").append(d.label()).append(", \"strokes\": [");
            for (int s = 0; s < d.strokes().size(); s++) {
                float[] stroke = d.strokes().get(s);
                out.append(s == 0 ? "[" : ", [");
                for (int k = 0; k < stroke.length; k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    out.append(number(stroke[k]));
                }
                out.append(']');
            }
            out.append("]}").append(i + 1 < digits.size() ? ",\n" : "\n");
        }
        out.append(" ]}\n");
        return out.toString();
    }

    private static String number(float v) {
        long tenths = Math.round(v * 10.0);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + Math.abs(tenths % 10);
    }
}
