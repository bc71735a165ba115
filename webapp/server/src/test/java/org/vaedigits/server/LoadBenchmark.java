package org.vaedigits.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;
import org.vaedigits.modelfile.ModelFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load benchmark of the real server, started as its own process ({@code java -jar webapp.jar}) on a
 * free loopback port, so its memory is measured alone (VmRSS and VmHWM of /proc/PID/status) and
 * its descriptors too (/proc/PID/fd). Scenarios: {@code mix} (the page, its files, the model list
 * and the default model, with and without gzip), {@code path} (one address, e.g. a 64 MB model),
 * {@code events} (event streams opened and dropped), {@code slow} (a client trickling its headers).
 * Bounded in requests and in time. Not a test: {@code webapp/bench/load-bench.sh} runs it.
 */
@Command(name = "load-bench", mixinStandardHelpOptions = true,
        description = "Load benchmark of webapp.jar on loopback: requests/s, p50/p99 latency, errors, server RSS.")
public final class LoadBenchmark implements Callable<Integer> {
    @Option(names = "--jar", defaultValue = "webapp/target/webapp.jar", description = "Server jar (default: ${DEFAULT-VALUE}).")
    Path jar;
    @Option(names = "--models", defaultValue = "models", description = "Models folder of the server (default: ${DEFAULT-VALUE}).")
    Path models;
    @Option(names = "--scenario", defaultValue = "mix", description = "mix, path, events or slow (default: ${DEFAULT-VALUE}).")
    String scenario;
    @Option(names = "--path", defaultValue = "/models/vae.json", description = "Address of the path scenario (default: ${DEFAULT-VALUE}).")
    String path;
    @Option(names = "--requests", defaultValue = "20000", description = "Requests in all (default: ${DEFAULT-VALUE}).")
    int requests;
    @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "--gzip", defaultValue = "both", description = "yes, no, or both: every other request (default: ${DEFAULT-VALUE}).")
    String gzip;
    @Option(names = "--seconds", defaultValue = "120", description = "Time limit of the measurement (default: ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--request-timeout", defaultValue = "60", description = "Seconds one request may take (default: ${DEFAULT-VALUE}).")
    int requestTimeout;
    @Option(names = "--prepare-copies", paramLabel = "N",
            description = "First fill --models with vae.json and N copies of it (copy-00001.json, ...).")
    int copies;
    @Option(names = "--prepare-big", description = "First write vae.json and big.json (a valid model just under 64 MB) into --models.")
    boolean big;
    @Option(names = "--java", defaultValue = "java", description = "Java launcher of the server (default: ${DEFAULT-VALUE}).")
    String javaCommand;

    /** The files the page loads, then the model list and the default model. */
    private static final String[] MIX = {"/", "/app.js", "/style.css", "/favicon.svg", "/client/client.wasm-runtime.js",
        "/client/client.wasm", "/api/models", "/models/vae.json"};
    private static final Path DEFAULT_MODEL = Paths.get("models", "vae.json");

    public static void main(String[] args) {
        int code = new CommandLine(new LoadBenchmark()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(DEFAULT_MODEL) || !Files.isRegularFile(jar)) {
            System.err.println("load-bench: run from the repository root after building the server (needs "
                    + DEFAULT_MODEL + " and " + jar + ")");
            return 2;
        }
        if (copies > 0 || big) {
            prepare();
        }
        Server server = Server.start(javaCommand, jar, models);
        try {
            System.out.printf(Locale.ROOT, "server: %s (pid %d) on %s, models %s%n", jar, server.process.pid(), server.base, models);
            System.out.printf(Locale.ROOT, "server before: %s%n", server.memory());
            switch (scenario) {
                case "mix" -> requests(server, MIX);
                case "path" -> requests(server, new String[] {path});
                case "events" -> events(server);
                case "slow" -> slowClient(server);
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + scenario);
            }
            System.out.printf(Locale.ROOT, "server after:  %s%n", server.memory());
        } finally {
            server.stop();
        }
        return 0;
    }

    /** {@code requests} requests over the addresses from {@code clients} threads sharing one HTTP/1.1 client. */
    private void requests(Server server, String[] paths) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(10)).build();
        for (String p : paths) {
            // warm-up: the first look at a folder of many files or a large model may take long
            HttpResponse<Void> r = http.send(request(server, p, false, Duration.ofMinutes(5)), HttpResponse.BodyHandlers.discarding());
            System.out.printf(Locale.ROOT, "warm-up %s: %d%n", p, r.statusCode());
        }
        long[] nanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        Map<String, AtomicInteger> errors = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            workers.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    String p = paths[i % paths.length];
                    boolean gz = gzip.equals("yes") || (gzip.equals("both") && (i / paths.length) % 2 == 0);
                    long t0 = System.nanoTime();
                    String error = null;
                    try {
                        HttpResponse<InputStream> r = http.send(request(server, p, gz, Duration.ofSeconds(requestTimeout)),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            bytes.addAndGet(in.transferTo(OutputStream.nullOutputStream()));
                        }
                        if (r.statusCode() != 200) {
                            error = "HTTP " + r.statusCode() + " " + p;
                        }
                    } catch (IOException e) {
                        error = e.getClass().getSimpleName() + " " + p;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    nanos[i] = System.nanoTime() - t0;
                    done.incrementAndGet();
                    if (error != null) {
                        synchronized (errors) {
                            errors.computeIfAbsent(error, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }
            });
        }
        MemorySampler peak = MemorySampler.start(server);
        workers.shutdown();
        workers.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - start) / 1e9;
        peak.stop();
        pool.shutdownNow();
        int n = done.get();
        long[] sorted = Arrays.copyOf(nanos, Math.min(n, nanos.length));
        Arrays.sort(sorted);
        int errorCount = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf(Locale.ROOT, "%d requests (%d clients, gzip %s) over %d address(es) in %.2f s: %.0f requests/s, "
                        + "p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors, %.1f MB received%n",
                n, clients, gzip, paths.length, wall, n / wall, ms(sorted, 0.50), ms(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errorCount, bytes.get() / 1e6);
        errors.forEach((k, v) -> System.out.printf(Locale.ROOT, "  error %s: %d%n", k, v.get()));
        System.out.printf(Locale.ROOT, "server peak RSS during the run (sampled every 20 ms): %d MB%n", peak.maxRssKb() / 1024);
    }

    private static HttpRequest request(Server server, String path, boolean gzip, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path)).timeout(timeout);
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return b.build();
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    /**
     * One client opens {@code requests} event streams one after another and drops each at once
     * (closes its socket); prints the answers and the server's descriptors: most at once, at the
     * end, and after the streams had {@code seconds} to be noticed as gone.
     */
    private void events(Server server) throws Exception {
        Map<String, AtomicInteger> answers = new TreeMap<>();
        MemorySampler sampler = MemorySampler.start(server);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        int opened = 0;
        for (; opened < requests && System.nanoTime() < deadline; opened++) {
            String answer;
            try (Socket s = new Socket(server.host, server.port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: " + server.host + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
                answer = status == null ? "closed without an answer" : status.replaceFirst("^HTTP/1\\.1 ", "");
            } catch (IOException e) {
                answer = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            answers.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.stop();
        System.out.printf(Locale.ROOT, "%d event streams opened and dropped in %.2f s; server descriptors: at most %d, at the end %d%n",
                opened, wall, sampler.maxFds(), server.fds());
        answers.forEach((k, v) -> System.out.printf(Locale.ROOT, "  answer %s: %d%n", k, v.get()));
        for (int waited = 0; waited < 60; waited += 5) {
            Thread.sleep(5000);
            System.out.printf(Locale.ROOT, "  %2d s later: %d descriptors%n", waited + 5, server.fds());
        }
    }

    /**
     * A client trickles its request head one byte per second while another client asks for the
     * page every second: how long until the server drops the slow one, and whether the others
     * are served meanwhile. Gives up after {@code seconds}.
     */
    private void slowClient(Server server) throws Exception {
        byte[] head = ("GET / HTTP/1.1\r\nHost: " + server.host + "\r\nUser-Agent: trickle" + "-".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int served = 0;
        int failed = 0;
        long start = System.nanoTime();
        String outcome = "still connected after " + seconds + " s";
        try (Socket s = new Socket(server.host, server.port)) {
            s.setSoTimeout(1000);
            for (int i = 0; i < head.length && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds); i++) {
                try {
                    s.getOutputStream().write(head[i]);
                    s.getOutputStream().flush();
                    if (s.getInputStream().read() < 0) {
                        outcome = String.format(Locale.ROOT, "dropped after %.1f s (%d bytes sent)", (System.nanoTime() - start) / 1e9, i + 1);
                        break;
                    }
                    outcome = "answered before the head was complete";
                    break;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server still waits for the rest of the head
                } catch (IOException e) {
                    outcome = String.format(Locale.ROOT, "dropped after %.1f s (%s)", (System.nanoTime() - start) / 1e9, e.getMessage());
                    break;
                }
                try {
                    int status = http.send(request(server, "/", false, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.discarding()).statusCode();
                    served += status == 200 ? 1 : 0;
                    failed += status == 200 ? 0 : 1;
                } catch (IOException e) {
                    failed++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "trickling client: %s; meanwhile %d page requests served, %d failed%n", outcome, served, failed);
    }

    /** Writes the models the options ask for into --models. */
    private void prepare() throws IOException {
        Files.createDirectories(models);
        Files.copy(DEFAULT_MODEL, models.resolve("vae.json"), StandardCopyOption.REPLACE_EXISTING);
        for (int i = 1; i <= copies; i++) {
            Files.copy(DEFAULT_MODEL, models.resolve(String.format(Locale.ROOT, "copy-%05d.json", i)),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (big) {
            byte[] json = bigModel(ModelFiles.read(DEFAULT_MODEL), 64L * 1024 * 1024 - 64 * 1024);
            Files.write(models.resolve("big.json"), json);
            System.out.printf(Locale.ROOT, "wrote %s (%d bytes)%n", models.resolve("big.json"), json.length);
        }
        System.out.printf(Locale.ROOT, "prepared %s: vae.json and %d copies%n", models, copies);
    }

    /** The model with a latent map of random points, as many as fit in {@code limit} bytes of JSON. */
    static byte[] bigModel(ModelFile model, long limit) {
        Prng prng = new Prng(11);
        int points = 2_000_000;
        for (int attempt = 0; attempt < 20; attempt++) {
            ModelFile.LatentMap map = new ModelFile.LatentMap();
            map.projection = "random points for the load benchmark";
            map.x = new float[points];
            map.y = new float[points];
            map.labels = new int[points];
            for (int i = 0; i < points; i++) {
                map.x[i] = (float) prng.nextGaussian();
                map.y[i] = (float) prng.nextGaussian();
                map.labels[i] = (int) (prng.nextDouble() * 10);
            }
            map.axes = model.latentMap != null ? model.latentMap.axes : new float[16];
            model.latentMap = map;
            byte[] json = ModelFiles.toJson(model);
            if (json.length <= limit && json.length > limit * 0.97) {
                return json;
            }
            points = (int) (points * (limit * 0.985 / json.length));
        }
        throw new IllegalStateException("could not size the big model");
    }

    /** The server process, its address and its /proc figures. */
    static final class Server {
        final Process process;
        final String host = "127.0.0.1";
        final int port;
        final String base;

        private Server(Process process, int port) {
            this.process = process;
            this.port = port;
            this.base = "http://" + host + ":" + port;
        }

        static Server start(String java, Path jar, Path models) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--models", models.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern address = Pattern.compile("open http://127\\.0\\.0\\.1:(\\d+)/");
            List<String> seen = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = address.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> drain(out), "server-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, Integer.parseInt(m.group(1)));
                }
                seen.add(line);
            }
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the server did not start: " + String.join("\n", seen));
        }

        private static void drain(BufferedReader out) {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("  [server] " + line);
                }
            } catch (IOException e) {
                // the server stopped
            }
        }

        /** VmRSS and VmHWM (peak) of the server process, and its open descriptors. */
        String memory() {
            return String.format(Locale.ROOT, "RSS %d MB (peak so far %d MB), %d descriptors",
                    status("VmRSS") / 1024, status("VmHWM") / 1024, fds());
        }

        long status(String field) {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc", String.valueOf(process.pid()), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        }

        int fds() {
            String[] names = Paths.get("/proc", String.valueOf(process.pid()), "fd").toFile().list();
            return names == null ? -1 : names.length;
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Samples the server's RSS and descriptors every 20 ms on a daemon thread. */
    static final class MemorySampler {
        private final Server server;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long maxRssKb;
        private volatile int maxFds;

        private MemorySampler(Server server) {
            this.server = server;
            this.thread = new Thread(this::run, "server-sampler");
            thread.setDaemon(true);
        }

        static MemorySampler start(Server server) {
            MemorySampler s = new MemorySampler(server);
            s.thread.start();
            return s;
        }

        private void run() {
            while (running) {
                maxRssKb = Math.max(maxRssKb, server.status("VmRSS"));
                maxFds = Math.max(maxFds, server.fds());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxRssKb() {
            return maxRssKb;
        }

        int maxFds() {
            return maxFds;
        }
    }
}
