package org.vaedigits.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The drawing-fidelity benchmark: traces MNIST test digits on the real page in headless Chromium
 * (mouse strokes along the ink, two trace modes, three sizes, seeded positions) and prints how
 * faithfully the page's 14×14 input and its reconstruction follow MNIST's own, as a table.
 * Run with {@code webapp/bench/fidelity-bench.sh [digits] [data-dir]}; arguments: digits (300),
 * MNIST folder (data/mnist), seed (1), pages traced at once (4), device scale factor (1),
 * models folder (models/ of the repository).
 */
public final class FidelityBenchmark {
    /** The sizes drawn: the ink box's larger side as a share of the pad's side. */
    static final double[] SIZES = {0.35, 0.65, 1.0};
    /** Passes of the classifier's SGD over the 60,000 training images (3–4 s; it runs while the pages are traced). */
    static final int CLASSIFIER_EPOCHS = 3;
    /** Tracings per mode and size written to the failure strips. */
    static final int STRIP_ROWS = 12;

    private FidelityBenchmark() {
    }

    /** The run's settings, from the command line: digits, MNIST folder, seed, pages, device scale factor, models folder. */
    record Settings(int digits, Path data, long seed, int pages, double deviceScale, Path models, Path root) {
        static Settings parse(String[] args) {
            // run from the repository root (as the script does) or from webapp/server
            Path root = Files.isDirectory(Paths.get("models")) ? Paths.get("") : Paths.get("../..");
            return new Settings(args.length > 0 ? Integer.parseInt(args[0]) : 300,
                    absolute(args.length > 1 ? Paths.get(args[1]) : root.resolve("data/mnist")),
                    args.length > 2 ? Long.parseLong(args[2]) : 1,
                    args.length > 3 ? Integer.parseInt(args[3]) : 4,
                    args.length > 4 ? Double.parseDouble(args[4]) : 1,
                    absolute(args.length > 5 ? Paths.get(args[5]) : root.resolve("models")), root);
        }

        private static Path absolute(Path p) {
            return p.toAbsolutePath().normalize();
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Chromium.installed()) {
            System.err.println("no Chromium at " + Chromium.EXECUTABLE + " (Debian: apt-get install -y chromium)");
            System.exit(2);
        }
        run(Settings.parse(args));
    }

    /** Traces, judges and prints the table, the timing and the failure strips; returns the table. */
    static FidelityTable run(Settings settings) throws Exception {
        long start = System.nanoTime();
        MnistIdx.Digits test = MnistIdx.test(settings.data());
        MnistIdx.Digits train = MnistIdx.train(settings.data());
        // the classifier learns while the pages are traced
        CompletableFuture<Classifier> classifier = CompletableFuture.supplyAsync(() -> Classifier.train(train, test, settings.seed()));
        Path model = settings.models().resolve("vae.json");
        Vae vae = new Vae(ModelFiles.read(model));
        List<Fidelity.Digit> digits = Fidelity.pick(test, settings.digits(), settings.seed());
        Fidelity.Plan plan = new Fidelity.Plan(SIZES, List.of(InkTrace.Mode.values()), settings.seed(), 1280, 900, settings.deviceScale());
        List<Fidelity.Sample> samples;
        double traceSeconds;
        try (BrowserSession session = BrowserSession.open(settings.models())) {
            System.out.printf(Locale.ROOT, "browser: Chromium %s headless, %d pages at once; model %s%n",
                    session.browser.version(), settings.pages(), model);
            long traceStart = System.nanoTime();
            samples = Fidelity.trace(session.browser, session.baseUrl, settings.pages(), digits, plan, progress(digits.size()));
            traceSeconds = (System.nanoTime() - traceStart) / 1e9;
        }
        Classifier judge = classifier.join();
        System.out.println(judge.description());
        List<Fidelity.Judged> judged = Fidelity.judge(samples, vae, judge.classifier());
        FidelityTable table = report(settings, plan, samples, judged);
        System.out.println(ceiling(digits, vae, judge.classifier()));
        int pages = Math.min(settings.pages(), digits.size());
        System.out.printf(Locale.ROOT, "time: tracing %.0f s (%d drawings, %.2f s each on %d pages at once), whole run %.0f s%n",
                traceSeconds, samples.size(), traceSeconds * pages / samples.size(), pages, (System.nanoTime() - start) / 1e9);
        strips(buildDir(settings.root()).resolve("fidelity"), judged);
        return table;
    }

    private static void strips(Path dir, List<Fidelity.Judged> judged) throws IOException {
        List<String> lines = FailureStrips.write(dir, judged, STRIP_ROWS);
        System.out.println("failure strips in " + dir.toAbsolutePath().normalize()
                + " (columns: MNIST 28x28 | MNIST 14x14 | page's 14x14 | recon of MNIST's | recon of page's;"
                + " rows: #test index (true digit: label of recon of MNIST's -> of page's, IoU)):");
        lines.forEach(line -> System.out.println("  " + line));
    }

