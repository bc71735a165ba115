package org.vaedigits.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.Prng;
import org.vaedigits.model.Vae;

/**
 * How faithfully the page turns a drawn MNIST digit into the model's input and reconstruction:
 * each digit is traced on the pad (see {@link InkTrace}) at given sizes and seeded positions, and
 * what the page shows is compared with MNIST's own 14×14 of the digit ({@link Binarizer}) and,
 * through the model and a classifier, with the reconstruction of that.
 */
final class Fidelity {
    private Fidelity() {
    }

    /** An MNIST digit: its index in its set, 28×28 bytes and label. */
    record Digit(int index, byte[] image, int label) {
    }

    /**
     * One tracing: a digit drawn at {@code size} (share of the pad's side) in {@code mode} on a pad
     * of {@code padSide} CSS pixels, and what the page showed.
     */
    record Sample(Digit digit, InkTrace.Mode mode, double size, double padSide, PadTracer.Shown shown) {
    }

    /** {@code count} distinct digits of {@code set}, picked by a seeded shuffle (all of them when count ≥ the set's size). */
    static List<Digit> pick(MnistIdx.Digits set, int count, long seed) {
        int[] order = new int[set.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Prng prng = new Prng(seed);
        int n = Math.min(count, order.length);
        List<Digit> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int j = i + (int) (prng.nextDouble() * (order.length - i)); // partial Fisher–Yates
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            out.add(new Digit(order[i], set.images()[order[i]], set.labels()[order[i]]));
        }
        return out;
    }

    /** What to trace: the sizes (shares of the pad's side), the modes, the seed of the positions, the browser viewport. */
    record Plan(double[] sizes, List<InkTrace.Mode> modes, long seed, int viewportWidth, int viewportHeight, double deviceScale) {
    }

