package org.vaedigits.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vaedigits.model.CheckVectors;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;
import org.vaedigits.model.Vae;
import org.vaedigits.modelfile.ModelFileException;
import org.vaedigits.modelfile.ModelFiles;

/**
 * The model files of one folder. A look at the folder reads only file attributes; a file is read,
 * parsed, validated and its check vectors recomputed once per version (size, modification time,
 * file key), and only when it is a regular file inside the folder, of an allowed name and at most
 * {@link #MAX_BYTES}; everything else is listed as invalid with the reason. Lookups use the last
 * look, taken again when {@link #refresh()} runs (the server's watcher: a WatchService event or
 * every 250 ms), or at once when the folder's own modification time shows an added, removed or
 * renamed file. Thread-safe.
 */
public final class ModelCatalog {
    /** The default model, when it is present and valid. */
    public static final String DEFAULT_NAME = "vae.json";
    /** Larger files are listed as invalid without being read (a model file is about 1 MB). */
    public static final long MAX_BYTES = ModelFiles.MAX_BYTES;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@link CheckVectors#TOLERANCE} as people write it ("1e-5", where %e would say "1e-05"). */
    private static final String TOLERANCE_TEXT = String.format(Locale.ROOT, "%.0e", CheckVectors.TOLERANCE).replaceFirst("e([-+])0*", "e$1");

    private final Path dir;
    private final ModelContents contents;
    private volatile Snapshot snapshot = new Snapshot(List.of());
    /** True until the first look, and when the watcher saw a change it has not looked at yet. */
    private volatile boolean stale = true;
    private volatile FileTime folderModified;
    /** Looks at the folder so far (for tests: lookups alone must not look). */
    private long looks;
    /** How many looks found the list changed, whoever looked (a request or the watcher). */
    private long changes;

    /** What the page learns about one model file; serialized as an element of /api/models. */
    public static final class Entry {
        public String name;
        /** Size in bytes (0 for what is not a regular file, or not read). */
        public long bytes;
        /** Last modification, ISO-8601. */
        public String modified;
        /** {@code format.version} when the file says one, else null. */
        public Integer formatVersion;
        public boolean valid;
        /** Why the file is not served; null when valid. */
        public String reason;
        /** True for the one model the page opens first. */
        @JsonProperty("default")
        public boolean isDefault;
        public Training training;
        public Metrics metrics;

        @JsonIgnore
        long modifiedMillis;
        /** Strong validator of the validated bytes (hex SHA-256, shortened); null when invalid. */
        @JsonIgnore
        String digest;
        @JsonIgnore
        Version version;
        /** The file to read: the folder's entry, or the real path of a symbolic link inside the folder. */
        @JsonIgnore
        Path source;
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

    /** One version of a folder entry: a file changed when any of these did. */
    record Version(Path source, String kind, long size, FileTime modified, Object fileKey) {
    }

    /** The result of one look at the folder: entries in list order (default first) and by name. */
    static final class Snapshot {
        final List<Entry> entries;
        final Map<String, Entry> byName = new LinkedHashMap<>();
        final Entry defaultEntry;
        private Body list;

        Snapshot(List<Entry> entries) {
            this.entries = List.copyOf(entries);
            for (Entry e : entries) {
                byName.put(e.name, e);
            }
            this.defaultEntry = entries.isEmpty() || !entries.get(0).isDefault ? null : entries.get(0);
        }

        /** The /api/models body, serialized once per look that changed something. */
        synchronized Body list() throws IOException {
            if (list == null) {
                list = new Body(JSON.writeValueAsBytes(entries), "application/json");
            }
            return list;
        }
    }

    /** A catalog whose model bytes and gzipped copies take at most {@code cacheBytes} of memory. */
    public ModelCatalog(Path dir, long cacheBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.contents = new ModelContents(cacheBytes);
    }

    /** A catalog with the default memory for model bytes ({@link ServerLimits#DEFAULT}). */
    public ModelCatalog(Path dir) {
        this(dir, ServerLimits.DEFAULT.cacheBytes());
    }

    /** The folder this catalog reads. */
    public Path dir() {
        return dir;
    }

    /**
     * Every *.json file in the folder (any case, hidden files aside): the default first (vae.json,
     * or the newest valid file when vae.json is missing or invalid), then newest first.
     */
    public List<Entry> list() {
        return current().entries;
    }

    /** The entry of that name, or null. */
    public Entry find(String name) {
        return current().byName.get(name);
    }

    /** The last look at the folder, or a new one when it changed since. */
    Snapshot current() {
        if (stale || !Objects.equals(folderModified(), folderModified)) {
            refresh();
        }
        return snapshot;
    }

    /** How many times the folder was looked at. */
    synchronized long looks() {
        return looks;
    }

    /** How many times a look found the list changed: the watcher compares it, so a change first seen by a request is still announced. */
    synchronized long changes() {
        return changes;
    }

    /** Asks for a new look before the next lookup (a WatchService event). */
    void markStale() {
        stale = true;
    }

