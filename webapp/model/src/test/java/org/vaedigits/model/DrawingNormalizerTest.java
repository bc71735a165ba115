package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrawingNormalizerTest {
    private static final int CANVAS = 280;

    /**
     * Draws an MNIST digit onto a 280×280 raster, magnified by {@code scale} with its top-left
     * corner at (top, left): each canvas pixel takes the digit pixel under its centre, so the
     * digit keeps its extent (no blur halo) as a user's drawing would, off-centre and large.
     */
    static float[] drawOnCanvas(byte[] digit, double scale, double top, double left) {
        float[] raster = new float[CANVAS * CANVAS];
        for (int r = 0; r < CANVAS; r++) {
            for (int c = 0; c < CANVAS; c++) {
                int y = (int) Math.floor((r + 0.5 - top) / scale);
                int x = (int) Math.floor((c + 0.5 - left) / scale);
                raster[r * CANVAS + c] = (float) (at(digit, y, x) / 255.0);
            }
        }
        return raster;
    }

    private static double at(byte[] digit, int r, int c) {
        return r < 0 || c < 0 || r >= 28 || c >= 28 ? 0 : digit[r * 28 + c] & 0xFF;
    }

    private static float[] mnistForm(byte[] digit) {
        float[] x = new float[Binarizer.PIXELS];
        Binarizer.binarize(digit, 0, x, 0);
        return x;
    }

    private static int agreeing(float[] a, float[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same;
    }

    @Test
    void mapsShiftedAndMagnifiedMnistDigitsBackOntoTheirOwn14x14Form() throws Exception {
        byte[][] digits = MnistFixture.images();
        DrawingNormalizer normalizer = new DrawingNormalizer();
        double[][] placements = {{9.0, 5, 7}, {7.3, 60, 20}, {4.6, 120, 150}, {6.1, 11, 95}};
        int total = 0;
        int agree = 0;
        for (int d = 0; d < digits.length; d++) {
            double[] p = placements[d % placements.length];
            float[] raster = drawOnCanvas(digits[d], p[0], p[1], p[2]);
            assertThat(normalizer.normalize(raster, CANVAS)).isTrue();
            int same = agreeing(normalizer.input196(), mnistForm(digits[d]));
            assertThat(same).as("digit %d drawn at scale %s: pixels agreeing with MNIST's own 14x14 form", d, p[0])
                    .isGreaterThanOrEqualTo(186); // 95% of 196
            total += Binarizer.PIXELS;
            agree += same;
        }
        System.out.printf("normalizer: %d of %d pixels (%.1f%%) agree with MNIST's own 14x14 form%n",
                agree, total, 100.0 * agree / total);
    }

    @Test
    void normalizedDigitFitsTwentyPixelsWithItsCentreOfMassAtFourteen() throws Exception {
        byte[] digit = MnistFixture.images()[0];
        DrawingNormalizer normalizer = new DrawingNormalizer();
        normalizer.normalize(drawOnCanvas(digit, 8.5, 100, 30), CANVAS);
        byte[] image = normalizer.image28();
        int top = 28;
        int bottom = -1;
        int left = 28;
        int right = -1;
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int v = image[r * 28 + c] & 0xFF;
                if (v > 0) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
                mass += v;
                mx += v * c;
                my += v * r;
            }
        }
        assertThat(Math.max(bottom - top + 1, right - left + 1)).isEqualTo(20);
        assertThat(mx / mass).isCloseTo(14.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(my / mass).isCloseTo(14.0, org.assertj.core.data.Offset.offset(0.5));
        int max = 0;
        for (byte b : image) {
            max = Math.max(max, b & 0xFF);
        }
        assertThat(max).as("full ink stays nearly full ink").isGreaterThanOrEqualTo(230);
    }

    @Test
    void emptyDrawingGivesZerosWithoutNaN() {
        DrawingNormalizer normalizer = new DrawingNormalizer();
        normalizer.normalize(drawOnCanvas(MnistFixture.imagesUnchecked()[1], 8, 10, 10), CANVAS);
        assertThat(normalizer.normalize(new float[CANVAS * CANVAS], CANVAS)).isFalse();
        for (float v : normalizer.input196()) {
            assertThat(v).isEqualTo(0f);
        }
        for (byte b : normalizer.image28()) {
            assertThat(b).isEqualTo((byte) 0);
        }
    }

    @Test
    void singleDotAndThinLineStayFiniteAndInside() {
        DrawingNormalizer normalizer = new DrawingNormalizer();
        float[] dot = new float[50 * 50];
        dot[25 * 50 + 25] = 1f;
        assertThat(normalizer.normalize(dot, 50)).isTrue();
        float[] line = new float[50 * 50];
        for (int c = 3; c < 47; c++) {
            line[10 * 50 + c] = 1f;
        }
        assertThat(normalizer.normalize(line, 50)).isTrue();
        int ink = 0;
        for (byte b : normalizer.image28()) {
            ink += b & 0xFF;
        }
        assertThat(ink).as("a 44-pixel line scaled to 20 pixels keeps its ink").isEqualTo(20 * 255);
        for (float v : normalizer.input196()) {
            assertThat(v).isIn(0f, 1f);
        }
    }

    @Test
    void outOfRangeAndNaNValuesAreClampedNotPropagated() {
        float[] raster = new float[40 * 40];
        for (int r = 5; r < 35; r++) {
            raster[r * 40 + 20] = 3f; // too much ink: full ink
            raster[r * 40 + 21] = Float.NaN; // paper
            raster[r * 40 + 22] = -1f; // paper
        }
        DrawingNormalizer normalizer = new DrawingNormalizer();
        assertThat(normalizer.normalize(raster, 40)).isTrue();
        int max = 0;
        for (byte b : normalizer.image28()) {
            max = Math.max(max, b & 0xFF);
        }
        assertThat(max).isEqualTo(255);
        for (float v : normalizer.input196()) {
            assertThat(v).isIn(0f, 1f);
        }
    }

    @Test
    void rejectsARasterSmallerThanItsSide() {
        assertThatThrownBy(() -> new DrawingNormalizer().normalize(new float[10], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("side");
    }
}
