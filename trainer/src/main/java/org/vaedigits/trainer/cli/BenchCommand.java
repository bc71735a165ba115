package org.vaedigits.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vaedigits.trainer.train.TrainConfig;
import org.vaedigits.trainer.train.TrainResult;
import org.vaedigits.trainer.train.VaeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: training throughput of the real training loop, in images per second. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure DJL training throughput (images/s over the training steps only) with the real training loop.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs to time (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder (default: ${DEFAULT-VALUE}).")
    Path data;

    /** Throughput over equal-sized epochs from {@code from} on: images over summed time. */
    private static double over(double[] perEpoch, int from) {
        double seconds = 0;
        for (int i = from; i < perEpoch.length; i++) {
            seconds += 1.0 / perEpoch[i];
        }
        return (perEpoch.length - from) / seconds;
    }

    private static double all(double[] perEpoch) {
        return over(perEpoch, 0);
    }

    private static double afterFirst(double[] perEpoch) {
        return over(perEpoch, perEpoch.length > 1 ? 1 : 0);
    }

    @Override
    public Integer call() throws Exception {
        Path tmp = Files.createTempDirectory("vae-bench");
        try {
            TrainConfig c = new TrainConfig();
            c.epochs = epochs;
            c.batchSize = batchSize;
            c.seed = seed;
            c.dataDir = data;
            c.out = tmp.resolve("bench.json");
            c.runDir = tmp.resolve("run");
            c.iwK = 0;
            c.progress = false;
            c.plots = false;
            TrainResult r = new VaeTrainer(System.out).train(c);
            if (r.stop() != TrainResult.Stop.FINISHED) {
                return 1;
            }
            System.out.printf(Locale.ROOT, "DJL %s (PyTorch %s), %s thread(s), batch %d, %d epochs: %.0f images/s over all epochs,"
                            + " %.0f images/s after the first; per CPU second of the training thread: %.0f, %.0f after the first;"
                            + " test -ELBO %.3f%n",
                    r.modelFile().training.djlVersion, r.modelFile().training.engineVersion, System.getProperty("ai.djl.pytorch.num_threads"),
                    batchSize, epochs, r.modelFile().training.imagesPerSecond, afterFirst(r.epochImagesPerSecond()),
                    all(r.epochImagesPerCpuSecond()), afterFirst(r.epochImagesPerCpuSecond()), r.evaluation().negElbo());
            return 0;
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
