package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import dev.schemahook.error.SchemahookException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.VerifyResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The one JSON document {@code --output json} prints: Flyway's field names, plus {@code error} on failure. */
public final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    public static String render(OperationResult result) {
        return write(json -> {
            writeResult(json, result);
            json.writeBooleanField("success", result.success());
        });
    }

    public static String render(VerifyResult result) {
        return write(json -> {
            json.writeStringField("operation", "verify");
            json.writeStringField("database", result.database());
            json.writeBooleanField("success", result.success());
            json.writeNumberField("exitCode", result.exitCode());
            json.writeNumberField("migrationsExecuted", result.migrations().size());
            json.writeArrayFieldStart("steps");
            for (VerifyResult.Step step : result.steps()) {
                json.writeStartObject();
                json.writeStringField("name", step.name());
                json.writeBooleanField("success", step.success());
                json.writeStringField("detail", Secrets.redact(step.detail()));
                json.writeNumberField("executionTime", step.millis());
                json.writeEndObject();
            }
            json.writeEndArray();
            writeMigrations(json, result.migrations());
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
        });
    }

    public static String renderError(String operation, String database, SchemahookException error) {
        return write(json -> {
            json.writeStringField("operation", operation);
            if (database != null) {
                json.writeStringField("database", database);
            }
            json.writeBooleanField("success", false);
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
            writeError(json, error);
        });
    }

    /**
     * A command's own document (analyze's, verify's) with the {@code error} object every failure's JSON has, added as
     * its last field.
     */
    public static String withError(String document, SchemahookException error) {
        return withFields(document, json -> writeError(json, error));
    }

    /** A document of this class or {@link DriftReport} with one more string field, added last: serve's {@code refreshedAt}. */
    public static String withField(String document, String field, String value) {
        return withFields(document, json -> json.writeStringField(field, value));
    }

    /** {@code document} with the fields {@code fields} writes added after its last one. */
    private static String withFields(String document, JsonBody fields) {
        String fieldsOnly = write(fields);
        return document.substring(0, document.lastIndexOf('}')).stripTrailing() + ","
                + fieldsOnly.substring(fieldsOnly.indexOf('{') + 1);
    }

    private static void writeError(JsonGenerator json, SchemahookException error) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("errorCode", error.exitCode().name());
        json.writeNumberField("exitCode", error.exitCode().code());
        json.writeStringField("message", Secrets.redact(error.getMessage()));
        json.writeEndObject();
    }

    private static void writeResult(JsonGenerator json, OperationResult result) throws IOException {
        json.writeStringField("operation", result.operation());
        json.writeStringField("database", result.database());
        json.writeStringField("schemaName", result.schemaName());
        json.writeStringField("initialSchemaVersion", result.initialSchemaVersion());
        json.writeStringField("targetSchemaVersion", result.targetSchemaVersion());
        json.writeNumberField("migrationsExecuted", result.migrationsExecuted());
        writeMigrations(json, result.migrations());
        if (result.operation().equals("info")) {
            PhasesOfPending phases = PhasesOfPending.of(result.migrations());
            json.writeObjectFieldStart("phases");
            json.writeArrayFieldStart("pre");
            for (String version : phases.pre()) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("post");
            for (String version : phases.post()) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeArrayFieldStart("warnings");
        for (String warning : result.warnings()) {
            json.writeString(Secrets.redact(warning));
        }
        json.writeEndArray();
    }

    private static void writeMigrations(JsonGenerator json, List<MigrationRecord> migrations) throws IOException {
        json.writeArrayFieldStart("migrations");
        for (MigrationRecord migration : migrations) {
            json.writeStartObject();
            writeIfPresent(json, "category", migration.category());
            json.writeStringField("version", migration.version());
            json.writeStringField("description", migration.description());
            writeIfPresent(json, "type", migration.type());
            writeIfPresent(json, "filepath", migration.filepath());
            writeIfPresent(json, "state", migration.state());
            if (migration.checksum() != null) {
                json.writeNumberField("checksum", migration.checksum());
            }
            writeIfPresent(json, "installedOnUTC", migration.installedOnUTC());
            writeIfPresent(json, "installedBy", migration.installedBy());
            writeIfPresent(json, "phase", migration.phase());
            if (migration.executionTime() != null) {
                json.writeNumberField("executionTime", migration.executionTime());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static String write(JsonBody body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new Redacting(FACTORY.createGenerator(out))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Masks secrets in every string value, as the text output masks its lines: a password that equals a word of the
     * output (a schema named like it) is hidden in both, never in one only. Field names are the format's, not data.
     */
    private static final class Redacting extends JsonGeneratorDelegate {
        Redacting(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            super.writeString(Secrets.redact(text));
        }

        @Override
        public void writeStringField(String fieldName, String value) throws IOException {
            writeFieldName(fieldName);
            writeString(value);
        }
    }

    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }
}
