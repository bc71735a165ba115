package org.vaedigits.trainer.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trainer} command line: fetch-data, train, evaluate, report, bench. Sets DJL's
 * offline mode and one intra-op thread before DJL loads. Whatever goes wrong reaches the user as
 * one line, {@code <command>: error: <what is wrong>}, and an exit code (no stack trace unless
 * {@code -Dvaedigits.trainer.stacktraces=true}):
 * {@value #OK} done, {@value #FAILED} failed (a missing or invalid file, I/O, network),
 * {@value #USAGE} bad command line or option values, {@value #NON_FINITE_LOSS} training stopped on
 * a NaN/Inf loss, {@value #CHECKS_DIFFER} DJL does not reproduce a model file's check vectors,
 * {@value #OUT_OF_MEMORY} out of memory, {@value #INTERRUPTED} interrupted (Ctrl-C, checkpoint saved).
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "vae-digits trainer 0.1.0",
        description = "Trains the vae-digits VAE on MNIST with DJL (PyTorch engine, CPU), evaluates and plots model files.",
        subcommands = {FetchDataCommand.class, TrainCommand.class, EvaluateCommand.class, ReportCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NON_FINITE_LOSS = 3;
    public static final int CHECKS_DIFFER = 4;
    public static final int OUT_OF_MEMORY = 5;
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        keepHeapNearLiveData();
        System.exit(run(args));
    }

    /**
     * Lets G1 give back heap the trainer does not use: by default it sizes the heap for the machine
     * (1/64 of its memory at start, here 368 MB for 67 MB of live data) and keeps every page it
     * touched. Free-ratio bounds and a periodic collection (JDK flags a running JVM may change)
     * took a 8-epoch `train` from 678 to 544 MB resident at the same speed. Flags the user set on
     * the command line are left alone; a JVM without them (not HotSpot) runs as it is.
     */
    static void keepHeapNearLiveData() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            setIfDefault(vm, "MinHeapFreeRatio", "5");
            setIfDefault(vm, "MaxHeapFreeRatio", "20");
            setIfDefault(vm, "G1PeriodicGCInterval", "1000");
        } catch (RuntimeException e) {
            // no HotSpot management here: the heap stays as the JVM sizes it
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean vm, String flag, String value) {
        if (vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
            vm.setVMOption(flag, value);
        }
    }

    /** Runs the command line and returns the exit code (tests call this; main exits with it). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        configureDjl();
        return execute(new CommandLine(new TrainerCli()), out, err, args);
    }

    /**
     * Runs {@code cli} with the trainer's error handling: an exception of a command, and as a last
     * resort an {@link Error} such as {@link OutOfMemoryError}, becomes one line on {@code err}
     * and an exit code.
     */
    static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getCommandName(), commandLine.getErr()));
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : cli.getCommandName();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        // a failure in another thread (a progress bar, a worker) is one line too
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> report(e, command + " (thread " + thread.getName() + ")", err));
        try {
            return cli.execute(args);
        } catch (Error e) {
            return report(e, command, err);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    /** Prints {@code <command>: error: <message>} (one line) and returns the exit code for {@code e}. */
    static int report(Throwable e, String command, PrintWriter err) {
        if (e instanceof OutOfMemoryError) {
            err.println(command + ": error: out of memory (" + (e.getMessage() == null ? "Java heap space" : e.getMessage())
                    + "); close other programs or give Java more memory, e.g. java -Xmx4g -jar trainer.jar " + command);
        } else if (e instanceof Exception) {
            err.println(command + ": error: " + message(e));
        } else {
            err.println(command + ": error: " + e.getClass().getSimpleName() + ": " + message(e)
                    + " (an internal error; -Dvaedigits.trainer.stacktraces=true shows where)");
        }
        if (Boolean.getBoolean("vaedigits.trainer.stacktraces")) {
            e.printStackTrace(err);
        }
        err.flush();
        if (e instanceof OutOfMemoryError) {
            return OUT_OF_MEMORY;
        }
        return e instanceof IllegalArgumentException ? USAGE : FAILED;
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

    /**
     * What went wrong, as the user reads it: the message of our own exceptions (the fetcher's
     * list of what to put where keeps its lines), anything else on one line.
     */
    static String message(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fse) {
            return fse.getFile() + (fse.getReason() == null ? "" : ": " + fse.getReason());
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        boolean ours = e instanceof java.io.IOException && !(e instanceof org.vaedigits.modelfile.ModelFileException);
        return ours ? m.strip() : m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of fetch-data, train, evaluate, report, bench");
    }
}
