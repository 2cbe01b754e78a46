package dev.schemahook.cli;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.config.OutputFormat;
import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.ConnectionSettingsResolver;
import dev.schemahook.database.Connections;
import dev.schemahook.database.EmbeddedPostgresServer;
import dev.schemahook.database.RunSessions;
import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.UpToDateAnswer;
import dev.schemahook.report.JsonReport;
import dev.schemahook.report.MarkdownReport;
import dev.schemahook.report.TerminationMessage;
import dev.schemahook.report.TextReport;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What every command shares: connect (or start the embedded server), run one service call, print the result and the
 * termination message. Failures are thrown, and printed by {@link ExitPath} alone.
 */
abstract class RunnerCommand implements Callable<Integer> {
    /** Before Quarkus starts, a server that does not answer this fast is left to the full run, which waits for it. */
    private static final Duration BEFORE_BOOT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    /** The options of this command; its option groups are its mixins. */
    @Spec
    CommandSpec spec;

    /** The settings of the database this run talks to, once resolved; printed with errors. */
    private ConnectionSettings settings;

    /** What the look before Quarkus started found; nothing for a command the whole tree built. */
    private final EarlyAnswer beforeBoot;

    RunnerCommand() {
        this(EarlyAnswer.NONE);
    }

    RunnerCommand(EarlyAnswer beforeBoot) {
        this.beforeBoot = beforeBoot;
    }

    abstract String operation();

    /** Runs the command's service call; commands that print something else override {@link #run}. */
    OperationResult execute(MigrationService service) {
        throw new UnsupportedOperationException(operation());
    }

    /** What this run is configured with: every option group the command declares fills in its part. */
    RunConfiguration configuration(Map<String, String> environment) {
        RunConfiguration configuration = new RunConfiguration(environment);
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof OptionGroup group) {
                group.applyTo(configuration);
            }
        }
        refuseIgnoredServerOptions(configuration);
        return configuration;
    }

    /** Options that would be ignored without a word: the embedded server's next to a server given by --url. */
    private void refuseIgnoredServerOptions(RunConfiguration configuration) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (given == null) {
            return;
        }
        if (given.hasMatchedOption("--embedded") && given.hasMatchedOption("--url")) {
            throw new TypeConversionException("--embedded and --url both name the database: give one of them");
        }
        if (given.hasMatchedOption("--postgres-version") && !startsEmbedded(configuration)) {
            throw new TypeConversionException("--postgres-version chooses the embedded PostgreSQL, and this run uses"
                    + " the server of --url (or PGHOST), whatever its major: drop --postgres-version, or --url"
                    + (spec.findOption("--embedded") != null ? " and add --embedded" : "") + " to run on the embedded"
                    + " server");
        }
    }

    /** Whether this run starts the embedded server. */
    boolean startsEmbedded(RunConfiguration configuration) {
        return configuration.embeddedRequested;
    }

    /** Why the native runner cannot start the embedded server this run asks for, and what to do instead. */
    String embeddedUnavailable() {
        return "--embedded needs the JVM build of schemahook: this native runner has no embedded PostgreSQL; give the"
                + " database with --url (or SCHEMAHOOK_DB_URL, or the PG* variables), or run the JVM image";
    }

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        RunConfiguration configuration = configuration(environment);
        ConnectionConfig connectionConfig = configuration.connectionConfig();
        MigrationConfig migrationConfig = configuration.migrationConfig();
        if (!startsEmbedded(configuration)) {
            return run(connectionConfig, migrationConfig, environment, "");
        }
        return runOnEmbedded(connectionConfig, migrationConfig, environment);
    }

    /**
     * Starts the embedded server and runs the command on it. JVM build only: the native image replaces this method with
     * the usage error of {@link #embeddedUnavailable} ({@link NativeRunnerWithoutEmbeddedServer}), so nothing of the
     * embedded server is reachable there, and the native profile in pom.xml keeps its library off native-image's class
     * path altogether.
     */
    int runOnEmbedded(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(connectionConfig.embedded(),
                connectionConfig.embeddedMajor(), environment)) {
            ConnectionConfig embedded = new ConnectionConfig(Optional.of(server.jdbcUrl()), Optional.of("postgres"),
                    Optional.empty(), Optional.empty(), connectionConfig.waitTimeout(), Optional.empty(),
                    connectionConfig.embeddedMajor());
            return run(embedded, migrationConfig, environment, "embedded ");
        }
    }

    /** Resolves the connection and runs the command against it. */
    int run(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment,
            String serverKind) {
        settings = new ConnectionSettingsResolver(environment).resolve(connectionConfig);
        Connections connections = new Connections(settings);
        StopSignals.watch(new RunSessions(connections));
        report(execute(new MigrationService(connections, connectionConfig, migrationConfig, beforeBoot)), environment);
        return 0;
    }

    /**
     * Answers a release with nothing to do, before Quarkus starts, from one quick connection attempt, and reports it
     * exactly as {@link #call} would. No answer when the full run has to decide: the embedded server, a database that
     * is not reachable at once or not exactly current, a configuration error (which the full run reports).
     */
    EarlyAnswer answerBeforeBoot() {
        Map<String, String> environment = System.getenv();
        RunConfiguration configuration = configuration(environment);
        if (startsEmbedded(configuration)) {
            return EarlyAnswer.NONE;
        }
        ConnectionConfig connectionConfig = configuration.connectionConfig();
        ConnectionSettings resolved = new ConnectionSettingsResolver(environment).resolve(connectionConfig);
        Connections connections = new Connections(resolved).withConnectTimeout(BEFORE_BOOT_CONNECT_TIMEOUT);
        EarlyAnswer answer = UpToDateAnswer.atOnce(connections, connectionConfig, configuration.migrationConfig(),
                operation());
        answer.upToDate().ifPresent(upToDate -> report(upToDate, environment));
        return answer;
    }

    /** Renders first, so that a rendering failure has printed nothing; printing and the termination message never throw. */
    private void report(OperationResult result, Map<String, String> environment) {
        String rendered = switch (format()) {
            case JSON -> JsonReport.render(result) + "\n";
            case MARKDOWN -> MarkdownReport.render(result);
            case TEXT -> TextReport.render(result);
        };
        String summary = TextReport.summary(result);
        print(rendered);
        TerminationMessage.write(summary, environment);
    }

    OutputFormat format() {
        return output == null || output.output == null ? OutputFormat.TEXT : output.output;
    }

    static void print(String text) {
        System.out.print(text);
        System.out.flush();
    }

    /** The database this run talks to, once resolved, for the JSON of a failure; null before. */
    String database() {
        return settings == null ? null : settings.display();
    }
}
