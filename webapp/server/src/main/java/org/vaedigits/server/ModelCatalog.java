package org.vaedigits.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vaedigits.model.ModelFile;
import org.vaedigits.modelfile.ModelFileException;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The model files in one folder, rescanned on every call so a newly trained model appears
 * without a restart; each file is parsed and validated by {@link ModelFiles} once per
 * (size, modification time). Thread-safe.
 */
public final class ModelCatalog {
    /** Model file names the server lists and serves; anything else is ignored or refused. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+\\.json");
    /** The default model, when it is present and valid. */
    public static final String DEFAULT_NAME = "vae.json";
    /** Larger files are listed as invalid without being read (a model file is about 1 MB). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper TREE = new ObjectMapper();

    private final Path dir;
    private final Map<String, Entry> cache = new HashMap<>();

    /** What the page learns about one model file; serialized as an element of /api/models. */
    public static final class Entry {
        public String name;
        public long bytes;
        /** Last modification, ISO-8601. */
        public String modified;
        /** {@code format.version} when the file says one, else null. */
        public Integer formatVersion;
        public boolean valid;
        /** Why the file is not served; null when valid. */
        public String reason;
        /** True for the one model the page opens first. */
        @com.fasterxml.jackson.annotation.JsonProperty("default")
        public boolean isDefault;
        public Training training;
        public Metrics metrics;

        @com.fasterxml.jackson.annotation.JsonIgnore
        long modifiedMillis;
        /** Strong validator of the file's bytes (hex SHA-256, shortened). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        String digest;
    }

    /** How a model was trained, as far as the list shows it. */
    public static final class Training {
        public String data;
        public int epochs;
        public int batchSize;
        public double imagesPerSecond;
        public double wallTimeSeconds;
        public String finishedAt;
    }

    /** Test metrics in nats per image, as stated in the file. */
    public static final class Metrics {
        public double negElbo;
        public double bce;
        public double kl;
        public double iwLogPx;
        public int testImages;
    }

    /** The bytes of a valid model file with their digest. */
    public static final class ModelBytes {
        public final byte[] bytes;
        public final String digest;

        ModelBytes(byte[] bytes, String digest) {
            this.bytes = bytes;
            this.digest = digest;
        }
    }

    public ModelCatalog(Path dir) {
        this.dir = dir;
    }

    /** The folder this catalog reads. */
    public Path dir() {
        return dir;
    }

    /**
     * Every *.json file in the folder with an allowed name: the default first (vae.json, or
     * the newest valid file when vae.json is missing or invalid), then newest first.
     */
    public synchronized List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> seen = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
                        continue;
                    }
                    Entry entry = entry(file, name);
                    if (entry != null) {
                        entries.add(entry);
                        seen.put(name, entry);
                    }
                }
            }
        }
        cache.keySet().retainAll(seen.keySet());
        Entry chosen = null;
        for (Entry e : entries) {
            e.isDefault = false;
            if (e.valid && (chosen == null || DEFAULT_NAME.equals(e.name)
                    || (!DEFAULT_NAME.equals(chosen.name) && e.modifiedMillis > chosen.modifiedMillis))) {
                chosen = e;
            }
        }
        if (chosen != null) {
            chosen.isDefault = true;
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.isDefault)
                .thenComparing(e -> -e.modifiedMillis)
                .thenComparing(e -> e.name));
        return entries;
    }

    /**
     * The bytes of the named model when it exists and is valid; otherwise a
     * {@link ModelFileException} whose message says why (unknown name or the validation problem).
     */
    public ModelBytes read(String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ModelFileException("'" + name + "' is not a model file name (expected [A-Za-z0-9._-]+.json)");
        }
        Path file = dir.resolve(name);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelFileException(name + " is invalid: " + tooLarge(Files.size(file)));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("no model file '" + name + "' in " + dir);
        }
        String digest = digest(bytes);
        Entry known;
        synchronized (this) {
            known = cache.get(name);
        }
        if (known == null || !digest.equals(known.digest)) {
            // changed since the last scan (atomic writes: always a whole file): validate these bytes
            try {
                ModelFiles.parse(bytes, name);
            } catch (ModelFileException e) {
                throw new ModelFileException(reasonOf(e, name));
            }
        } else if (!known.valid) {
            throw new ModelFileException(name + " is invalid: " + known.reason);
        }
        return new ModelBytes(bytes, digest);
    }

    /** A cheap fingerprint of the folder's listing: changes when a file appears, goes or changes. */
    public String fingerprint() throws IOException {
        StringBuilder sb = new StringBuilder();
        if (Files.isDirectory(dir)) {
            List<String> parts = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                        parts.add(file.getFileName() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis());
                    } catch (NoSuchFileException e) {
                        // vanished while listing: the next call sees the new state
                    }
                }
            }
            parts.sort(null);
            for (String p : parts) {
                sb.append(p).append('\n');
            }
        }
        return sb.toString();
    }

    private Entry entry(Path file, String name) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Entry cached = cache.get(name);
        if (cached != null && cached.bytes == size && cached.modifiedMillis == modified) {
            return cached;
        }
        Entry e = new Entry();
        e.name = name;
        e.bytes = size;
        e.modifiedMillis = modified;
        e.modified = Instant.ofEpochMilli(modified).toString();
        if (size > MAX_BYTES) {
            e.valid = false;
            e.reason = tooLarge(size);
            e.digest = "";
            cache.put(name, e);
            return e;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException ex) {
            return null;
        }
        e.digest = digest(bytes);
        try {
            ModelFile model = ModelFiles.parse(bytes, name);
            e.valid = true;
            e.formatVersion = model.format.version;
            e.training = training(model.training);
            e.metrics = metrics(model.metrics);
        } catch (ModelFileException ex) {
            e.valid = false;
            e.reason = reasonOf(ex, name);
            e.formatVersion = formatVersionOf(bytes);
        }
        cache.put(name, e);
        return e;
    }

    private static Training training(ModelFile.Training t) {
        if (t == null) {
            return null;
        }
        Training s = new Training();
        s.data = t.data;
        s.epochs = t.epochs;
        s.batchSize = t.batchSize;
        s.imagesPerSecond = t.imagesPerSecond;
        s.wallTimeSeconds = t.wallTimeSeconds;
        s.finishedAt = t.finishedAt;
        return s;
    }

    private static Metrics metrics(ModelFile.Metrics m) {
        if (m == null) {
            return null;
        }
        Metrics s = new Metrics();
        s.negElbo = m.negElbo;
        s.bce = m.bce;
        s.kl = m.kl;
        s.iwLogPx = m.iwLogPx;
        s.testImages = m.testImages;
        return s;
    }

    private static String tooLarge(long size) {
        return "file is " + size + " bytes, more than the " + MAX_BYTES + " a model file may have";
    }

    /** The message without the leading "name: " that ModelFiles puts first. */
    private static String reasonOf(ModelFileException e, String name) {
        String message = e.getMessage();
        String prefix = name + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static Integer formatVersionOf(byte[] bytes) {
        try {
            JsonNode version = TREE.readTree(bytes).path("format").path("version");
            return version.isInt() ? version.intValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** First 32 hex digits of SHA-256. */
    static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
