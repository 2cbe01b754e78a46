package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.RunSessions;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.database.ScratchDatabase;
import picocli.CommandLine.Mixin;

import java.util.Map;

/**
 * The commands that check migrations on a throwaway database (verify, analyze): the embedded server unless --url or
 * PGHOST names a server, and there a scratch database created for the run and dropped after it.
 */
abstract class ScratchDatabaseCommand extends RunnerCommand {
    @Mixin
    ConnectionOptions.WaitTimeout waitTimeout;

    @Mixin
    ConnectionOptions.PostgresVersion postgresVersion;

    @Mixin
    MigrationOptions.Sources sources;

    @Mixin
    MigrationOptions.Placeholders placeholders;

    @Mixin
    MigrationOptions.Target target;

    @Mixin
    MigrationOptions.StatementTimeouts statementTimeouts;

    @Mixin
    AnalysisOptions analysis;

    /** Runs the check on {@code scratch}; {@code server} reaches the server's maintenance database. */
    abstract int runOnScratch(Connections server, Connections scratch, String description, ConnectionConfig connectionConfig,
                              MigrationConfig migrationConfig, Map<String, String> environment);

    /** A server is given as to every other command: --url (SCHEMAHOOK_DB_URL), else libpq's PGHOST and its fellows. */
    @Override
    boolean startsEmbedded(RunConfiguration configuration) {
        return configuration.url.isEmpty()
                && configuration.environment.getOrDefault("PGHOST", "").isBlank();
    }

    @Override
    String embeddedUnavailable() {
        return operation() + " without --url or PGHOST starts an embedded PostgreSQL, which this native runner does not have;"
                + " give a server with --url or PGHOST (a scratch database is created there and dropped afterwards), or run the"
                + " JVM image";
    }

    @Override
    int run(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment,
            String serverKind) {
        Connections server = new Connections(new ConnectionSettingsResolver(environment).resolve(connectionConfig));
        new DatabaseWaiter(server).waitForDatabase(connectionConfig.waitTimeout());
        try (ScratchDatabase scratch = ScratchDatabase.create(server)) {
            Connections connections = new Connections(scratch.settings());
            // A stop cancels the statements on the scratch database (the migration's, and analyze --load's sessions),
            // so that the run reports exit 9 and drops it, instead of waiting for them.
            StopSignals.watch(new RunSessions(connections));
            String description = serverKind + "PostgreSQL " + serverVersion(connections)
                    + (serverKind.isEmpty() ? " at " + server.settings() : "");
            return runOnScratch(server, connections, description, connectionConfig, migrationConfig, environment);
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
