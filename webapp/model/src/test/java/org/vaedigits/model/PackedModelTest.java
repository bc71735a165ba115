package org.vaedigits.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.vaedigits.modelfile.ModelFiles;

class PackedModelTest {
    @Test
    void packThenUnpackGivesTheSameFloatsBitForBit() throws Exception {
        ModelFile original = ModelFiles.read(CheckVectorsTest.DEFAULT_MODEL);
        ModelFile back = new ModelFile();
        assertThat(PackedModel.unpack(PackedModel.pack(original, PackedModel.DECODER), PackedModel.DECODER, back)).isNull();
        assertThat(back.layers.encoderFc1).as("the decoder part holds no encoder").isNull();
        assertThat(back.checks.inputs).isNull();
        assertThat(PackedModel.unpack(PackedModel.pack(original, PackedModel.ENCODER), PackedModel.ENCODER, back)).isNull();
        ModelFile.Layer[] a = layers(original);
        ModelFile.Layer[] b = layers(back);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i].out).isEqualTo(a[i].out);
            assertThat(b[i].in).isEqualTo(a[i].in);
            assertThat(bits(b[i].weight)).containsExactly(bits(a[i].weight));
            assertThat(bits(b[i].bias)).containsExactly(bits(a[i].bias));
        }
        float[][][] ca = checks(original);
        float[][][] cb = checks(back);
        for (int k = 0; k < ca.length; k++) {
            assertThat(cb[k].length).isEqualTo(ca[k].length);
            for (int r = 0; r < ca[k].length; r++) {
                assertThat(bits(cb[k][r])).containsExactly(bits(ca[k][r]));
            }
        }
        back.format = original.format;
        back.architecture = original.architecture;
        assertThat(back.validate()).isEmpty();
        assertThat(CheckVectors.maxAbsDiff(new Vae(back), back.checks)).isEqualTo(CheckVectors.maxAbsDiff(new Vae(original), original.checks));
    }

    @Test
    void theLayoutIsLittleEndianWordsWithShapesInTheHeader() {
        ModelFile model = TestModels.random(5);
        byte[] bytes = PackedModel.pack(model, PackedModel.DECODER);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("VAEP");
        assertThat(in.getInt(4)).isEqualTo(PackedModel.VERSION);
        assertThat(in.getInt(8)).isEqualTo(PackedModel.DECODER);
        assertThat(in.getInt(12)).isEqualTo(6);
        assertThat(in.getInt(16)).isEqualTo(128); // decoderFc1.weight (hidden, latent)
        assertThat(in.getInt(20)).isEqualTo(8);
        int first = 4 * (PackedModel.HEADER + 12);
        assertThat(in.getFloat(first)).isEqualTo(model.layers.decoderFc1.weight[0]);
        int floats = 128 * 8 + 128 + 196 * 128 + 196 + 4 * 8 + 4 * 196;
        assertThat(bytes).hasSize(4 * (PackedModel.HEADER + 12 + floats));
        // a decoder-only model decodes and passes the decoder's half of the check vectors
        ModelFile half = new ModelFile();
        assertThat(PackedModel.unpack(bytes, PackedModel.DECODER, half)).isNull();
        half.architecture = new ModelFile.Architecture();
        CheckVectors.Differences d = CheckVectors.compareDecoder(new Vae(half), half.checks, new CheckVectors.Differences());
        assertThat(d.withinTolerance()).isTrue();
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
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * (PackedModel.HEADER + 12) + 8, Float.NaN);
        assertThat(PackedModel.unpack(nan, PackedModel.DECODER, new ModelFile())).contains("not a finite number");
        ModelFile other = new ModelFile();
        other.architecture = new ModelFile.Architecture();
        other.architecture.hiddenSize = 64;
        assertThat(PackedModel.unpack(decoder, PackedModel.DECODER, other)).contains("expected (64, 8)");
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
