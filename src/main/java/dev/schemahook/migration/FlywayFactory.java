package dev.schemahook.migration;

import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.ExplicitCommits;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.FileErrors;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Builds the Flyway instance for one run from the user's configuration, with the runner's safe defaults. */
final class FlywayFactory {
    private static final String FILESYSTEM = "filesystem:";
    /** Names Flyway reads in a location: SQL migrations and callbacks, and their per-script .conf files. */
    private static final Pattern READ_BY_FLYWAY = Pattern.compile("(?i).*\\.sql(\\.conf)?");
    /** Flyway's repeatable SQL migrations (prefix R, separator __). */
    private static final Pattern REPEATABLE = Pattern.compile("R__.*\\.(?i:sql)");

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
            checkReadable(location, Path.of(path));
            return FILESYSTEM + path;
        }).toArray(String[]::new);
    }

    /**
     * Flyway's scanner leaves out, without an error, a file or folder it cannot read and a link to nothing. A migration
     * left out that way is applied out of order by a later release, or never, while every command reports success:
     * refuse the location instead. Hidden folders are not looked into, as Flyway does not (a ConfigMap's ..data is
     * reached through the links beside it, which are checked).
     */
    private static void checkReadable(String location, Path folder) {
        try {
            Files.walkFileTree(folder, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    if (!directory.equals(folder) && directory.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
                        throw unreadable(location, directory, "permission denied");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (READ_BY_FLYWAY.matcher(file.getFileName().toString()).matches()) {
                        if (attributes.isSymbolicLink()) {
                            throw unreadable(location, file, "a symbolic link to a file that does not exist");
                        }
                        if (attributes.isOther()) { // a pipe or a device: reading it would wait forever or never end
                            throw unreadable(location, file, "not a regular file");
                        }
                        if (!Files.isReadable(file)) {
                            throw unreadable(location, file, "permission denied");
                        }
                        // Here, where every command passes: plain migrate has no phase plan to find it in.
                        if (REPEATABLE.matcher(file.getFileName().toString()).matches() && PostDeployMarker.isPostDeploy(file)) {
                            throw PostDeployMarker.onRepeatable(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        throw new SchemahookException(ExitCode.USAGE, "migrations location '" + location + "' holds a"
                                + " symbolic link loop at " + file + ": remove the link, or point it at a folder outside"
                                + " the location");
                    }
                    throw unreadable(location, file, FileErrors.reason(file, e));
                }
            });
        } catch (IOException e) {
            throw unreadable(location, folder, e.getMessage());
        }
    }

    private static SchemahookException unreadable(String location, Path file, String reason) {
        return new SchemahookException(ExitCode.USAGE, "cannot read " + file + " in migrations location '" + location
                + "' (" + reason + "), and Flyway would leave it out without a word: make the folder and its files"
                + " readable by the runner's user, or remove what is not a migration");
    }
}
