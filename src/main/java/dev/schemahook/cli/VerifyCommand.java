package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.config.OutputFormat;
import dev.schemahook.database.Connections;
import dev.schemahook.database.RunSessions;
import dev.schemahook.database.ScratchDatabase;
import dev.schemahook.drift.CatalogReader;
import dev.schemahook.drift.SchemaSnapshot;
import dev.schemahook.drift.SnapshotFile;
import dev.schemahook.migration.VerifyResult;
import dev.schemahook.migration.VerifyService;
import dev.schemahook.report.AnalysisReport;
import dev.schemahook.error.ExitCode;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.MarkdownReport;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;
import dev.schemahook.safety.AnalysisResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code schemahook verify}: the CI gate on a throwaway database. */
@Command(name = "verify", sortOptions = false,
        description = "Apply every migration to a throwaway PostgreSQL (embedded, of --postgres-version; or a scratch"
                + " database on the server of --url or PGHOST), validate, migrate again expecting nothing to do, analyse locks and"
                + " rewrites as analyze does (exit 6 at --fail-on), and report. With --snapshot FILE, also write the resulting schema for"
                + " 'schemahook drift'. Use --output markdown for a CI job summary.")
final class VerifyCommand extends ScratchDatabaseCommand {
    @Option(names = "--snapshot", paramLabel = "FILE", defaultValue = "${env:SCHEMAHOOK_SNAPSHOT}",
            description = "After applying the migrations, write a description of the resulting schema (stable JSON,"
                    + " for git) to FILE, for 'schemahook drift'. Env: SCHEMAHOOK_SNAPSHOT.")
    Path snapshot;

    @Override
    String operation() {
        return "verify";
    }

    @Override
    int runOnScratch(Connections server, Connections connections, String description, ConnectionConfig connectionConfig,
                     MigrationConfig migrationConfig, Map<String, String> environment) {
        List<VerifyService.ExtraCheck> checks = new ArrayList<>();
        if (snapshot != null) {
            // First: the schema as the migrations left it, before anything else touches the database.
            checks.add(new VerifyService.ExtraCheck("Write the schema snapshot", () -> writeSnapshot(connections,
                    migrationConfig)));
        }
        checks.add(new VerifyService.ExtraCheck("Analyse locks and rewrites",
                () -> analyse(server, connectionConfig, migrationConfig, description)));
        VerifyResult result = new VerifyService(connections, connectionConfig, migrationConfig).verify(description, checks);
        if (!result.success()) {
            VerifyResult.Step failed = result.steps().get(result.steps().size() - 1);
            throw new ReportedFailure(ExitCode.of(result.exitCode()), "verify failed at '" + failed.name() + "': "
                    + failed.detail(), format -> render(result, format));
        }
        print(render(result, format()));
        TerminationMessage.write(TextReport.summary(result), environment);
        return 0;
    }

    private static String render(VerifyResult result, OutputFormat format) {
        return switch (format) {
            case JSON -> JsonReport.render(result) + "\n";
            case MARKDOWN -> MarkdownReport.render(result);
            case TEXT -> TextReport.render(result);
        };
    }

    private String writeSnapshot(Connections connections, MigrationConfig migrationConfig) {
        SchemaSnapshot schema = new CatalogReader(connections).read(migrationConfig.schemas(), migrationConfig.table());
        SnapshotFile.write(schema, snapshot);
        return schema.objects().size() + " objects of " + String.join(", ", schema.schemas()) + " at version "
                + schema.schemaVersion() + " written to " + snapshot;
    }

    /** The analysis runs on a scratch database of its own: it needs an empty one, as the first step did. */
    private String analyse(Connections server, ConnectionConfig connectionConfig, MigrationConfig migrationConfig,
                           String description) {
        try (ScratchDatabase scratch = ScratchDatabase.create(server)) {
            Connections analysed = new Connections(scratch.settings());
            // The migrations run again, here: a stop now cancels these statements, not the first database's.
            StopSignals.watch(new RunSessions(analysed));
            AnalysisResult result = AnalyzeCommand.analyze(analysed, Optional.empty(),
                    connectionConfig, migrationConfig, description, analysis.failOn(), analysis.rows());
            if (!result.success()) {
                throw new SchemahookException(ExitCode.UNSAFE_MIGRATION, AnalysisReport.summary(result)
                        + "; see 'schemahook analyze' for why and the safe alternative, or acknowledge with"
                        + " '-- schemahook:allow <rule> <reason>'");
            }
            return AnalysisReport.summary(result);
        }
    }
}
