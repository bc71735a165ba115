package org.vaedigits.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;

/**
 * A {@link VaeBlock} with its own NDManager and parameter store: creation with PyTorch's default
 * Linear initialization from a seed, loading and reading every weight as flat float arrays, and
 * batch encode/decode for evaluation and export.
 */
public final class VaeModel implements AutoCloseable {
    private final NDManager manager;
    private final VaeBlock block;
    private final ParameterStore parameterStore;
    private final Map<String, Parameter> parameters;

    private VaeModel() {
        manager = NDManager.newBaseManager();
        block = new VaeBlock();
        block.initialize(manager);
        parameterStore = new ParameterStore(manager, false);
        parameters = block.namedParameters();
    }

    /**
     * A fresh model initialized like PyTorch's nn.Linear: weight and bias ~ U(−1/√in, 1/√in),
     * drawn in layer order (weight, then bias) from a SplitMix64 seeded with {@code seed}.
     */
    public static VaeModel initialized(long seed) {
        VaeModel model = new VaeModel();
        Prng prng = new Prng(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parameters.entrySet()) {
            String name = e.getKey();
            String layer = name.substring(0, name.indexOf('.'));
            long fanIn = model.parameters.get(layer + ".weight").getArray().getShape().get(1);
            double bound = 1.0 / Math.sqrt(fanIn);
            float[] v = new float[(int) e.getValue().getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((2 * prng.nextDouble() - 1) * bound);
            }
            values.put(name, v);
        }
        model.setWeights(values);
        return model;
    }

    /** A model holding exactly the weights of a (validated) model file. */
    public static VaeModel fromModelFile(ModelFile file) {
        VaeModel model = new VaeModel();
        Map<String, float[]> values = new LinkedHashMap<>();
        ModelFile.Layers l = file.layers;
        ModelFile.Layer[] layers = {l.encoderFc1, l.encoderFc2, l.encoderFc3, l.decoderFc1, l.decoderFc2};
        String[] names = VaeBlock.layerNames();
        for (int i = 0; i < names.length; i++) {
            values.put(names[i] + ".weight", layers[i].weight);
            values.put(names[i] + ".bias", layers[i].bias);
        }
        model.setWeights(values);
        return model;
    }

    /** Parameter values by name ("encoderFc1.weight" row-major (out, in), "encoderFc1.bias", ...). */
    public Map<String, float[]> weights() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            values.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** Overwrites every parameter with the given values (all ten names must be present). */
    public void setWeights(Map<String, float[]> values) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            float[] v = values.get(e.getKey());
            NDArray array = e.getValue().getArray();
            if (v == null || v.length != array.size()) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " needs " + array.size() + " values, got "
                        + (v == null ? "none" : v.length));
            }
            array.set(FloatBuffer.wrap(v));
        }
    }

    /** The five layers as model-file layers, weights row-major (out, in). */
    public ModelFile.Layers toLayers() {
        Map<String, float[]> w = weights();
        ModelFile.Layers layers = new ModelFile.Layers();
        layers.encoderFc1 = layer(w, "encoderFc1");
        layers.encoderFc2 = layer(w, "encoderFc2");
        layers.encoderFc3 = layer(w, "encoderFc3");
        layers.decoderFc1 = layer(w, "decoderFc1");
        layers.decoderFc2 = layer(w, "decoderFc2");
        return layers;
    }

    private ModelFile.Layer layer(Map<String, float[]> w, String name) {
        long[] shape = parameters.get(name + ".weight").getArray().getShape().getShape();
        return new ModelFile.Layer((int) shape[0], (int) shape[1], w.get(name + ".weight"), w.get(name + ".bias"));
    }

    /** The parameters by name, for the optimizer. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    public VaeBlock block() {
        return block;
    }

    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /** The manager owning the parameters; arrays created here live as long as the model. */
    public NDManager manager() {
        return manager;
    }

    /** Training forward pass: (x (B,196), eps (B,8)) → (logits, mu, logvar). */
    public NDList forward(NDArray x, NDArray eps, boolean training) {
        return block.forward(parameterStore, new NDList(x, eps), training);
    }

    /** x (B,196) → (mu (B,8), logvar (B,8)). */
    public NDList encode(NDArray x) {
        return block.encode(parameterStore, x, false);
    }

    /** z (B,8) → logits (B,196). */
    public NDArray decodeLogits(NDArray z) {
        return block.decodeLogits(parameterStore, z, false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
