package org.vaedigits.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The compact binary form of a validated model file's numbers, in two parts the browser loads one
 * after the other: {@link #DECODER} (what prior samples need, with the decoder's check vectors) and
 * {@link #ENCODER} (the rest of the network, with the encoder's check vectors). The JSON model file
 * stays the one contract the trainer writes; the server derives these parts from a file it
 * validated. The layout, defined here and nowhere else (docs/model-format.md describes it):
 * <pre>
 * every word is 4 bytes, little-endian
 * word 0            MAGIC (the bytes "VAEP")
 * word 1            the layout: FLOAT32 (1) or FLOAT16 (2)
 * word 2            the part: DECODER (1) or ENCODER (2)
 * word 3            count, the number of tensors (6 for the decoder, 9 for the encoder)
 * words 4 …         rows and cols of each tensor in order (int32)
 * then              each tensor's rows·cols values, row-major, in the same order: FLOAT32 one
 *                   float32 per word; FLOAT16 one IEEE binary16 per half word, the first in a
 *                   word's low half, a zero half filling the last word when their number is odd
 * DECODER tensors   decoderFc1.weight (hidden, latent), decoderFc1.bias (1, hidden),
 *                   decoderFc2.weight (input, hidden), decoderFc2.bias (1, input),
 *                   checks.z (m, latent), checks.probabilities (m, input)
 * ENCODER tensors   encoderFc1.weight (hidden, input), encoderFc1.bias (1, hidden),
 *                   encoderFc2.weight (2·latent, hidden), encoderFc2.bias (1, 2·latent),
 *                   encoderFc3.weight (2·latent, hidden), encoderFc3.bias (1, 2·latent),
 *                   checks.inputs (n, input), checks.mu (n, latent), checks.logvar (n, latent)
 * </pre>
 * {@link #pack} writes a model as float16, half the bytes on a phone's critical path, when the
 * rounding moves none of its check outputs by more than half of
 * {@link CheckVectors#FLOAT16_TOLERANCE} (what a browser allows a float16 part), else as the
 * file's float32 values bit for bit. {@link #unpack(int[], int, ModelFile)}
 * reads a part from its words, as the browser gets them from an Int32Array over the downloaded bytes.
 */
public final class PackedModel {
    /** Word 0: the bytes 'V', 'A', 'E', 'P' read as a little-endian int32. */
    public static final int MAGIC = 0x50454156;
    /** Word 1 of a part whose values are float32. */
    public static final int FLOAT32 = 1;
    /** Word 1 of a part whose values are float16. */
    public static final int FLOAT16 = 2;
    /** Word 2 of the decoder part. */
    public static final int DECODER = 1;
    /** Word 2 of the encoder part. */
    public static final int ENCODER = 2;
    /** Words before the shapes. */
    public static final int HEADER = 4;

    private PackedModel() {
    }

    /** The part's name in addresses ({@code ?part=decoder}), or null for an unknown part. */
    public static String name(int part) {
        return part == DECODER ? "decoder" : part == ENCODER ? "encoder" : null;
    }

    /** The part of that name, or 0 when there is none. */
    public static int part(String name) {
        return "decoder".equals(name) ? DECODER : "encoder".equals(name) ? ENCODER : 0;
    }

    /** A validated model's part as bytes, in the model's {@link #layout} (JVM: the server derives it once per file version). */
    public static byte[] pack(ModelFile model, int part) {
        return pack(model, part, layout(model));
    }

    /** The layout a validated model's parts go in: {@link #FLOAT16} when {@link #float16Faithful}, else {@link #FLOAT32}. */
    public static int layout(ModelFile model) {
        return float16Faithful(model) ? FLOAT16 : FLOAT32;
    }

    /** The part in the given layout ({@link #FLOAT32} or {@link #FLOAT16}). */
    public static byte[] pack(ModelFile model, int part, int layout) {
        float[][] tensors = tensors(model, part);
        int[] shapes = shapes(model, part);
        long values = 0;
        for (float[] t : tensors) {
            values += t.length;
        }
        ByteBuffer out = ByteBuffer.allocate((int) (4 * (HEADER + shapes.length + valueWords(values, layout))))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(layout).putInt(part).putInt(tensors.length);
        for (int s : shapes) {
            out.putInt(s);
        }
        for (float[] t : tensors) {
            for (float v : t) {
                if (layout == FLOAT16) {
                    out.putShort((short) Float16.of(v));
                } else {
                    out.putFloat(v);
                }
            }
        }
        return out.array(); // an odd last half is followed by the zero half the buffer started with
    }

    /**
     * True when the model as a browser reads its float16 parts (check vectors rounded too; a value
     * beyond float16's range makes a part unreadable) reproduces its rounded check outputs within
     * half of {@link CheckVectors#FLOAT16_TOLERANCE}: a browser then accepts them with room to spare.
     */
    static boolean float16Faithful(ModelFile model) {
        ModelFile sent = new ModelFile();
        sent.architecture = model.architecture;
        for (int part : new int[] {DECODER, ENCODER}) {
            if (unpack(pack(model, part, FLOAT16), part, sent) != null) {
                return false;
            }
        }
        return CheckVectors.compare(new Vae(sent), sent.checks).max() <= CheckVectors.FLOAT16_TOLERANCE / 2;
    }

    /** Reads a part's bytes into {@code into} (JVM); null when they are a proper part, else what is wrong. */
    public static String unpack(byte[] bytes, int part, ModelFile into) {
        int[] words = null;
        if (wholeWords(bytes.length)) {
            words = new int[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        }
        return unpack(words, part, into);
    }

    /** True when {@code byteLength} bytes can be a part: whole words, at least a header. */
    public static boolean wholeWords(int byteLength) {
        return byteLength % 4 == 0 && byteLength >= 4 * HEADER;
    }

    /** The largest check-vector difference a part's layout allows ({@link CheckVectors}); words of a part {@link #unpack} read. */
    public static double tolerance(int[] words) {
        return words[1] == FLOAT16 ? CheckVectors.FLOAT16_TOLERANCE : CheckVectors.TOLERANCE;
    }

    /**
     * Reads a part into {@code into}: its layers and check vectors, of the shapes its architecture
     * (the defaults when it has none) asks for; the other part's fields stay as they are.
     * {@code words} are all of the part's words as int32, or null when its bytes are no
     * {@link #wholeWords}. Null when the part is proper, else what is wrong; on a problem
     * {@code into} may hold some of the part.
     */
    public static String unpack(int[] words, int part, ModelFile into) {
        String what = "the " + name(part) + " part";
        if (words == null || words[0] != MAGIC) {
            return what + " is not a packed model part";
        }
        int layout = words[1];
        if (layout != FLOAT32 && layout != FLOAT16) {
            return what + " has layout " + layout + (", this reader understands " + FLOAT32 + " and " + FLOAT16);
        }
        if (words[2] != part) {
            return what + " says it is part " + words[2];
        }
        int count = words[3];
        int expectedCount = part == DECODER ? 6 : 9;
        if (count != expectedCount || words.length < HEADER + 2 * count) {
            return what + " has " + count + " tensors, expected " + expectedCount;
        }
        ModelFile.Architecture a = into.architecture != null ? into.architecture : new ModelFile.Architecture();
        int in = a.inputSize;
        int hidden = a.hiddenSize;
        int latent = a.latentSize;
        // the check vectors' row counts are the file's own: any positive number, equal within a pair
        int checkRows = words[HEADER + 2 * (part == DECODER ? 4 : 6)];
        int[] expected = part == DECODER
                ? new int[] {hidden, latent, 1, hidden, in, hidden, 1, in, checkRows, latent, checkRows, in}
                : new int[] {hidden, in, 1, hidden, 2 * latent, hidden, 1, 2 * latent, 2 * latent, hidden, 1, 2 * latent,
                    checkRows, in, checkRows, latent, checkRows, latent};
        long total = 0;
        for (int t = 0; t < count; t++) {
            int rows = words[HEADER + 2 * t];
            int cols = words[HEADER + 2 * t + 1];
            if (rows != expected[2 * t] || cols != expected[2 * t + 1] || rows <= 0) {
                return what + "'s tensor " + t + " has shape (" + rows + ", " + cols + "), expected ("
                        + expected[2 * t] + ", " + expected[2 * t + 1] + ")";
            }
            total += (long) rows * cols;
        }
        int first = HEADER + 2 * count;
        if (first + valueWords(total, layout) != words.length) {
            return what + " has " + words.length + " words, its header says " + (first + valueWords(total, layout));
        }
        float[][] tensors = new float[count][];
        int index = 0; // values read so far
        for (int t = 0; t < count; t++) {
            float[] values = new float[expected[2 * t] * expected[2 * t + 1]];
            for (int i = 0; i < values.length; i++, index++) {
                values[i] = layout == FLOAT16
                        ? Float16.toFloat(words[first + (index >> 1)] >>> ((index & 1) << 4))
                        : Float.intBitsToFloat(words[first + index]);
                if (values[i] - values[i] != 0) { // NaN or ±Infinity
                    return what + "'s tensor " + t + " holds a value that is not a finite number";
                }
            }
            tensors[t] = values;
        }
        if (into.layers == null) {
            into.layers = new ModelFile.Layers();
        }
        if (into.checks == null) {
            into.checks = new ModelFile.Checks();
        }
        ModelFile.Layers l = into.layers;
        ModelFile.Checks c = into.checks;
        if (part == DECODER) {
            l.decoderFc1 = new ModelFile.Layer(hidden, latent, tensors[0], tensors[1]);
            l.decoderFc2 = new ModelFile.Layer(in, hidden, tensors[2], tensors[3]);
            c.z = rows(tensors[4], checkRows, latent);
            c.probabilities = rows(tensors[5], checkRows, in);
        } else {
            l.encoderFc1 = new ModelFile.Layer(hidden, in, tensors[0], tensors[1]);
            l.encoderFc2 = new ModelFile.Layer(2 * latent, hidden, tensors[2], tensors[3]);
            l.encoderFc3 = new ModelFile.Layer(2 * latent, hidden, tensors[4], tensors[5]);
            c.inputs = rows(tensors[6], checkRows, in);
            c.mu = rows(tensors[7], checkRows, latent);
            c.logvar = rows(tensors[8], checkRows, latent);
        }
        return null;
    }

    /** Words that many values take in that layout. */
    private static long valueWords(long values, int layout) {
        return layout == FLOAT16 ? (values + 1) / 2 : values;
    }

    /** The part's tensors in layout order, each flat row-major. */
    static float[][] tensors(ModelFile m, int part) {
        ModelFile.Layers l = m.layers;
        ModelFile.Checks c = m.checks;
        if (part == DECODER) {
            return new float[][] {l.decoderFc1.weight, l.decoderFc1.bias, l.decoderFc2.weight, l.decoderFc2.bias,
                flat(c.z), flat(c.probabilities)};
        }
        if (part == ENCODER) {
            return new float[][] {l.encoderFc1.weight, l.encoderFc1.bias, l.encoderFc2.weight, l.encoderFc2.bias,
                l.encoderFc3.weight, l.encoderFc3.bias, flat(c.inputs), flat(c.mu), flat(c.logvar)};
        }
        throw new IllegalArgumentException("no part " + part);
    }

    /** rows, cols of each of the part's tensors, in layout order. */
    static int[] shapes(ModelFile m, int part) {
        ModelFile.Layers l = m.layers;
        ModelFile.Checks c = m.checks;
        if (part == DECODER) {
            return new int[] {l.decoderFc1.out, l.decoderFc1.in, 1, l.decoderFc1.out, l.decoderFc2.out, l.decoderFc2.in,
                1, l.decoderFc2.out, c.z.length, width(c.z), c.probabilities.length, width(c.probabilities)};
        }
        return new int[] {l.encoderFc1.out, l.encoderFc1.in, 1, l.encoderFc1.out, l.encoderFc2.out, l.encoderFc2.in,
            1, l.encoderFc2.out, l.encoderFc3.out, l.encoderFc3.in, 1, l.encoderFc3.out,
            c.inputs.length, width(c.inputs), c.mu.length, width(c.mu), c.logvar.length, width(c.logvar)};
    }

    private static int width(float[][] rows) {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    private static float[] flat(float[][] rows) {
        int w = width(rows);
        float[] out = new float[rows.length * w];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * w, w);
        }
        return out;
    }

    private static float[][] rows(float[] flat, int count, int width) {
        float[][] rows = new float[count][];
        for (int r = 0; r < count; r++) {
            rows[r] = new float[width];
            System.arraycopy(flat, r * width, rows[r], 0, width);
        }
        return rows;
    }
}
