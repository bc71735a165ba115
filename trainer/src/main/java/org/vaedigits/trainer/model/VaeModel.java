package org.vaedigits.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;

/**
 * A {@link VaeBlock} whose ten parameters live in one flat float32 tensor {@code theta}
 * (layer order, weight (out, in) row-major then bias): the block's Linear layers read views of
 * it through a parameter store, so a training step has one gradient tensor and one fused Adam
 * update instead of ten. Also creation with PyTorch's default Linear initialization from a seed,
 * loading and reading weights as flat float arrays, and batch encode/decode.
 */
public final class VaeModel implements AutoCloseable {
    private final NDManager manager;
    private final VaeBlock block;
    private final Map<String, Parameter> parameters;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final long[] splitPoints; // offsets of parameters 1..9 in theta
    private final NDArray theta;      // (P,) all parameters, requires gradient
    private final FlatStore store;
    private final Map<Parameter, NDArray> inferenceViews;

    private VaeModel() {
        manager = NDManager.newBaseManager();
        block = new VaeBlock();
        block.initialize(manager);
        parameters = block.namedParameters();
        long size = 0;
        splitPoints = new long[parameters.size() - 1];
        int i = 0;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Shape shape = e.getValue().getArray().getShape();
            shapes.put(e.getKey(), shape.getShape());
            if (i > 0) {
                splitPoints[i - 1] = size;
            }
            size += shape.size();
            i++;
        }
        theta = manager.zeros(new Shape(size));
        theta.setRequiresGradient(true);
        store = new FlatStore(manager);
        inferenceViews = views(); // grad mode is off outside a GradientCollector: plain views
        store.current = inferenceViews;
    }

    /**
     * A fresh model initialized like PyTorch's nn.Linear: weight and bias ~ U(−1/√in, 1/√in),
     * drawn in layer order (weight, then bias) from a SplitMix64 seeded with {@code seed}.
     */
    public static VaeModel initialized(long seed) {
        VaeModel model = new VaeModel();
        Prng prng = new Prng(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : model.shapes.entrySet()) {
            String name = e.getKey();
            String layer = name.substring(0, name.indexOf('.'));
            long fanIn = model.shapes.get(layer + ".weight")[1];
            double bound = 1.0 / Math.sqrt(fanIn);
            float[] v = new float[(int) new Shape(e.getValue()).size()];
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
        float[] all = theta.toFloatArray();
        Map<String, float[]> values = new LinkedHashMap<>();
        int offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            int n = (int) new Shape(e.getValue()).size();
            float[] v = new float[n];
            System.arraycopy(all, offset, v, 0, n);
            values.put(e.getKey(), v);
            offset += n;
        }
        return values;
    }

    /** Overwrites every parameter with the given values (all ten names must be present). */
    public void setWeights(Map<String, float[]> values) {
        float[] all = new float[(int) theta.size()];
        int offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            int n = (int) new Shape(e.getValue()).size();
            float[] v = values.get(e.getKey());
            if (v == null || v.length != n) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " needs " + n + " values, got "
                        + (v == null ? "none" : v.length));
            }
            System.arraycopy(v, 0, all, offset, n);
            offset += n;
        }
        copyInto(theta, all);
    }

    /**
     * Copies {@code values} into {@code target} in place (index_put_), keeping its storage, so
     * views of it stay valid; NDArray.set(Buffer) would swap the storage (and make libtorch warn).
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex(":"), source);
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
        long[] shape = shapes.get(name + ".weight");
        return new ModelFile.Layer((int) shape[0], (int) shape[1], w.get(name + ".weight"), w.get(name + ".bias"));
    }

    /** All parameters as one flat tensor (P,): what the optimizer updates. */
    public NDArray theta() {
        return theta;
    }

    /** The manager owning the parameters; arrays created here live as long as the model. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Training forward pass, inside a GradientCollector: (x (B,196), eps (B,8)) → (logits, mu,
     * logvar, variance). The parameter views of this pass belong to x's manager.
     */
    public NDList forwardForTraining(NDArray x, NDArray eps) {
        Map<Parameter, NDArray> views = views();
        for (NDArray view : views.values()) {
            view.attach(x.getManager());
        }
        store.current = views;
        try {
            return block.forward(store, new NDList(x, eps), true);
        } finally {
            store.current = inferenceViews;
        }
    }

    /** Inference forward pass: (x (B,196), eps (B,8)) → (logits, mu, logvar, variance). */
    public NDList forward(NDArray x, NDArray eps) {
        return block.forward(store, new NDList(x, eps), false);
    }

    /** x (B,196) → (mu (B,8), logvar (B,8)). */
    public NDList encode(NDArray x) {
        return block.encode(store, x, false);
    }

    /** z (B,8) → logits (B,196). */
    public NDArray decodeLogits(NDArray z) {
        return block.decodeLogits(store, z, false);
    }

    /** Views of theta shaped like each parameter (tracked by autograd when grad mode is on). */
    private Map<Parameter, NDArray> views() {
        NDList parts = theta.split(splitPoints);
        Map<Parameter, NDArray> views = new IdentityHashMap<>();
        int i = 0;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray part = parts.get(i++);
            long[] shape = shapes.get(e.getKey());
            if (shape.length > 1) {
                NDArray reshaped = part.reshape(new Shape(shape));
                part.close();
                part = reshaped;
            }
            views.put(e.getValue(), part);
        }
        return views;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Hands the Linear layers the current views of theta instead of their own arrays. */
    private static final class FlatStore extends ParameterStore {
        Map<Parameter, NDArray> current;

        FlatStore(NDManager manager) {
            super(manager, false);
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            return parameter == null ? null : current.get(parameter);
        }
    }
}
