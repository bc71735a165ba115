package org.vaedigits.client;

import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Float32Array;

/**
 * The browser client's entry points, exported from the TeaVM-compiled module: {@link #start()} runs
 * the page; the others serve the browser tests. The decode benchmark has its own module,
 * {@link BenchClient}, so the page does not ship it.
 */
public final class Client {
    private static Page page;

    private Client() {
    }

    /** Wires the page (index.html) and loads the model list and the chosen model. */
    @JSExport
    public static void start() {
        page = new Page();
        page.start();
    }

    /** Test hook: the shown model's decoder on its check z vectors, flat (checks, 196); null without a model. */
    @JSExport
    public static Float32Array decodeChecks() {
        return page == null ? null : page.decodeChecks();
    }

    /** Test hook: the shown model's encoder on its check inputs, flat mu (checks, 8) then logvar (checks, 8). */
    @JSExport
    public static Float32Array encodeChecks() {
        return page == null ? null : page.encodeChecks();
    }

    /** Test hook: the name of the model shown, or null. */
    @JSExport
    public static String shownModel() {
        return page == null ? null : page.shownModel();
    }
}
