package org.vaedigits.client;

import org.teavm.jso.JSBody;

/**
 * Number formatting with the browser's own toFixed and toExponential: String.format would pull
 * about 216 KB into the client, and formatting by hand in Java (Long.toString, StringBuilder)
 * measured about 60 bytes gzipped more than these two scripts.
 */
final class Text {
    private Text() {
    }

    /**
     * {@code value} with exactly {@code decimals} digits after the point and a real minus sign,
     * e.g. fixed(-3.14159, 2) = "−3.14" (no sign when it rounds to zero); "NaN", "∞" and "−∞".
     * Negative {@code decimals}: that many in scientific notation, e.g. fixed(-1.234e-6, -2) = "−1.23e-6".
     */
    @JSBody(params = {"value", "decimals"}, script = ""
            + "var a = Math.abs(value), t = !isFinite(value) ? (value === value ? '\u221e' : 'NaN')"
            + "  : decimals < 0 ? a.toExponential(-decimals) : a.toFixed(decimals);"
            + "return value < 0 && /[1-9\u221e]/.test(t) ? '\u2212' + t : t;")
    static native String fixed(double value, int decimals);

    /** A seed's decimal digits: seeds stay below 2^53, exact as a double (Long.toString would add its own code). */
    static String seed(long value) {
        return fixed(value, 0);
    }

    /** Scientific notation with two decimals, e.g. "1.23e-6" (plain fixed form with four decimals from 0.01 up). */
    static String scientific(double value) {
        return value != value || Double.isInfinite(value) || value == 0 || Math.abs(value) >= 0.01
                ? fixed(value, 4) : fixed(value, -2);
    }
}
