package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.teavm.jso.typedarrays.Float32Array;
import org.teavm.jso.typedarrays.Int32Array;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Vae;

/**
 * The model file's map of test-set latent means on their two principal axes (the trainer's
 * projection x = axes[0]·mu, y = axes[1]·mu), coloured by digit. The user's drawing appears on it
 * as a ring, and pointing anywhere decodes the latent point z = x·axes[0] + y·axes[1] there.
 */
final class LatentMap {
    private final HTMLCanvasElement canvas = Dom.canvas("map");
    private final HTMLCanvasElement decoded = Dom.canvas("map-decoded");
    private final Vae vae;
    private final float[] axes;
    private final float[] z;
    private final float[] image;
    private final int side;
    /** Map bounds: x from {@code left} to {@code right}, y from {@code bottom} to {@code top}. */
    private final double left;
    private final double right;
    private final double bottom;
    private final double top;
    private double markX = Double.NaN;
    private double markY = Double.NaN;

    private LatentMap(ModelFile.LatentMap map, Vae vae, int side) {
        this.vae = vae;
        this.side = side;
        axes = map.axes;
        z = new float[vae.latentSize];
        image = new float[vae.inputSize];
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < map.x.length; i++) {
            minX = Math.min(minX, map.x[i]);
            maxX = Math.max(maxX, map.x[i]);
            minY = Math.min(minY, map.y[i]);
            maxY = Math.max(maxY, map.y[i]);
        }
        // square, with a margin, so distances look like distances
        double half = 0.55 * Math.max(maxX - minX, maxY - minY);
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        left = cx - half;
        right = cx + half;
        bottom = cy - half;
        top = cy + half;
        paintPoints(canvas, Js.floats(map.x), Js.floats(map.y), Js.ints(map.labels), left, right, bottom, top);
    }

    /** The map of this model, or null (and the panel hidden) when its file has no usable one. */
    static LatentMap of(ModelFile file, Vae vae) {
        ModelFile.LatentMap map = file.latentMap;
        boolean usable = map != null && map.x != null && map.y != null && map.labels != null && map.axes != null
                && map.x.length > 0 && map.y.length == map.x.length && map.labels.length == map.x.length
                && map.axes.length == 2 * vae.latentSize;
        Dom.setHidden("map-panel", !usable);
        return usable ? new LatentMap(map, vae, file.architecture.imageSide) : null;
    }

    /** Shows where a latent mean (e.g. of the drawing) falls, or nothing for null. */
    void mark(float[] mu) {
        if (mu == null) {
            markX = Double.NaN;
            markY = Double.NaN;
        } else {
            int d = vae.latentSize;
            markX = 0;
            markY = 0;
            for (int j = 0; j < d; j++) {
                markX += axes[j] * mu[j];
                markY += axes[d + j] * mu[j];
            }
        }
        paintMark(canvas, markX, markY, left, right, bottom, top);
    }

    /** Decodes the latent point under the pointer into the small canvas beside the map. */
    void point(PointerEvent e) {
        double start = Js.now();
        Box box = Browser.box(canvas);
        double x = left + (e.getClientX() - box.getLeft()) / box.getWidth() * (right - left);
        double y = top - (e.getClientY() - box.getTop()) / box.getHeight() * (top - bottom);
        int d = vae.latentSize;
        for (int j = 0; j < d; j++) {
            z[j] = (float) (x * axes[j] + y * axes[d + j]);
        }
        vae.decode(z, image);
        Browser.paint(decoded, Js.floats(image), 1, 1, side, 0);
        Dom.setText("map-at", "(" + Text.fixed(x, 2) + ", " + Text.fixed(y, 2) + ")");
        Js.measure("vae-digits:map", start);
    }

    /** Paints the points into an offscreen canvas kept on the element, then shows it. */
    @JSBody(params = {"canvas", "xs", "ys", "labels", "left", "right", "bottom", "top"}, script = ""
            + "var dpr = window.devicePixelRatio || 1, size = Math.round(Math.max(240, canvas.clientWidth || 320) * dpr);"
            + "canvas.width = size; canvas.height = size;"
            + "var base = document.createElement('canvas'); base.width = size; base.height = size;"
            + "var g = base.getContext('2d');"
            + "var colors = ['#4e79a7','#f28e2b','#e15759','#76b7b2','#59a14f','#edc948','#b07aa1','#ff9da7','#9c755f','#4d4d4d'];"
            + "var r = Math.max(1.5, size / 160);"
            + "g.globalAlpha = 0.75;"
            + "for (var i = 0; i < xs.length; i++) {"
            + "  g.fillStyle = colors[labels[i] | 0] || '#888';"
            + "  var px = (xs[i] - left) / (right - left) * size, py = (top - ys[i]) / (top - bottom) * size;"
            + "  g.beginPath(); g.arc(px, py, r, 0, 2 * Math.PI); g.fill();"
            + "}"
            + "canvas.vaeBase = base;"
            + "canvas.getContext('2d').drawImage(base, 0, 0);")
    private static native void paintPoints(HTMLCanvasElement canvas, Float32Array xs, Float32Array ys, Int32Array labels,
            double left, double right, double bottom, double top);

    @JSBody(params = {"canvas", "x", "y", "left", "right", "bottom", "top"}, script = ""
            + "var g = canvas.getContext('2d'), size = canvas.width;"
            + "g.clearRect(0, 0, size, size); if (canvas.vaeBase) g.drawImage(canvas.vaeBase, 0, 0);"
            + "if (x !== x) return;"
            + "var px = (x - left) / (right - left) * size, py = (top - y) / (top - bottom) * size, r = size / 28;"
            + "g.lineWidth = Math.max(2, size / 110); g.strokeStyle = '#15192b';"
            + "g.beginPath(); g.arc(px, py, r, 0, 2 * Math.PI); g.stroke();"
            + "g.lineWidth = Math.max(1, size / 300); g.strokeStyle = '#fcfbf7';"
            + "g.beginPath(); g.arc(px, py, r + g.lineWidth * 2, 0, 2 * Math.PI); g.stroke();")
    private static native void paintMark(HTMLCanvasElement canvas, double x, double y, double left, double right, double bottom, double top);
}
