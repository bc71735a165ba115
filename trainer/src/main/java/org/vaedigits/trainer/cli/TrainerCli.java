package org.vaedigits.trainer.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trainer} command line: fetch-data, train, evaluate, report, bench. Sets DJL's
 * offline mode and one intra-op thread before DJL loads.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "vae-digits trainer 0.1.0",
        description = "Trains the vae-digits VAE on MNIST with DJL (PyTorch engine, CPU), evaluates and plots model files.",
        subcommands = {FetchDataCommand.class, TrainCommand.class, EvaluateCommand.class, ReportCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this; main exits with it). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        configureDjl();
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": error: " + message(e));
            if (Boolean.getBoolean("vaedigits.trainer.stacktraces")) {
                e.printStackTrace(commandLine.getErr());
            }
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    /** Properties DJL reads once, when it loads: offline, one intra-op thread unless set. */
    static void configureDjl() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    static String message(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fse) {
            return fse.getFile() + (fse.getReason() == null ? "" : ": " + fse.getReason());
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of fetch-data, train, evaluate, report, bench");
    }
}
