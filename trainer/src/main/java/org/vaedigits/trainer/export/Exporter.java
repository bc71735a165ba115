package org.vaedigits.trainer.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeModel;

/**
 * Fills in the shared {@link ModelFile} from a trained model: weights, how it was trained, test
 * metrics, curves downsampled to at most {@link #MAX_CURVE_POINTS}, check vectors computed by
 * DJL, and a PCA map of test-set latent means.
 */
public final class Exporter {
    public static final int MAX_CURVE_POINTS = 1000;
    public static final int CHECK_IMAGES = 8;
    public static final int CHECK_PRIOR_SAMPLES = 4;
    public static final int LATENT_MAP_POINTS = 2000;

    /** How a model was trained, for the file's training section. */
    public record Run(String data, int trainImages, int epochs, int batchSize, double learningRate, String schedule,
                      long seed, long updates, double wallTimeSeconds, double imagesPerSecond, String finishedAt) {
    }

    private final VaeModel model;

    public Exporter(VaeModel model) {
        this.model = model;
    }

    /** The complete model file; {@code test} supplies the check inputs and the latent map. */
    public ModelFile export(Run run, Evaluation evaluation, Dataset test, float[] kl, float[] bce, float[] testNegElboPerEpoch) {
        ModelFile file = new ModelFile();
        file.format = new ModelFile.Format();
        file.format.name = ModelFile.FORMAT_NAME;
        file.format.version = ModelFile.FORMAT_VERSION;
        file.architecture = new ModelFile.Architecture();
        file.layers = model.toLayers();

        ModelFile.Training t = new ModelFile.Training();
        t.data = run.data();
        t.trainImages = run.trainImages();
        t.epochs = run.epochs();
        t.batchSize = run.batchSize();
        t.optimizer = "adam(beta1=0.9,beta2=0.999,eps=1e-8)";
        t.learningRate = run.learningRate();
        t.schedule = run.schedule();
        t.seed = run.seed();
        t.updates = run.updates();
        t.engine = Engine.getInstance().getEngineName();
        t.engineVersion = Engine.getInstance().getVersion();
        t.djlVersion = Engine.getDjlVersion();
        t.javaVersion = System.getProperty("java.version");
        t.threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        t.wallTimeSeconds = run.wallTimeSeconds();
        t.imagesPerSecond = run.imagesPerSecond();
        t.finishedAt = run.finishedAt();
        file.training = t;

        ModelFile.Metrics m = new ModelFile.Metrics();
        m.data = test.source;
        m.testImages = evaluation.images();
        m.negElbo = evaluation.negElbo();
        m.bce = evaluation.bce();
        m.kl = evaluation.kl();
        m.bceAtMean = evaluation.bceAtMean();
        m.iwLogPx = Double.isNaN(evaluation.iwLogPx()) ? 0 : evaluation.iwLogPx();
        m.iwK = evaluation.iwK();
        m.iwImages = evaluation.iwImages();
        file.metrics = m;

        file.curves = downsample(kl, bce);
        file.curves.testNegElboPerEpoch = testNegElboPerEpoch;
        file.checks = checks(test, run.seed());
        file.latentMap = latentMap(test);
        return file;
    }

    /**
     * Curves with at most {@link #MAX_CURVE_POINTS} points: each point is the mean over a run of
     * consecutive updates, placed at the last update of its run (1-based).
     */
    public static ModelFile.Curves downsample(float[] kl, float[] bce) {
        int n = kl.length;
        int points = Math.min(n, MAX_CURVE_POINTS);
        ModelFile.Curves c = new ModelFile.Curves();
        c.updates = new long[points];
        c.kl = new float[points];
        c.bce = new float[points];
        for (int p = 0; p < points; p++) {
            int from = (int) ((long) p * n / points);
            int to = (int) ((long) (p + 1) * n / points);
            double k = 0;
            double b = 0;
            for (int i = from; i < to; i++) {
                k += kl[i];
                b += bce[i];
            }
            c.updates[p] = to;
            c.kl[p] = (float) (k / (to - from));
            c.bce[p] = (float) (b / (to - from));
        }
        return c;
    }

    /**
     * Check vectors by DJL: the first {@link #CHECK_IMAGES} test images → mu, logvar; z = those
     * mu followed by {@link #CHECK_PRIOR_SAMPLES} draws from N(0, I) → decoder probabilities.
     */
    public ModelFile.Checks checks(Dataset test, long seed) {
        int n = Math.min(CHECK_IMAGES, test.count);
        int latent = VaeBlock.LATENT;
        ModelFile.Checks checks = new ModelFile.Checks();
        checks.inputs = new float[n][];
        checks.mu = new float[n][];
        checks.logvar = new float[n][];
        int zCount = n + CHECK_PRIOR_SAMPLES;
        checks.z = new float[zCount][];
        checks.probabilities = new float[zCount][];
        try (NDManager manager = model.manager().newSubManager()) {
            float[] inputs = new float[n * Binarizer.PIXELS];
            System.arraycopy(test.pixels, 0, inputs, 0, inputs.length);
            NDList q = model.encode(manager.create(inputs, new Shape(n, Binarizer.PIXELS)));
            float[] mu = q.get(0).toFloatArray();
            float[] logvar = q.get(1).toFloatArray();
            float[] z = new float[zCount * latent];
            System.arraycopy(mu, 0, z, 0, mu.length);
            Prng prng = new Prng(seed ^ 0x5DEECE66DL);
            for (int i = mu.length; i < z.length; i++) {
                z[i] = (float) prng.nextGaussian();
            }
            NDArray probabilities = Activation.sigmoid(model.decodeLogits(manager.create(z, new Shape(zCount, latent))));
            float[] p = probabilities.toFloatArray();
            for (int i = 0; i < n; i++) {
                checks.inputs[i] = test.image(i);
                checks.mu[i] = slice(mu, i, latent);
                checks.logvar[i] = slice(logvar, i, latent);
            }
            for (int i = 0; i < zCount; i++) {
                checks.z[i] = slice(z, i, latent);
                checks.probabilities[i] = slice(p, i, VaeBlock.INPUT);
            }
        }
        return checks;
    }

    /**
     * The first {@link #LATENT_MAP_POINTS} test images' latent means projected on the two
     * principal axes of their (centred) covariance; the projection itself is not centred, so
     * {@code axes · mu} places any new mu on the same map.
     */
    public ModelFile.LatentMap latentMap(Dataset test) {
        int n = Math.min(LATENT_MAP_POINTS, test.count);
        int d = VaeBlock.LATENT;
        float[] mu = new Evaluator(model).means(test, n);
        float[] axes = Pca.topTwoAxes(mu, n, d);
        ModelFile.LatentMap map = new ModelFile.LatentMap();
        map.projection = "pca";
        map.axes = axes;
        map.x = new float[n];
        map.y = new float[n];
        map.labels = new int[n];
        for (int i = 0; i < n; i++) {
            double x = 0;
            double y = 0;
            for (int j = 0; j < d; j++) {
                x += axes[j] * mu[i * d + j];
                y += axes[d + j] * mu[i * d + j];
            }
            map.x[i] = (float) x;
            map.y[i] = (float) y;
            map.labels[i] = test.labels[i];
        }
        return map;
    }

    private static float[] slice(float[] values, int row, int width) {
        float[] r = new float[width];
        System.arraycopy(values, row * width, r, 0, width);
        return r;
    }
}
