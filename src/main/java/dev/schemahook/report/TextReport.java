package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.migration.MigrationRecord;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.VerifyResult;

import java.util.List;
import java.util.Map;

/** The human-readable report each command prints on stdout. */
public final class TextReport {
    /** Flyway's state names, in the words the README uses. */
    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("Success", "applied"),
            Map.entry("Pending", "pending"),
            Map.entry("Failed", "failed"),
            Map.entry("Future", "future"),
            Map.entry("Missing", "missing"),
            Map.entry("Failed (Missing)", "missing (failed)"),
            Map.entry("Failed (Future)", "future (failed)"),
            Map.entry("Baseline", "baseline"),
            Map.entry("<< Baseline", "below baseline"),
            Map.entry("Ignored", "ignored"),
            Map.entry("Out of Order", "applied (out of order)"),
            Map.entry("Outdated", "outdated"),
            Map.entry("Superseded", "superseded"),
            Map.entry("Above Target", "above target"));

    private TextReport() {
    }

    public static String render(OperationResult result) {
        StringBuilder out = new StringBuilder();
        String where = "database " + result.database() + ", schema \"" + result.schemaName() + "\"";
        switch (result.operation()) {
            case "migrate" -> {
                if (result.migrationsExecuted() == 0) {
                    out.append(where).append(" is up to date at version ").append(version(result.targetSchemaVersion()))
                            .append(": nothing to migrate\n");
                } else {
                    out.append("Applied ").append(result.migrationsExecuted()).append(" migration")
                            .append(result.migrationsExecuted() == 1 ? "" : "s").append(" to ").append(where)
                            .append(": version ").append(version(result.initialSchemaVersion())).append(" -> ")
                            .append(version(result.targetSchemaVersion())).append('\n');
                    table(out, List.of("Version", "Description", "Type", "Time"), result.migrations().stream()
                            .map(m -> List.of(m.version(), m.description(), nullToEmpty(m.type()), m.executionTime() + " ms"))
                            .toList());
                }
            }
            case "info" -> {
                out.append(where).append(" at version ").append(version(result.targetSchemaVersion())).append('\n');
                table(out, List.of("Category", "Version", "Description", "Type", "Installed on (UTC)", "State",
                        "Phase", "Checksum", "Time"), result.migrations().stream().map(TextReport::infoRow).toList());
                PhasesOfPending phases = PhasesOfPending.of(result.migrations());
                if (!phases.pre().isEmpty() || !phases.post().isEmpty()) {
                    out.append("next migrate --phase pre applies: ").append(versions(phases.pre()))
                            .append("; then --phase post applies: ").append(versions(phases.post())).append('\n');
                }
            }
            case "validate" -> out.append("Validated ").append(result.migrations().size()).append(" migrations on ")
                    .append(where).append(": the database matches this image (version ")
                    .append(version(result.targetSchemaVersion())).append(")\n");
            case "baseline" -> out.append("Baselined ").append(where).append(" at version ")
                    .append(result.targetSchemaVersion()).append('\n');
            case "repair" -> {
                out.append("Repaired the schema history of ").append(where).append(": ")
                        .append(result.migrations().isEmpty() ? "nothing to repair" : result.migrations().size() + " entries")
                        .append('\n');
                result.migrations().forEach(m -> out.append("  ").append(m.state()).append(' ')
                        .append(m.version().isEmpty() ? "R" : m.version()).append(' ').append(m.description()).append('\n'));
            }
            case "await" -> out.append(where).append(" holds every migration of this image (version ")
                    .append(version(result.targetSchemaVersion())).append(")\n");
            default -> out.append(result.operation()).append(" on ").append(where).append(": done\n");
        }
        for (String warning : result.warnings()) {
            out.append("warning: ").append(warning).append('\n');
        }
        return Secrets.redact(out.toString());
    }

    public static String render(VerifyResult result) {
        StringBuilder out = new StringBuilder("schemahook verify on " + result.database() + ": "
                + (result.success() ? "passed" : "FAILED (exit " + result.exitCode() + ")") + "\n");
        for (VerifyResult.Step step : result.steps()) {
            out.append(step.success() ? "  ok    " : "  FAIL  ").append(step.name()).append(" (").append(step.millis())
                    .append(" ms): ").append(step.detail()).append('\n');
        }
        return Secrets.redact(out.toString());
    }

    public static String summary(VerifyResult result) {
        return render(result).replace('\n', ' ').trim();
    }

    public static String renderError(SchemahookException error) {
        return "error: " + Secrets.redact(error.getMessage()) + " (exit " + error.exitCode().code() + ")\n";
    }

    /** The one paragraph written to the termination log, which kubectl describe pod shows. */
    public static String summary(OperationResult result) {
        String text = render(result).lines().findFirst().orElse("");
        String warnings = result.warnings().isEmpty() ? "" : " Warnings: " + String.join(" ", result.warnings());
        return Secrets.redact("schemahook " + result.operation() + " succeeded: " + text + "." + warnings);
    }

    public static String summary(String operation, SchemahookException error) {
        return Secrets.redact("schemahook " + operation + " failed (exit " + error.exitCode().code() + ", "
                + error.exitCode().name() + "): " + error.getMessage());
    }

    private static List<String> infoRow(MigrationRecord m) {
        return List.of(nullToEmpty(m.category()), nullToEmpty(m.version()), nullToEmpty(m.description()),
                nullToEmpty(m.type()), m.installedOnUTC() == null ? "" : m.installedOnUTC().replace('T', ' ').replace("Z", ""),
                STATES.getOrDefault(m.state(), m.state()), nullToEmpty(m.phase()), m.checksum() == null ? "" : String.valueOf(m.checksum()),
                m.executionTime() == null || m.installedOnUTC() == null ? "" : m.executionTime() + " ms");
    }

    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, header, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < cells.size(); i++) {
            line.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length())).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String versions(List<String> versions) {
        return versions.isEmpty() ? "nothing" : String.join(", ", versions);
    }

    private static String version(String version) {
        return version == null || version.isEmpty() ? "<empty>" : version;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
