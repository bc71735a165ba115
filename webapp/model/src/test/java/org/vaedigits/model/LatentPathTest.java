package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatentPathTest {
    private final float[] a = {1, 0, 0, 0, 0, 0, 0, 2};
    private final float[] b = {0, 3, 0, 0, 0, 0, -1, 0};

    @Test
    void bothPathsStartAndEndExactlyAtTheEnds() {
        float[] out = new float[8];
        for (boolean spherical : new boolean[] {false, true}) {
            LatentPath.point(a, b, 0, spherical, out);
            assertThat(out).containsExactly(a);
            LatentPath.point(a, b, LatentPath.at(9, 10), spherical, out);
            assertThat(out).containsExactly(b);
        }
    }

    @Test
    void linearIsTheStraightLine() {
        float[] out = new float[8];
        LatentPath.point(a, b, 0.25, false, out);
        for (int j = 0; j < 8; j++) {
            assertThat(out[j]).isCloseTo(0.75f * a[j] + 0.25f * b[j], within(1e-6f));
        }
    }

    @Test
    void slerpFollowsTheGreatCircleAndDiffersFromTheLine() {
        // orthogonal unit vectors: slerp at t is cos(tπ/2)·a + sin(tπ/2)·b, of norm 1 all the way
        float[] u = {1, 0, 0, 0, 0, 0, 0, 0};
        float[] v = {0, 1, 0, 0, 0, 0, 0, 0};
        float[] out = new float[8];
        LatentPath.point(u, v, 0.5, true, out);
        assertThat(out[0]).isCloseTo((float) Math.cos(Math.PI / 4), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) Math.sin(Math.PI / 4), within(1e-6f));
        float[] line = new float[8];
        LatentPath.point(u, v, 0.5, false, line);
        assertThat(line[0]).isEqualTo(0.5f);
        assertThat(out[0]).isGreaterThan(line[0] + 0.2f);
    }

    @Test
    void slerpOfParallelOrZeroVectorsIsTheLine() {
        float[] zero = new float[8];
        float[] twiceA = new float[8];
        for (int j = 0; j < 8; j++) {
            twiceA[j] = 2 * a[j];
        }
        float[] s = new float[8];
        float[] l = new float[8];
        for (float[] other : new float[][] {zero, twiceA}) {
            LatentPath.point(a, other, 0.3, true, s);
            LatentPath.point(a, other, 0.3, false, l);
            for (int j = 0; j < 8; j++) {
                assertThat(s[j]).isCloseTo(l[j], within(1e-6f));
                assertThat(Float.isNaN(s[j])).isFalse();
            }
        }
    }
}
