package org.vaedigits.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the server: {@code java -jar webapp.jar [--port N] [--host H] [--models DIR]}. */
@Command(name = "webapp", mixinStandardHelpOptions = true, version = "vae-digits webapp 0.1.0",
        description = "Serves the vae-digits page, its TeaVM client and the model files in a folder.")
public final class Main implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "7070", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--models", defaultValue = "models", description = "Folder of model files (default: ${DEFAULT-VALUE}).")
    Path models;

    /** Exit code when the port is taken. */
    static final int PORT_IN_USE = 3;
    /** Exit code when the models folder does not exist. */
    static final int NO_MODELS_FOLDER = 2;

    /** The running server after {@link #call()} (tests stop it). */
    Javalin app;

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // Javalin logs "Failed to start Javalin" before rethrowing; call() reports that failure itself
        if (System.getProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin", "off");
        }
        returnUnusedHeap();
        CommandLine cli = new CommandLine(new Main());
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Path dir = models.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("webapp: models folder " + dir + " does not exist. Run from the project folder, "
                    + "or pass --models DIR (the folder holding vae.json).");
            return NO_MODELS_FOLDER;
        }
        ModelCatalog catalog = new ModelCatalog(dir);
        List<ModelCatalog.Entry> entries = catalog.list();
        // the first look read and parsed every model file: its garbage can be hundreds of MB, which G1
        // would keep committed until a periodic collection; one full collection now returns it
        System.gc();
        long valid = entries.stream().filter(e -> e.valid).count();
        for (ModelCatalog.Entry e : entries) {
            if (!e.valid) {
                err.println("webapp: skipping " + e.name + ": " + e.reason);
            }
        }
        if (valid == 0) {
            err.println("webapp: WARNING: no valid model file in " + dir + " (" + entries.size()
                    + " *.json found). The page will have nothing to show until one is trained there: "
                    + "see README, 'trainer train'. The server keeps running and picks it up.");
        }
        app = WebServer.create(catalog, ServerLimits.DEFAULT);
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            if (causedByBind(e)) {
                err.println("webapp: port " + port + " on " + host + " is already in use. Stop the other server, "
                        + "or pick another port: --port " + (port + 1));
                app.stop();
                return PORT_IN_USE;
            }
            throw e;
        }
        boolean everyInterface = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        String shownHost = everyInterface ? "127.0.0.1" : (host.contains(":") ? "[" + host + "]" : host);
        String defaultModel = entries.stream().filter(e -> e.isDefault).map(e -> e.name).findFirst().orElse("none");
        out.println("vae-digits: open http://" + shownHost + ":" + app.port() + "/   (models: " + dir + ", "
                + valid + " valid, default " + defaultModel + "; Ctrl+C stops)"
                + (everyInterface ? "\n  listening on every interface (" + host + "): other machines can open it too" : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "webapp-stop"));
        return 0;
    }

    /**
     * Lets the JVM give memory back: G1 keeps its heap at its peak size unless a periodic
     * collection runs (JEP 346, off by default), and after the first look at a folder of large
     * files that peak is mostly garbage. These three flags are "manageable", meant to be set while
     * the JVM runs; one given on the command line (-XX:...) is left as it is.
     */
    static void returnUnusedHeap() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            setIfDefault(vm, "G1PeriodicGCInterval", "5000"); // ms without a collection before G1 runs one
            setIfDefault(vm, "MinHeapFreeRatio", "10"); // before MaxHeapFreeRatio: min must stay <= max
            setIfDefault(vm, "MaxHeapFreeRatio", "30");
        } catch (RuntimeException e) {
            // another JVM or collector: its own defaults
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean vm, String flag, String value) {
        if (vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
            vm.setVMOption(flag, value);
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof io.javalin.util.JavalinBindException) {
                return true;
            }
        }
        return false;
    }
}
