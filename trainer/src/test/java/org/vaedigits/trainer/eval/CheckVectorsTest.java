package org.vaedigits.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What evaluate says about a model file's check vectors, in words and numbers a person reads. */
class CheckVectorsTest {
    @Test
    void differencesAreWrittenForPeople() {
        assertThat(CheckVectors.readable(0)).isEqualTo("0");
        assertThat(CheckVectors.readable(7.2e-7)).isEqualTo("7.2e-7");
        assertThat(CheckVectors.readable(7.24e-7)).isEqualTo("7.2e-7");
        assertThat(CheckVectors.readable(1e-5)).isEqualTo("1e-5");
        assertThat(CheckVectors.readable(1.234e-3)).isEqualTo("1.2e-3");
        assertThat(CheckVectors.readable(0.172)).isEqualTo("0.172");
        assertThat(CheckVectors.readable(0.17234)).isEqualTo("0.172");
        assertThat(CheckVectors.readable(12.5)).isEqualTo("12.5");
        assertThat(CheckVectors.readable(3)).isEqualTo("3");
    }

    @Test
    void theVerdictSaysPlainlyWhetherDjlReproducesTheFile() {
        assertThat(CheckVectors.verdict("models/vae.json", 7.2e-7))
                .isEqualTo("models/vae.json: DJL reproduces the check vectors (largest difference 7.2e-7, tolerance 1e-5)");
        String off = CheckVectors.verdict("models/edited.json", 0.172);
        assertThat(off).startsWith("models/edited.json: DJL does NOT reproduce the file's check vectors: the largest difference is 0.172,"
                + " more than the tolerance 1e-5.");
        assertThat(off).contains("edited or damaged").doesNotContain("MORE THAN").doesNotContain("1.0E-5");
    }
}
