package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArrayReader;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Float32Array;

/**
 * Browser glue with no model math in it: fetching JSON, painting probability images into canvases,
 * reading the pad's ink, page state attributes and the models-changed event stream.
 */
final class Browser {
    private Browser() {
    }

    /** Receives a parsed JSON document. */
    @JSFunctor
    interface JsonHandler extends JSObject {
        void handle(JSObject json);
    }

    /** Receives a downloaded body's bytes. */
    @JSFunctor
    interface BytesHandler extends JSObject {
        void handle(ArrayBuffer bytes);
    }

    /** Receives a model's encoder part and its metadata (parsed JSON). */
    @JSFunctor
    interface PartsHandler extends JSObject {
        void handle(ArrayBuffer encoder, JSObject meta);
    }

    /**
     * A script function {@code get(url, json)}: the download app.js already started for this url
     * (window.vaePrefetch: parsed JSON or an ArrayBuffer) used once, else a new fetch; HTTP errors
     * carry the server's reason.
     */
    private static final String GET = ""
            + "function get(url, json) {"
            + "  var early = window.vaePrefetch && window.vaePrefetch.get(url);"
            + "  if (early) { window.vaePrefetch.delete(url); return early; }"
            + "  return fetch(url).then(function(r) {"
            + "    if (r.ok) return json ? r.json() : r.arrayBuffer();"
            + "    return r.text().then(function(t) { throw new Error(url + ' answered HTTP ' + r.status + (t ? ': ' + t : '')); });"
            + "  });"
            + "}"
            + "function why(e) { return String(e && e.message ? e.message : e); }";

    /** GETs {@code url} as bytes, like {@link #getJson}. */
    @JSBody(params = {"url", "ok", "fail"}, script = GET
            + "get(url, false).then(function(b) { ok(b); }, function(e) { fail(why(e)); });")
    static native void getBytes(String url, BytesHandler ok, FailureHandler fail);

    /** GETs a model's encoder part (bytes) and metadata (JSON) side by side; {@code ok} once both arrived. */
    @JSBody(params = {"encoderUrl", "metaUrl", "ok", "fail"}, script = GET
            + "Promise.all([get(encoderUrl, false), get(metaUrl, true)])"
            + ".then(function(p) { ok(p[0], p[1]); }, function(e) { fail(why(e)); });")
    static native void getParts(String encoderUrl, String metaUrl, PartsHandler ok, FailureHandler fail);

    /** Receives a one-line description of what went wrong. */
    @JSFunctor
    interface FailureHandler extends JSObject {
        void handle(String message);
    }

    /** A callback without arguments. */
    @JSFunctor
    interface Callback extends JSObject {
        void run();
    }

    /**
     * GETs {@code url} and parses it with the browser's JSON.parse; HTTP errors carry the server's
     * reason. A download app.js already started for this url (window.vaePrefetch, parsed JSON) is used once.
     */
    @JSBody(params = {"url", "ok", "fail"}, script = ""
            + "var early = window.vaePrefetch && window.vaePrefetch.get(url);"
            + "if (early) window.vaePrefetch.delete(url);"
            + "(early || fetch(url).then(function(r) {"
            + "  if (r.ok) return r.json();"
            + "  return r.text().then(function(t) { throw new Error(url + ' answered HTTP ' + r.status + (t ? ': ' + t : '')); });"
            + "})).then(function(json) { ok(json); }, function(e) { fail(String(e && e.message ? e.message : e)); });")
    static native void getJson(String url, JsonHandler ok, FailureHandler fail);

    /**
     * Paints {@code count} images of side×side values in [0, 1] (ink probability) into a grid of
     * {@code columns} with {@code gap}-pixel gutters left transparent, sizing the canvas to fit.
     */
    @JSBody(params = {"canvas", "values", "count", "columns", "side", "gap"}, script = ""
            + "var rows = Math.ceil(count / columns);"
            + "var w = columns * side + (columns - 1) * gap, h = rows * side + (rows - 1) * gap;"
            + "if (canvas.width !== w) canvas.width = w;"
            + "if (canvas.height !== h) canvas.height = h;"
            + "var ctx = canvas.getContext('2d');"
            + "var img = ctx.createImageData(w, h), d = img.data, n = side * side;"
            + "for (var k = 0; k < count; k++) {"
            + "  var ox = (k % columns) * (side + gap), oy = Math.floor(k / columns) * (side + gap);"
            + "  for (var r = 0; r < side; r++) for (var c = 0; c < side; c++) {"
            + "    var v = values[k * n + r * side + c], i = ((oy + r) * w + ox + c) * 4;"
            + "    d[i] = 252 - 231 * v; d[i + 1] = 251 - 226 * v; d[i + 2] = 247 - 204 * v; d[i + 3] = 255;"
            + "  }"
            + "}"
            + "ctx.putImageData(img, 0, 0);")
    static native void paint(HTMLCanvasElement canvas, Float32Array values, int count, int columns, int side, int gap);

    /** Blanks a canvas. */
    @JSBody(params = {"canvas"}, script = "canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);")
    static native void clear(HTMLCanvasElement canvas);

    @JSBody(params = {"name"}, script = "return new URLSearchParams(location.search).get(name);")
    static native String queryParameter(String name);

    /** Puts {@code model} into the address bar without reloading, so a link reopens this model. */
    @JSBody(params = {"name", "value"}, script = ""
            + "var u = new URL(location.href); u.searchParams.set(name, value); history.replaceState(null, '', u);")
    static native void setQueryParameter(String name, String value);

