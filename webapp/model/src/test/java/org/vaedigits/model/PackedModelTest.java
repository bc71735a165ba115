package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;

class PackedModelTest {
    @Test
    void theFloat32LayoutGivesTheSameFloatsBitForBit() throws Exception {
        ModelFile original = ModelFiles.read(CheckVectorsTest.DEFAULT_MODEL);
        ModelFile back = roundTrip(original, PackedModel.FLOAT32);
        ModelFile.Layer[] a = layers(original);
        ModelFile.Layer[] b = layers(back);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i].out).isEqualTo(a[i].out);
            assertThat(b[i].in).isEqualTo(a[i].in);
            assertThat(bits(b[i].weight)).containsExactly(bits(a[i].weight));
            assertThat(bits(b[i].bias)).containsExactly(bits(a[i].bias));
        }
        assertSameChecks(original, back);
        assertThat(CheckVectors.maxAbsDiff(new Vae(back), back.checks)).isEqualTo(CheckVectors.maxAbsDiff(new Vae(original), original.checks));
    }

    @Test
    void theDefaultModelGoesAsFloat16WithinItsToleranceAndHalfTheBytes() throws Exception {
        ModelFile original = ModelFiles.read(CheckVectorsTest.DEFAULT_MODEL);
        for (int part : new int[] {PackedModel.DECODER, PackedModel.ENCODER}) {
            byte[] packed = PackedModel.pack(original, part);
            assertThat(ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(PackedModel.FLOAT16);
            assertThat(packed.length).as("float16 layers").isLessThan(PackedModel.pack(original, part, PackedModel.FLOAT32).length * 6 / 10);
        }
        ModelFile back = roundTrip(original, PackedModel.FLOAT16);
        ModelFile.Layer[] a = layers(original);
        ModelFile.Layer[] b = layers(back);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i].weight).containsExactly(rounded(a[i].weight));
            assertThat(b[i].bias).containsExactly(rounded(a[i].bias));
        }
        float[][][] ca = checks(original);
        float[][][] cb = checks(back);
        for (int k = 0; k < ca.length; k++) {
            for (int r = 0; r < ca[k].length; r++) {
                assertThat(cb[k][r]).containsExactly(rounded(ca[k][r]));
            }
        }
        CheckVectors.Differences d = CheckVectors.compare(new Vae(back), back.checks);
        assertThat(d.max()).as("rounding moves the outputs, by less than half the tolerance")
                .isGreaterThan(CheckVectors.TOLERANCE).isLessThanOrEqualTo(CheckVectors.FLOAT16_TOLERANCE / 2);
    }

    @Test
    void aModelThatFloat16WouldChangeVisiblyGoesAsFloat32() {
        ModelFile model = TestModels.random(7);
        // weights this large make the decoder's sigmoid sharp: float16 rounding moves its probabilities visibly
        float[] w = model.layers.decoderFc2.weight;
        for (int i = 0; i < w.length; i++) {
            w[i] *= 3000;
        }
        TestModels.recomputeChecks(model);
        byte[] packed = PackedModel.pack(model, PackedModel.DECODER);
        assertThat(ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(PackedModel.FLOAT32);
        ModelFile back = new ModelFile();
        assertThat(PackedModel.unpack(packed, PackedModel.DECODER, back)).isNull();
        assertThat(bits(back.layers.decoderFc2.weight)).containsExactly(bits(w));

        // a value beyond float16's range (65504) could not be sent as float16 at all
        ModelFile huge = TestModels.random(9);
        huge.layers.encoderFc1.weight[0] = 1e6f;
        TestModels.recomputeChecks(huge);
        assertThat(ByteBuffer.wrap(PackedModel.pack(huge, PackedModel.ENCODER)).order(ByteOrder.LITTLE_ENDIAN).getInt(4))
                .isEqualTo(PackedModel.FLOAT32);
    }

    @Test
    void theLayoutIsLittleEndianWordsWithShapesInTheHeader() {
        ModelFile model = TestModels.random(5);
        byte[] bytes = PackedModel.pack(model, PackedModel.DECODER);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("VAEP");
        assertThat(in.getInt(4)).isEqualTo(PackedModel.FLOAT16);
        assertThat(in.getInt(8)).isEqualTo(PackedModel.DECODER);
        assertThat(in.getInt(12)).isEqualTo(6);
        assertThat(in.getInt(16)).isEqualTo(128); // decoderFc1.weight (hidden, latent)
        assertThat(in.getInt(20)).isEqualTo(8);
        int first = 4 * (PackedModel.HEADER + 12);
        assertThat(in.getShort(first) & 0xffff).isEqualTo(Float16.of(model.layers.decoderFc1.weight[0]));
        assertThat(in.getShort(first + 2) & 0xffff).isEqualTo(Float16.of(model.layers.decoderFc1.weight[1]));
        int layers = 128 * 8 + 128 + 196 * 128 + 196;
        int checks = 4 * 8 + 4 * 196;
        assertThat(bytes).hasSize(4 * (PackedModel.HEADER + 12 + (layers + checks) / 2));
        assertThat(in.getShort(first + 2 * layers) & 0xffff).as("the check vectors follow")
                .isEqualTo(Float16.of(model.checks.z[0][0]));
        // a decoder-only model decodes and passes the decoder's half of the check vectors
        ModelFile half = new ModelFile();
        assertThat(PackedModel.unpack(bytes, PackedModel.DECODER, half)).isNull();
        half.architecture = new ModelFile.Architecture();
        CheckVectors.Differences d = CheckVectors.compareDecoder(new Vae(half), half.checks,
                new CheckVectors.Differences(CheckVectors.FLOAT16_TOLERANCE));
        assertThat(d.withinTolerance()).isTrue();
    }

    @Test
    void anOddNumberOfHalvesIsPaddedToAWholeWord() {
        ModelFile model = TestModels.random(8);
        int[] shapes = {7, 3}; // hidden 7, latent 3: decoder layers 7·3 + 7 + 196·7 + 196 = 1596 halves, encoder 7·196 + 7 + 2·(6·7 + 6) = 1475
        model.architecture.hiddenSize = shapes[0];
        model.architecture.latentSize = shapes[1];
        ModelFile.Architecture a = model.architecture;
        Prng prng = new Prng(8);
        model.layers.encoderFc1 = TestModels.layer(prng, a.hiddenSize, a.inputSize);
        model.layers.encoderFc2 = TestModels.layer(prng, 2 * a.latentSize, a.hiddenSize);
        model.layers.encoderFc3 = TestModels.layer(prng, 2 * a.latentSize, a.hiddenSize);
        model.layers.decoderFc1 = TestModels.layer(prng, a.hiddenSize, a.latentSize);
        model.layers.decoderFc2 = TestModels.layer(prng, a.inputSize, a.hiddenSize);
        model.latentMap = null;
        TestModels.recomputeChecks(model);
        byte[] encoder = PackedModel.pack(model, PackedModel.ENCODER);
        int values = 1475 + model.checks.inputs.length * (196 + 2 * 3); // 1475 + 4 · 202: odd
        assertThat(encoder).hasSize(4 * (PackedModel.HEADER + 18 + (values + 1) / 2));
        assertThat(encoder[encoder.length - 1]).as("the padding half").isZero();
        assertThat(encoder[encoder.length - 2]).isZero();
        ModelFile back = new ModelFile();
        back.architecture = a;
        assertThat(PackedModel.unpack(PackedModel.pack(model, PackedModel.DECODER), PackedModel.DECODER, back)).isNull();
        assertThat(PackedModel.unpack(encoder, PackedModel.ENCODER, back)).isNull();
        assertThat(back.layers.encoderFc3.bias).containsExactly(rounded(model.layers.encoderFc3.bias));
        assertThat(back.checks.logvar[3]).containsExactly(rounded(model.checks.logvar[3]));
    }

    @Test
    void wrongPartsAreRefusedWithAReason() {
        ModelFile model = TestModels.random(6);
        byte[] decoder = PackedModel.pack(model, PackedModel.DECODER);
        assertThat(PackedModel.unpack(decoder, PackedModel.ENCODER, new ModelFile())).contains("says it is part 1");
        assertThat(PackedModel.unpack(java.util.Arrays.copyOf(decoder, decoder.length - 4), PackedModel.DECODER, new ModelFile()))
                .contains("its header says");
        assertThat(PackedModel.unpack("{\"format\": 1}xxx".getBytes(), PackedModel.DECODER, new ModelFile()))
                .contains("not a packed model part");
        byte[] nan = decoder.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putShort(4 * (PackedModel.HEADER + 12) + 8, (short) 0x7e00);
        assertThat(PackedModel.unpack(nan, PackedModel.DECODER, new ModelFile())).contains("tensor 0 holds a value that is not a finite number");
        byte[] infinite = decoder.clone();
        ByteBuffer.wrap(infinite).order(ByteOrder.LITTLE_ENDIAN).putShort(infinite.length - 2, (short) Float16.INFINITY);
        assertThat(PackedModel.unpack(infinite, PackedModel.DECODER, new ModelFile())).contains("tensor 5 holds a value that is not a finite number");
        byte[] future = decoder.clone();
        ByteBuffer.wrap(future).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 3);
        assertThat(PackedModel.unpack(future, PackedModel.DECODER, new ModelFile())).contains("has layout 3, this reader understands 1 and 2");
        assertThat(PackedModel.unpack(new byte[13], PackedModel.DECODER, new ModelFile())).contains("not a packed model part");
        ModelFile other = new ModelFile();
        other.architecture = new ModelFile.Architecture();
        other.architecture.hiddenSize = 64;
        assertThat(PackedModel.unpack(decoder, PackedModel.DECODER, other)).contains("expected (64, 8)");
    }

    /** Both parts of {@code original} in that layout, read back into one model. */
    private static ModelFile roundTrip(ModelFile original, int layout) {
        ModelFile back = new ModelFile();
        assertThat(PackedModel.unpack(PackedModel.pack(original, PackedModel.DECODER, layout), PackedModel.DECODER, back)).isNull();
        assertThat(back.layers.encoderFc1).as("the decoder part holds no encoder").isNull();
        assertThat(back.checks.inputs).isNull();
        assertThat(PackedModel.unpack(PackedModel.pack(original, PackedModel.ENCODER, layout), PackedModel.ENCODER, back)).isNull();
        back.format = original.format;
        back.architecture = original.architecture;
        assertThat(back.validate()).isEmpty();
        return back;
    }

    /** The check vectors came through bit for bit. */
    private static void assertSameChecks(ModelFile original, ModelFile back) {
        float[][][] ca = checks(original);
        float[][][] cb = checks(back);
        for (int k = 0; k < ca.length; k++) {
            assertThat(cb[k].length).isEqualTo(ca[k].length);
            for (int r = 0; r < ca[k].length; r++) {
                assertThat(bits(cb[k][r])).containsExactly(bits(ca[k][r]));
            }
        }
    }

    private static float[] rounded(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float16.toFloat(Float16.of(values[i]));
        }
        return out;
    }

    private static ModelFile.Layer[] layers(ModelFile m) {
        ModelFile.Layers l = m.layers;
        return new ModelFile.Layer[] {l.encoderFc1, l.encoderFc2, l.encoderFc3, l.decoderFc1, l.decoderFc2};
    }

    private static float[][][] checks(ModelFile m) {
        ModelFile.Checks c = m.checks;
        return new float[][][] {c.inputs, c.mu, c.logvar, c.z, c.probabilities};
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
