package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.ScratchDatabase;
import dev.schemahook.migration.VerifyResult;
import dev.schemahook.migration.VerifyService;
import dev.schemahook.report.AnalysisReport;
import dev.schemahook.report.ExitCode;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.MarkdownReport;
import dev.schemahook.report.SchemahookException;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;
import dev.schemahook.safety.AnalysisResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code schemahook verify}: the CI gate on a throwaway database. */
@Command(name = "verify", sortOptions = false,
        description = "Apply every migration to a throwaway PostgreSQL (embedded, of --postgres-version; or a scratch"
                + " database on the server of --url), validate, migrate again expecting nothing to do, analyse locks and"
                + " rewrites as analyze does (exit 6 at --fail-on), and report. Use --output markdown for a CI job summary.")
final class VerifyCommand extends RunnerCommand {
    @Mixin
    AnalysisOptions analysis;

    @Override
    String operation() {
        return "verify";
    }

    @Override
    boolean startsEmbedded() {
        return connection.toConfig().url().isEmpty();
    }

    @Override
    int run(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment,
            String serverKind) {
        Connections server = new Connections(new ConnectionSettingsResolver(environment).resolve(connectionConfig));
        new DatabaseWaiter(server).waitForDatabase(connectionConfig.waitTimeout());
        try (ScratchDatabase scratch = ScratchDatabase.create(server)) {
            Connections connections = new Connections(scratch.settings());
            String description = describe(serverKind, server, connections);
            VerifyResult result = new VerifyService(connections, connectionConfig, migrationConfig).verify(description,
                    List.of(new VerifyService.ExtraCheck("Analyse locks and rewrites",
                            () -> analyse(server, connectionConfig, migrationConfig, description))));
            print(switch (format()) {
                case JSON -> JsonReport.render(result) + "\n";
                case MARKDOWN -> MarkdownReport.render(result);
                case TEXT -> TextReport.render(result);
            });
            TerminationMessage.write(TextReport.summary(result), environment);
            return result.exitCode();
        }
    }

    /** The analysis runs on a scratch database of its own: it needs an empty one, as the first step did. */
    private String analyse(Connections server, ConnectionConfig connectionConfig, MigrationConfig migrationConfig,
                           String description) {
        try (ScratchDatabase scratch = ScratchDatabase.create(server)) {
            AnalysisResult result = AnalyzeCommand.analyze(new Connections(scratch.settings()), Optional.empty(),
                    connectionConfig, migrationConfig, description, analysis.failOn());
            if (!result.success()) {
                throw new SchemahookException(ExitCode.UNSAFE_MIGRATION, AnalysisReport.summary(result)
                        + "; see 'schemahook analyze' for why and the safe alternative, or acknowledge with"
                        + " '-- schemahook:allow <rule> <reason>'");
            }
            return AnalysisReport.summary(result);
        }
    }

    /** Where a check ran, e.g. {@code embedded PostgreSQL 17.6} or {@code PostgreSQL 16.4 at db:5432/postgres}. */
    static String describe(String serverKind, Connections server, Connections scratch) {
        return serverKind + "PostgreSQL " + serverVersion(scratch) + (serverKind.isEmpty() ? " at " + server.settings() : "");
    }

    private static String serverVersion(Connections connections) {
        try (var connection = connections.open(); var statement = connection.createStatement();
             var result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1).split(" ")[0];
        } catch (java.sql.SQLException e) {
            return "(version unknown: " + DatabaseWaiter.describe(e) + ")";
        }
    }
}
