package org.vaedigits.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * The homework's loss terms, per image and summed over a batch. BCE from logits l and binary
 * targets x, summed over the 196 pixels, in the stable form softplus(l) − l·x
 * (= max(l,0) − l·x + log1p(exp(−|l|)), which torch's softplus computes); KL(q(z|x) ‖ N(0,I)) =
 * −½ Σ (1 + logvar − mu² − exp(logvar)) over the 8 latent dimensions.
 */
public final class VaeLoss implements AutoCloseable {
    // constants created once and kept open: DJL's op(Number) overloads close their scalar too early
    private final NDArray one;
    private final NDArray half;

    public VaeLoss(NDManager manager) {
        one = manager.create(1f);
        half = manager.create(0.5f);
    }

    /** Per-element BCE (B,196) of logits against targets x. */
    public NDArray bceElements(NDArray logits, NDArray x) {
        return Activation.softPlus(logits).sub(logits.mul(x));
    }

    /** Per-image BCE (B): summed over pixels. */
    public NDArray bcePerImage(NDArray logits, NDArray x) {
        return bceElements(logits, x).sum(new int[] {1});
    }

    /** Per-image KL (B): ½ Σ (mu² + exp(logvar) − logvar − 1). */
    public NDArray klPerImage(NDArray mu, NDArray logvar) {
        return klElements(mu, logvar).sum(new int[] {1});
    }

    /** BCE summed over the batch (a scalar). */
    public NDArray bceSum(NDArray logits, NDArray x) {
        return bceElements(logits, x).sum();
    }

    /** KL summed over the batch (a scalar). */
    public NDArray klSum(NDArray mu, NDArray logvar) {
        return klElements(mu, logvar).sum();
    }

    /**
     * Σ over the batch of (mu² + variance − logvar), with variance = exp(logvar) from the forward
     * pass: the KL sum is (this − B·8)/2, so {@link #objective} needs no constant and the
     * caller recovers the KL from this value.
     */
    public NDArray klCore(NDArray mu, NDArray logvar, NDArray variance) {
        return mu.square().add(variance).sub(logvar).sum();
    }

    /** The training objective bceSum + ½·klCore: the batch −ELBO up to the constant B·8/2. */
    public NDArray objective(NDArray bceSum, NDArray klCore) {
        return bceSum.add(klCore.mul(half));
    }

    /** KL summed over a batch of {@code batch} images from {@link #klCore}'s value. */
    public static double klFromCore(double klCore, int batch) {
        return 0.5 * (klCore - (double) batch * VaeBlock.LATENT);
    }

    private NDArray klElements(NDArray mu, NDArray logvar) {
        return mu.square().add(logvar.exp()).sub(logvar).sub(one).mul(half);
    }

    @Override
    public void close() {
        one.close();
        half.close();
    }
}
