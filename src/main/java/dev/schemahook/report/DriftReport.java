package dev.schemahook.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.schemahook.drift.Difference;
import dev.schemahook.drift.DriftResult;
import dev.schemahook.error.Secrets;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** {@code drift}'s result as text, one JSON document, or Markdown for a CI job summary. */
public final class DriftReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private DriftReport() {
    }

    public static String summary(DriftResult result) {
        return result.drifted()
                ? result.differences().size() + " difference" + (result.differences().size() == 1 ? "" : "s")
                + " from snapshot " + result.snapshot() + " at version " + result.schemaVersion()
                : "no drift: the schema matches snapshot " + result.snapshot() + " at version " + result.schemaVersion()
                + " (" + result.objectsCompared() + " objects compared" + (result.ignored().isEmpty() ? ""
                : ", ignoring " + String.join(", ", result.ignored())) + ")";
    }

    public static String text(DriftResult result) {
        StringBuilder out = new StringBuilder("schemahook drift on ").append(result.database()).append(": ")
                .append(summary(result)).append('\n');
        for (Difference difference : result.differences()) {
            out.append(String.format("  %-10s  %s", difference.kind().label(), difference.object()));
            if (difference.kind() == Difference.Kind.CHANGED) {
                out.append(": ").append(difference.attribute()).append(' ').append(shown(difference.expected()))
                        .append(" -> ").append(shown(difference.actual()));
            }
            out.append('\n');
        }
        if (result.drifted()) {
            out.append("Missing: in the snapshot, not in the database. Unexpected: the reverse. Ignore an object with"
                    + " --ignore PATTERN.\n");
        }
        return Secrets.redact(out.toString());
    }

    public static String markdown(DriftResult result) {
        StringBuilder out = new StringBuilder("## schemahook drift: ")
                .append(result.drifted() ? "❌ " + result.differences().size() + " difference"
                        + (result.differences().size() == 1 ? "" : "s") : "✅ no drift")
                .append("\n\n`").append(result.database()).append("` · version ").append(result.schemaVersion())
                .append(" · snapshot `").append(result.snapshot()).append("` · ").append(result.objectsCompared())
                .append(" objects compared\n");
        if (result.drifted()) {
            out.append("\n| Difference | Object | Attribute | Snapshot | Database |\n|---|---|---|---|---|\n");
            for (Difference difference : result.differences()) {
                out.append("| ").append(difference.kind().label()).append(" | `").append(difference.object()).append("` | ")
                        .append(difference.attribute() == null ? "" : difference.attribute()).append(" | ")
                        .append(cell(difference.expected())).append(" | ").append(cell(difference.actual())).append(" |\n");
            }
        }
        return Secrets.redact(out.toString());
    }

    public static String json(DriftResult result) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("operation", "drift");
            json.writeStringField("database", result.database());
            json.writeStringField("schemaVersion", result.schemaVersion());
            json.writeStringField("snapshot", result.snapshot());
            json.writeBooleanField("drifted", result.drifted());
            json.writeNumberField("objectsCompared", result.objectsCompared());
            json.writeArrayFieldStart("ignored");
            for (String pattern : result.ignored()) {
                json.writeString(pattern);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("differences");
            for (Difference difference : result.differences()) {
                json.writeStartObject();
                json.writeStringField("difference", difference.kind().label());
                json.writeStringField("object", difference.object());
                json.writeStringField("kind", difference.object().substring(0, difference.object().indexOf(' ')));
                if (difference.attribute() != null) {
                    json.writeStringField("attribute", difference.attribute());
                    json.writeStringField("expected", difference.expected());
                    json.writeStringField("actual", difference.actual());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("success", !result.drifted());
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Secrets.redact(text.toString());
    }

    private static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        return "'" + value.replace('\n', ' ') + "'";
    }

    private static String cell(String value) {
        return value == null ? "" : "`" + value.replace("\n", " ").replace("|", "\\|").replace("`", "'") + "`";
    }
}
