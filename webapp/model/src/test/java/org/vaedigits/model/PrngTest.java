package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrngTest {
    @Test
    void splitMix64MatchesItsReferenceSequenceForSeedZero() {
        Prng prng = new Prng(0);
        assertThat(prng.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(prng.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(prng.nextLong()).isEqualTo(0x06C45D188009454FL);
    }

    @Test
    void knownDoublesAndGaussiansForSeed42() {
        // values from an independent Python implementation of SplitMix64 + Box–Muller
        assertThat(new Prng(42).nextDouble()).isEqualTo(0.7415648787718233);
        Prng prng = new Prng(42);
        assertThat(prng.nextGaussian()).isCloseTo(0.8822489062222688, within(1e-14));
        assertThat(prng.nextGaussian()).isCloseTo(1.388473285287707, within(1e-14));
        assertThat(prng.nextGaussian()).isCloseTo(-0.4508498757188601, within(1e-14));
        assertThat(prng.nextGaussian()).isCloseTo(0.6707164409024291, within(1e-14));
    }

    @Test
    void sameSeedSameSequenceOtherSeedOtherSequence() {
        Prng a = new Prng(7);
        Prng b = new Prng(7);
        Prng c = new Prng(8);
        boolean differs = false;
        for (int i = 0; i < 1000; i++) {
            double va = a.nextGaussian();
            assertThat(b.nextGaussian()).isEqualTo(va);
            differs |= c.nextGaussian() != va;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void gaussiansHaveMeanZeroAndVarianceOne() {
        Prng prng = new Prng(123);
        int n = 200_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double g = prng.nextGaussian();
            assertThat(Double.isFinite(g)).isTrue();
            sum += g;
            squares += g * g;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0.0, within(0.01));
        assertThat(squares / n - mean * mean).isCloseTo(1.0, within(0.015));
    }
}
