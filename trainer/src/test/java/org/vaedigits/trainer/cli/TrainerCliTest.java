package org.vaedigits.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.TestData;
import org.vaedigits.trainer.train.TrainConfig;

/** The command line, as a user calls it: a real model file on the subset, clear errors otherwise. */
class TrainerCliTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return TrainerCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void trainWritesAValidModelFileAndEvaluateAndReportReadIt() throws IOException {
        Path model = tmp.resolve("models/cli.json");
        String data = TestData.subsetDir().toString();
        int code = run("train", "--epochs", "2", "--data", data, "--out", model.toString(), "--run-dir",
                tmp.resolve("run").toString(), "--iw-k", "20", "--iw-images", "50", "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        ModelFile file = ModelFiles.read(model);
        assertThat(file.training.epochs).isEqualTo(2);
        assertThat(file.training.trainImages).isEqualTo(1000);
        assertThat(file.training.imagesPerSecond).isPositive();
        assertThat(file.metrics.iwK).isEqualTo(20);
        assertThat(file.metrics.iwImages).isEqualTo(50);
        assertThat(file.checks.inputs.length).isEqualTo(8);
        assertThat(file.checks.z.length).isEqualTo(12);

        assertThat(run("evaluate", model.toString(), "--data", data, "--k", "10", "--iw-images", "20")).as(err.toString()).isZero();
        Path plots = tmp.resolve("plots");
        assertThat(run("report", model.toString(), "--data", data, "--out", plots.toString())).as(err.toString()).isZero();
        for (String png : new String[] {"dataset.png", "curves.png", "reconstructions.png", "samples.png"}) {
            assertThat(plots.resolve(png)).isNotEmptyFile();
        }

        // a second train to the same --out refuses without --force
        code = run("train", "--epochs", "1", "--data", data, "--out", model.toString(), "--run-dir",
                tmp.resolve("run2").toString(), "--no-progress");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains(model.toString()).contains("--force");
    }

    @Test
    void aShortRunBoundsLogPxOnAThousandTestImagesByDefaultALongOneOnAll() throws IOException {
        assertThat(TrainConfig.defaultIwImages(1)).isEqualTo(1000);
        assertThat(TrainConfig.defaultIwImages(9)).isEqualTo(1000);
        assertThat(TrainConfig.defaultIwImages(10)).isZero();
        assertThat(TrainConfig.defaultIwImages(50)).isZero();
        // the subset has 500 test images: a 2-epoch run without --iw-images bounds min(1000, 500) of them
        Path model = tmp.resolve("short.json");
        int code = run("train", "--epochs", "2", "--data", TestData.subsetDir().toString(), "--out", model.toString(), "--run-dir",
                tmp.resolve("short-run").toString(), "--iw-k", "10", "--no-progress", "--no-plots");
        assertThat(code).as(err.toString()).isZero();
        assertThat(ModelFiles.read(model).metrics.iwImages).isEqualTo(500);
    }

