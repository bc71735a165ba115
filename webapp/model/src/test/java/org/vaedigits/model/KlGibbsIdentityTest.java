package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The identities of docs/kl-gibbs.md, checked numerically on a random Gibbs distribution
 * p(w) = exp(−βΦ(w))/Z(β) over a few states: KL(q‖p) = β Σ q Φ + Σ q log q + log Z(β),
 * ∂ log Z/∂β = −E_p[Φ] and ∂² log Z/∂β² = Var_p[Φ] (the derivatives by central differences).
 */
class KlGibbsIdentityTest {
    private static final int STATES = 12;

    private final Prng prng = new Prng(2026);
    private final double[] energy = randomEnergies();

    @Test
    void klToAGibbsDistributionIsBetaTimesMeanEnergyMinusEntropyPlusLogZ() {
        for (double beta : new double[] {0.3, 1.0, 2.7}) {
            double[] q = randomDistribution();
            double[] p = gibbs(beta);
            double klByDefinition = 0;
            double identity = logZ(beta);
            for (int w = 0; w < STATES; w++) {
                klByDefinition += q[w] * Math.log(q[w] / p[w]);
                identity += beta * q[w] * energy[w] + q[w] * Math.log(q[w]);
            }
            assertThat(klByDefinition).as("beta %s", beta).isGreaterThan(0).isCloseTo(identity, within(1e-12));
        }
    }

    @Test
    void klIsZeroExactlyAtTheGibbsDistribution() {
        double beta = 1.3;
        double[] p = gibbs(beta);
        double identity = logZ(beta);
        for (int w = 0; w < STATES; w++) {
            identity += beta * p[w] * energy[w] + p[w] * Math.log(p[w]);
        }
        assertThat(identity).isCloseTo(0, within(1e-12));
    }

    @Test
    void firstDerivativeOfLogZIsMinusTheMeanEnergy() {
        double h = 1e-5;
        for (double beta : new double[] {0.3, 1.0, 2.7}) {
            double numeric = (logZ(beta + h) - logZ(beta - h)) / (2 * h);
            assertThat(numeric).as("beta %s", beta).isCloseTo(-mean(gibbs(beta), energy), within(1e-8));
        }
    }

    @Test
    void secondDerivativeOfLogZIsTheVarianceOfTheEnergy() {
        double h = 1e-4;
        for (double beta : new double[] {0.3, 1.0, 2.7}) {
            double numeric = (logZ(beta + h) - 2 * logZ(beta) + logZ(beta - h)) / (h * h);
            double[] p = gibbs(beta);
            double m = mean(p, energy);
            double variance = 0;
            for (int w = 0; w < STATES; w++) {
                variance += p[w] * (energy[w] - m) * (energy[w] - m);
            }
            assertThat(variance).isGreaterThan(0.01);
            assertThat(numeric).as("beta %s", beta).isCloseTo(variance, within(1e-5));
        }
    }

    /** log Σ exp(−βΦ(w)), shifted by the smallest energy so no term overflows. */
    private double logZ(double beta) {
        double min = Double.POSITIVE_INFINITY;
        for (double e : energy) {
            min = Math.min(min, e);
        }
        double sum = 0;
        for (double e : energy) {
            sum += Math.exp(-beta * (e - min));
        }
        return Math.log(sum) - beta * min;
    }

    private double[] gibbs(double beta) {
        double[] p = new double[STATES];
        double logZ = logZ(beta);
        for (int w = 0; w < STATES; w++) {
            p[w] = Math.exp(-beta * energy[w] - logZ);
        }
        return p;
    }

    private static double mean(double[] p, double[] f) {
        double m = 0;
        for (int w = 0; w < p.length; w++) {
            m += p[w] * f[w];
        }
        return m;
    }

    private double[] randomEnergies() {
        double[] e = new double[STATES];
        for (int w = 0; w < STATES; w++) {
            e[w] = 3 * prng.nextGaussian();
        }
        return e;
    }

    private double[] randomDistribution() {
        double[] q = new double[STATES];
        double sum = 0;
        for (int w = 0; w < STATES; w++) {
            q[w] = 0.05 + prng.nextDouble();
            sum += q[w];
        }
        for (int w = 0; w < STATES; w++) {
            q[w] /= sum;
        }
        return q;
    }
}
