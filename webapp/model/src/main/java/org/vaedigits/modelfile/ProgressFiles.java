package org.vaedigits.modelfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vaedigits.model.TrainingProgress;

/**
 * Reads and writes {@link TrainingProgress} documents as JSON on the JVM. Writes are atomic, so a
 * reader (the server, polled by pages) never sees half a document.
 */
public final class ProgressFiles {
    /** A progress document is a few kilobytes; anything larger is not one. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ProgressFiles() {
    }

    public static void write(TrainingProgress progress, Path path) throws IOException {
        AtomicFiles.write(path, MAPPER.writeValueAsBytes(progress));
    }

    /** Parses and validates a document; {@code source} names it in the error. */
    public static TrainingProgress parse(byte[] json, String source) throws ModelFileException {
        if (json.length > MAX_BYTES) {
            throw new ModelFileException(source + ": " + json.length + " bytes, more than a progress document's " + MAX_BYTES);
        }
        TrainingProgress progress;
        try {
            progress = MAPPER.readValue(json, TrainingProgress.class);
        } catch (JacksonException e) {
            throw new ModelFileException(source + ": not a training progress document (malformed JSON or wrong field types)");
        } catch (IOException e) {
            throw new ModelFileException(source + ": cannot parse");
        }
        List<String> problems = progress == null ? List.of("empty document") : progress.validate();
        if (!problems.isEmpty()) {
            throw new ModelFileException(source + ": invalid training progress document: " + String.join("; ", problems));
        }
        return progress;
    }
}
