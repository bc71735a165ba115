package org.vaedigits.trainer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaedigits.trainer.train.TrainConfig;
import org.vaedigits.trainer.train.TrainResult;
import org.vaedigits.trainer.train.VaeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: trains a model and writes its model file, plots and run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the VAE (defaults: the homework's 50 epochs, batch 100, Adam 1e-3, seed 0) and write a model file.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100", description = "Images per update (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "Learning-rate schedule: constant or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of initialization, shuffling and noise (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder, raw or .gz IDX files (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write, named with letters, digits, '.', '_' or '-' and ending in .json"
            + " (default: a fresh models/vae-<time>.json).")
    Path out;
    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Folder for checkpoint, updates.csv, epochs.csv and plots (default: runs/<name>-<time>).")
    Path runDir;
    @Option(names = "--resume", description = "Continue the run in --run-dir from its checkpoint.")
    boolean resume;
    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0", description = "Use only the first N training images (default: all).")
    int trainLimit;
    @Option(names = "--iw-k", paramLabel = "K", defaultValue = "1000", description = "Samples of the final importance-weighted log p(x) (0 skips it; default: ${DEFAULT-VALUE}).")
    int iwK;
    @Option(names = "--iw-images", paramLabel = "N",
            description = "Test images of that bound, 0 for all (default: the first 1000 for runs of fewer than 10 epochs, all otherwise).")
    Integer iwImages;
    @Option(names = "--no-progress", description = "No progress bar or progress lines.")
    boolean noProgress;
    @Option(names = "--plain-progress", description = "Progress as one plain line per epoch instead of a bar (the default when the output is not a terminal).")
    boolean plainProgress;
    @Option(names = "--no-plots", description = "Do not write the PNG plots into the run folder.")
    boolean noPlots;
    @Option(names = "--no-live", description = "Do not show the run on open pages (no progress document or epoch snapshot in the models folder's .training/).")
    boolean noLive;

    @Override
    public Integer call() throws Exception {
        TrainConfig c = new TrainConfig();
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.learningRate = lr;
        c.schedule = schedule;
        c.seed = seed;
        c.dataDir = data;
        c.out = out;
        c.force = force;
        c.runDir = runDir;
        c.resume = resume;
        c.trainLimit = trainLimit;
        c.iwK = iwK;
        c.iwImages = iwImages != null ? iwImages : TrainConfig.defaultIwImages(epochs);
        c.progress = !noProgress;
        c.plainProgress = plainProgress;
        c.plots = !noPlots;
        c.live = !noLive;
        TrainResult result = new VaeTrainer(System.out).train(c);
        return switch (result.stop()) {
            case FINISHED -> TrainerCli.OK;
            case INTERRUPTED -> TrainerCli.INTERRUPTED;
            case NON_FINITE_LOSS -> TrainerCli.NON_FINITE_LOSS;
        };
    }
}
