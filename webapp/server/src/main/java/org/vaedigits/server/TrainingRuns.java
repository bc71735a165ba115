package org.vaedigits.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.vaedigits.model.TrainingProgress;
import org.vaedigits.modelfile.ModelFileException;
import org.vaedigits.modelfile.ProgressFiles;

/**
 * The trainings running into the models folder, as their progress documents in
 * {@link TrainingProgress#FOLDER} say, for {@code /api/training}; each run's epoch snapshot is served
 * through a {@link ModelCatalog} of that folder, so it gets every check a model file gets. Only
 * regular files are read (no links), through {@link FolderFiles}, each at most {@link
 * ProgressFiles#MAX_BYTES}; a document that cannot be read is left out, and so is a run that died
 * more than {@link #FORGET_MILLIS} ago.
 */
public final class TrainingRuns {
    /** Run names as the trainer makes them from model file names. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** A run whose heartbeat is this old is no longer listed, not even as stopped. */
    public static final long FORGET_MILLIS = 60L * 60 * 1000;

    /** One run as listed: its progress document plus what the server knows of it. */
    public static final class Run {
        public TrainingProgress progress;
        /** Milliseconds since the trainer last wrote the document, by the server's clock. */
        public long heartbeatAgeMillis;
        /** True when the heartbeat stopped: the training died (see {@link TrainingProgress#STALE_MILLIS}). */
        public boolean stopped;
        /** Where the latest epoch's snapshot model is served, or null before the first epoch ends. */
        public String snapshot;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final ModelCatalog snapshots;

    /** The runs of a models folder; their snapshots take at most {@code cacheBytes} of memory. */
    public TrainingRuns(Path modelsDir, long cacheBytes) {
        this.folder = modelsDir.resolve(TrainingProgress.FOLDER);
        this.snapshots = new ModelCatalog(folder, cacheBytes);
    }

    /** The catalog of the runs' folder: a {@link FolderWatcher} on it tells when a run changed. */
    ModelCatalog folderCatalog() {
        return snapshots;
    }

    /** The /api/training body. */
    Body listBody() throws IOException {
        return new Body(JSON.writeValueAsBytes(list()), "application/json");
    }

    /** The runs, newest first. */
    public List<Run> list() throws IOException {
        List<Run> runs = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return runs;
        }
        long now = System.currentTimeMillis();
        Path realFolder = folder.toRealPath();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + TrainingProgress.SUFFIX)) {
            for (Path file : files) {
                Run run = read(file, realFolder, now);
                if (run != null && run.heartbeatAgeMillis < FORGET_MILLIS) {
                    runs.add(run);
                }
            }
        }
        runs.sort(Comparator.comparingLong((Run r) -> -r.progress.startedMillis).thenComparing(r -> r.progress.name));
        return runs;
    }

    /**
     * Run {@code name}'s snapshot model, checked as any model file is (check vectors included), or
     * a part derived from it ({@link ModelCatalog#content(ModelCatalog.Entry, String)}; null: the file);
     * a {@link ModelFileException} says why there is none to serve.
     */
    Body snapshot(String name, String part) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ModelFileException("not a training run name");
        }
        ModelCatalog.Entry entry = snapshots.find(name + TrainingProgress.SNAPSHOT_SUFFIX);
        if (entry == null) {
            throw new ModelFileException("no snapshot of a run named '" + name + "'");
        }
        if (!entry.valid) {
            throw new ModelFileException("the snapshot of '" + name + "' is invalid: " + entry.reason);
        }
        return snapshots.content(entry, part);
    }

    private static Run read(Path file, Path realFolder, long now) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - TrainingProgress.SUFFIX.length());
        try {
            byte[] bytes = NAME.matcher(name).matches() ? document(file, realFolder) : null;
            if (bytes == null) {
                return null;
            }
            Run run = new Run();
            run.progress = ProgressFiles.parse(bytes, fileName);
            if (!name.equals(run.progress.name)) {
                return null;
            }
            run.heartbeatAgeMillis = Math.max(0, now - run.progress.heartbeatMillis);
            run.stopped = run.progress.isStale(now);
            run.snapshot = run.progress.snapshotEpoch > 0 ? "/api/training/" + name + "/snapshot" : null;
            return run;
        } catch (IOException e) {
            return null; // vanished, unreadable or not a progress document: not a run to show
        }
    }

    /**
     * A progress document's bytes, read through {@link FolderFiles}: a regular file (not a link)
     * of at most {@link ProgressFiles#MAX_BYTES}, else null. The trainer replaces its document
     * every heartbeat; one replaced between the look and the read is read once more.
     */
    private static byte[] document(Path file, Path realFolder) throws IOException {
        for (int attempt = 1; ; attempt++) {
            FolderFiles.Found found = FolderFiles.find(file, realFolder);
            if (!found.regular || !found.kind.equals("file") || found.size > ProgressFiles.MAX_BYTES) {
                return null;
            }
            try {
                return FolderFiles.read(found.source, found.size);
            } catch (FolderFiles.ChangedWhileReading e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }
}
