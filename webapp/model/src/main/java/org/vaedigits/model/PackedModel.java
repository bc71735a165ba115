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
 * every word is 4 bytes, little-endian; a part is 4·(HEADER + 2·count + Σ rows·cols) bytes
 * word 0            MAGIC (the bytes "VAEP")
 * word 1            VERSION (1)
 * word 2            the part: DECODER (1) or ENCODER (2)
 * word 3            count, the number of tensors (6 for the decoder, 9 for the encoder)
 * words 4 …         rows and cols of each tensor in order (int32)
 * then              each tensor's rows·cols float32 values, row-major, in the same order
 * DECODER tensors   decoderFc1.weight (hidden, latent), decoderFc1.bias (1, hidden),
 *                   decoderFc2.weight (input, hidden), decoderFc2.bias (1, input),
 *                   checks.z (m, latent), checks.probabilities (m, input)
 * ENCODER tensors   encoderFc1.weight (hidden, input), encoderFc1.bias (1, hidden),
 *                   encoderFc2.weight (2·latent, hidden), encoderFc2.bias (1, 2·latent),
 *                   encoderFc3.weight (2·latent, hidden), encoderFc3.bias (1, 2·latent),
 *                   checks.inputs (n, input), checks.mu (n, latent), checks.logvar (n, latent)
 * </pre>
 * The values are the file's float32 values bit for bit. {@link #pack} writes a part on the JVM;
 * {@link #unpack(int[], float[], int, ModelFile)} reads one from its words, as the browser gets
 * them from typed-array views over the downloaded bytes (Int32Array for the header, Float32Array
 * for the values: the word offsets are the same in both).
 */
public final class PackedModel {
    /** Word 0: the bytes 'V', 'A', 'E', 'P' read as a little-endian int32. */
    public static final int MAGIC = 0x50454156;
    /** Word 1: the layout version this code writes and reads. */
    public static final int VERSION = 1;
    /** Word 2 of the decoder part. */
    public static final int DECODER = 1;
    /** Word 2 of the encoder part. */
    public static final int ENCODER = 2;
    /** Words before the shapes. */
    public static final int HEADER = 4;
    /** Most words a header has (the encoder's nine tensors). */
    public static final int MAX_HEADER_WORDS = HEADER + 2 * 9;

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

    /** A validated model's part as bytes (JVM: the server derives it once per file version). */
    public static byte[] pack(ModelFile model, int part) {
        float[][] tensors = tensors(model, part);
        int[] shapes = shapes(model, part);
        int words = HEADER + shapes.length;
        for (float[] t : tensors) {
            words += t.length;
        }
        ByteBuffer out = ByteBuffer.allocate(4 * words).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(VERSION).putInt(part).putInt(tensors.length);
        for (int s : shapes) {
            out.putInt(s);
        }
        for (float[] t : tensors) {
            out.asFloatBuffer().put(t);
            out.position(out.position() + 4 * t.length);
        }
        return out.array();
    }

    /** Reads a part's bytes into {@code into} (JVM); null when they are a proper part, else what is wrong. */
    public static String unpack(byte[] bytes, int part, ModelFile into) {
        if (bytes.length % 4 != 0 || bytes.length < 4 * HEADER) {
            return "the " + name(part) + " part has " + bytes.length + " bytes, not a whole number of words after a header";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] header = new int[Math.min(bytes.length / 4, MAX_HEADER_WORDS)];
        in.asIntBuffer().get(header);
        float[] values = new float[bytes.length / 4];
        in.asFloatBuffer().get(values);
        return unpack(header, values, part, into);
    }

    /**
     * Reads a part into {@code into}: its layers and check vectors, of the shapes its architecture
     * (the defaults when it has none) asks for; the other part's fields stay as they are.
     * {@code header} holds the part's first words (at least its header) as int32, {@code words}
     * all of its words as float32. Null when the part is proper, else what is wrong; on a problem
     * {@code into} may hold some of the part.
     */
    public static String unpack(int[] header, float[] words, int part, ModelFile into) {
        String what = "the " + name(part) + " part";
        if (header.length < HEADER || header[0] != MAGIC) {
            return what + " is not a packed model part";
        }
        if (header[1] != VERSION) {
            return what + " has layout version " + header[1] + ", this reader understands " + VERSION;
        }
        if (header[2] != part) {
            return what + " says it is part " + header[2];
        }
        int count = header[3];
        int expectedCount = part == DECODER ? 6 : 9;
        if (count != expectedCount || header.length < HEADER + 2 * count) {
            return what + " has " + count + " tensors, expected " + expectedCount;
        }
        ModelFile.Architecture a = into.architecture != null ? into.architecture : new ModelFile.Architecture();
        int in = a.inputSize;
        int hidden = a.hiddenSize;
        int latent = a.latentSize;
        // the check vectors' row counts are the file's own: any positive number, equal within a pair
        int checkRows = header[HEADER + 2 * (part == DECODER ? 4 : 6)];
        int[] expected = part == DECODER
                ? new int[] {hidden, latent, 1, hidden, in, hidden, 1, in, checkRows, latent, checkRows, in}
                : new int[] {hidden, in, 1, hidden, 2 * latent, hidden, 1, 2 * latent, 2 * latent, hidden, 1, 2 * latent,
                    checkRows, in, checkRows, latent, checkRows, latent};
        long total = HEADER + 2L * count;
        for (int t = 0; t < count; t++) {
            int rows = header[HEADER + 2 * t];
            int cols = header[HEADER + 2 * t + 1];
            if (rows != expected[2 * t] || cols != expected[2 * t + 1] || rows <= 0) {
                return what + "'s tensor " + t + " has shape (" + rows + ", " + cols + "), expected ("
                        + expected[2 * t] + ", " + expected[2 * t + 1] + ")";
            }
            total += (long) rows * cols;
        }
        if (total != words.length) {
            return what + " has " + words.length + " words, its header says " + total;
        }
        float[][] tensors = new float[count][];
        int offset = HEADER + 2 * count;
        for (int t = 0; t < count; t++) {
            int length = expected[2 * t] * expected[2 * t + 1];
            float[] values = new float[length];
            System.arraycopy(words, offset, values, 0, length);
            for (int i = 0; i < length; i++) {
                if (values[i] - values[i] != 0) { // NaN or ±Infinity
                    return what + "'s tensor " + t + " holds a value that is not a finite number";
                }
            }
            tensors[t] = values;
            offset += length;
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
