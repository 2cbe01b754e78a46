package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.ScratchDatabase;
import dev.schemahook.migration.VerifyResult;
import dev.schemahook.migration.VerifyService;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.MarkdownReport;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code schemahook verify}: the CI gate on a throwaway database. */
@Command(name = "verify", sortOptions = false,
        description = "Apply every migration to a throwaway PostgreSQL (embedded, of --postgres-version; or a scratch"
                + " database on the server of --url), validate, migrate again expecting nothing to do, and report."
                + " Use --output markdown for a CI job summary.")
final class VerifyCommand extends RunnerCommand {
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
            String description = serverKind + "PostgreSQL " + serverVersion(connections)
                    + (serverKind.isEmpty() ? " at " + server.settings() : "");
            VerifyResult result = new VerifyService(connections, connectionConfig, migrationConfig).verify(description);
            print(switch (format()) {
                case JSON -> JsonReport.render(result) + "\n";
                case MARKDOWN -> MarkdownReport.render(result);
                case TEXT -> TextReport.render(result);
            });
            TerminationMessage.write(TextReport.summary(result), environment);
            return result.exitCode();
        }
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
