package dev.schemahook.drift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.FileErrors;
import dev.schemahook.error.SchemahookException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot as a file: JSON with sorted keys, two-space indentation, one attribute per line and a final newline, so that
 * a pull request's diff shows exactly the objects and attributes a migration changes.
 */
public final class SnapshotFile {
    private static final JsonFactory FACTORY = new JsonFactory();

    private SnapshotFile() {
    }

    public static String render(SchemaSnapshot snapshot) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"format\": ").append(SchemaSnapshot.FORMAT).append(",\n");
        out.append("  \"schemaVersion\": ").append(quote(snapshot.schemaVersion())).append(",\n");
        out.append("  \"schemas\": [").append(String.join(", ", snapshot.schemas().stream().map(SnapshotFile::quote)
                .toList())).append("],\n");
        out.append("  \"objects\": {");
        String objectSeparator = "\n";
        for (Map.Entry<String, SortedMap<String, String>> object : snapshot.objects().entrySet()) {
            out.append(objectSeparator).append("    ").append(quote(object.getKey())).append(": {");
            String attributeSeparator = "\n";
            for (Map.Entry<String, String> attribute : object.getValue().entrySet()) {
                out.append(attributeSeparator).append("      ").append(quote(attribute.getKey())).append(": ")
                        .append(quote(attribute.getValue()));
                attributeSeparator = ",\n";
            }
            out.append(object.getValue().isEmpty() ? "}" : "\n    }");
            objectSeparator = ",\n";
        }
        out.append(snapshot.objects().isEmpty() ? "}\n" : "\n  }\n");
        return out.append("}\n").toString();
    }

    public static void write(SchemaSnapshot snapshot, Path file) {
        try {
            Files.writeString(file, render(snapshot), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot write the snapshot to " + file + " ("
                    + FileErrors.reason(file, e) + "): give --snapshot a file in a folder that exists and is writable", e);
        }
    }

    public static SchemaSnapshot read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SchemahookException(ExitCode.USAGE, "snapshot " + file + " does not exist; write it with"
                    + " 'schemahook verify --snapshot " + file + "' and commit it beside the migrations", e);
        } catch (IOException e) {
            throw new SchemahookException(ExitCode.USAGE, "cannot read snapshot " + file + " ("
                    + FileErrors.reason(file, e) + "): check --snapshot and the file's permissions", e);
        }
        try (JsonParser json = FACTORY.createParser(text)) {
            return parse(json);
        } catch (IOException | IllegalStateException e) {
            throw new SchemahookException(ExitCode.USAGE, "snapshot " + file + " is not a schemahook snapshot ("
                    + e.getMessage().lines().findFirst().orElse("") + "); write it again with 'schemahook verify"
                    + " --snapshot " + file + "'", e);
        }
    }

    private static SchemaSnapshot parse(JsonParser json) throws IOException {
        expect(json.nextToken(), JsonToken.START_OBJECT, "a JSON object");
        Integer format = null;
        String version = null;
        List<String> schemas = null;
        SortedMap<String, SortedMap<String, String>> objects = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "format" -> {
                    expect(value, JsonToken.VALUE_NUMBER_INT, "\"format\" a number");
                    format = json.getIntValue();
                }
                case "schemaVersion" -> {
                    expect(value, JsonToken.VALUE_STRING, "\"schemaVersion\" a string");
                    version = json.getText();
                }
                case "schemas" -> {
                    expect(value, JsonToken.START_ARRAY, "\"schemas\" an array");
                    schemas = new ArrayList<>();
                    while (json.nextToken() == JsonToken.VALUE_STRING) {
                        schemas.add(json.getText());
                    }
                    expect(json.currentToken(), JsonToken.END_ARRAY, "\"schemas\" an array of strings");
                }
                case "objects" -> objects = objects(json, value);
                default -> json.skipChildren();
            }
        }
        if (format == null || format != SchemaSnapshot.FORMAT) {
            throw new IllegalStateException("\"format\" must be " + SchemaSnapshot.FORMAT + ", found " + format);
        }
        if (version == null || schemas == null || schemas.isEmpty() || objects == null) {
            throw new IllegalStateException("\"schemaVersion\", \"schemas\" and \"objects\" are required");
        }
        return new SchemaSnapshot(version, schemas, objects);
    }

    private static SortedMap<String, SortedMap<String, String>> objects(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT, "\"objects\" an object");
        SortedMap<String, SortedMap<String, String>> objects = new TreeMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String id = json.currentName();
            if (id.indexOf(' ') < 1) {
                throw new IllegalStateException("object \"" + id + "\" is not \"kind name\"");
            }
            expect(json.nextToken(), JsonToken.START_OBJECT, "object \"" + id + "\" an object");
            SortedMap<String, String> attributes = new TreeMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                expect(json.nextToken(), JsonToken.VALUE_STRING, "\"" + id + "\"." + name + " a string");
                attributes.put(name, json.getText());
            }
            objects.put(id, attributes);
        }
        return objects;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + what + ", found " + actual);
        }
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
