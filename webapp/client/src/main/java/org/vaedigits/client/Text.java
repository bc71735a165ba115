package org.vaedigits.client;

/** Number formatting without String.format, which would pull about 216 KB into the client. */
final class Text {
    private Text() {
    }

    /** {@code value} with exactly {@code decimals} digits after the point, e.g. fixed(-3.14159, 2) = "-3.14". */
    static String fixed(double value, int decimals) {
        if (value != value) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = Math.round(Math.abs(value) * scale);
        String sign = value < 0 && scaled != 0 ? "−" : "";
        String whole = Long.toString(scaled / scale);
        if (decimals == 0) {
            return sign + whole;
        }
        String fraction = Long.toString(scaled % scale + scale).substring(1);
        return sign + whole + "." + fraction;
    }

    /** Scientific notation with two decimals, e.g. "1.23e-6" (plain fixed form from 0.01 up). */
    static String scientific(double value) {
        if (value != value || Double.isInfinite(value) || value == 0 || Math.abs(value) >= 0.01) {
            return fixed(value, 4);
        }
        int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
        double mantissa = value / Math.pow(10, exponent);
        if (Math.abs(mantissa) >= 9.995) {
            mantissa /= 10;
            exponent++;
        }
        return fixed(mantissa, 2) + "e" + exponent;
    }

    /** Items joined by a separator. */
    static String join(java.util.List<String> items, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(items.get(i));
        }
        return out.toString();
    }
}
