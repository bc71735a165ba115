package org.vaedigits.modelfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.vaedigits.model.ModelFile;

/**
 * Reads and writes {@link ModelFile}s as JSON on the JVM (the browser parses the same document
 * with its own JSON.parse). Reads validate; writes are atomic: a temporary file in the same
 * folder, then a rename, so a reader never sees half a model.
 */
public final class ModelFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ModelFiles() {
    }

    /** Parses and validates a model file; the exception names the file and every problem found. */
    public static ModelFile read(Path path) throws ModelFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path + ": no such model file");
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, path.toString());
    }

    /** Parses and validates model-file JSON; {@code source} names it in error messages. */
    public static ModelFile parse(byte[] json, String source) throws ModelFileException {
        ModelFile file;
        try {
            file = MAPPER.readValue(json, ModelFile.class);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ModelFileException(source + ": not a valid model file" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(source + ": cannot parse: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new ModelFileException(source + ": empty document, expected a model file");
        }
        List<String> problems = file.validate();
        if (!problems.isEmpty()) {
            throw new ModelFileException(source + ": invalid model file: " + String.join("; ", problems));
        }
        return file;
    }

    /** The JSON text of a model file (compact; floats in their shortest round-tripping form). */
    public static byte[] toJson(ModelFile file) {
        try {
            return MAPPER.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize model file", e);
        }
    }

    /**
     * Writes atomically. Refuses to replace an existing file unless {@code overwrite}; refuses to
     * write a file that does not validate.
     */
    public static void write(ModelFile file, Path path, boolean overwrite) throws IOException {
        List<String> problems = file.validate();
        if (!problems.isEmpty()) {
            throw new ModelFileException("refusing to write an invalid model file " + path + ": " + String.join("; ", problems));
        }
        if (!overwrite && Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "model file exists; pass --force to replace it");
        }
        AtomicFiles.write(path, toJson(file));
    }
}
