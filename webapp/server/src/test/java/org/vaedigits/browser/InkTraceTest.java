package org.vaedigits.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The drawing-fidelity benchmark's pure parts, without a browser: the two ways of tracing a digit
 * (row runs, skeleton polylines), placing strokes on the pad, and the figures (IoU, centroids).
 */
class InkTraceTest {
    private static final int SIDE = MnistIdx.SIDE;

    @Test
    void eachRowRunIsOneStrokeFromItsFirstToItsLastPixel() {
        byte[] image = new byte[MnistIdx.PIXELS];
        for (int c = 2; c <= 5; c++) {
            image[3 * SIDE + c] = (byte) 200;
        }
        image[3 * SIDE + 8] = (byte) 128; // just above the threshold: a one-pixel run, a dot
        image[3 * SIDE + 9] = (byte) 127; // not ink
        List<double[][]> strokes = InkTrace.runs(image);
        assertThat(strokes).hasSize(2);
        assertThat(strokes.get(0)).isDeepEqualTo(new double[][] {{2.5, 3.5}, {5.5, 3.5}});
        assertThat(strokes.get(1)).isDeepEqualTo(new double[][] {{8.5, 3.5}});
        assertThat(InkTrace.box(image)).isEqualTo(new InkTrace.Box(2, 3, 9, 4));
    }

    @Test
    void aThickBarThinsToOneStrokeAlongIt() {
        boolean[] mask = rectangle(10, 4, 22, 8);
        List<int[]> strokes = Skeleton.strokes(mask, SIDE);
        assertThat(strokes).hasSize(1);
        int[] line = strokes.get(0);
        int first = Math.min(line[0] % SIDE, line[line.length - 1] % SIDE);
        int last = Math.max(line[0] % SIDE, line[line.length - 1] % SIDE);
        assertThat(last - first).as("length of the 12-pixel bar's centre line").isGreaterThanOrEqualTo(6);
        for (int p : line) {
            assertThat(p / SIDE).as("row of a centre-line pixel").isBetween(5, 6);
        }
    }

    @Test
    void aRingIsOneClosedStroke() {
        boolean[] mask = new boolean[MnistIdx.PIXELS];
        for (int p = 0; p < mask.length; p++) {
            double d = Math.hypot(p / SIDE - 14, p % SIDE - 14);
            mask[p] = d >= 5 && d <= 7.5;
        }
        List<int[]> strokes = Skeleton.strokes(mask, SIDE);
        assertThat(strokes).hasSize(1);
        int[] loop = strokes.get(0);
        assertThat(loop[0]).as("a loop ends where it starts").isEqualTo(loop[loop.length - 1]);
        assertThat(loop.length).isGreaterThan(30);
    }

    @Test
    void aCrossBreaksIntoFourStrokesAtItsJunction() {
        boolean[] mask = rectangle(13, 4, 16, 24);
        boolean[] bar = rectangle(4, 13, 24, 16);
        for (int p = 0; p < mask.length; p++) {
            mask[p] |= bar[p];
        }
        assertThat(Skeleton.strokes(mask, SIDE)).hasSize(4);
    }

    @Test
    void skeletonStrokesOfMnistDigitsCoverTheThinnedInkWithNeighbouringSteps() throws IOException {
        MnistIdx.Digits test = MnistIdx.test(MnistIdx.subset());
        for (int d = 0; d < 100; d++) {
            boolean[] mask = InkTrace.mask(test.images()[d]);
            boolean[] thin = Skeleton.thin(mask, SIDE);
            Set<Integer> covered = new HashSet<>();
            for (int[] line : Skeleton.strokes(mask, SIDE)) {
                for (int i = 0; i < line.length; i++) {
                    covered.add(line[i]);
                    if (i > 0) {
                        int dr = Math.abs(line[i] / SIDE - line[i - 1] / SIDE);
                        int dc = Math.abs(line[i] % SIDE - line[i - 1] % SIDE);
                        // neighbours, or a junction pixel and its junction's centre
                        assertThat(Math.max(dr, dc)).as("digit %d: step between stroke points", d).isBetween(1, 2);
                    }
                }
            }
            for (int p = 0; p < thin.length; p++) {
                assertThat(!thin[p] || mask[p]).as("digit %d: skeleton pixel %d is ink", d, p).isTrue();
                assertThat(covered.contains(p)).as("digit %d: pixel %d on a stroke iff on the skeleton", d, p).isEqualTo(thin[p]);
                boolean block = p % SIDE < SIDE - 1 && p / SIDE < SIDE - 1
                        && thin[p] && thin[p + 1] && thin[p + SIDE] && thin[p + SIDE + 1];
                assertThat(block).as("digit %d: a 2x2 block at %d (skeleton not thin)", d, p).isFalse();
            }
        }
    }

    @Test
    void simplifyingAStraightLineKeepsItsEnds() {
        double[][] line = {{0, 0}, {1, 0.2}, {2, -0.2}, {3, 0}, {3, 3}};
        assertThat(InkTrace.simplify(line, 0.6)).isDeepEqualTo(new double[][] {{0, 0}, {3, 0}, {3, 3}});
    }

    @Test
    void placedStrokesKeepTheAspectAndStayOnThePad() {
        InkTrace.Box box = new InkTrace.Box(4, 2, 24, 12); // 20 wide, 10 high
        List<double[][]> strokes = List.<double[][]>of(new double[][] {{4, 2}, {24, 12}});
        for (double[] uv : new double[][] {{0, 0}, {0.999, 0.999}, {0.5, 0.25}}) {
            double[][] placed = Fidelity.place(strokes, box, 112, 320, uv[0], uv[1]).get(0);
            assertThat(placed[1][0] - placed[0][0]).as("larger side").isCloseTo(112, within(1e-9));
            assertThat(placed[1][1] - placed[0][1]).as("smaller side, aspect kept").isCloseTo(56, within(1e-9));
            assertThat(placed[0][0]).isBetween(0.0, 320 - 112.0);
            assertThat(placed[1][1]).isBetween(56.0, 320.0);
        }
    }

    @Test
    void iouAndCentreShiftOfSmallImages() {
        float[] a = new float[196];
        float[] b = new float[196];
        a[0] = 1;
        a[1] = 1;
        b[1] = 1;
        b[2] = 1;
        assertThat(Fidelity.iou(a, b)).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(Fidelity.iou(new float[196], new float[196])).isEqualTo(1);
        assertThat(Fidelity.centreShift(a, b)).isCloseTo(1, within(1e-12));
    }

    private static boolean[] rectangle(int left, int top, int right, int bottom) {
        boolean[] mask = new boolean[MnistIdx.PIXELS];
        for (int r = top; r < bottom; r++) {
            for (int c = left; c < right; c++) {
                mask[r * SIDE + c] = true;
            }
        }
        return mask;
    }
}
