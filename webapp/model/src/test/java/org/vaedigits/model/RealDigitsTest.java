package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** static/real-digits.json is what {@link RealDigits} makes of the committed MNIST subset, and its digits are faithful. */
class RealDigitsTest {
    static final Path COMMITTED = Paths.get("../../static/real-digits.json");

    @Test
    void committedFileIsTheGeneratorsOutput() throws Exception {
        String regenerated = RealDigits.json(RealDigits.select(MnistSubset.test(), MnistSubset.train(), RealDigits.model(RealDigits.DEFAULT_MODEL)));
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("static/real-digits.json is stale: run RealDigits (see its Javadoc) and commit the result")
                .isEqualTo(regenerated);
    }

    @Test
    void digitsAreRealLabelledAndRedrawnFaithfully() throws Exception {
        MnistSubset mnist = MnistSubset.test();
        Vae vae = RealDigits.model(RealDigits.DEFAULT_MODEL);
        List<RealDigits.Digit> digits = RealDigits.select(mnist, MnistSubset.train(), vae);
        // the subset's 500 test digits hold fewer than PER_LABEL that pass for some labels (2s: one)
        assertThat(digits).hasSizeBetween(20, 10 * RealDigits.PER_LABEL);
        int[] perLabel = new int[10];
        Set<Integer> indices = new HashSet<>();
        StrokeNormalizer normalizer = new StrokeNormalizer();
        for (int i = 0; i < digits.size(); i++) {
            RealDigits.Digit d = digits.get(i);
            assertThat(indices.add(d.index())).as("digit #%d listed once", d.index()).isTrue();
            assertThat(d.label()).as("label of test digit #%d", d.index()).isEqualTo(mnist.label(d.index()));
            if (i < 10) {
                assertThat(d.label()).as("the first press of each label in order 0..9").isEqualTo(i);
            } else {
                assertThat(d.label()).as("then the labels in order again").isNotEqualTo(digits.get(i - 1).label());
            }
            perLabel[d.label()]++;
            assertThat(d.strokes()).as("strokes of #%d", d.index()).isNotEmpty().hasSizeLessThanOrEqualTo(4);
            for (float[] stroke : d.strokes()) {
                for (float v : stroke) {
                    assertThat(v).isBetween(0f, 28f);
                }
            }
            // the way the page draws it: magnified to a pad's pixels, through the normalizer
            normalizer.normalize(d.toStrokes(280 / 28.0));
            assertThat(RealDigits.iou(normalizer.input196(), mnist.input196(d.index())))
                    .as("IoU of #%d redrawn on a 280-pixel pad with its own 14x14", d.index())
                    .isGreaterThanOrEqualTo(RealDigits.MIN_IOU - 0.05);
            assertThat(RealDigits.iou(RealDigits.reconstruction(vae, normalizer.input196()), mnist.input196(d.index())))
                    .as("IoU of #%d's reconstruction with its own 14x14, drawn on a 280-pixel pad", d.index())
                    .isGreaterThanOrEqualTo(RealDigits.MIN_RECON_IOU - 0.05);
            assertThat(d.reconLabel()).as("what #%d's reconstruction is nearest to", d.index()).isEqualTo(d.label());
        }
        for (int label = 0; label < perLabel.length; label++) {
            assertThat(perLabel[label]).as("digits of label %d", label).isBetween(1, RealDigits.PER_LABEL);
        }
    }

    @Test
    void aStraightBarTracesToOneStrokeAlongItsInk() {
        byte[] bar = new byte[28 * 28];
        for (int r = 6; r <= 21; r++) {
            for (int c = 13; c <= 15; c++) {
                bar[r * 28 + c] = (byte) 255;
            }
        }
        List<float[]> strokes = new SkeletonTracer().trace(bar);
        assertThat(strokes).hasSize(1);
        float[] s = strokes.get(0);
        assertThat(s).hasSize(4); // simplified to its two ends
        float top = Math.min(s[1], s[3]);
        float bottom = Math.max(s[1], s[3]);
        assertThat(s[0]).isEqualTo(14.5f);
        // the ink spans rows 6..21 (y 6 to 22); a pen 3 wide centred at the ends covers it
        assertThat(top).isBetween(6.5f, 8.0f);
        assertThat(bottom).isBetween(20.0f, 21.5f);
    }
}
