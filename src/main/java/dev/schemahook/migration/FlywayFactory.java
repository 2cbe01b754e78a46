package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.ExplicitCommits;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds the Flyway instance for one run from the user's configuration, with the runner's safe defaults. */
final class FlywayFactory {
    private static final String FILESYSTEM = "filesystem:";

    private FlywayFactory() {
    }

    static Flyway create(Connections connections, MigrationConfig config, String[] locations, Duration lockTimeout,
                         CurrentMigration currentMigration) {
        return create(connections, config, locations, lockTimeout, currentMigration, configuration -> { });
    }

    /** As {@link #create}, with {@code adjust} applied last: the analysis adds its observer there, and nothing else. */
    static Flyway create(Connections connections, MigrationConfig config, String[] locations, Duration lockTimeout,
                         CurrentMigration currentMigration, Consumer<FluentConfiguration> adjust) {
        FlywayWarmUp.awaitLoaded();
        FluentConfiguration configuration = Flyway.configure(FlywayFactory.class.getClassLoader())
                // Only an explicit commit commits: an OutOfMemoryError in Flyway's transaction must not commit half a file.
                .dataSource(new ExplicitCommits(connections))
                // One call: callbacks(...) replaces the list (ClassicConfiguration.setCallbacks clears it first).
                .callbacks(currentMigration, new TimeoutsPerMigration(timeouts(lockTimeout, config.statementTimeout())))
                .locations(locations)
                .table(config.table())
                .outOfOrder(config.outOfOrder())
                .baselineOnMigrate(config.baselineOnMigrate())
                .baselineVersion(config.baselineVersion())
                .placeholders(config.placeholders())
                // A file whose name Flyway does not understand would be skipped without a word: fail instead.
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                // A file over 1 MB is parsed statement by statement as it runs instead of held as a list of parsed
                // statements (FileSystemResource.shouldStream, ParserSqlScript.getSqlStatements in flyway-core
                // 12.0.0). Flyway still reads the whole file once first, to decide whether it can run in a
                // transaction, so the semantics do not change. It still keeps every statement's SQL text in its
                // results (DefaultSqlScriptExecutor.execute collects a Result, with its sql, per statement) until the
                // file is done, so memory still grows with the file (README, Memory).
                .stream(true)
                .loggers(FlywayLogCreator.class.getName())
                .connectRetries(0)
                .initSql(sessionSettings(lockTimeout, config.statementTimeout(), connections.applicationName()))
                // Flyway's transaction-scoped advisory lock deadlocks CREATE INDEX CONCURRENTLY (flyway/flyway#3497);
                // the session lock does not, and the runner serialises whole runs with its own lock anyway.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
        if (!config.schemas().isEmpty()) {
            configuration.schemas(config.schemas().toArray(String[]::new));
        }
        config.target().ifPresent(configuration::target);
        adjust.accept(configuration);
        return configuration.load();
    }

    private static String sessionSettings(Duration lockTimeout, Duration statementTimeout, String applicationName) {
        return timeouts(lockTimeout, statementTimeout) + "; SET application_name = '" + applicationName + "'";
    }

    private static String timeouts(Duration lockTimeout, Duration statementTimeout) {
        return "SET lock_timeout = '" + lockTimeout.toMillis() + "ms'; "
                + "SET statement_timeout = '" + statementTimeout.toMillis() + "ms'";
    }

    /**
     * Sets the timeouts again before every migration: Flyway applies a whole run on one session, so a
     * {@code SET lock_timeout = 0} in one migration would otherwise hold for every later one.
     */
    private record TimeoutsPerMigration(String timeouts) implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute(timeouts);
            } catch (SQLException e) {
                throw new FlywayException("cannot set the timeouts of the migration: " + e.getMessage(), e);
            }
        }

        @Override
        public String getCallbackName() {
            return "schemahook-timeouts";
        }
    }

    /** Only folders on the file system: a location that does not exist would otherwise migrate nothing, silently. */
    static String[] checkedLocations(List<String> locations) {
        return locations.stream().map(location -> {
            String path = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location;
            if (path.matches("^[a-z0-9]+:.*")) {
                throw new SchemahookException(ExitCode.USAGE, "location '" + location
                        + "' is not supported: only folders are (filesystem:/migrations); fix --locations or SCHEMAHOOK_LOCATIONS");
            }
            if (!Files.isDirectory(Path.of(path))) {
                throw new SchemahookException(ExitCode.USAGE, "migrations location '" + location
                        + "' is not a folder: copy the migrations into the image at /migrations or fix --locations"
                        + " (SCHEMAHOOK_LOCATIONS)");
            }
            return FILESYSTEM + path;
        }).toArray(String[]::new);
    }
}
