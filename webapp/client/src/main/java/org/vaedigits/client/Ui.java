package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.Int32Array;

/**
 * Browser glue for the latent explorer (sliders, temperature, interpolation, link, PNG): one
 * listener table for all its controls (each Java lambda adds to the compiled client, a row here
 * does not), and small DOM writes.
 */
final class Ui {
    private Ui() {
    }

    /** The first of the explorer's codes (those of {@link Browser} are lower). */
    static final int TEMPERATURE = 19;
    /** Slider j of z sends Z + j. */
    static final int Z = 20;
    static final int Z_RESET = 30;
    static final int Z_RANDOM = 31;
    static final int Z_DRAWING = 32;
    static final int SAMPLE_TO_SLIDERS = 33;
    static final int PLAY = 40;
    static final int STOP = 41;
    static final int FROM = 42;
    static final int TO = 43;
    static final int PATH = 44;
    static final int STEPS = 45;
    static final int COPY_LINK = 50;
    static final int CLOSE_NOTE = 51;
    static final int SAVE_GRID = 60;
    static final int SAVE_SAMPLE = 61;
    static final int SAVE_STRIP = 62;
    static final int SAVE_SLIDERS = 63;

    @JSBody(params = {"handler", "sliders"}, script = ""
            + "function on(id, type, code, read) { var e = document.getElementById(id);"
            + "  e.addEventListener(type, function(event) { handler(code, read ? read(e) : 0, event); }); }"
            + "function num(e) { var o = document.getElementById(e.id + '-out'), d = e.step < 1 ? 2 : 0;"
            + "  o.textContent = e.valueAsNumber.toFixed(d).replace('-', '\u2212'); return e.valueAsNumber; }"
            + "function index(e) { return e.selectedIndex; }"
            + "on('temperature', 'input', 19, num);"
            + "for (var j = 0; j < sliders; j++) on('z' + j, 'input', 20 + j, num);"
            + "[['z-reset', 30], ['z-random', 31], ['z-drawing', 32], ['sample-to-sliders', 33], ['interp-play', 40],"
            + " ['interp-stop', 41], ['copy-link', 50], ['link-note-close', 51], ['save-grid', 60], ['save-sample', 61],"
            + " ['save-strip', 62], ['save-sliders', 63]].forEach(function(b) { on(b[0], 'click', b[1]); });"
            + "on('interp-from', 'change', 42, index); on('interp-to', 'change', 43, index);"
            + "on('interp-path', 'change', 44, index); on('interp-steps', 'input', 45, num);")
    static native void onControls(Browser.CommandHandler handler, int sliders);

    /** Sets a range input and its output's text (id + "-out"), with {@code decimals} decimals and a real minus sign. */
    @JSBody(params = {"id", "value", "decimals"}, script = ""
            + "var e = document.getElementById(id); e.value = value;"
            + "document.getElementById(id + '-out').textContent = value.toFixed(decimals).replace('-', '\u2212');")
    static native void setRange(String id, double value, int decimals);

    static void select(String id, int index) {
        Dom.setNumber(id, "selectedIndex", index);
    }

    /** What {@link #readLink} holds for a setting the address does not give (or gives unusably). */
    static final int ABSENT = Integer.MIN_VALUE;

    /**
     * Reads the explorer's settings from the address into 23 integers: [0] t, [1..8] z, [9..16] mu
     * (hundredths), [17] s1, [18] s2, [19] from, [20] to (0 s, 1 z, 2 mu), [21] path (1 slerp),
     * [22] steps; {@link #ABSENT} where not given or not usable. Strict: numbers of at most three
     * digits and two decimals within their ranges, exactly eight per vector, a query of at most 1000
     * characters. What it cannot use goes into the link note's list, shown by {@link #linkProblem}. Parsed here,
     * with the browser's own regular expressions and Number(), rather than by a hand-written Java
     * parser: measured, that parser and its formatting cost about 0.2 KB more gzipped client.
     */
    @JSBody(params = {"tMin", "tMax", "zMax", "muMax", "samples", "minSteps", "maxSteps"}, script = ""
            + "var out = new Int32Array(23).fill(-2147483648), search = location.search, bad = [];"
            + "if (search.length > 1000) { bad.push('the whole link (too long)'); search = ''; }"
            + "var q = new URLSearchParams(search);"
            + "function dec(v, min, max) { if (!/^-?\\d{1,3}(\\.\\d{1,2})?$/.test(v)) return null;"
            + "  var h = Math.round(Number(v) * 100); return h >= min && h <= max ? h : null; }"
            + "function one(name, i, ok) { var v = q.get(name); if (v === null) return; var h = ok(v);"
            + "  if (h === null) bad.push(name); else out[i] = h; }"
            + "function vec(name, i, max) { one(name, i, function(v) { var p = v.split(',');"
            + "  if (p.length !== 8) return null; for (var j = 0; j < 8; j++) { var h = dec(p[j], -max, max);"
            + "    if (h === null) return null; out[i + j] = h; } return out[i]; }); }"
            + "function int(name, i, min, max) { one(name, i, function(v) { if (!/^\\d{1,4}$/.test(v)) return null;"
            + "  var n = Number(v); return n >= min && n <= max ? n : null; }); }"
            + "function kind(name, i, kinds) { one(name, i, function(v) { var k = kinds.indexOf(v); return k < 0 ? null : k; }); }"
            + "var seed = q.get('seed'); if (seed !== null && !/^\\d{1,15}$/.test(seed)) bad.push('seed');"
            + "one('t', 0, function(v) { return dec(v, tMin, tMax); });"
            + "vec('z', 1, zMax); vec('mu', 9, muMax);"
            + "int('s1', 17, 1, samples); int('s2', 18, 1, samples);"
            + "kind('from', 19, ['s', 'z', 'mu']); kind('to', 20, ['s', 'z', 'mu']); kind('path', 21, ['lin', 'slerp']);"
            + "int('steps', 22, minSteps, maxSteps);"
            + "document.getElementById('link-note').vaeProblems = bad;"
            + "return out;")
    static native Int32Array readLink(int tMin, int tMax, int zMax, int muMax, int samples, int minSteps, int maxSteps);

