package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void everyFiniteHalfReadsToItsValueAndRoundsBackToItself() {
        for (int h = 0; h <= 0xffff; h++) {
            float f = Float16.toFloat(h);
            if ((h & 0x7c00) == 0x7c00) {
                assertThat(f).as("Infinity and NaN read as NaN").isNaN();
                continue;
            }
            assertThat(Float16.of(f)).as("half 0x%04x = %s", h, f).isEqualTo(h);
        }
        assertThat(Float16.toFloat(0x3c00)).isEqualTo(1f);
        assertThat(Float16.toFloat(0xc000)).isEqualTo(-2f);
        assertThat(Float16.toFloat(0x7bff)).isEqualTo(65504f);
        assertThat(Float16.toFloat(0x0001)).isEqualTo((float) Math.pow(2, -24));
        assertThat(Float16.toFloat(0x0400)).isEqualTo((float) Math.pow(2, -14));
        assertThat(Float16.toFloat(0x13_3c00)).as("bits above the low 16 are ignored").isEqualTo(1f);
    }

    @Test
    void everyFloatRoundsToTheNearestHalfTiesToEven() {
        Prng prng = new Prng(3);
        for (int k = 0; k < 200_000; k++) {
            // magnitudes from 2^-30 to 2^17: subnormal halves, normal ones, overflow
            float f = (float) ((prng.nextDouble() < 0.5 ? -1 : 1) * Math.pow(2, -30 + 47 * prng.nextDouble()));
            assertNearest(f);
        }
        // exact midpoints between neighbouring halves go to the even one
        for (int h = 0; h < 0x7bff; h += 7) {
            float mid = (Float16.toFloat(h) + Float16.toFloat(h + 1)) / 2; // exact in float32
            assertThat(Float16.of(mid)).as("midpoint above 0x%04x", h).isEqualTo((h & 1) == 0 ? h : h + 1);
        }
        assertThat(Float16.of(65519.99f)).isEqualTo(0x7bff);
        assertThat(Float16.of(65520f)).as("the midpoint above the largest half overflows").isEqualTo(Float16.INFINITY);
        assertThat(Float16.of(Float.NEGATIVE_INFINITY)).isEqualTo(0x8000 | Float16.INFINITY);
        assertThat(Float16.toFloat(Float16.of(Float.NaN))).isNaN();
        assertThat(Float16.of(-0f)).isEqualTo(0x8000);
        assertThat(Float16.of(1e-30f)).isZero();
    }

    private static void assertNearest(float f) {
        int h = Float16.of(f);
        float rounded = Float16.toFloat(h);
        if (Math.abs(f) >= 65520f) {
            assertThat(h & 0x7fff).as("%s overflows", f).isEqualTo(Float16.INFINITY);
            return;
        }
        double error = Math.abs((double) f - rounded);
        for (int neighbour : new int[] {h - 1, h + 1}) {
            int n = (neighbour & 0x7fff) == 0x7fff || neighbour < 0 ? -1 : neighbour;
            if (n >= 0 && (n & 0x7c00) != 0x7c00 && (n & 0x8000) == (h & 0x8000)) {
                assertThat(error).as("%s rounds to %s, not to %s", f, rounded, Float16.toFloat(n))
                        .isLessThanOrEqualTo(Math.abs((double) f - Float16.toFloat(n)));
            }
        }
    }
}
