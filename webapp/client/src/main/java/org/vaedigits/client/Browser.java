package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArrayReader;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.teavm.jso.typedarrays.Float32Array;

/**
 * Browser glue with no model math in it: fetching JSON and model parts, painting probability images
 * into canvases, reading the pad's ink, page state attributes, and the page's one listener for its
 * controls, keys, timers, animation frames and server events.
 */
final class Browser {
    private Browser() {
    }

    /**
     * GETs up to three urls side by side (null: none), {@code jsonUrl} as parsed JSON (the browser's
     * JSON.parse), {@code bytesUrl} and {@code moreBytesUrl} as bytes (a model's packed parts); once
     * all arrived, or one failed, calls {@code handler} with {@code code}, {@code value} (what the
     * request was for) and the outcome: the three bodies in that order (an array for {@link Js#at};
     * null where no url was given), or what went wrong in one line ({@link #failure}). A download
     * app.js already started for a url (window.vaePrefetch: parsed JSON or an ArrayBuffer) is used
     * once, else a new fetch; HTTP errors carry the server's reason.
     */
    @JSBody(params = {"jsonUrl", "bytesUrl", "moreBytesUrl", "handler", "code", "value"}, script = ""
            + "function get(url, json) {"
            + "  if (!url) return null;"
            + "  var early = window.vaePrefetch && window.vaePrefetch.get(url);"
            + "  if (early) { window.vaePrefetch.delete(url); return early; }"
            + "  return fetch(url).then(function(r) {"
            + "    if (r.ok) return json ? r.json() : r.arrayBuffer();"
            + "    return r.text().then(function(t) { throw new Error(url + ' answered HTTP ' + r.status + (t ? ': ' + t : '')); });"
            + "  });"
            + "}"
            + "Promise.all([get(jsonUrl, true), get(bytesUrl, false), get(moreBytesUrl, false)]).then("
            + "  function(p) { handler(code, value, p); },"
            + "  function(e) { handler(code, value, {failure: String(e && e.message ? e.message : e)}); });")
    static native void get(String jsonUrl, String bytesUrl, String moreBytesUrl, CommandHandler handler, int code,
            double value);

    /** GETs {@code url} as parsed JSON, like {@link #get}. */
    static void getJson(String url, CommandHandler handler, int code, double value) {
        get(url, null, null, handler, code, value);
    }

    /** Of a download's outcome ({@link #get}), what went wrong, or null when all arrived. */
    static String failure(JSObject outcome) {
        return Js.string(outcome, "failure");
    }

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

    /** The address's ?seed= when it is 1 to 15 ASCII digits (exact as a double), else -1. */
    @JSBody(script = "var v = new URLSearchParams(location.search).get('seed'); return /^\\d{1,15}$/.test(v) ? Number(v) : -1;")
    static native double seedParameter();

    /** Puts {@code model} into the address bar without reloading, so a link reopens this model. */
    @JSBody(params = {"name", "value"}, script = ""
            + "var u = new URL(location.href); u.searchParams.set(name, value); history.replaceState(null, '', u);")
    static native void setQueryParameter(String name, String value);

    static void setBodyAttribute(String name, String value) {
        Dom.setAttribute(null, name, value);
    }

    /** Captures pointer {@code id} to the canvas, or releases it if the canvas has it (errors ignored). */
    @JSBody(params = {"canvas", "id", "on"}, script = ""
            + "try { if (on) canvas.setPointerCapture(id);"
            + "  else if (canvas.hasPointerCapture && canvas.hasPointerCapture(id)) canvas.releasePointerCapture(id); } catch (e) { }")
    static native void pointerCapture(HTMLCanvasElement canvas, int id, boolean on);

    /** The moves the browser merged into this event (just the event where that is not supported). */
    @JSBody(params = {"e"}, script = ""
            + "var list = e.getCoalescedEvents ? e.getCoalescedEvents() : null;"
            + "return list && list.length ? list : [e];")
    static native JSArrayReader<PointerEvent> coalesced(PointerEvent e);

    @JSBody(params = {"element"}, script = "return element.getBoundingClientRect();")
    static native Box box(HTMLCanvasElement element);

    @JSBody(script = "return window.devicePixelRatio || 1;")
    static native double devicePixelRatio();

