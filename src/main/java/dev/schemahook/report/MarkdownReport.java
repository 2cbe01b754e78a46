package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.VerifyResult;

import java.util.List;

/** Markdown for a CI job summary or a pull-request comment. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(VerifyResult result) {
        StringBuilder out = new StringBuilder();
        out.append("## schemahook verify: ").append(result.success() ? "✅ passed" : "❌ failed (exit " + result.exitCode() + ")")
                .append("\n\n")
                .append(escape(result.database())).append(" · ").append(result.migrations().size()).append(" migration")
                .append(result.migrations().size() == 1 ? "" : "s").append(" applied · ")
                .append(String.join(", ", result.locations().stream().map(l -> "`" + l + "`").toList()))
                .append("\n\n| Step | Result | Time | Details |\n|---|---|---|---|\n");
        for (VerifyResult.Step step : result.steps()) {
            out.append("| ").append(escape(step.name())).append(" | ").append(step.success() ? "✅" : "❌").append(" | ")
                    .append(step.millis()).append(" ms | ").append(escape(step.detail())).append(" |\n");
        }
        if (!result.migrations().isEmpty()) {
            out.append("\n<details><summary>Migrations applied</summary>\n\n");
            migrationTable(out, result.migrations());
            out.append("\n</details>\n");
        }
        return Secrets.redact(out.toString());
    }

    public static String render(OperationResult result) {
        StringBuilder out = new StringBuilder();
        out.append("## schemahook ").append(result.operation()).append(": ")
                .append(escape(TextReport.render(result).lines().findFirst().orElse(""))).append("\n\n");
        if (!result.migrations().isEmpty()) {
            migrationTable(out, result.migrations());
        }
        for (String warning : result.warnings()) {
            out.append("\n> **Warning:** ").append(escape(warning)).append('\n');
        }
        return Secrets.redact(out.toString());
    }

    private static void migrationTable(StringBuilder out, List<MigrationRecord> migrations) {
        out.append("| Version | Description | Type | State | Time |\n|---|---|---|---|---|\n");
        for (MigrationRecord m : migrations) {
            out.append("| ").append(m.version() == null || m.version().isEmpty() ? "R" : escape(m.version()))
                    .append(" | ").append(escape(m.description()))
                    .append(" | ").append(m.type() == null ? "" : m.type())
                    .append(" | ").append(m.state() == null ? "" : m.state())
                    .append(" | ").append(m.executionTime() == null ? "" : m.executionTime() + " ms").append(" |\n");
        }
    }

    /** Keeps text from breaking the table: pipes and line breaks. */
    static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
