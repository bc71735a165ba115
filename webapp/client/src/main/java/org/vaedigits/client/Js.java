package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Float32Array;
import org.teavm.jso.typedarrays.Int32Array;

/**
 * The few plain-JavaScript operations the client needs that TeaVM's JSO APIs do not cover:
 * reading fields of a parsed JSON document, and the clock.
 */
final class Js {
    private Js() {
    }

    @JSBody(params = {"o", "key"}, script = "return o == null ? null : o[key];")
    static native JSObject get(JSObject o, String key);

    /** A string field; {@code absent} when the field is absent or null, null when it is something else. */
    @JSBody(params = {"o", "key", "absent"}, script = ""
            + "var v = o == null ? null : o[key]; return v == null ? absent : typeof v === 'string' ? v : null;")
    static native String text(JSObject o, String key, String absent);

    @JSBody(params = {"o", "key"}, script = "return o != null && o[key] === true;")
    static native boolean isTrue(JSObject o, String key);

    /** A string field; null when the field is absent or not a string. */
    static String string(JSObject o, String key) {
        return text(o, key, null);
    }

    /** A number field, NaN when absent or not a number. */
    @JSBody(params = {"o", "key"}, script = "var v = o == null ? null : o[key]; return typeof v === 'number' ? v : NaN;")
    static native double number(JSObject o, String key);

    @JSBody(params = {"o"}, script = "return Array.isArray(o) ? o.length : -1;")
    static native int length(JSObject o);

    @JSBody(params = {"o", "i"}, script = "return o[i];")
    static native JSObject at(JSObject o, int i);

    @JSBody(script = "return performance.now();")
    static native double now();

    /**
     * Records a span from {@code start} (performance.now() time) to now, for the benchmark to
     * read; with a NaN start, a mark.
     */
    @JSBody(params = {"name", "start"}, script = ""
            + "if (start === start) performance.measure(name, {start: start}); else performance.mark(name);")
    static native void measure(String name, double start);

    static void mark(String name) {
        measure(name, Double.NaN);
    }

    /**
     * An array field's numbers as float32 values (non-numbers become NaN, so validate() names
     * them), or an empty array when it is absent or not an array.
     */
    @JSBody(params = {"a"}, script = ""
            + "if (!a || typeof a.length !== 'number') return new Float32Array(0);"
            + "var n = a.length, out = new Float32Array(n);"
            + "for (var i = 0; i < n; i++) { var v = a[i]; out[i] = typeof v === 'number' ? v : NaN; }"
            + "return out;")
    static native Float32Array floatsOrEmpty(JSObject a);

    /*
     * Typed arrays to and from Java arrays element by element: TeaVM's bulk copies
     * (copyFromJavaArray, copyToJavaArray) go through a buffer in linear memory and bring its heap
     * allocator into the compiled client.
     */

    static Float32Array floats(float[] a) {
        Float32Array out = new Float32Array(a.length);
        for (int i = 0; i < a.length; i++) {
            out.set(i, a[i]);
        }
        return out;
    }

    static float[] floats(Float32Array a) {
        float[] out = new float[a.getLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    static Int32Array ints(int[] a) {
        Int32Array out = new Int32Array(a.length);
        for (int i = 0; i < a.length; i++) {
            out.set(i, a[i]);
        }
        return out;
    }

    static int[] ints(Int32Array a) {
        int[] out = new int[a.getLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }
}