    /**
     * Receives a command of the page's controls, keys, timers and server events ({@link #CLEAR},
     * {@link #UNDO}, ..., and the explorer's {@link Ui} codes) with its value (a range's number, a
     * select's index, a frame's time, what a download was for, else 0) and the event that gave it (a
     * {@link PointerEvent} for {@link #PICK}, {@link #MAP} and the pad's {@link #DOWN}, {@link #MOVE}
     * and {@link #UP}; a download's outcome for the downloads' codes ({@link #get}); null for
     * {@link #TICK}, the frames and {@link #WRITE_LINK}).
     */
    @JSFunctor
    interface CommandHandler extends JSObject {
        void command(int code, double value, JSObject e);
    }

    static final int CLEAR = 1;
    static final int UNDO = 2;
    static final int REAL_DIGIT = 3;
    static final int RESAMPLE = 4;
    /** Another model was chosen in #model. */
    static final int MODEL = 5;
    /** A click on the sample grid. */
    static final int PICK = 6;
    /** A pointer moved or pressed on the latent map. */
    static final int MAP = 7;
    /** The window was resized. */
    static final int RESIZE = 8;
    /** The server's "models" event: the models folder changed. */
    static final int MODELS = 9;
    /** The server's "training" event: a run's progress changed. */
    static final int TRAINING = 10;
    /** Once a second. */
    static final int TICK = 11;
    /** On the pad: pointerdown, pointermove, and pointerup, pointercancel or lostpointercapture. */
    static final int DOWN = 12;
    static final int MOVE = 13;
    static final int UP = 14;
    /** Animation frames ({@link #nextFrame}) of the page, the explorer and the playing strip; the value is the frame's time. */
    static final int PAGE_FRAME = 15;
    static final int EXPLORER_FRAME = 16;
    static final int PLAY_FRAME = 17;
    /** The link's delayed write ({@link #later}). */
    static final int WRITE_LINK = 18;
    /**
     * A key on the focused sample grid; the value is its place in {@link #onCommands}' list:
     * ← → ↑ ↓ (0–3), Enter and Space ({@link #KEY_PICK}).
     */
    static final int SAMPLE_KEY = 0;
    static final int KEY_PICK = 4;
    /**
     * Downloads ({@link #get}), from {@link #DOWNLOADS} on: the model list (the value: 1 at the
     * start), a model's decoder part, its metadata and its encoder part (the value: the load's
     * number), the real digits, the training runs' list, a run's snapshot (the value: see
     * TrainingCard).
     */
    static final int DOWNLOADS = 70;
    static final int MODEL_LIST = 70;
    static final int DECODER_PART = 71;
    static final int META_PART = 72;
    static final int ENCODER_PART = 73;
    static final int REAL_DIGITS = 74;
    static final int RUNS = 75;
    static final int SNAPSHOT = 76;

    /**
     * Clicks on #clear, #undo, #real-digit, #resample and #samples, a change of #model, pointer
     * moves and presses on #map, pointer events on #pad, the window's resizes, the server's events
     * (one EventSource), a one-second timer, and the keys Esc (clear) and Ctrl+Z or Cmd+Z (undo),
     * the keys anywhere on the page except while the focus is in a form control that takes them
     * itself (the model picker, the selects, text fields; a range slider takes the arrows only).
     * One listener for all: each Java lambda adds to the compiled client.
     */
    @JSBody(params = {"handler"}, script = ""
            + "[['clear', 1], ['undo', 2], ['real-digit', 3], ['resample', 4], ['model', 5, 'change'], ['samples', 6],"
            + " ['map', 7, 'pointermove'], ['map', 7, 'pointerdown'], ['pad', 12, 'pointerdown'], ['pad', 13, 'pointermove'],"
            + " ['pad', 14, 'pointerup'], ['pad', 14, 'pointercancel'], ['pad', 14, 'lostpointercapture']].forEach(function(b) {"
            + "  document.getElementById(b[0]).addEventListener(b[2] || 'click', function(e) { handler(b[1], 0, e); });"
            + "});"
            + "window.addEventListener('resize', function(e) { handler(8, 0, e); });"
            + "if (typeof EventSource !== 'undefined') {"
            + "  var events = new EventSource('/api/events');"
            + "  events.addEventListener('models', function(e) { handler(9, 0, e); });"
            + "  events.addEventListener('training', function(e) { handler(10, 0, e); });"
            + "}"
            + "setInterval(function() { handler(11, 0, null); }, 1000);"
            + "document.addEventListener('keydown', function(e) {"
            + "  var t = e.target, n = t && t.nodeName;"
            + "  if (e.defaultPrevented || e.altKey || e.isComposing || n === 'SELECT' || n === 'INPUT' && t.type !== 'range'"
            + "      || n === 'TEXTAREA' || (t && t.isContentEditable)) return;"
            + "  var mod = e.ctrlKey || e.metaKey, k = t.id === 'samples' && !mod"
            + "    ? ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', ' '].indexOf(e.key) : -1;"
            + "  if (k >= 0) { e.preventDefault(); handler(0, k, e); }"
            + "  else if (e.key === 'Escape' && !mod && !e.shiftKey) handler(1, 0, e);"
            + "  else if (mod && !e.shiftKey && (e.key === 'z' || e.key === 'Z')) { e.preventDefault(); handler(2, 0, e); }"
            + "});")
    static native void onCommands(CommandHandler handler);