    /**
     * Looks at the folder again: attributes of every entry, reading only files whose version
     * changed. True when the list changed.
     */
    public synchronized boolean refresh() {
        looks++;
        stale = false;
        FileTime modified = folderModified();
        Path realDir = realDir();
        Map<String, Entry> before = snapshot.byName;
        List<Entry> entries = new ArrayList<>();
        if (realDir != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                        Entry e = look(file, name, realDir, before.get(name));
                        if (e != null) {
                            entries.add(e);
                        }
                    }
                }
            } catch (IOException e) {
                // the folder went away or became unreadable while listed: an empty list until it is back
                entries.clear();
            }
        }
        boolean changed = !sameVersions(before, entries);
        if (changed) {
            chooseDefault(entries);
            snapshot = new Snapshot(entries);
            changes++;
            Set<Version> live = new HashSet<>();
            for (Entry e : entries) {
                live.add(e.version);
            }
            contents.retain(live);
        }
        // set last: a lookup that finds this time unchanged skips the look and takes the snapshot,
        // so the snapshot must be this look's (set first, a lookup could meet the empty start list)
        folderModified = modified;
        return changed;
    }

    /**
     * The bytes of a valid entry, from memory or read once more (then checked to be the validated
     * bytes). A {@link ModelFileException} says the file changed since it was looked at.
     */
    Body content(Entry entry) throws IOException {
        return contents.get(entry.version, () -> {
            byte[] bytes = FolderFiles.read(entry.source, entry.version.size());
            Body body = new Body(bytes, "application/json");
            if (!body.digest.equals(entry.digest)) {
                markStale();
                throw new ModelFileException(entry.name + " changed since it was checked; try again in a moment");
            }
            return body;
        });
    }

    /**
     * The parts of a valid entry's file the server derives: {@link PackedModel}'s two, the JSON
     * without them, and the three in one response for a page's first model ({@link #bundle}).
     */
    public static final List<String> PARTS = List.of("decoder", "encoder", "meta", "bundle");

    /**
     * A part derived from a valid entry's validated bytes ({@link #PARTS}), made once per file
     * version (all three from one parse) and kept like the file's own bytes: {@code decoder} and
     * {@code encoder} are {@link PackedModel}'s binary parts (application/octet-stream), {@code meta}
     * the file's JSON without {@code layers} and {@code checks}, {@code bundle} the three in one
     * ({@link #bundle}). Null {@code part}: the file itself.
     */
    Body content(Entry entry, String part) throws IOException {
        if (part == null) {
            return content(entry);
        }
        if (!PARTS.contains(part)) {
            throw new IllegalArgumentException("no part " + part);
        }
        return contents.get(new ModelContents.Key(entry.version, part), () -> {
            Body file = content(entry);
            ModelFile model = ModelFiles.parse(file.bytes, entry.name);
            int layout = PackedModel.layout(model); // once for both parts
            Body decoder = new Body(PackedModel.pack(model, PackedModel.DECODER, layout), "application/octet-stream");
            Body encoder = new Body(PackedModel.pack(model, PackedModel.ENCODER, layout), "application/octet-stream");
            ObjectNode tree = (ObjectNode) JSON.readTree(file.bytes);
            tree.remove("layers");
            tree.remove("checks");
            roundPlotted(tree);
            Body meta = new Body(JSON.writeValueAsBytes(tree), "application/json");
            Body bundle = new Body(bundle(decoder.bytes, meta.bytes, encoder.bytes), "application/octet-stream");
            Map<String, Body> parts = Map.of("decoder", decoder, "encoder", encoder, "meta", meta, "bundle", bundle);
            parts.forEach((name, body) -> {
                if (!name.equals(part)) {
                    contents.offer(new ModelContents.Key(entry.version, name), body);
                }
            });
            return parts.get(part);
        });
    }

    /**
     * The {@code bundle} part: the decoder, meta and encoder parts in that order, each its byte
     * length (uint32, little-endian) and then its bytes. One response keeps a slow line busy from
     * the first byte to the last: the page draws samples once the decoder is in, and the rest is
     * already on its way instead of being asked for a round trip later.
     */
    public static byte[] bundle(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += 4 + part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] part : parts) {
            out.putInt(part.length).put(part);
        }
        return out.array();
    }

    /** Significant digits the meta part keeps of what the page only plots: a plot a few hundred pixels wide shows less. */
    static final int PLOTTED_DIGITS = 4;

    /**
     * Rounds the curves and the latent map's point coordinates (what the page plots, and a third of
     * the meta part's bytes) to {@link #PLOTTED_DIGITS} significant digits: 11 KB less to a phone
     * for the default model. Integers (update counts), the metrics and the map's axes (which project
     * a drawing onto the map) stay exact.
     */
    private static void roundPlotted(ObjectNode tree) {
        if (tree.get("curves") instanceof ObjectNode curves) {
            curves.elements().forEachRemaining(ModelCatalog::roundNumbers);
        }
        if (tree.get("latentMap") instanceof ObjectNode map) {
            roundNumbers(map.get("x"));
            roundNumbers(map.get("y"));
        }
    }

    private static void roundNumbers(JsonNode node) {
        if (node instanceof ArrayNode values) {
            MathContext digits = new MathContext(PLOTTED_DIGITS);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isFloatingPointNumber()) {
                    values.set(i, DoubleNode.valueOf(values.get(i).decimalValue().round(digits).doubleValue()));
                }
            }
        }
    }

    private static boolean sameVersions(Map<String, Entry> before, List<Entry> now) {
        if (before.size() != now.size()) {
            return false;
        }
        for (Entry e : now) {
            if (before.get(e.name) != e) {
                return false;
            }
        }
        return true;
    }

    /** vae.json when valid, else the newest valid file; list order: default, then newest first, then by name. */
    private static void chooseDefault(List<Entry> entries) {
        Entry chosen = null;
        for (Entry e : entries) {
            if (e.valid && (chosen == null || DEFAULT_NAME.equals(e.name)
                    || (!DEFAULT_NAME.equals(chosen.name) && e.modifiedMillis > chosen.modifiedMillis))) {
                chosen = e;
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.isDefault != (e == chosen)) {
                entries.set(i, copyWithDefault(e, e == chosen));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.isDefault)
                .thenComparing(e -> -e.modifiedMillis)
                .thenComparing(e -> e.name));
    }

    /** Entries are shared between looks and never changed once published: a new default is a copy. */
    private static Entry copyWithDefault(Entry e, boolean isDefault) {
        Entry c = new Entry();
        c.name = e.name;
        c.bytes = e.bytes;
        c.modified = e.modified;
        c.formatVersion = e.formatVersion;
        c.valid = e.valid;
        c.reason = e.reason;
        c.isDefault = isDefault;
        c.training = e.training;
        c.metrics = e.metrics;
        c.modifiedMillis = e.modifiedMillis;
        c.digest = e.digest;
        c.version = e.version;
        c.source = e.source;
        return c;
    }

    /** The entry for one file: the previous one when its version is unchanged, else a new one. Null when it vanished. */
    private Entry look(Path file, String name, Path realDir, Entry previous) {
        FolderFiles.Found found;
        try {
            found = FolderFiles.find(file, realDir);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            found = FolderFiles.Found.refused(file, "its attributes cannot be read");
        }
        Version version = found.version();
        if (previous != null && previous.version.equals(version)) {
            return previous;
        }
        Entry e = new Entry();
        e.name = name;
        e.version = version;
        e.source = found.source;
        e.modifiedMillis = found.modified.toMillis();
        e.modified = Instant.ofEpochMilli(e.modifiedMillis).toString();
        e.bytes = found.regular ? found.size : 0;
        String nameProblem = ModelFiles.nameProblem(name);
        if (nameProblem != null) {
            return invalid(e, "not a served name: " + nameProblem);
        }
        if (found.refusal != null) {
            return invalid(e, found.refusal);
        }
        if (found.size > MAX_BYTES) {
            return invalid(e, tooLarge(found.size));
        }
        byte[] bytes;
        try {
            bytes = FolderFiles.read(found.source, found.size);
        } catch (NoSuchFileException ex) {
            return null;
        } catch (AccessDeniedException ex) {
            return invalid(e, "cannot be read: permission denied");
        } catch (IOException ex) {
            return invalid(e, ex instanceof FolderFiles.ChangedWhileReading ? ex.getMessage() : "cannot be read");
        }
        validate(e, bytes);
        return e;
    }

    /** Parses, validates and recomputes the check vectors; a valid file's bytes go to the content cache. */
    private void validate(Entry e, byte[] bytes) {
        ModelFile model;
        try {
            model = ModelFiles.parse(bytes, e.name);
        } catch (ModelFileException ex) {
            e.formatVersion = ModelFiles.formatVersion(bytes);
            invalid(e, reasonOf(ex, e.name));
            return;
        }
        e.formatVersion = model.format.version;
        e.training = training(model.training);
        e.metrics = metrics(model.metrics);
        String checks = checkVectorProblem(model);
        if (checks != null) {
            invalid(e, checks);
            return;
        }
        Body body = new Body(bytes, "application/json");
        e.digest = body.digest;
        e.valid = true;
        contents.offer(new ModelContents.Key(e.version, ModelContents.FILE), body);
    }

    /** Null when this JVM's {@link Vae} reproduces the file's check vectors within {@link CheckVectors#TOLERANCE}. */
    static String checkVectorProblem(ModelFile model) {
        CheckVectors.Differences d = CheckVectors.compare(new Vae(model), model.checks);
        if (d.withinTolerance()) {
            return null;
        }
        return Double.isNaN(d.max()) ? "check vectors not reproduced: the weights compute NaN"
                : String.format(Locale.ROOT, "check vectors not reproduced: max |difference| %.3g > %s", d.max(), TOLERANCE_TEXT);
    }

    private static Entry invalid(Entry e, String reason) {
        e.valid = false;
        e.reason = reason;
        return e;
    }

    private FileTime folderModified() {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return null;
        }
    }

    private Path realDir() {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return null;
        }
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
}