    @JSBody(params = {"name", "value"}, script = "document.body.setAttribute(name, value);")
    static native void setBodyAttribute(String name, String value);

    /**
     * Calls {@code onEvent} for every server-sent event of that name ("models": the models folder
     * changed; "training": a run's progress changed), over one shared EventSource per page.
     */
    @JSBody(params = {"name", "onEvent"}, script = ""
            + "if (typeof EventSource === 'undefined') return;"
            + "if (!window.vaeEvents) window.vaeEvents = new EventSource('/api/events');"
            + "window.vaeEvents.addEventListener(name, function() { onEvent(); });")
    static native void onServerEvent(String name, Callback onEvent);

    @JSBody(params = {"canvas", "id"}, script = "try { canvas.setPointerCapture(id); } catch (e) { }")
    static native void capturePointer(HTMLCanvasElement canvas, int id);

    @JSBody(params = {"canvas", "id"}, script = ""
            + "if (canvas.hasPointerCapture && canvas.hasPointerCapture(id)) canvas.releasePointerCapture(id);")
    static native void releasePointer(HTMLCanvasElement canvas, int id);

    /** The moves the browser merged into this event (just the event where that is not supported). */
    @JSBody(params = {"e"}, script = ""
            + "var list = e.getCoalescedEvents ? e.getCoalescedEvents() : null;"
            + "return list && list.length ? list : [e];")
    static native JSArrayReader<PointerEvent> coalesced(PointerEvent e);

    @JSBody(params = {"element"}, script = "return element.getBoundingClientRect();")
    static native Box box(HTMLCanvasElement element);

    @JSBody(script = "return window.devicePixelRatio || 1;")
    static native double devicePixelRatio();

    /** Receives a command of the page's buttons and keys: {@link #CLEAR}, {@link #UNDO}, ... */
    @JSFunctor
    interface CommandHandler extends JSObject {
        void command(int command);
    }

    static final int CLEAR = 1;
    static final int UNDO = 2;
    static final int REAL_DIGIT = 3;
    static final int RESAMPLE = 4;

    /**
     * Clicks on #clear, #undo, #real-digit and #resample, and the keys Esc (clear) and Ctrl+Z or
     * Cmd+Z (undo), the keys anywhere on the page except while the focus is in a form control that
     * takes keys itself (the model picker, text fields). One listener for all: each Java lambda
     * adds to the compiled client.
     */
    @JSBody(params = {"handler"}, script = ""
            + "[['clear', 1], ['undo', 2], ['real-digit', 3], ['resample', 4]].forEach(function(b) {"
            + "  document.getElementById(b[0]).addEventListener('click', function() { handler(b[1]); });"
            + "});"
            + "document.addEventListener('keydown', function(e) {"
            + "  var t = e.target, n = t && t.nodeName;"
            + "  if (e.defaultPrevented || e.altKey || e.isComposing || n === 'SELECT' || n === 'INPUT'"
            + "      || n === 'TEXTAREA' || (t && t.isContentEditable)) return;"
            + "  var mod = e.ctrlKey || e.metaKey;"
            + "  if (e.key === 'Escape' && !mod && !e.shiftKey) handler(1);"
            + "  else if (mod && !e.shiftKey && (e.key === 'z' || e.key === 'Z')) { e.preventDefault(); handler(2); }"
            + "});")
    static native void onCommands(CommandHandler handler);

    @JSBody(params = {"onResize"}, script = "window.addEventListener('resize', function() { onResize(); });")
    static native void onResize(Callback onResize);

    /**
     * Marks the walk's two ends on the overlay canvas over the sample grid ({@code columns} cells
     * of side×side image pixels with {@code gap}-pixel gutters): an outline round each cell and a
     * numbered badge, "1" at the start's top-left corner, "2" at the end's top-right (so both
     * show when they are the same sample), drawn at the screen's resolution.
     */
    @JSBody(params = {"overlay", "grid", "from", "to", "columns", "side", "gap"}, script = ""
            + "var dpr = window.devicePixelRatio || 1;"
            + "var W = Math.max(1, Math.round(grid.clientWidth * dpr)), H = Math.max(1, Math.round(grid.clientHeight * dpr));"
            + "if (overlay.width !== W) overlay.width = W;"
            + "if (overlay.height !== H) overlay.height = H;"
            + "var g = overlay.getContext('2d'); g.clearRect(0, 0, W, H);"
            + "var unit = W / (columns * side + (columns - 1) * gap), s = side * unit, lw = Math.max(3, 2.5 * dpr);"
            + "var r = Math.max(8 * dpr, s * 0.19);"
            + "function mark(k, text, right) {"
            + "  var x = (k % columns) * (side + gap) * unit, y = Math.floor(k / columns) * (side + gap) * unit;"
            + "  g.lineWidth = lw; g.strokeStyle = '#3550d8'; g.strokeRect(x + lw / 2, y + lw / 2, s - lw, s - lw);"
            + "  var bx = right ? x + s - r : x + r, by = y + r;"
            + "  g.fillStyle = '#3550d8'; g.beginPath(); g.arc(bx, by, r, 0, 2 * Math.PI); g.fill();"
            + "  g.fillStyle = '#ffffff'; g.font = '700 ' + Math.round(r * 1.25) + 'px system-ui, sans-serif';"
            + "  g.textAlign = 'center'; g.textBaseline = 'middle'; g.fillText(text, bx, by + r * 0.06);"
            + "}"
            + "mark(from, '1', false); mark(to, '2', true);")
    static native void paintWalkMarks(HTMLCanvasElement overlay, HTMLCanvasElement grid, int from, int to, int columns,
            int side, int gap);
}
