package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.teavm.jso.typedarrays.Float32Array;

/**
 * Line plots on a canvas with labelled axes: the training curves of a model (KL and BCE per
 * weight update) and its test −ELBO per epoch. Written with the canvas API here, not a charting
 * library: two plots of at most a thousand points do not justify a dependency in a lean page.
 * Colours come from the canvas's CSS (color, and --plot-a/--plot-b), so dark mode applies.
 */
final class Plot {
    private Plot() {
    }

    /**
     * Plots series {@code a} and optionally {@code b} (null to omit) against {@code x}, with a
     * title, the x axis's label and the two series' names for the legend; the canvas is sized to
     * its displayed width at the device's pixel ratio.
     */
    @JSBody(params = {"canvas", "x", "a", "b", "title", "xLabel", "aName", "bName"}, script = ""
            + "var dpr = window.devicePixelRatio || 1, cssW = canvas.clientWidth || 320, cssH = canvas.clientHeight || 150;"
            + "canvas.width = Math.round(cssW * dpr); canvas.height = Math.round(cssH * dpr);"
            + "var g = canvas.getContext('2d'), st = getComputedStyle(canvas);"
            + "g.setTransform(dpr, 0, 0, dpr, 0, 0); g.clearRect(0, 0, cssW, cssH);"
            + "var ink = st.color, ca = st.getPropertyValue('--plot-a').trim() || '#2f6fde', cb = st.getPropertyValue('--plot-b').trim() || '#d9622b';"
            + "g.font = '11px system-ui, sans-serif'; g.fillStyle = ink; g.strokeStyle = ink;"
            + "var n = x.length; if (!n) { g.fillText(title + ': no data yet', 8, 16); return; }"
            + "var lo = Infinity, hi = -Infinity, i, s, series = b ? [a, b] : [a];"
            + "for (s = 0; s < series.length; s++) for (i = 0; i < n; i++) { var v = series[s][i]; if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }"
            + "if (!(hi > lo)) { hi = lo + 1; lo = lo - 1; }"
            + "var pad = (hi - lo) * 0.06; lo -= pad; hi += pad;"
            + "var x0 = x[0], x1 = x[n - 1] > x0 ? x[n - 1] : x0 + 1;"
            + "var L = 44, R = 16, T = 20, B = 30, w = cssW - L - R, h = cssH - T - B;"
            + "var px = function(v) { return L + (v - x0) / (x1 - x0) * w; }, py = function(v) { return T + (hi - v) / (hi - lo) * h; };"
            + "g.fillText(title, L, 12);"
            + "g.globalAlpha = 0.25; g.beginPath(); g.rect(L, T, w, h); g.stroke(); g.globalAlpha = 1;"
            + "var step = function(span) { var r = Math.pow(10, Math.floor(Math.log10(span / 4))), m = span / 4 / r; return r * (m >= 5 ? 5 : m >= 2 ? 2 : 1); };"
            + "var dy = step(hi - lo), y; g.textAlign = 'right'; g.textBaseline = 'middle';"
            + "for (y = Math.ceil(lo / dy) * dy; y <= hi; y += dy) { g.globalAlpha = 0.15; g.beginPath(); g.moveTo(L, py(y)); g.lineTo(L + w, py(y)); g.stroke(); g.globalAlpha = 1;"
            + "  g.fillText(+y.toFixed(6) + '', L - 4, py(y)); }"
            + "var dx = step(x1 - x0), t; g.textAlign = 'center'; g.textBaseline = 'top';"
            + "for (t = Math.ceil(x0 / dx) * dx; t <= x1; t += dx) g.fillText(t >= 1e4 ? (t / 1e3) + 'k' : +t.toFixed(3) + '', px(t), T + h + 3);"
            + "g.fillText(xLabel, L + w / 2, T + h + 16);"
            + "var names = b ? [aName, bName] : [aName], colours = [ca, cb];"
            + "for (s = 0; s < series.length; s++) { g.strokeStyle = colours[s]; g.lineWidth = 1.5; g.beginPath();"
            + "  for (i = 0; i < n; i++) { var yy = py(series[s][i]); if (i) g.lineTo(px(x[i]), yy); else g.moveTo(px(x[i]), yy); }"
            + "  if (n === 1) g.arc(px(x[0]), py(series[s][0]), 2, 0, 7); g.stroke();"
            + "  g.fillStyle = colours[s]; g.textAlign = 'right'; g.textBaseline = 'top'; g.fillText(names[s], L + w - 4, T + 4 + 13 * s); }"
            + "g.fillStyle = ink; g.strokeStyle = ink; g.lineWidth = 1;")
    static native void lines(HTMLCanvasElement canvas, Float32Array x, Float32Array a, Float32Array b, String title,
                             String xLabel, String aName, String bName);

    /**
     * The two plots of a model or a training run, from the arrays of {@code source}: BCE and KL
     * ("bce", "kl") against the weight updates ({@code updatesKey}) in canvas {@code idPrefix} +
     * "curves", the test −ELBO per epoch ({@code testKey}) in {@code idPrefix} + "test".
     */
    static void curves(String idPrefix, JSObject source, String updatesKey, String testKey) {
        Float32Array updates = Js.floatsOrEmpty(Js.get(source, updatesKey));
        lines(Dom.canvas(idPrefix + "curves"), updates, Js.floatsOrEmpty(Js.get(source, "bce")),
                Js.floatsOrEmpty(Js.get(source, "kl")), "per image, by weight update (nats)", "update", "BCE", "KL");
        Float32Array test = Js.floatsOrEmpty(Js.get(source, testKey));
        lines(Dom.canvas(idPrefix + "test"), counting(test.getLength()), test, null, "test −ELBO per epoch (nats)",
                "epoch", "−ELBO", null);
    }

    /** 1, 2, …, n as float32, the x of per-epoch values. */
    static Float32Array counting(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return Js.floats(x);
    }
}
