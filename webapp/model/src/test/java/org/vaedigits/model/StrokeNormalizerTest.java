package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StrokeNormalizerTest {
    /**
     * The strokes of a person tracing an MNIST digit's ink row by row: each horizontal run of
     * pixels above 127 one stroke between its end pixels' centres, magnified by {@code scale}
     * with the digit's top-left corner at (left, top) in drawing units.
     */
    static Strokes traceRuns(byte[] digit, double scale, double left, double top) {
        Strokes strokes = new Strokes();
        for (int r = 0; r < 28; r++) {
            int c = 0;
            while (c < 28) {
                if ((digit[r * 28 + c] & 0xFF) <= 127) {
                    c++;
                    continue;
                }
                int first = c;
                while (c < 28 && (digit[r * 28 + c] & 0xFF) > 127) {
                    c++;
                }
                double y = top + (r + 0.5) * scale;
                strokes.begin(left + (first + 0.5) * scale, y, 1);
                strokes.add(left + (c - 0.5) * scale, y, 1);
            }
        }
        return strokes;
    }

    private static float[] mnistForm(byte[] digit) {
        float[] x = new float[Binarizer.PIXELS];
        Binarizer.binarize(digit, 0, x, 0);
        return x;
    }

    private static double iou(float[] a, float[] b) {
        return RealDigits.iou(a, b);
    }

    private static int differing(float[] a, float[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        return n;
    }

    private static int inkAbove127(byte[] image) {
        int n = 0;
        for (byte b : image) {
            n += (b & 0xFF) > 127 ? 1 : 0;
        }
        return n;
    }

    @Test
    void tracedMnistDigitsComeBackCloseToTheirOwn14x14Form() throws Exception {
        byte[][] digits = MnistFixture.images();
        StrokeNormalizer normalizer = new StrokeNormalizer();
        double sum = 0;
        for (byte[] digit : digits) {
            normalizer.normalize(traceRuns(digit, 10, 0, 0));
            double iou = iou(normalizer.input196(), mnistForm(digit));
            assertThat(iou).as("IoU of a traced digit with MNIST's own 14x14").isGreaterThan(0.45);
            sum += iou;
        }
        System.out.printf("stroke normalizer: mean IoU %.3f of %d traced digits with MNIST's own 14x14%n",
                sum / digits.length, digits.length);
        assertThat(sum / digits.length).isGreaterThan(0.65);
    }

    @Test
    void resultDoesNotDependOnTheSizeOrPlaceOfTheDrawing() throws Exception {
        StrokeNormalizer normalizer = new StrokeNormalizer();
        for (byte[] digit : MnistFixture.images()) {
            normalizer.normalize(traceRuns(digit, 10, 0, 0));
            float[] reference = normalizer.input196().clone();
            double[][] placements = {{2.7, 400, 13}, {0.35, 3, 55}, {31, -900, 77.5}, {1, 0, 0}};
            for (double[] p : placements) {
                normalizer.normalize(traceRuns(digit, p[0], p[1], p[2]));
                assertThat(differing(normalizer.input196(), reference)).as("drawn at scale %s", p[0]).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void digitFillsTwentyPixelsWithItsCentreOfMassAtFourteen() throws Exception {
        StrokeNormalizer normalizer = new StrokeNormalizer();
        normalizer.normalize(traceRuns(MnistFixture.images()[0], 7.5, 40, 100));
        byte[] image = normalizer.image28();
        int top = 28;
        int bottom = -1;
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int v = image[r * 28 + c] & 0xFF;
                if (v > 127) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                }
                mass += v;
                mx += v * c;
                my += v * r;
            }
        }
        assertThat(bottom - top + 1).as("height of the ink above 127 of a tall digit (a 7)").isBetween(19, 20);
        assertThat(mx / mass).isCloseTo(StrokeNormalizer.CENTRE, within(0.15));
        assertThat(my / mass).isCloseTo(StrokeNormalizer.CENTRE, within(0.15));
    }

    @Test
    void strokesSideBySideAreNotBolderThanMnist() throws Exception {
        // tracing the ink row by row lays strokes one pixel apart: the pen narrows to keep MNIST's width
        StrokeNormalizer normalizer = new StrokeNormalizer();
        int traced = 0;
        int own = 0;
        for (byte[] digit : MnistFixture.images()) {
            normalizer.normalize(traceRuns(digit, 10, 0, 0));
            traced += inkAbove127(normalizer.image28());
            own += inkAbove127(digit);
            assertThat(normalizer.pen()).isLessThan(StrokeNormalizer.PEN_WIDTH);
        }
        assertThat((double) traced / own).as("ink of the traced digits over MNIST's own").isBetween(0.85, 1.25);
    }

    @Test
    void aSingleLineIsDrawnNearMnistsPenAndFillsTheBox() {
        Strokes one = new Strokes();
        one.begin(50, 10, 1);
        one.add(52, 60, 1);
        one.add(53, 110, 1);
        StrokeNormalizer normalizer = new StrokeNormalizer();
        assertThat(normalizer.normalize(one)).isTrue();
        assertThat(normalizer.pen()).isBetween(2.1, StrokeNormalizer.PEN_WIDTH);
        int ink = inkAbove127(normalizer.image28());
        // a 20-pixel box: a path about 18 long with round caps, about 2.2 wide
        assertThat(ink).isBetween(40, 62);
    }

    @Test
    void aTapIsADotInTheMiddle() {
        Strokes tap = new Strokes();
        tap.begin(123, 45, 1);
        StrokeNormalizer normalizer = new StrokeNormalizer();
        assertThat(normalizer.normalize(tap)).isTrue();
        byte[] image = normalizer.image28();
        assertThat(image[14 * 28 + 14] & 0xFF).isGreaterThan(200);
        assertThat(inkAbove127(image)).isBetween(3, 9);
        for (float v : normalizer.input196()) {
            assertThat(v).isIn(0f, 1f);
        }
    }

    @Test
    void harderPenPressureGivesMoreInk() {
        StrokeNormalizer normalizer = new StrokeNormalizer();
        Strokes light = new Strokes();
        Strokes hard = new Strokes();
        for (Strokes s : new Strokes[] {light, hard}) {
            double w = s == light ? 0.7 : 1.4;
            s.begin(0, 0, w);
            s.add(30, 40, w);
            s.add(0, 80, w);
        }
        normalizer.normalize(light);
        int lightInk = inkAbove127(normalizer.image28());
        normalizer.normalize(hard);
        assertThat(inkAbove127(normalizer.image28())).isGreaterThan(lightInk + 20);
    }

    @Test
    void emptyDrawingGivesZeros() throws Exception {
        StrokeNormalizer normalizer = new StrokeNormalizer();
        normalizer.normalize(traceRuns(MnistFixture.images()[1], 5, 0, 0));
        assertThat(normalizer.normalize(new Strokes())).isFalse();
        for (float v : normalizer.input196()) {
            assertThat(v).isEqualTo(0f);
        }
        for (byte b : normalizer.image28()) {
            assertThat(b).isEqualTo((byte) 0);
        }
    }

    @Test
    void undoRemovesTheLastStrokeOnly() {
        Strokes s = new Strokes();
        s.begin(0, 0, 1);
        s.add(10, 0, 1);
        s.begin(5, 5, 1);
        s.add(5, 15, 1);
        s.add(6, 20, 1);
        assertThat(s.strokeCount()).isEqualTo(2);
        assertThat(s.undo()).isTrue();
        assertThat(s.strokeCount()).isEqualTo(1);
        assertThat(s.pointCount()).isEqualTo(2);
        assertThat(s.end(0)).isEqualTo(2);
        assertThat(s.undo()).isTrue();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.undo()).isFalse();
    }

    @Test
    void undoAfterAClearBringsTheDrawingBackUntilANewStroke() {
        Strokes s = new Strokes();
        s.begin(0, 0, 1);
        s.add(10, 0, 1);
        s.begin(5, 5, 1);
        s.add(5, 15, 1);
        s.clear();
        s.clear(); // a second clear (Esc pressed twice) keeps what the first removed
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.undo()).as("undo of the clear").isTrue();
        assertThat(s.strokeCount()).isEqualTo(2);
        assertThat(s.pointCount()).isEqualTo(4);
        assertThat(s.x(3)).isEqualTo(5f);
        assertThat(s.y(3)).isEqualTo(15f);
        assertThat(s.undo()).as("then the last stroke").isTrue();
        assertThat(s.strokeCount()).isEqualTo(1);

        s.clear();
        s.begin(1, 1, 1); // a new drawing: the cleared one is gone for good
        assertThat(s.undo()).isTrue();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.undo()).as("nothing left to undo").isFalse();
        assertThat(s.pointCount()).as("no points of the cleared drawing come back").isZero();
    }

    @Test
    void thinningLeavesAOnePixelSkeletonOfTheRightLength() {
        int side = 12;
        byte[] bar = new byte[side * side];
        for (int r = 4; r < 7; r++) {
            for (int c = 1; c < 11; c++) {
                bar[r * side + c] = 1; // a bar 10 long, 3 wide
            }
        }
        Thinning.thin(bar, side, new byte[side * side]);
        int left = 0;
        for (byte b : bar) {
            left += b;
        }
        assertThat(left).isBetween(7, 10);
        assertThat(Thinning.length(bar, side)).isBetween(6.0, 9.0);
    }
}
