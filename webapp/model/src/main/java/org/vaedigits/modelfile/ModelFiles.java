package org.vaedigits.modelfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vaedigits.model.ModelFile;

/**
 * Reads and writes {@link ModelFile}s as JSON on the JVM (the browser parses the same document
 * with its own JSON.parse). Reads validate; writes are atomic: a temporary file in the same
 * folder, then a rename, so a reader never sees half a model.
 */
public final class ModelFiles {
    /**
     * Jackson, with its fast number parser: the default one makes a String of every number, 17 MB
     * of garbage for a 0.76 MB model file (0.6 MB with this one), for the same float32 values.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * Largest model file anyone reads (a model file is about 1 MB): the one bound of the trainer,
     * which refuses larger files, and the server, which lists them as invalid without reading them.
     */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    /**
     * Names a model file may have, the one rule for the trainer that writes them and the server
     * that lists and serves them (their names appear in addresses): see {@link #NAME_RULE}.
     */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,122}\\.json");
    /** {@link #NAME_PATTERN} in words, for messages. */
    public static final String NAME_RULE = "a model file name is 1 to 128 characters: letters A-Z or a-z, digits, '.', '_' "
            + "or '-', starting with a letter or digit and ending in .json";

    private ModelFiles() {
    }

    /** Null when {@code name} is an allowed model file name, else why not (the rule, stated). */
    public static String nameProblem(String name) {
        return name != null && NAME_PATTERN.matcher(name).matches() ? null : NAME_RULE;
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

    /**
     * Parses and validates model-file JSON; {@code source} names it in error messages. A document
     * that is not a model file is described by what it should hold (the field's JSON path and
     * type), never by quoting it.
     */
    public static ModelFile parse(byte[] json, String source) throws ModelFileException {
        ModelFile file;
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ModelFileException(source + ": empty file, expected a model file (one JSON object)");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ModelFileException(source + ": not a model file: the document must be one JSON object" + at(parser.currentLocation()));
            }
            file = MAPPER.readValue(parser, ModelFile.class);
            if (parser.nextToken() != null) {
                throw new ModelFileException(source + ": not a model file: more follows the JSON object's closing }"
                        + at(parser.currentLocation()));
            }
        } catch (JacksonException e) {
            throw new ModelFileException(source + ": " + describe(e, json.length), e);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(source + ": cannot parse: " + e.getMessage(), e);
        }
        List<String> problems = file.validate();
        if (!problems.isEmpty()) {
            throw new ModelFileException(source + ": invalid model file: " + String.join("; ", problems));
        }
        return file;
    }

    /**
     * What is wrong, in terms of the model file: the JSON path and the expected type, no Java
     * names; {@code length} is the document's, to tell a cut-off file from a syntax error.
     */
    static String describe(JacksonException e, int length) {
        String where = at(e.getLocation());
        // a syntax error inside a field arrives wrapped in a mapping error that carries the field's path
        if (cause(e, StreamConstraintsException.class) != null) {
            return "not a model file: it nests deeper or holds longer numbers or strings than JSON readers accept" + where;
        }
        JsonParseException syntax = cause(e, JsonParseException.class);
        if (syntax != null) {
            JsonLocation at = syntax.getLocation();
            boolean atEnd = syntax instanceof JsonEOFException || (at != null && at.getByteOffset() >= length);
            return (atEnd ? "not a valid model file: the JSON ends too early (a cut-off file?)"
                    : "not valid JSON (a model file is one JSON object)") + at(at);
        }
        if (e instanceof JsonMappingException && !((JsonMappingException) e).getPath().isEmpty()) {
            List<JsonMappingException.Reference> path = ((JsonMappingException) e).getPath();
            return "not a valid model file: `" + jsonPath(path) + "` must be " + expected(path) + where;
        }
        return "not a valid model file: the document must be one JSON object" + where;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** {@code layers.encoderFc1.weight[3]}. */
    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The JSON type the model file has at that path: the field types of {@link ModelFile}, followed. */
    static String expected(List<JsonMappingException.Reference> path) {
        Class<?> type = ModelFile.class;
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() == null) {
                type = type.getComponentType();
            } else {
                Field field = publicField(type, r.getFieldName());
                type = field == null ? null : field.getType();
            }
            if (type == null) {
                return "of another type (see docs/model-format.md)";
            }
        }
        return describe(type);
    }

    private static Field publicField(Class<?> type, String name) {
        try {
            Field f = type.getField(name);
            return Modifier.isStatic(f.getModifiers()) ? null : f;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** "a number", "an array of numbers", "an object with name and version"… */
    static String describe(Class<?> type) {
        if (type == float.class || type == double.class || type == Float.class || type == Double.class) {
            return "a number";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray()) {
            String element = describe(type.getComponentType());
            return "an array of " + element.replaceFirst("^an? ", "").replaceFirst("^(array|number|integer|string|object)", "$1s");
        }
        List<String> fields = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(f.getName());
            }
        }
        if (fields.isEmpty()) {
            return "an object";
        }
        String last = fields.remove(fields.size() - 1);
        return "an object with " + (fields.isEmpty() ? last : String.join(", ", fields) + " and " + last);
    }

    /**
     * {@code format.version} of a JSON document when it has an integer one, else null; reads
     * tokens only (no tree of a possibly large, invalid file) and stops at the version.
     */
    public static Integer formatVersion(byte[] json) {
        try (JsonParser p = MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (inner.equals("version")) {
                            return v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
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
