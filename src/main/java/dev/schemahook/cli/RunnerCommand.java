package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.OutputFormat;
import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.EmbeddedPostgresServer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.SchemahookException;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What every command shares: connect (or start the embedded server), run one service call, print the result and the
 * termination message. Failures are thrown and printed by {@link SchemahookMain}'s single handler.
 */
abstract class RunnerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    MigrationOptions migration;

    @Mixin
    OutputOptions output;

    /** The settings of the database this run talks to, once resolved; printed with errors. */
    private ConnectionSettings settings;

    abstract String operation();

    abstract OperationResult execute(MigrationService service);

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        ConnectionConfig connectionConfig = connection.toConfig();
        var migrationConfig = migration.toConfig(environment);
        if (connection.embeddedRequested()) {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(connectionConfig.embedded(),
                    connectionConfig.embeddedMajor(), environment)) {
                ConnectionConfig embedded = new ConnectionConfig(Optional.of(server.jdbcUrl()), Optional.of("postgres"),
                        Optional.empty(), Optional.empty(), connectionConfig.waitTimeout(), Optional.empty(),
                        connectionConfig.embeddedMajor());
                return run(embedded, migrationConfig, environment);
            }
        }
        return run(connectionConfig, migrationConfig, environment);
    }

    private int run(ConnectionConfig connectionConfig, dev.schemahook.config.MigrationConfig migrationConfig,
                    Map<String, String> environment) {
        settings = new ConnectionSettingsResolver(environment).resolve(connectionConfig);
        MigrationService service = new MigrationService(new Connections(settings), connectionConfig, migrationConfig);
        OperationResult result = execute(service);
        System.out.print(output.output == OutputFormat.JSON ? JsonReport.render(result) + "\n" : TextReport.render(result));
        System.out.flush();
        TerminationMessage.write(TextReport.summary(result), environment);
        return 0;
    }

    /** Prints a failure in the chosen format; called by the one exception handler. */
    void printError(SchemahookException error) {
        OutputFormat format = output == null || output.output == null ? OutputFormat.TEXT : output.output;
        String database = settings == null ? null : settings.display();
        if (format == OutputFormat.JSON) {
            System.out.println(JsonReport.renderError(operation(), database, error));
            System.out.flush();
        }
        System.err.print(TextReport.renderError(error));
        System.err.flush();
        TerminationMessage.write(TextReport.summary(operation(), error), System.getenv());
    }
}