    /**
     * Traces the digits on {@code pages} pages at once, each in its own browser context: the first
     * in the calling thread on {@code browser}, every other in a thread of its own with its own
     * Playwright and browser (Playwright objects belong to the thread that made them).
     * {@code afterDigit} runs after each digit, on any thread. Returns the samples in the order
     * of {@code digits}, then sizes, then modes.
     */
    static List<Sample> trace(Browser browser, String baseUrl, int pages, List<Digit> digits, Plan plan, Runnable afterDigit)
            throws InterruptedException {
        int n = Math.max(1, Math.min(pages, digits.size()));
        List<List<Digit>> slices = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            slices.add(new ArrayList<>());
        }
        for (int i = 0; i < digits.size(); i++) {
            slices.get(i % n).add(digits.get(i)); // round robin: every page gets a similar mix
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n - 1));
        try {
            List<Future<List<Sample>>> others = new ArrayList<>();
            for (int w = 1; w < n; w++) {
                List<Digit> slice = slices.get(w);
                others.add(pool.submit(() -> {
                    try (Playwright playwright = Chromium.playwright(); Browser own = Chromium.launch(playwright)) {
                        return traceInNewContext(own, baseUrl, slice, plan, afterDigit);
                    }
                }));
            }
            List<Sample> all = new ArrayList<>(traceInNewContext(browser, baseUrl, slices.get(0), plan, afterDigit));
            for (Future<List<Sample>> f : others) {
                all.addAll(f.get());
            }
            Map<Integer, Integer> order = new HashMap<>();
            for (int i = 0; i < digits.size(); i++) {
                order.put(digits.get(i).index(), i);
            }
            all.sort(Comparator.comparingInt((Sample s) -> order.get(s.digit().index()))
                    .thenComparingDouble(Sample::size).thenComparing(Sample::mode));
            return all;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Sample> traceInNewContext(Browser browser, String baseUrl, List<Digit> digits, Plan plan, Runnable afterDigit) {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(plan.viewportWidth(), plan.viewportHeight()).setDeviceScaleFactor(plan.deviceScale()))) {
            PadTracer tracer = PadTracer.open(context.newPage(), baseUrl);
            return trace(tracer, digits, plan, afterDigit);
        }
    }

    /**
     * Traces every digit at every size in every mode on the page, clearing in between. Positions
     * depend only on (seed, digit, size), so both modes draw a digit at the same place, and any
     * split of the digits over pages gives the same drawings.
     */
    static List<Sample> trace(PadTracer tracer, List<Digit> digits, Plan plan, Runnable afterDigit) {
        List<Sample> out = new ArrayList<>();
        BoundingBox pad = tracer.pad();
        double side = Math.min(pad.width, pad.height);
        for (Digit digit : digits) {
            for (int s = 0; s < plan.sizes().length; s++) {
                Prng prng = new Prng(plan.seed() * 1_000_003L + digit.index() * 31L + s);
                double u = prng.nextDouble();
                double v = prng.nextDouble();
                double extent = plan.sizes()[s] * side;
                for (InkTrace.Mode mode : plan.modes()) {
                    List<double[][]> strokes = place(mode.strokes(digit.image()), InkTrace.box(digit.image()), extent, side, u, v);
                    out.add(new Sample(digit, mode, plan.sizes()[s], side, tracer.draw(strokes)));
                    tracer.clear();
                }
            }
            afterDigit.run();
        }
        return out;
    }

    /**
     * Maps strokes from MNIST pixels to CSS pixels on a pad of side {@code padSide}: the ink box
     * scaled (aspect kept) so its larger side is {@code extent}, its top-left corner at
     * (u, v) ∈ [0, 1)² of the room left on the pad, so the box stays on the pad.
     */
    static List<double[][]> place(List<double[][]> strokes, InkTrace.Box box, double extent, double padSide, double u, double v) {
        double scale = extent / Math.max(box.width(), box.height());
        double left = u * (padSide - box.width() * scale);
        double top = v * (padSide - box.height() * scale);
        List<double[][]> out = new ArrayList<>(strokes.size());
        for (double[][] stroke : strokes) {
            double[][] mapped = new double[stroke.length][];
            for (int i = 0; i < stroke.length; i++) {
                mapped[i] = new double[] {left + (stroke[i][0] - box.left()) * scale, top + (stroke[i][1] - box.top()) * scale};
            }
            out.add(mapped);
        }
        return out;
    }

    /** A sample measured on the JVM: MNIST's own input, both reconstructions at z = mu, their labels, and overlap figures. */
    record Judged(Sample sample, float[] mnistInput, float[] mnistRecon, float[] pageRecon,
                  int mnistReconLabel, int pageReconLabel, double iou, double inkRatio, double centreShift, double shownReconError) {
        boolean labelKept() {
            return mnistReconLabel == pageReconLabel;
        }
    }

    /** Computes reconstructions with the model (as the page does: encode, decode at z = mu) and labels them. Not thread-safe. */
    static final class Judge {
        private final Vae vae;
        private final DigitClassifier classifier;
        private final float[] mu;
        private final float[] logvar;

        Judge(Vae vae, DigitClassifier classifier) {
            this.vae = vae;
            this.classifier = classifier;
            mu = new float[vae.latentSize];
            logvar = new float[vae.latentSize];
        }

        /** MNIST's own 14×14 of a digit: {@link Binarizer} on its 28×28 bytes. */
        static float[] mnistInput(byte[] image28) {
            float[] x = new float[Binarizer.PIXELS];
            Binarizer.binarize(image28, 0, x, 0);
            return x;
        }

        /** Decoder probabilities at z = mu of the encoder for {@code input}. */
        float[] reconstruct(float[] input) {
            float[] out = new float[vae.inputSize];
            vae.encode(input, mu, logvar);
            vae.decode(mu, out);
            return out;
        }

        int label(float[] image) {
            return classifier.label(image);
        }

        Judged judge(Sample s) {
            float[] mnist = mnistInput(s.digit().image());
            float[] mnistRecon = reconstruct(mnist);
            float[] pageRecon = reconstruct(s.shown().input());
            return new Judged(s, mnist, mnistRecon, pageRecon, label(mnistRecon), label(pageRecon),
                    iou(s.shown().input(), mnist), count(s.shown().input()) / (double) Math.max(1, count(mnist)),
                    centreShift(s.shown().input(), mnist), maxDifference(pageRecon, s.shown().recon()));
        }
    }

    /** Judges every sample (one {@link Judge}, in order). */
    static List<Judged> judge(List<Sample> samples, Vae vae, DigitClassifier classifier) {
        Judge judge = new Judge(vae, classifier);
        return samples.stream().map(judge::judge).toList();
    }

    /** MNIST's own 14×14 inputs of a set's digits ({@link Binarizer}), (count, 196). */
    static float[][] mnistInputs(MnistIdx.Digits set) {
        float[][] x = new float[set.count()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = Judge.mnistInput(set.images()[i]);
        }
        return x;
    }

    /** Intersection over union of the on (> 0.5) pixels of two images; 1 when both are blank. */
    static double iou(float[] a, float[] b) {
        return org.vaedigits.model.RealDigits.iou(a, b);
    }

    static int count(float[] image) {
        int n = 0;
        for (float v : image) {
            n += v > 0.5f ? 1 : 0;
        }
        return n;
    }

    /** Distance in pixels between the centroids of the on pixels of two 14×14 images (0 when either is blank). */
    static double centreShift(float[] a, float[] b) {
        double[] ca = centroid(a);
        double[] cb = centroid(b);
        return ca == null || cb == null ? 0 : Math.hypot(ca[0] - cb[0], ca[1] - cb[1]);
    }

    private static double[] centroid(float[] image) {
        double x = 0;
        double y = 0;
        int n = 0;
        for (int i = 0; i < image.length; i++) {
            if (image[i] > 0.5f) {
                x += i % Binarizer.SIDE;
                y += i / Binarizer.SIDE;
                n++;
            }
        }
        return n == 0 ? null : new double[] {x / n, y / n};
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
