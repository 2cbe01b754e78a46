package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.report.ExitCode;
import dev.schemahook.report.SchemahookException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
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
                         String applicationName) {
        return create(connections, config, locations, lockTimeout, applicationName, configuration -> { });
    }

    /** As {@link #create}, with {@code adjust} applied last: the analysis adds its observer there, and nothing else. */
    static Flyway create(Connections connections, MigrationConfig config, String[] locations, Duration lockTimeout,
                         String applicationName, Consumer<FluentConfiguration> adjust) {
        FlywayWarmUp.awaitLoaded();
        FluentConfiguration configuration = Flyway.configure(FlywayFactory.class.getClassLoader())
                .dataSource(connections.settings().jdbcUrl(), connections.settings().user().orElse(null),
                        connections.settings().password().orElse(null))
                .locations(locations)
                .table(config.table())
                .outOfOrder(config.outOfOrder())
                .baselineOnMigrate(config.baselineOnMigrate())
                .baselineVersion(config.baselineVersion())
                .placeholders(config.placeholders())
                // A file whose name Flyway does not understand would be skipped without a word: fail instead.
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers(FlywayLogCreator.class.getName())
                .connectRetries(0)
                .initSql(sessionSettings(lockTimeout, config.statementTimeout(), applicationName))
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
        return "SET lock_timeout = '" + lockTimeout.toMillis() + "ms'; "
                + "SET statement_timeout = '" + statementTimeout.toMillis() + "ms'; "
                + "SET application_name = '" + applicationName + "'";
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
