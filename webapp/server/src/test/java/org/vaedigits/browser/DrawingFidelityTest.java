package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFiles;

/**
 * Guards drawing fidelity with loose bounds: MNIST digits of the committed subset traced on the
 * real page (row runs, at 35 % and 100 % of the pad's side) must give 14×14 inputs that overlap
 * MNIST's own and reconstructions that keep their label. The full measurement is
 * {@link FidelityBenchmark} (webapp/bench/fidelity-bench.sh); this test prints its figures too.
 */
@ExtendWith(RequiresChromium.class)
class DrawingFidelityTest {
    static final int DIGITS = 20;
    static final long SEED = 7;
    static final double SMALL = 0.35;
    static final double FULL = 1.0;
    /** Pages traced at once (each frame-bound mouse move waits for the page's next animation frame). */
    static final int PAGES = 4;
    /** SGD passes over the subset's 1000 training images (under a second). */
    static final int CLASSIFIER_EPOCHS = 10;

    // Floors a little below what the page measures (IoU 0.713 and label kept 0.85 at both sizes,
    // the same in every run: the trace and the classifier are seeded), to catch regressions. The
    // IoU floor is issue 9's target (0.65 at every size); its label target (0.95) the page misses:
    // 0.88 over 300 digits (webapp/bench/README.md).
    static final double IOU_FLOOR = 0.65;
    static final double LABEL_KEPT_FLOOR = 0.80;
    /** A digit drawn small gives the input it gives drawn large: the sizes' IoU differ by no more. */
    static final double MAX_IOU_SPREAD = 0.03;

    @Test
    void tracedDigitsKeepTheirShapeAndTheirLabel() throws IOException, InterruptedException {
        MnistIdx.Digits train = MnistIdx.train(MnistIdx.subset());
        MnistIdx.Digits test = MnistIdx.test(MnistIdx.subset());
        DigitClassifier classifier = DigitClassifier.train(Fidelity.mnistInputs(train), train.labels(), CLASSIFIER_EPOCHS, SEED);
        System.out.printf("classifier (%d subset training images): accuracy on the subset's %d test images %.3f%n",
                train.count(), test.count(), classifier.accuracy(Fidelity.mnistInputs(test), test.labels()));
        Path model = BrowserSession.realModel();
        List<Fidelity.Digit> digits = Fidelity.pick(test, DIGITS, SEED);
        Fidelity.Plan plan = new Fidelity.Plan(new double[] {SMALL, FULL}, List.of(InkTrace.Mode.RUNS), SEED, 1280, 900, 1);
        List<Fidelity.Sample> samples;
        long start = System.nanoTime();
        try (BrowserSession session = BrowserSession.open(model.getParent())) {
            samples = Fidelity.trace(session.browser, session.baseUrl, PAGES, digits, plan, () -> { });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        FidelityTable table = new FidelityTable(Fidelity.judge(samples, new Vae(ModelFiles.read(model)), classifier));
        System.out.printf("drawing fidelity, %d subset test digits, runs trace, traced in %.0f s on %d pages:%n%s",
                DIGITS, seconds, PAGES, table.format());

        FidelityTable.Row full = table.row(InkTrace.Mode.RUNS, FULL);
        FidelityTable.Row small = table.row(InkTrace.Mode.RUNS, SMALL);
        assertThat(table.shownReconError).as("#recon vs the JVM's reconstruction of #input14").isLessThan(0.01);
        assertThat(full.iou()).as("mean input IoU at 100 %").isGreaterThanOrEqualTo(IOU_FLOOR);
        assertThat(full.labelKept()).as("label kept at 100 %").isGreaterThanOrEqualTo(LABEL_KEPT_FLOOR);
        assertThat(small.iou()).as("mean input IoU at 35 %").isGreaterThanOrEqualTo(IOU_FLOOR);
        assertThat(small.labelKept()).as("label kept at 35 %").isGreaterThanOrEqualTo(LABEL_KEPT_FLOOR);
        assertThat(Math.abs(small.iou() - full.iou())).as("IoU at 35 % vs 100 %").isLessThanOrEqualTo(MAX_IOU_SPREAD);
    }
}
