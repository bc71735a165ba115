package org.vaedigits.client;

/**
 * The address as the explorer's state: {@code model}, {@code seed} (both also read by the page),
 * {@code t} (temperature), {@code z} (the eight sliders), {@code s1}/{@code s2} (the grid's walk
 * marks), {@code from}/{@code to} (endpoint kinds: s, z, mu), {@code mu} (the drawing's μ, when an
 * endpoint is it), {@code path} (lin, slerp) and {@code steps}. Numbers are fixed-point with at most
 * two decimals and held as integer hundredths, so a link gives back exactly the z it was made
 * from. Written with history.replaceState at most every {@link #WRITE_MILLIS}, never per slider
 * event. A link that cannot be used in part (values out of range or not numbers, too many or too
 * few, too long) shows the defaults there and says so in a short note; it never stops the page.
 */
final class Share {
    static final int WRITE_MILLIS = 400;

    private final Explorer explorer;
    private boolean writePending;

    Share(Explorer explorer) {
        this.explorer = explorer;
    }

    /** Reads the address into the explorer, the strip and the page's walk marks. */
    void read() {
        int[] v = Js.ints(Ui.readLink(Explorer.T_MIN, Explorer.T_MAX, Explorer.Z_MAX, Explorer.MU_LIMIT, Page.SAMPLES,
                Interpolation.MIN_STEPS, Interpolation.MAX_STEPS));
        Ui.linkProblem(null); // shows the note when the address has parts it could not use
        if (v[0] != Ui.ABSENT) {
            explorer.temperature = v[0];
        }
        if (v[1] != Ui.ABSENT) {
            for (int j = 0; j < Explorer.SLIDERS; j++) {
                explorer.sliders[j] = v[1 + j];
            }
        }
        if (v[9] != Ui.ABSENT) {
            for (int j = 0; j < Explorer.SLIDERS; j++) {
                explorer.mu[j] = v[9 + j];
            }
            explorer.hasMu = true;
        }
        explorer.markFrom = v[17] == Ui.ABSENT ? 0 : v[17] - 1;
        explorer.markTo = v[18] == Ui.ABSENT ? 1 : v[18] - 1;
        explorer.selected = explorer.markFrom;
        Interpolation strip = explorer.strip;
        strip.fromKind = v[19] == Ui.ABSENT ? Interpolation.SAMPLE : v[19];
        strip.toKind = v[20] == Ui.ABSENT ? Interpolation.SAMPLE : v[20];
        strip.spherical = v[21] == 1;
        if (v[22] != Ui.ABSENT) {
            strip.steps = v[22];
        }
        strip.showControls();
    }

    /** Writes the address within {@link #WRITE_MILLIS}, once for any number of changes. */
    void schedule() {
        if (!writePending && explorer.model != null) {
            writePending = true;
            Browser.later(explorer.page.commands, Browser.WRITE_LINK, WRITE_MILLIS);
        }
    }

    void writeNow() {
        writePending = false;
        if (explorer.model == null) {
            return;
        }
        Interpolation strip = explorer.strip;
        int[] state = new int[23];
        state[0] = explorer.temperature;
        System.arraycopy(explorer.sliders, 0, state, 1, Explorer.SLIDERS);
        System.arraycopy(explorer.mu, 0, state, 9, Explorer.SLIDERS);
        state[17] = explorer.markFrom + 1;
        state[18] = explorer.markTo + 1;
        state[19] = strip.fromKind;
        state[20] = strip.toKind;
        state[21] = strip.spherical ? 1 : 0;
        state[22] = strip.steps;
        Ui.writeLink(explorer.model, Text.seed(explorer.seed), Js.ints(state),
                strip.uses(Interpolation.DRAWING) && explorer.hasMu);
    }
}
