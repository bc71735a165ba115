package org.vaedigits.modelfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
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

    /**
     * Largest model file anyone reads (a model file is about 1 MB): the one bound of the trainer,
     * which refuses larger files, and the server, which lists them as invalid without reading them.
     */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private ModelFiles() {
    }

    /** Parses and validates a model file; the exception names the file and every problem found. */
    public static ModelFile read(Path path) throws ModelFileException {
        return parse(readBytes(path), path.toString());
    }

    /**
     * A model file's bytes, at most {@link #MAX_BYTES}: its size is checked before reading, and
     * the reading stops past the bound (a file that grows meanwhile, a special file).
     */
    public static byte[] readBytes(Path path) throws ModelFileException {
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ModelFileException(path + ": " + tooLarge(size + " bytes"));
            }
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ModelFileException(path + ": " + tooLarge("more than " + MAX_BYTES + " bytes"));
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path + ": no such model file");
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String tooLarge(String size) {
        return "file is " + size + ", more than the " + MAX_BYTES + " bytes (64 MiB) a model file may have; not read";
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
