package org.vaedigits.trainer.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.eval.CheckVectors;
import org.vaedigits.trainer.eval.Evaluation;
import org.vaedigits.trainer.eval.Evaluator;
import org.vaedigits.trainer.model.VaeModel;
import org.vaedigits.trainer.train.VaeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evaluate}: loads a model file into DJL and prints its test-set numbers. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Load a model file into DJL, recompute its check vectors and its test-set -ELBO, BCE, KL and importance-weighted log p(x).")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (JSON).")
    Path modelPath;
    @Option(names = "--k", paramLabel = "K", defaultValue = "1000", description = "Importance samples per image (0 skips the bound; default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--iw-images", paramLabel = "N", defaultValue = "0", description = "Test images for the bound (default: all).")
    int iwImages;
    @Option(names = "--threads", paramLabel = "N", description = "Threads of the bound; the result does not depend on it (default: one per core, here ${DEFAULT-VALUE}).")
    int threads = Evaluator.defaultThreads();
    @Option(names = "--no-progress", description = "No progress bar (or progress lines) while the bound runs.")
    boolean noProgress;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (k < 0) {
            throw new IllegalArgumentException("--k must be 0 (skip) or positive, got " + k);
        }
        if (iwImages < 0) {
            throw new IllegalArgumentException("--iw-images must be 0 (all) or positive, got " + iwImages);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        ModelFile file = ModelFiles.read(modelPath);
        Dataset test = Mnist.load(data, Mnist.Split.TEST);
        try (VaeModel model = VaeModel.fromModelFile(file)) {
            double diff = CheckVectors.maxAbsDifference(model, file.checks);
            System.out.println(CheckVectors.verdict(modelPath.toString(), diff));
            long started = System.nanoTime();
            Evaluation e = new Evaluator(model).withThreads(threads).withProgress(!noProgress)
                    .evaluate(test, VaeTrainer.EVAL_SEED, k, iwImages);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "test images      %d (%s)%n", e.images(), data);
            System.out.printf(Locale.ROOT, "-ELBO            %.3f nats/image (BCE %.3f + KL %.3f)%n", e.negElbo(), e.bce(), e.kl());
            System.out.printf(Locale.ROOT, "BCE at z = mu    %.3f%n", e.bceAtMean());
            if (k > 0) {
                System.out.printf(Locale.ROOT, "IW log p(x)      %.3f (K=%d, %d images; evaluation %.1f s, the bound on %d thread%s)%n", e.iwLogPx(), e.iwK(),
                        e.iwImages(), seconds, threads, threads == 1 ? "" : "s");
            }
            if (file.metrics != null) {
                System.out.printf(Locale.ROOT, "file states      -ELBO %.3f, BCE at mu %.3f, IW log p(x) %.3f (K=%d, %d images)%n",
                        file.metrics.negElbo, file.metrics.bceAtMean, file.metrics.iwLogPx, file.metrics.iwK, file.metrics.iwImages);
            }
            return diff <= CheckVectors.TOLERANCE ? TrainerCli.OK : TrainerCli.CHECKS_DIFFER;
        }
    }
}
