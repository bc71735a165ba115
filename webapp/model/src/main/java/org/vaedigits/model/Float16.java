package org.vaedigits.model;

/**
 * IEEE 754 binary16 ("half") values as the low 16 bits of an int, the form {@link PackedModel}
 * sends a model's layers in. Written by hand: {@code Float.floatToFloat16} and
 * {@code Float.float16ToFloat} arrived in Java 20 (this project runs on 17), and TeaVM's class
 * library has neither.
 */
public final class Float16 {
    /** binary16 bits of +Infinity. */
    static final int INFINITY = 0x7c00;

    private Float16() {
    }

    /**
     * The value of the binary16 in the low 16 bits of {@code bits} (the higher bits are ignored);
     * NaN for Infinity and NaN (neither is a weight). The sign, exponent and mantissa moved into a
     * float32's places read as 2^-112 times the value, subnormals included, and the product is exact.
     */
    public static float toFloat(int bits) {
        return (bits & 0x7c00) == 0x7c00 ? Float.NaN
                : Float.intBitsToFloat((bits & 0x8000) << 16 | (bits & 0x7fff) << 13) * 0x1p112f;
    }

    /** The binary16 nearest to {@code value} (ties to even), as an int in 0…0xffff; NaN stays NaN. */
    public static int of(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude > 0x7f800000) {
            return sign | INFINITY | 0x200; // NaN
        }
        if (magnitude >= 0x477ff000) { // at least 65520, the midpoint above the largest binary16 (65504)
            return sign | INFINITY;
        }
        if (magnitude < 0x38800000) { // below 2^-14, the smallest normal binary16: a multiple of 2^-24
            return sign | (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
        }
        // rebias the exponent 127 → 15 and round the mantissa's low 13 bits away, ties to even;
        // a carry out of the mantissa correctly raises the exponent
        int rebiased = magnitude - (112 << 23);
        return sign | (rebiased + 0xfff + ((rebiased >>> 13) & 1)) >>> 13;
    }
}
