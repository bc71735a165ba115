package org.vaedigits.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The homework's VAE as one DJL block. Encoder: fc1 (196→128), tanh, heads fc2 and fc3
 * (128→16), mu = mean of the heads' first 8 outputs, logvar = mean of their last 8. Decoder: fc1
 * (8→128), tanh, fc2 (128→196) giving pixel logits. Forward takes (x (B,196), eps (B,8)) and
 * returns (logits (B,196), mu (B,8), logvar (B,8), variance = exp(logvar) (B,8)) with
 * z = mu + √variance·eps.
 */
public final class VaeBlock extends AbstractBlock {
    public static final int INPUT = 196;
    public static final int HIDDEN = 128;
    public static final int LATENT = 8;
    private static final byte VERSION = 1;

    private final Linear encoderFc1;
    private final Linear encoderFc2;
    private final Linear encoderFc3;
    private final Linear decoderFc1;
    private final Linear decoderFc2;
    /** 0.5, created once and kept open: DJL's mul(Number) closes its temporary scalar too early. */
    private NDArray half;

    public VaeBlock() {
        super(VERSION);
        encoderFc1 = addChildBlock("encoderFc1", Linear.builder().setUnits(HIDDEN).build());
        encoderFc2 = addChildBlock("encoderFc2", Linear.builder().setUnits(2 * LATENT).build());
        encoderFc3 = addChildBlock("encoderFc3", Linear.builder().setUnits(2 * LATENT).build());
        decoderFc1 = addChildBlock("decoderFc1", Linear.builder().setUnits(HIDDEN).build());
        decoderFc2 = addChildBlock("decoderFc2", Linear.builder().setUnits(INPUT).build());
    }

    /** Initializes the parameters' shapes; call {@link #initializeUniform} or load values after. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, INPUT), new Shape(1, LATENT));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoderFc1.initialize(manager, dataType, new Shape(1, INPUT));
        encoderFc2.initialize(manager, dataType, new Shape(1, HIDDEN));
        encoderFc3.initialize(manager, dataType, new Shape(1, HIDDEN));
        decoderFc1.initialize(manager, dataType, new Shape(1, LATENT));
        decoderFc2.initialize(manager, dataType, new Shape(1, HIDDEN));
        half = manager.create(0.5f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray eps = inputs.get(1);
        NDList q = encode(ps, x, training);
        NDArray mu = q.get(0);
        NDArray logvar = q.get(1);
        // exp(logvar/2) as sqrt(exp(logvar)): no scalar operand (see NOTES.md on DJL's scalar bug),
        // and exp(logvar) is returned for the KL term
        NDArray variance = logvar.exp();
        NDArray z = mu.add(variance.sqrt().mul(eps));
        NDArray logits = decodeLogits(ps, z, training);
        return new NDList(logits, mu, logvar, variance);
    }

    /** x (B,196) → (mu (B,8), logvar (B,8)). */
    public NDList encode(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = Activation.tanh(encoderFc1.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray a = encoderFc2.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray b = encoderFc3.forward(ps, new NDList(h), training).singletonOrThrow();
        NDList halves = a.add(b).mul(half).split(2, 1); // mean of the heads (B,16) → mu, logvar
        return new NDList(halves.get(0), halves.get(1));
    }

    /** z (B,8) → logits (B,196) of the Bernoulli pixel probabilities. */
    public NDArray decodeLogits(ParameterStore ps, NDArray z, boolean training) {
        NDArray h = Activation.tanh(decoderFc1.forward(ps, new NDList(z), training).singletonOrThrow());
        return decoderFc2.forward(ps, new NDList(h), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, INPUT), new Shape(batch, LATENT), new Shape(batch, LATENT), new Shape(batch, LATENT)};
    }

    /** The ten parameters by name, e.g. "encoderFc1.weight" (shape (out, in)), "encoderFc1.bias". */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (var layer : getChildren()) {
            for (var p : layer.getValue().getParameters()) {
                map.put(layer.getKey().replaceFirst("^\\d+", "") + "." + p.getKey(), p.getValue());
            }
        }
        return map;
    }

    /** Layer names in file order. */
    public static String[] layerNames() {
        return new String[] {"encoderFc1", "encoderFc2", "encoderFc3", "decoderFc1", "decoderFc2"};
    }
}