    /** The judge of the reconstructions' labels, with how it was trained and how well it does. */
    private record Classifier(DigitClassifier classifier, int trainImages, double seconds, double testAccuracy, int testImages) {
        /** Trains on binarized 14×14 training images and measures the accuracy on the test images. */
        static Classifier train(MnistIdx.Digits train, MnistIdx.Digits test, long seed) {
            long t0 = System.nanoTime();
            DigitClassifier c = DigitClassifier.train(Fidelity.mnistInputs(train), train.labels(), CLASSIFIER_EPOCHS, seed);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Classifier(c, train.count(), seconds, c.accuracy(Fidelity.mnistInputs(test), test.labels()), test.count());
        }

        String description() {
            return String.format(Locale.ROOT, "classifier: %d-%d-%d MLP, SGD %d epochs on %d binarized 14x14 training images (%.1f s): test accuracy %.4f (%d images)",
                    DigitClassifier.INPUT, DigitClassifier.HIDDEN, DigitClassifier.CLASSES, CLASSIFIER_EPOCHS, trainImages, seconds,
                    testAccuracy, testImages);
        }
    }

    private static FidelityTable report(Settings settings, Fidelity.Plan plan, List<Fidelity.Sample> samples, List<Fidelity.Judged> judged) {
        FidelityTable table = new FidelityTable(judged);
        System.out.println();
        System.out.printf(Locale.ROOT, "drawing fidelity, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf(Locale.ROOT, "settings: %d MNIST test digits of %s (seeded pick), seed %d; sizes %s of the pad's side; "
                        + "pad %.0f CSS px (bounding box), viewport %dx%d, device scale factor %.2f; %d CSS px per mouse move event, at most %d per segment%n",
                table.digits, settings.data(), plan.seed(), sizesText(plan.sizes()), samples.get(0).padSide(), plan.viewportWidth(), plan.viewportHeight(),
                plan.deviceScale(), (int) PadTracer.PIXELS_PER_STEP, PadTracer.MAX_STEPS);
        if (table.digits != settings.digits()) {
            System.out.printf(Locale.ROOT, "(asked for %d digits, the set has %d)%n", settings.digits(), table.digits);
        }
        System.out.print(table.format());
        System.out.println(FidelityTable.legend());
        return table;
    }

    /**
     * What the best trace of the ink could give, measured on the JVM for the same digits: MNIST's
     * own 28×28 with its ink ({@link InkTrace#mask}) solid and the rest blank, through MNIST's 14×14
     * rule, at MNIST's own size and place (no normalization): its input IoU and its label kept,
     * against MNIST's own input as in the table. The traces reproduce that ink and no more, so
     * their label kept is not expected to exceed this by much.
     */
    static String ceiling(List<Fidelity.Digit> digits, Vae vae, DigitClassifier classifier) {
        Fidelity.Judge judge = new Fidelity.Judge(vae, classifier);
        int kept = 0;
        double iou = 0;
        for (Fidelity.Digit d : digits) {
            float[] mnist = Fidelity.Judge.mnistInput(d.image());
            boolean[] ink = InkTrace.mask(d.image());
            byte[] solid = new byte[ink.length];
            for (int i = 0; i < ink.length; i++) {
                solid[i] = (byte) (ink[i] ? 255 : 0);
            }
            float[] inked = Fidelity.Judge.mnistInput(solid);
            kept += judge.label(judge.reconstruct(inked)) == judge.label(judge.reconstruct(mnist)) ? 1 : 0;
            iou += Fidelity.iou(inked, mnist);
        }
        return String.format(Locale.ROOT, "ceiling of an ink trace (MNIST's own digit, pixels > %d solid, the rest blank, no normalization;"
                + " JVM, same digits): input IoU %.3f, label kept %.3f", InkTrace.INK_THRESHOLD, iou / digits.size(), kept / (double) digits.size());
    }

    private static String sizesText(double[] sizes) {
        StringBuilder out = new StringBuilder();
        for (double s : sizes) {
            out.append(out.length() == 0 ? "" : "/").append(Math.round(100 * s));
        }
        return out + " %";
    }

    /** Prints a line to stderr at every tenth of the digits done. */
    private static Runnable progress(int total) {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        return () -> {
            int d = done.incrementAndGet();
            if (d * 10 / total != (d - 1) * 10 / total || d == total) {
                System.err.printf(Locale.ROOT, "traced %d / %d digits (%.0f s)%n", d, total, (System.nanoTime() - start) / 1e9);
            }
        };
    }

    private static Path buildDir(Path root) {
        Path server = root.resolve("webapp/server");
        return Files.isDirectory(server) ? server.resolve("target") : Paths.get("target");
    }
}
