package org.vaedigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The data loader's 28×28 → 14×14 rule (the shared Binarizer) on hand-made bytes. */
class BinarizationTest {
    @Test
    void blockIsOnExactlyWhenItsFourBytesSumToAtLeast510() {
        byte[] image = new byte[784];
        setBlock(image, 0, 0, 255, 255, 0, 0);     // 510: mean exactly 0.5 → on
        setBlock(image, 0, 1, 255, 254, 0, 0);     // 509 → off
        setBlock(image, 0, 2, 128, 127, 128, 127); // 510 → on
        setBlock(image, 13, 13, 255, 255, 255, 255); // bottom-right corner, 1020 → on
        setBlock(image, 7, 3, 200, 200, 100, 9);   // 509 → off
        setBlock(image, 7, 4, 0, 0, 0, 255);       // 255 → off
        Dataset d = Dataset.binarize(new IdxReader.Images(1, 28, 28, image), new byte[] {3}, "hand-made");
        float[] p = d.pixels;
        assertThat(p[0]).isEqualTo(1f);
        assertThat(p[1]).isEqualTo(0f);
        assertThat(p[2]).isEqualTo(1f);
        assertThat(p[13 * 14 + 13]).isEqualTo(1f);
        assertThat(p[7 * 14 + 3]).isEqualTo(0f);
        assertThat(p[7 * 14 + 4]).isEqualTo(0f);
        int on = 0;
        for (float v : p) {
            on += (int) v;
        }
        assertThat(on).isEqualTo(3);
    }

    @Test
    void imagesAreBinarizedAtTheirOwnOffsets() {
        byte[] two = new byte[2 * 784];
        setBlock(two, 784, 5, 6, 255, 255, 255, 255); // second image only
        Dataset d = Dataset.binarize(new IdxReader.Images(2, 28, 28, two), new byte[] {1, 2}, "hand-made");
        assertThat(d.image(0)).containsOnly(0f);
        assertThat(d.image(1)[5 * 14 + 6]).isEqualTo(1f);
    }

    private static void setBlock(byte[] image, int r, int c, int a, int b, int d, int e) {
        setBlock(image, 0, r, c, a, b, d, e);
    }

    private static void setBlock(byte[] image, int offset, int r, int c, int a, int b, int d, int e) {
        int top = offset + 2 * r * 28 + 2 * c;
        image[top] = (byte) a;
        image[top + 1] = (byte) b;
        image[top + 28] = (byte) d;
        image[top + 29] = (byte) e;
    }
}
