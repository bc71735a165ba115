package org.vaedigits.trainer.eval;

/**
 * Test-set numbers in nats per image: −ELBO = bce + kl with one z ~ q(z|x), the reconstruction
 * BCE at z = mu, and the importance-weighted log p(x) with {@code iwK} samples over
 * {@code iwImages} images (NaN when not computed).
 */
public record Evaluation(int images, double negElbo, double bce, double kl, double bceAtMean,
                         double iwLogPx, int iwK, int iwImages) {
}
