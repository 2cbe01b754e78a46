package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.schemahook.safety.AnalysisResult;
import dev.schemahook.safety.Finding;
import dev.schemahook.safety.LoadObservation;
import dev.schemahook.safety.MigrationAnalysis;
import dev.schemahook.safety.ObservedLock;
import dev.schemahook.safety.Rewrite;
import dev.schemahook.safety.Severity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code analyze} in its three formats: text for a terminal, one JSON document, and Markdown for a CI job
 * summary or a pull-request comment. Kept apart from the other reports because it renders a different kind of result.
 */
public final class AnalysisReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AnalysisReport() {
    }

    /** One line: the verdict and the counts, for the termination message and verify's step. */
    public static String summary(AnalysisResult result) {
        List<Finding> findings = result.findings();
        long acknowledged = findings.stream().filter(Finding::acknowledged).count();
        String counts = findings.isEmpty() ? "no findings" : count(result.count(Severity.ERROR), "error") + ", "
                + count(result.count(Severity.WARNING), "warning") + ", " + result.count(Severity.INFO) + " info"
                + (acknowledged > 0 ? " (" + acknowledged + " acknowledged)" : "");
        String failing = result.failing().isEmpty() ? "" : "; unacknowledged at or above --fail-on "
                + result.failOn().name().toLowerCase(Locale.ROOT) + ": " + String.join(", ", result.failing().stream()
                .map(f -> f.migration() + ":" + f.line() + " " + f.rule()).toList());
        return analysed(result) + " analysed, " + counts + failing;
    }

    public static String text(AnalysisResult result) {
        StringBuilder out = new StringBuilder("schemahook analyze on " + result.database() + ": "
                + (result.success() ? "passed" : "FAILED (exit " + result.exitCode() + ")") + ", " + summary(result)
                + "\n");
        if (result.against() != null) {
            out.append("Reporting the migrations not yet applied on ").append(result.against()).append('\n');
        }
        for (MigrationAnalysis migration : result.migrations()) {
            out.append('\n').append(migration.script());
            if (!migration.analysed()) {
                out.append(result.against() == null ? ": not a SQL migration, applied and not analysed\n"
                        : ": already applied on " + result.against() + ", not analysed\n");
                continue;
            }
            out.append(" (").append(migration.transactional() ? "one transaction" : "no transaction: locks not observed")
                    .append(", lock_timeout ").append(migration.lockTimeout()).append(")\n");
            for (ObservedLock lock : existingLocks(migration)) {
                out.append("  lock     ").append(lock.mode()).append(" on ").append(lock.relation()).append(" (line ")
                        .append(lock.line()).append(lock.blocking() ? ", " + blocks(lock.mode()) : "").append(")\n");
            }
            for (String table : migration.unfilled()) {
                out.append("  no rows  could not fill ").append(table).append('\n');
            }
            for (Rewrite rewrite : migration.rewrites()) {
                out.append("  rewrite  ").append(rewrite.relation()).append(" (line ").append(rewrite.line()).append(")\n");
            }
            for (Finding finding : migration.findings()) {
                out.append("  ").append(String.format("%-8s", finding.severity().label().toUpperCase(Locale.ROOT)))
                        .append(" line ").append(finding.line()).append(" [").append(finding.rule()).append("] ")
                        .append(finding.message()).append('\n');
                if (finding.acknowledged()) {
                    out.append("           acknowledged: ").append(finding.reason()).append('\n');
                } else {
                    out.append("           why: ").append(finding.why()).append('\n')
                            .append("           instead: ").append(finding.safeAlternative()).append('\n');
                }
            }
            if (existingLocks(migration).isEmpty() && migration.rewrites().isEmpty() && migration.findings().isEmpty()) {
                out.append("  nothing to report: no lock on an existing table, no rewrite, no finding\n");
            }
            LoadObservation load = migration.load();
            if (load != null) {
                if (load.tables().isEmpty()) {
                    out.append("  load     names no existing table: no load\n");
                    continue;
                }
                out.append("  load     on ").append(String.join(", ", load.tables())).append('\n')
                        .append("           reader waited at most ").append(waited(load.reader())).append('\n')
                        .append("           writer waited at most ").append(waited(load.writer())).append('\n')
                        .append("           locks ").append(load.withinLockTimeout() ? "within lock_timeout: "
                                : "NOT within lock_timeout: ").append(load.verdict()).append('\n');
                for (String lock : load.traced()) {
                    out.append("           traced from another session: ").append(lock).append('\n');
                }
            }
        }
        return Secrets.redact(out.toString());
    }

    public static String json(AnalysisResult result) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("operation", "analyze");
            json.writeStringField("database", result.database());
            if (result.against() != null) {
                json.writeStringField("against", result.against());
            }
            json.writeBooleanField("success", result.success());
            json.writeNumberField("exitCode", result.exitCode());
            json.writeStringField("failOn", result.failOn().name().toLowerCase(Locale.ROOT));
            json.writeObjectFieldStart("findingCounts");
            for (Severity severity : List.of(Severity.ERROR, Severity.WARNING, Severity.INFO)) {
                json.writeNumberField(severity.label(), result.count(severity));
            }
            json.writeNumberField("acknowledged", result.findings().stream().filter(Finding::acknowledged).count());
            json.writeNumberField("failing", result.failing().size());
            json.writeEndObject();
            json.writeArrayFieldStart("migrations");
            for (MigrationAnalysis migration : result.migrations()) {
                writeMigration(json, migration);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Secrets.redact(out.toString());
    }

    public static String markdown(AnalysisResult result) {
        StringBuilder out = new StringBuilder("## schemahook analyze: ")
                .append(result.success() ? "✅ passed" : "❌ failed (exit " + result.exitCode() + ")").append("\n\n")
                .append(MarkdownReport.escape(result.database())).append(" · ").append(analysed(result))
                .append(" analysed · fails on ").append(result.failOn().name().toLowerCase(Locale.ROOT));
        if (result.against() != null) {
            out.append(" · pending on ").append(MarkdownReport.escape(result.against()));
        }
        out.append("\n\n");
        List<Finding> findings = result.findings();
        if (findings.isEmpty()) {
            out.append("No findings: no migration blocks reads or writes of an existing table.\n");
        } else {
            out.append("| Severity | Migration | Line | Rule | Finding | Safe alternative |\n|---|---|---|---|---|---|\n");
            for (Finding f : findings) {
                out.append("| ").append(badge(f)).append(" | `").append(MarkdownReport.escape(f.migration()))
                        .append("` | ").append(f.line()).append(" | `").append(f.rule()).append("` | ")
                        .append(MarkdownReport.escape(f.message()))
                        .append(f.acknowledged() ? " — *acknowledged: " + MarkdownReport.escape(f.reason()) + "*" : "")
                        .append(" | ").append(MarkdownReport.escape(f.safeAlternative())).append(" |\n");
            }
        }
        List<String[]> lockRows = new ArrayList<>();
        for (MigrationAnalysis migration : result.migrations()) {
            for (ObservedLock lock : existingLocks(migration)) {
                lockRows.add(new String[] {migration.script(), String.valueOf(lock.line()), lock.mode(), lock.relation(),
                        lock.blocking() ? blocks(lock.mode()) : "no"});
            }
            for (Rewrite rewrite : migration.rewrites()) {
                lockRows.add(new String[] {migration.script(), String.valueOf(rewrite.line()), "rewrite", rewrite.relation(),
                        "reads and writes, for the whole rewrite"});
            }
        }
        if (!lockRows.isEmpty()) {
            out.append("\n<details><summary>Locks and rewrites on existing tables</summary>\n\n")
                    .append("| Migration | Line | Lock | Relation | Blocks |\n|---|---|---|---|---|\n");
            for (String[] row : lockRows) {
                out.append("| `").append(MarkdownReport.escape(row[0])).append("` | ").append(row[1]).append(" | ")
                        .append(row[2]).append(" | `").append(MarkdownReport.escape(row[3])).append("` | ")
                        .append(row[4]).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        for (MigrationAnalysis migration : result.migrations()) {
            for (String table : migration.unfilled()) {
                out.append("\nBefore `").append(MarkdownReport.escape(migration.script())).append("`, could not fill ")
                        .append(MarkdownReport.escape(table)).append('\n');
            }
        }
        List<MigrationAnalysis> loaded = result.migrations().stream()
                .filter(m -> m.load() != null && !m.load().tables().isEmpty()).toList();
        if (!loaded.isEmpty()) {
            out.append("\n### Under load\n\n| Migration | Reader waited | Writer waited | Locks within lock_timeout |\n")
                    .append("|---|---|---|---|\n");
            for (MigrationAnalysis migration : loaded) {
                LoadObservation load = migration.load();
                out.append("| `").append(MarkdownReport.escape(migration.script())).append("` | ")
                        .append(MarkdownReport.escape(waited(load.reader()))).append(" | ")
                        .append(MarkdownReport.escape(waited(load.writer()))).append(" | ")
                        .append(load.withinLockTimeout() ? "✅ " : "❌ ").append(MarkdownReport.escape(load.verdict()))
                        .append(" |\n");
            }
        }
        Map<String, String> why = new LinkedHashMap<>();
        findings.forEach(f -> why.putIfAbsent(f.rule(), f.why()));
        if (!why.isEmpty()) {
            out.append("\n<details><summary>Why these rules matter</summary>\n\n");
            why.forEach((rule, text) -> out.append("- `").append(rule).append("`: ").append(MarkdownReport.escape(text))
                    .append('\n'));
            out.append("\nAcknowledge a finding with `-- schemahook:allow <rule> <reason>` in the migration.\n</details>\n");
        }
        return Secrets.redact(out.toString());
    }

    private static void writeMigration(JsonGenerator json, MigrationAnalysis migration) throws IOException {
        json.writeStartObject();
        json.writeStringField("version", migration.version());
        json.writeStringField("description", migration.description());
        json.writeStringField("filepath", migration.script());
        json.writeBooleanField("analysed", migration.analysed());
        json.writeBooleanField("transactional", migration.transactional());
        json.writeStringField("lockTimeout", migration.lockTimeout());
        json.writeArrayFieldStart("locks");
        for (ObservedLock lock : migration.locks()) {
            json.writeStartObject();
            json.writeStringField("relation", lock.relation());
            json.writeStringField("mode", lock.mode());
            json.writeBooleanField("existing", lock.existing());
            json.writeBooleanField("blocking", lock.blocking());
            json.writeNumberField("line", lock.line());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("unfilled");
        for (String table : migration.unfilled()) {
            json.writeString(table);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rewrites");
        for (Rewrite rewrite : migration.rewrites()) {
            json.writeStartObject();
            json.writeStringField("relation", rewrite.relation());
            json.writeNumberField("line", rewrite.line());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (migration.load() != null) {
            writeLoad(json, migration.load());
        }
        json.writeArrayFieldStart("findings");
        for (Finding f : migration.findings()) {
            json.writeStartObject();
            json.writeStringField("rule", f.rule());
            json.writeStringField("severity", f.severity().label());
            json.writeStringField("migration", f.migration());
            json.writeNumberField("line", f.line());
            json.writeStringField("message", f.message());
            json.writeStringField("why", f.why());
            json.writeStringField("safeAlternative", f.safeAlternative());
            json.writeBooleanField("acknowledged", f.acknowledged());
            if (f.reason() != null) {
                json.writeStringField("reason", f.reason());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeLoad(JsonGenerator json, LoadObservation load) throws IOException {
        json.writeObjectFieldStart("load");
        json.writeArrayFieldStart("tables");
        for (String table : load.tables()) {
            json.writeString(table);
        }
        json.writeEndArray();
        writeSession(json, "reader", load.reader());
        writeSession(json, "writer", load.writer());
        json.writeObjectFieldStart("migration");
        json.writeNumberField("maxWaitMs", load.migrationWaitMs());
        if (load.migrationWaitedFor() != null) {
            json.writeStringField("waitedFor", load.migrationWaitedFor());
            json.writeNumberField("line", load.migrationWaitLine());
        }
        json.writeBooleanField("withinLockTimeout", load.withinLockTimeout());
        json.writeStringField("verdict", load.verdict());
        json.writeEndObject();
        json.writeArrayFieldStart("traced");
        for (String lock : load.traced()) {
            json.writeString(lock);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeSession(JsonGenerator json, String name, LoadObservation.SessionWait session)
            throws IOException {
        if (session == null) {
            return;
        }
        json.writeObjectFieldStart(name);
        json.writeNumberField("statements", session.queries());
        json.writeNumberField("maxWaitMs", session.maxWaitMs());
        if (session.blockedBy() != null) {
            json.writeStringField("blockedBy", session.blockedBy());
        }
        json.writeNumberField("errors", session.errors());
        json.writeEndObject();
    }

    private static String waited(LoadObservation.SessionWait session) {
        return session.maxWaitMs() + " ms" + (session.blockedBy() == null ? ", never blocked"
                : ", blocked by " + session.blockedBy()) + " (" + session.queries() + " statements"
                + (session.errors() > 0 ? ", " + session.errors() + " failed" : "") + ")";
    }

    private static List<ObservedLock> existingLocks(MigrationAnalysis migration) {
        return migration.locks().stream().filter(ObservedLock::existing).toList();
    }

    private static String blocks(String mode) {
        return mode.equals("ACCESS EXCLUSIVE") ? "blocks reads and writes" : "blocks writes";
    }

    private static String badge(Finding finding) {
        if (finding.acknowledged()) {
            return "☑️ " + finding.severity().label() + " (acknowledged)";
        }
        return switch (finding.severity()) {
            case ERROR -> "🛑 error";
            case WARNING -> "⚠️ warning";
            case INFO -> "ℹ️ info";
        };
    }

    private static String analysed(AnalysisResult result) {
        long count = result.migrations().stream().filter(MigrationAnalysis::analysed).count();
        return count + " migration" + (count == 1 ? "" : "s");
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