    @Test
    void badNumbersAreRejectedWithTheOptionName() {
        assertThat(run("train", "--epochs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--epochs must be at least 1 (got 0)");
    }

    @Test
    void nonNumbersAreRejectedByTheParser() {
        assertThat(run("train", "--batch-size", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--batch-size'").contains("many");
    }

    @Test
    void unknownOptionsAndCommandsAreNamed() {
        assertThat(run("train", "--epoch", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("'--epoch'").contains("Possible solutions: --epochs");
        assertThat(run("trian")).isEqualTo(2);
        assertThat(err.toString()).contains("trian");
    }

    @Test
    void resumeWithoutRunDirSaysWhatIsMissing() {
        assertThat(run("train", "--resume")).isEqualTo(2);
        assertThat(err.toString()).contains("--resume needs --run-dir");
    }

    @Test
    void missingDataNamesTheFileAndTheFix() {
        int code = run("train", "--epochs", "1", "--data", tmp.resolve("nowhere").toString(), "--out",
                tmp.resolve("m.json").toString(), "--run-dir", tmp.resolve("r").toString(), "--no-progress");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("train-images-idx3-ubyte").contains("fetch-data");
    }

    @Test
    void trainOnAGzipBombSaysWhatIsWrongInOneLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bomb"));
        for (String name : new String[] {"train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(TestData.subsetDir().resolve(name), dir.resolve(name));
        }
        // 13 KB of gzip announcing 3.8 million images (3 GB) followed by 16 MB of zeros
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(dir.resolve("train-images-idx3-ubyte.gz")))) {
            gz.write(new byte[] {0, 0, 8, 3, 0, 0x39, (byte) 0xfb, (byte) 0xc0, 0, 0, 0, 28, 0, 0, 0, 28});
            gz.write(new byte[16 << 20]);
        }
        int code = run("train", "--epochs", "1", "--data", dir.toString(), "--out", tmp.resolve("b.json").toString(),
                "--run-dir", tmp.resolve("b-run").toString(), "--no-progress");
        assertThat(code).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).containsExactly("train: error: " + dir.resolve("train-images-idx3-ubyte.gz")
                + ": the header announces 3800000 images, more than the 60000 an MNIST file holds");
    }

    @Test
    void anOutNameOutsideTheServersRuleIsAUsageErrorBeforeAnyDataIsRead() throws IOException {
        for (String name : new String[] {"my model.json", "ünïcode.json", "vae.JSON"}) {
            StringWriter errors = new StringWriter();
            // --data names no folder: a data error would exit with 1, so 2 says the name was refused first
            int code = TrainerCli.run(new PrintWriter(out, true), new PrintWriter(errors, true), "train", "--epochs", "1",
                    "--data", tmp.resolve("nowhere").toString(), "--out", tmp.resolve(name).toString(), "--run-dir",
                    tmp.resolve("run").toString(), "--no-progress");
            assertThat(code).as(name).isEqualTo(TrainerCli.USAGE);
            assertThat(errors.toString().lines()).as(name).containsExactly("train: error: --out " + tmp.resolve(name) + ": "
                    + ModelFiles.NAME_RULE + " (the server serves no other names)");
        }
        try (java.util.stream.Stream<Path> written = Files.list(tmp)) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void aDataErrorLeavesNoRunFolder() throws IOException {
        Path dir = subsetCopy("corrupt");
        // the training images cut in the middle of their gzip stream
        byte[] images = Files.readAllBytes(TestData.subsetDir().resolve("train-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(images, images.length / 2));
        Path runs = tmp.resolve("runs");
        int code = run("train", "--epochs", "1", "--data", dir.toString(), "--out", tmp.resolve("models/c.json").toString(),
                "--run-dir", runs.resolve("c-run").toString(), "--no-progress");
        assertThat(code).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("train: error: " + dir.resolve("train-images-idx3-ubyte.gz"));
        assertThat(runs).doesNotExist();
        assertThat(tmp.resolve("models")).doesNotExist();
    }

    @Test
    void aResumedRunRemovesTheTemporaryFilesOfWritesThatWereCutOffAndNothingElse() throws IOException {
        Path model = tmp.resolve("resumed.json");
        Path runDir = tmp.resolve("run");
        assertThat(train(model, runDir, 1)).as(err.toString()).isZero();
        Files.delete(model); // as if the run had been killed before its end
        // what kill -9 during the writes of the checkpoint and of updates.csv leaves (AtomicFiles' names)
        Path checkpointTmp = Files.write(runDir.resolve(".checkpoint.bin6410442528379460218.tmp"), new byte[] {1, 2});
        Path updatesTmp = Files.write(runDir.resolve(".updates.csv12.tmp"), new byte[] {3});
        Path notOurs = Files.write(runDir.resolve(".checkpoint.bin-notes.tmp"), new byte[] {4});
        Path notOursEither = Files.write(runDir.resolve("scratch.tmp"), new byte[] {5});

        assertThat(train(model, runDir, 2, "--resume")).as(err.toString()).isZero();
        assertThat(checkpointTmp).doesNotExist();
        assertThat(updatesTmp).doesNotExist();
        assertThat(notOurs).exists();
        assertThat(notOursEither).exists();
        assertThat(ModelFiles.read(model).training.epochs).isEqualTo(2);
    }

    @Test
    void aWriteThatFailsMidRunNamesTheFileAndTheCheckpointKeptAndTheResumeWorks() throws IOException {
        Path model = tmp.resolve("m.json");
        Path runDir = tmp.resolve("run");
        Path epochsCsv = Files.createDirectories(runDir.resolve("epochs.csv/in-the-way")).getParent();
        assertThat(train(model, runDir, 2)).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).containsExactly(cannotWriteKeepingCheckpoint(epochsCsv, runDir));
        assertThat(model).doesNotExist();

        Files.delete(epochsCsv.resolve("in-the-way"));
        Files.delete(epochsCsv);
        assertThat(train(model, runDir, 2, "--resume")).as(err.toString()).isZero();
        assertThat(ModelFiles.read(model).training.epochs).isEqualTo(2);
    }

    /** The one line for {@code file} (a folder in its place) failing after epoch 1, the checkpoint kept. */
    private static String cannotWriteKeepingCheckpoint(Path file, Path runDir) {
        return "train: error: cannot write " + file + ": Is a directory; the checkpoint after epoch 1 ("
                + runDir.resolve("checkpoint.bin") + ") is kept: continue with `train --resume --run-dir " + runDir
                + "` (same --out, --epochs) once the problem is fixed";
    }

    @Test
    void aModelFileThatCannotBeWrittenNamesItAndTheCheckpointToResumeFrom() throws IOException {
        Path model = tmp.resolve("m.json");
        Path runDir = tmp.resolve("run");
        Files.createDirectories(model.resolve("in-the-way"));
        assertThat(train(model, runDir, 1, "--force")).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).containsExactly(cannotWriteKeepingCheckpoint(model, runDir));

        Files.delete(model.resolve("in-the-way"));
        Files.delete(model);
        assertThat(train(model, runDir, 1, "--resume")).as(err.toString()).isZero();
        assertThat(ModelFiles.read(model).training.epochs).isEqualTo(1);
    }

    @Test
    void aPlotThatCannotBeWrittenSaysTheModelFileIsWritten() throws IOException {
        Path model = tmp.resolve("m.json");
        Path runDir = tmp.resolve("run");
        Path curves = Files.createDirectories(runDir.resolve("curves.png/in-the-way")).getParent();
        int code = run("train", "--epochs", "1", "--data", TestData.subsetDir().toString(), "--out", model.toString(),
                "--run-dir", runDir.toString(), "--iw-k", "0", "--no-progress", "--no-live");
        assertThat(code).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).containsExactly("train: error: cannot write " + curves + ": Is a directory; the model file "
                + model + " is written");
        assertThat(ModelFiles.read(model).training.epochs).isEqualTo(1);
    }

    /** A quick run on the subset without plots or bound. */
    private int train(Path model, Path runDir, int epochs, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--epochs", String.valueOf(epochs),
                "--data", TestData.subsetDir().toString(), "--out", model.toString(), "--run-dir", runDir.toString(),
                "--iw-k", "0", "--no-progress", "--no-plots", "--no-live"));
        args.addAll(java.util.List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** A folder holding a copy of the subset's four files. */
    private Path subsetCopy(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String file : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(TestData.subsetDir().resolve(file), dir.resolve(file));
        }
        return dir;
    }

    @Test
    void evaluateRefusesAModelFileLargerThanTheServersBoundWithoutReadingIt() throws IOException {
        Path huge = tmp.resolve("huge.json");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(2L << 30); // a 2 GB sparse file: no disk used
        }
        assertThat(run("evaluate", huge.toString(), "--data", TestData.subsetDir().toString())).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("evaluate: error: " + huge + ": file is 2147483648 bytes, more than the "
                + ModelFiles.MAX_BYTES + " bytes (64 MiB) a model file may have; not read");
        assertThat(ModelFiles.MAX_BYTES).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void evaluateReportsAMissingOrBrokenModelFile() throws IOException {
        assertThat(run("evaluate", tmp.resolve("absent.json").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("absent.json: no such model file");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"format\":{\"name\":\"vae-digits-model\",\"version\":99}}");
        assertThat(run("evaluate", broken.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("format.version is 99");
    }

    /** A command that fails the way the test says. */
    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        private final Throwable failure;
        private final boolean inAnotherThread;

        Boom(Throwable failure, boolean inAnotherThread) {
            this.failure = failure;
            this.inAnotherThread = inAnotherThread;
        }

        @Override
        public Integer call() throws Exception {
            if (inAnotherThread) {
                Thread t = new Thread(() -> {
                    throw (RuntimeException) failure;
                }, "worker");
                t.start();
                t.join();
                return 0;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private int boom(Throwable failure, boolean inAnotherThread) {
        return TrainerCli.execute(new picocli.CommandLine(new Boom(failure, inAnotherThread)), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }

    @Test
    void outOfMemoryIsOneLineWithAnExitCodeOfItsOwn() {
        assertThat(boom(new OutOfMemoryError("Java heap space"), false)).isEqualTo(TrainerCli.OUT_OF_MEMORY);
        assertThat(err.toString().lines()).containsExactly("boom: error: out of memory (Java heap space); close other programs"
                + " or give Java more memory, e.g. java -Xmx4g -jar trainer.jar boom");
    }

    @Test
    void otherErrorsAndMultiLineMessagesAreOneLineWithoutAStackTrace() {
        assertThat(boom(new UnsatisfiedLinkError("libtorch_cpu.so: cannot open shared object file"), false)).isEqualTo(TrainerCli.FAILED);
        assertThat(boom(new IllegalStateException("first line\n  second line"), false)).isEqualTo(TrainerCli.FAILED);
        assertThat(boom(new IllegalStateException("in a worker"), true)).isZero();
        assertThat(err.toString().lines()).containsExactly(
                "boom: error: UnsatisfiedLinkError: libtorch_cpu.so: cannot open shared object file (an internal error;"
                        + " -Dvaedigits.trainer.stacktraces=true shows where)",
                "boom: error: first line second line",
                "boom (thread worker): error: in a worker");
    }

    @Test
    void aModelFileWhoseFormatIsAStringIsOneLineNamingTheFile() throws IOException {
        Path file = tmp.resolve("string-format.json");
        Files.writeString(file, "{\"format\": \"vae-digits-model\", \"layers\": {}}");
        assertThat(run("evaluate", file.toString(), "--data", TestData.subsetDir().toString())).isEqualTo(TrainerCli.FAILED);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("evaluate: error: " + file + ": ").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void evaluateOnAnEditedFileSaysItDoesNotReproduceTheCheckVectorsAndExitsWithFour() throws IOException {
        ModelFile file = ModelFiles.read(Path.of("..", "models", "vae.json"));
        file.layers.encoderFc2.bias[0] += 1f; // still a valid file, but mu moves by 0.5: the check vectors no longer match
        Path edited = tmp.resolve("edited.json");
        ModelFiles.write(file, edited, false);
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = run("evaluate", edited.toString(), "--data", TestData.subsetDir().toString(), "--k", "0");
        } finally {
            System.setOut(original);
        }
        assertThat(code).isEqualTo(TrainerCli.CHECKS_DIFFER);
        String text = stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).containsPattern(java.util.regex.Pattern.quote(edited + ": DJL does NOT reproduce the file's check vectors:"
                + " the largest difference is ") + "0\\.\\d+, more than the tolerance 1e-5\\.");
        assertThat(text).contains("edited or damaged");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"fetch-data", "train", "evaluate", "report", "bench"}) {
            assertThat(run(command, "--help")).isZero();
        }
        assertThat(out.toString()).contains("--batch-size").contains("--k").contains("--resume").contains("--dir")
                .contains("--plain-progress");
    }
}