    /** Calls {@code handler} with {@code code} and the frame's time (performance.now() ms) before the next repaint. */
    static void nextFrame(CommandHandler handler, int code) {
        later(handler, code, -1);
    }

    /** Calls {@code handler} with {@code code} after {@code millis}; for -1, as {@link #nextFrame}. */
    @JSBody(params = {"handler", "code", "millis"}, script = ""
            + "if (millis < 0) requestAnimationFrame(function(time) { handler(code, time, null); });"
            + "else setTimeout(function() { handler(code, 0, null); }, millis);")
    static native void later(CommandHandler handler, int code, int millis);

    /**
     * Marks the walk's two ends on the overlay canvas over the sample grid ({@code columns} cells
     * of side×side image pixels with {@code gap}-pixel gutters): an outline round each cell and a
     * numbered badge, "1" at the start's top-left corner, "2" at the end's top-right (so both
     * show when they are the same sample), drawn at the screen's resolution; and the sample chosen
     * from the keyboard, {@code cursor}, with a thinner outline and no badge (unless it is an end).
     */
    @JSBody(params = {"overlay", "grid", "from", "to", "cursor", "columns", "side", "gap"}, script = ""
            + "var dpr = window.devicePixelRatio || 1;"
            + "var W = Math.max(1, Math.round(grid.clientWidth * dpr)), H = Math.max(1, Math.round(grid.clientHeight * dpr));"
            + "if (overlay.width !== W) overlay.width = W;"
            + "if (overlay.height !== H) overlay.height = H;"
            + "var g = overlay.getContext('2d'); g.clearRect(0, 0, W, H);"
            + "var unit = W / (columns * side + (columns - 1) * gap), s = side * unit, lw = Math.max(3, 2.5 * dpr);"
            + "var r = Math.max(8 * dpr, s * 0.19);"
            + "function mark(k, text, right) {"
            + "  var x = (k % columns) * (side + gap) * unit, y = Math.floor(k / columns) * (side + gap) * unit;"
            + "  g.lineWidth = text ? lw : lw / 2; g.strokeStyle = '#3550d8'; g.strokeRect(x + lw / 2, y + lw / 2, s - lw, s - lw);"
            + "  if (!text) return;"
            + "  var bx = right ? x + s - r : x + r, by = y + r;"
            + "  g.fillStyle = '#3550d8'; g.beginPath(); g.arc(bx, by, r, 0, 2 * Math.PI); g.fill();"
            + "  g.fillStyle = '#ffffff'; g.font = '700 ' + Math.round(r * 1.25) + 'px system-ui, sans-serif';"
            + "  g.textAlign = 'center'; g.textBaseline = 'middle'; g.fillText(text, bx, by + r * 0.06);"
            + "}"
            + "mark(from, '1', false); mark(to, '2', true);"
            + "if (cursor !== from && cursor !== to) mark(cursor);")
    static native void paintWalkMarks(HTMLCanvasElement overlay, HTMLCanvasElement grid, int from, int to, int cursor,
            int columns, int side, int gap);
}