    /**
     * Adds a part of the link that could not be used (null: none) to the note at the page's foot
     * (a fixed note: it shifts nothing) and shows it when its list is not empty.
     */
    @JSBody(params = {"what"}, script = ""
            + "var note = document.getElementById('link-note'), list = note.vaeProblems = note.vaeProblems || [];"
            + "if (what) list.push(what.length > 60 ? what.slice(0, 59) + '\u2026' : what);"
            + "if (!list.length) return;"
            + "document.getElementById('link-note-text').textContent ="
            + "  'Part of this link could not be used, so defaults are shown for: ' + list.join(', ') + '.';"
            + "note.hidden = false;")
    static native void linkProblem(String what);

    /**
     * Replaces the address's query (no reload, no history entry) with the state in the layout of
     * {@link #readLink}; hundredths h are written as h / 100's shortest decimal ("1.5", "-0.25").
     */
    @JSBody(params = {"model", "seed", "v", "withMu"}, script = ""
            + "function f(i) { return String(v[i] / 100); }"
            + "function vec(i) { var p = []; for (var j = 0; j < 8; j++) p.push(f(i + j)); return p.join(','); }"
            + "var kinds = ['s', 'z', 'mu'];"
            + "var q = 'model=' + encodeURIComponent(model) + '&seed=' + seed + '&t=' + f(0) + '&z=' + vec(1)"
            + "  + '&s1=' + v[17] + '&s2=' + v[18] + '&from=' + kinds[v[19]] + '&to=' + kinds[v[20]]"
            + "  + '&path=' + (v[21] ? 'slerp' : 'lin') + '&steps=' + v[22] + (withMu ? '&mu=' + vec(9) : '');"
            + "history.replaceState(history.state, '', location.pathname + '?' + q + location.hash);")
    static native void writeLink(String model, String seed, Int32Array v, boolean withMu);

    @JSBody(script = "return !!(window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches);")
    static native boolean reducedMotion();

    /**
     * Copies the address: navigator.clipboard.writeText, else (no clipboard, or refused) the
     * address in the text field #share-url, shown and selected, for Ctrl+C; says which in #share-note.
     */
    @JSBody(params = {}, script = ""
            + "var url = location.href, field = document.getElementById('share-url'), note = document.getElementById('share-note');"
            + "function fallback() { field.value = url; field.hidden = false; field.focus(); field.select();"
            + "  var copied = false; try { copied = document.execCommand('copy'); } catch (e) { }"
            + "  note.textContent = copied ? 'Link copied.' : 'Press Ctrl+C (\u2318C) to copy the selected link.'; }"
            + "field.value = url;"
            + "if (navigator.clipboard && navigator.clipboard.writeText) {"
            + "  navigator.clipboard.writeText(url).then(function() { field.hidden = true; note.textContent = 'Link copied.'; }, fallback);"
            + "} else fallback();")
    static native void copyLink();

    /** Highlights cell {@code index} of {@code count} in a strip ({@code side} pixels, {@code gap} gutters), or hides the highlight for -1. */
    @JSBody(params = {"id", "index", "count", "side", "gap"}, script = ""
            + "var c = document.getElementById(id);"
            + "if (index < 0) { c.hidden = true; return; }"
            + "var w = count * side + (count - 1) * gap;"
            + "c.style.left = (index * (side + gap) / w * 100) + '%'; c.style.width = (side / w * 100) + '%'; c.hidden = false;")
    static native void cursor(String id, int index, int count, int side, int gap);

    /** Sets a canvas's CSS aspect ratio to its pixel size, so a strip of another length keeps square cells. */
    @JSBody(params = {"id"}, script = "var c = document.getElementById(id); c.style.aspectRatio = c.width + ' / ' + c.height;")
    static native void fitAspect(String id);

    /**
     * Saves a region of a canvas as a PNG, each pixel a {@code scale}×{@code scale} square (no
     * smoothing) over {@code background} (the grid's gutters are transparent), through
     * canvas.toBlob and an {@code <a download>}: no server round trip.
     */
    @JSBody(params = {"id", "x", "y", "w", "h", "scale", "background", "name"}, script = ""
            + "var src = document.getElementById(id), out = document.createElement('canvas');"
            + "out.width = w * scale; out.height = h * scale;"
            + "var g = out.getContext('2d'); g.imageSmoothingEnabled = false;"
            + "g.fillStyle = background; g.fillRect(0, 0, out.width, out.height);"
            + "g.drawImage(src, x, y, w, h, 0, 0, out.width, out.height);"
            + "out.toBlob(function(blob) {"
            + "  var a = document.createElement('a'), url = URL.createObjectURL(blob);"
            + "  a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();"
            + "  setTimeout(function() { URL.revokeObjectURL(url); }, 10000);"
            + "}, 'image/png');")
    static native void savePng(String id, int x, int y, int w, int h, int scale, String background, String name);
}
