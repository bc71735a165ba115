package org.vaedigits.trainer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFiles;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.data.Mnist;
import org.vaedigits.trainer.model.VaeModel;
import org.vaedigits.trainer.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report}: writes the four PNG plots of a model file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the homework's plots of a model file as PNG: dataset images, KL and BCE per update, reconstructions, prior samples.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (JSON).")
    Path modelPath;
    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the PNGs (default: runs/<model name>-report).")
    Path out;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist", description = "MNIST folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws Exception {
        ModelFile file = ModelFiles.read(modelPath);
        Path dir = out != null ? out
                : Path.of("runs", modelPath.getFileName().toString().replaceFirst("\\.json$", "") + "-report");
        Dataset train = Mnist.load(data, Mnist.Split.TRAIN);
        Dataset test = Mnist.load(data, Mnist.Split.TEST);
        try (VaeModel model = VaeModel.fromModelFile(file)) {
            for (Path png : new Reports(model).writeAll(file, train, test, dir)) {
                System.out.println("wrote " + png);
            }
        }
        return 0;
    }
}
