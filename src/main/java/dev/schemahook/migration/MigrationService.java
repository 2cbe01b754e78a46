package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.Durations;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.BaselineResult;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Runs one Flyway operation against one database, with the runner's waiting, locking and safety rules around it. */
public final class MigrationService {
    private static final Logger LOG = Logger.getLogger(MigrationService.class);
    private static final Set<MigrationState> FUTURE = EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);
    /** States that mean the database does not yet hold a migration of this image. */
    private static final Set<MigrationState> NOT_YET_APPLIED = EnumSet.of(MigrationState.PENDING, MigrationState.IGNORED,
            MigrationState.OUTDATED, MigrationState.FAILED);
    private static final Duration AWAIT_POLL = Duration.ofSeconds(2);
    /** A retry's lock_timeout is at most this many times --lock-timeout. */
    private static final int MAX_LOCK_TIMEOUT_GROWTH = 2;

    private final Connections connections;
    private final ConnectionConfig connectionConfig;
    private final MigrationConfig config;
    private final String[] locations;
    /** What Flyway is applying right now, for the messages of a stop, a lost connection or a full heap. */
    private final CurrentMigration currentMigration = new CurrentMigration();
    /** Set by {@link #knownNotCurrent()}. */
    private boolean knownNotCurrent;

    public MigrationService(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config) {
        this.connections = connections;
        this.connectionConfig = connectionConfig;
        this.config = config;
        // Checked before any wait: a wrong folder is a configuration error, not a database that is late.
        this.locations = FlywayFactory.checkedLocations(config.locations());
    }

    /** Waits for the database, validates what is applied and applies every pending migration in order. */
    public OperationResult migrate() {
        return migrate(Phase.ALL);
    }

    /** As {@link #migrate()}, stopping where {@code phase} stops ({@link PhasePlan}). */
    public OperationResult migrate(Phase phase) {
        return run(() -> {
            waitForDatabase();
            Optional<OperationResult> current = alreadyCurrent("migrate");
            if (current.isPresent()) {
                return current.get();
            }
            try (MigrationLock ignored = lock()) {
                // Futures are read from the history directly: a Flyway info() before migrate() would resolve and
                // checksum every migration file twice.
                HistoryState history = historyState();
                List<String> warnings = futureWarnings(history.futureVersions());
                // Decided under the lock: another runner may have applied part of the plan meanwhile.
                Optional<MigrationConfig> phased = phase == Phase.ALL ? Optional.of(config)
                        : PhasePlan.of(flyway(config.lockTimeout()).info()).configFor(phase, config);
                if (phased.isEmpty()) {
                    return new OperationResult("migrate", connections.settings().display(), history.schema(), null,
                            null, 0, List.of(), true, warnings);
                }
                org.flywaydb.core.api.output.MigrateResult result = migrateRetryingOnLockTimeout(phased.get());
                warnings.addAll(result.warnings == null ? List.of() : result.warnings);
                List<MigrationRecord> applied = result.migrations.stream().map(MigrationService::record).toList();
                return new OperationResult("migrate", connections.settings().display(), history.schema(),
                        result.initialSchemaVersion, result.targetSchemaVersion == null
                        ? result.initialSchemaVersion : result.targetSchemaVersion,
                        result.migrationsExecuted, applied, true, warnings);
            }
        });
    }

    /** Every migration of the image and of the database, with its state. Read-only. */
    public OperationResult info() {
        return run(() -> {
            waitForDatabase();
            Flyway flyway = flyway(config.lockTimeout());
            var info = flyway.info();
            MigrationInfo[] all = info.all();
            String current = info.current() == null ? null : info.current().getVersion().getVersion();
            return new OperationResult("info", connections.settings().display(), schemaName(), current, current,
                    0, Arrays.stream(all).map(i -> record(i).withPhase(PhasePlan.phaseOf(i))).toList(), true,
                    futureWarnings(all));
        });
    }

    /** Checks what is applied against the image (checksums, missing, failed, future with --on-future fail). */
    public OperationResult validate() {
        return run(() -> {
            waitForDatabase();
            Flyway flyway = flyway(config.lockTimeout());
            ValidateResult result = flyway.validateWithResult();
            if (!result.validationSuccessful) {
                throw new SchemahookException(ExitCode.VALIDATION_FAILED,
                        FlywayErrors.validationMessage(result.getAllErrorMessages()));
            }
            var info = flyway.info();
            MigrationInfo[] all = info.all();
            List<String> warnings = futureWarnings(all);
            warnings.addAll(result.warnings == null ? List.of() : result.warnings);
            String current = info.current() == null ? null : info.current().getVersion().getVersion();
            return new OperationResult("validate", connections.settings().display(), schemaName(), current,
                    current, 0, Arrays.stream(all).map(MigrationService::record).toList(), true, warnings);
        });
    }

    /** Records {@code version} as the starting point of a database that was never managed by schemahook or Flyway. */
    public OperationResult baseline(String version, String description) {
        return run(() -> {
            waitForDatabase();
            try (MigrationLock ignored = lock()) {
                Flyway flyway = Flyway.configure(FlywayFactory.class.getClassLoader())
                        .configuration(flyway(config.lockTimeout()).getConfiguration())
                        .baselineVersion(MigrationVersion.fromVersion(version))
                        .baselineDescription(description)
                        .load();
                BaselineResult result = flyway.baseline();
                return new OperationResult("baseline", connections.settings().display(), schemaName(), null,
                        result.baselineVersion, 0, List.of(), result.successfullyBaselined,
                        result.warnings == null ? new ArrayList<>() : new ArrayList<>(result.warnings));
            }
        });
    }

    /** Realigns checksums and descriptions with the image and removes failed entries. */
    public OperationResult repair() {
        return run(() -> {
            waitForDatabase();
            try (MigrationLock ignored = lock()) {
                Flyway flyway = flyway(config.lockTimeout());
                RepairResult result = flyway.repair();
                List<String> warnings = new ArrayList<>(result.warnings == null ? List.of() : result.warnings);
                warnings.addAll(result.repairActions == null ? List.of() : result.repairActions.stream()
                        .map(action -> "repair: " + action).toList());
                List<MigrationRecord> changed = new ArrayList<>();
                result.migrationsRemoved.forEach(m -> changed.add(repaired(m, "Removed")));
                result.migrationsDeleted.forEach(m -> changed.add(repaired(m, "Deleted")));
                result.migrationsAligned.forEach(m -> changed.add(repaired(m, "Aligned")));
                String current = currentVersion(flyway);
                return new OperationResult("repair", connections.settings().display(), schemaName(), current,
                        current, 0, changed, true, warnings);
            }
        });
    }

    /**
     * Waits until the database holds every migration this image knows, within {@code timeout}. Read-only: it takes no
     * lock and changes nothing, so an application's init container can run it with the application's own user.
     */
    public OperationResult await(Duration timeout) {
        return run(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            new DatabaseWaiter(connections).waitForDatabase(timeout);
            Optional<OperationResult> alreadyCurrent = alreadyCurrent("await");
            if (alreadyCurrent.isPresent()) {
                return alreadyCurrent.get();
            }
            Flyway flyway = flyway(config.lockTimeout());
            String lastMissing = "";
            while (true) {
                var info = flyway.info();
                List<MigrationInfo> missing = PhasePlan.awaited(Arrays.stream(info.all())
                        .filter(i -> NOT_YET_APPLIED.contains(i.getState()))
                        .toList());
                if (missing.isEmpty()) {
                    String current = info.current() == null ? null : info.current().getVersion().getVersion();
                    return new OperationResult("await", connections.settings().display(), schemaName(), current,
                            current, 0, List.of(), true, futureWarnings(info.all()));
                }
                lastMissing = missing.size() + " migration(s) not applied yet: " + missing.stream()
                        .map(MigrationService::label).limit(5).reduce((a, b) -> a + ", " + b).orElse("");
                if (System.nanoTime() > deadline) {
                    throw new SchemahookException(ExitCode.AWAIT_TIMEOUT, "database " + connections.settings()
                            + " did not reach this image's schema within " + Durations.format(timeout) + ": "
                            + lastMissing + "; check the migration Job's logs, or raise --timeout");
                }
                LOG.infof("waiting for the migration Job: %s", lastMissing);
                sleep(AWAIT_POLL);
            }
        });
    }

    private org.flywaydb.core.api.output.MigrateResult migrateRetryingOnLockTimeout(MigrationConfig config) {
        long deadline = System.nanoTime() + connectionConfig.waitTimeout().toNanos();
        Duration lockTimeout = config.lockTimeout();
        Duration backoff = Duration.ofSeconds(1);
        try (BlockerWatch watch = BlockerWatch.start(connections, connections.applicationName())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return FlywayFactory.create(connections, config, locations, lockTimeout, currentMigration).migrate();
                } catch (RuntimeException e) {
                    boolean retry = FlywayErrors.isLockTimeout(e) && attempt <= config.lockRetries()
                            && System.nanoTime() + backoff.toNanos() < deadline;
                    if (!retry) {
                        throw e;
                    }
                    String blockers = watch == null || watch.lastBlockers().isEmpty()
                            ? "blocker gone before it could be seen" : "blocked by " + String.join(", ", watch.lastBlockers());
                    // The timeout grows so a busy table still gets its window, but only to twice the configured one:
                    // every query on the table queues behind the waiting migration, so this bounds their stall.
                    Duration next = min(lockTimeout.multipliedBy(2), config.lockTimeout().multipliedBy(MAX_LOCK_TIMEOUT_GROWTH));
                    LOG.warnf("a migration waited longer than lock_timeout %s (%s); retry %d of %d in %s with lock_timeout %s",
                            Durations.format(lockTimeout), blockers, attempt, config.lockRetries(),
                            Durations.format(backoff), Durations.format(next));
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                    lockTimeout = next;
                }
            }
        }
    }

    /**
     * The release with nothing to do, answered with one connection attempt and nothing else: no waiting, no lock, no
     * Flyway, no log line. No answer when the database cannot be reached at once, when anything is not exactly
     * current, and when there is something to warn about (newer migrations after a rollback): the full run decides
     * those. Safe to call before Quarkus has started (see {@code SchemahookMain}).
     */
    public EarlyAnswer upToDateAtOnce(String operation) {
        try {
            HistoryLook look = lookAtHistory();
            if (look.upToDate().isEmpty()) {
                return new EarlyAnswer(Optional.empty(), true);
            }
            if (!look.upToDate().get().futureVersions().isEmpty()) {
                return new EarlyAnswer(Optional.empty(), false); // --on-future decides, in the full run
            }
            return new EarlyAnswer(Optional.of(upToDateResult(operation, look.schema(), look.upToDate().get())), false);
        } catch (SQLException | RuntimeException e) {
            return new EarlyAnswer(Optional.empty(), false);
        }
    }

    /**
     * What {@link #upToDateAtOnce} found: the answer when the database is up to date; else whether it read the history
     * and found work to do (pending, edited, missing, failed, or no history yet), which the full run need not check
     * again (see {@link #knownNotCurrent()}). A history that cannot be read after connecting counts as work to do:
     * the full run's own look would not read it either, and Flyway reports it.
     */
    public record EarlyAnswer(Optional<OperationResult> upToDate, boolean workToDo) {
    }

    /**
     * The run before boot read the history and found work to do: this run goes straight to Flyway instead of reading
     * the history and checksumming every file again. Flyway decides either way; should another runner have finished
     * in between, Flyway finds nothing pending and the report says so.
     */
    public MigrationService knownNotCurrent() {
        this.knownNotCurrent = true;
        return this;
    }

    /**
     * The common case, answered without the lock and without Flyway: the database already holds exactly this image's
     * migrations, newer ones included when --on-future warn accepts them (with the warning). Empty whenever Flyway has
     * to decide (see {@link UpToDateCheck}).
     */
    private Optional<OperationResult> alreadyCurrent(String operation) {
        if (knownNotCurrent) {
            LOG.debug("the check before Quarkus started found work to do: no second look at the history before Flyway");
            return Optional.empty();
        }
        LOG.debug("reading the schema history: is the database already current?");
        boolean acceptFuture = config.onFuture() == FuturePolicy.WARN;
        try {
            HistoryLook look = lookAtHistory();
            return look.upToDate()
                    .filter(upToDate -> upToDate.futureVersions().isEmpty() || acceptFuture)
                    .map(upToDate -> upToDateResult(operation, look.schema(), upToDate));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** One connection: the history's schema and what {@link UpToDateCheck} makes of the history there. */
    private HistoryLook lookAtHistory() throws SQLException {
        try (Connection connection = connections.open()) {
            String schema = schemaName(connection);
            return new HistoryLook(schema, UpToDateCheck.check(connection, config, locations, schema));
        }
    }

    private record HistoryLook(String schema, Optional<UpToDateCheck.UpToDate> upToDate) {
    }

    private OperationResult upToDateResult(String operation, String schema, UpToDateCheck.UpToDate upToDate) {
        return new OperationResult(operation, connections.settings().display(), schema, upToDate.version(),
                upToDate.version(), 0, List.of(), true, futureWarnings(upToDate.futureVersions()));
    }

    /**
     * The one place where a failure of this run becomes the runner's exception. A stop request comes first: whatever
     * the cancelled statement or the interrupted wait threw is its consequence, not a fault of the migration.
     */
    private OperationResult run(Supplier<OperationResult> operation) {
        try {
            return operation.get();
        } catch (OutOfMemoryError e) {
            throw FlywayErrors.outOfMemory(currentMigration, e);
        } catch (RuntimeException e) {
            if (Interruption.signal().isPresent()) {
                throw FlywayErrors.interrupted(currentMigration, e);
            }
            throw FlywayErrors.translate(e, connections.settings(), currentMigration);
        }
    }

    private void waitForDatabase() {
        new DatabaseWaiter(connections).waitForDatabase(connectionConfig.waitTimeout());
    }

    private MigrationLock lock() {
        String scope = String.join(",", config.schemas()) + "." + config.table();
        return MigrationLock.acquire(connections, scope, config.migrationLockTimeout());
    }

    private Flyway flyway(Duration lockTimeout) {
        return FlywayFactory.create(connections, config, locations, lockTimeout, currentMigration);
    }

    private List<String> futureWarnings(MigrationInfo[] all) {
        return futureWarnings(Arrays.stream(all).filter(i -> FUTURE.contains(i.getState())).map(MigrationService::label)
                .toList());
    }

    /** A warning for migrations newer than this image, as after a rollback; exit 4 with --on-future fail. */
    private List<String> futureWarnings(List<String> future) {
        List<String> warnings = new ArrayList<>();
        if (future.isEmpty()) {
            return warnings;
        }
        if (config.onFuture() == FuturePolicy.FAIL) {
            throw new SchemahookException(ExitCode.VALIDATION_FAILED, "the database holds " + future.size()
                    + " migration(s) newer than this image (" + String.join(", ", future) + "): deploy an image that"
                    + " has them, or run with --on-future warn (SCHEMAHOOK_ON_FUTURE=warn) to accept a rollback");
        }
        String warning = futureWarning(future);
        LOG.warn(warning);
        warnings.add(warning);
        return warnings;
    }

    private static String futureWarning(List<String> versions) {
        return "the database holds " + versions.size() + " migration(s) newer than this image ("
                + String.join(", ", versions) + "), as after a rollback; they stay applied and the schema is left as it is";
    }

    /**
     * The schema holding the history, and the applied migrations newer than every migration of this image, read on
     * one connection without Flyway.
     */
    private HistoryState historyState() {
        try (Connection connection = connections.open()) {
            String schema = schemaName(connection);
            return new HistoryState(schema, UpToDateCheck.futureVersions(connection, config, locations, schema));
        } catch (SQLException e) {
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the database: " + DatabaseWaiter.describe(e), e);
        }
    }

    private record HistoryState(String schema, List<String> futureVersions) {
    }

    /** The schema that holds the history table: the first configured one, else the user's current schema. */
    private String schemaName() {
        try (Connection connection = connections.open()) {
            return schemaName(connection);
        } catch (SQLException e) {
            throw new SchemahookException(ExitCode.DATABASE_UNREACHABLE, "lost the database: " + DatabaseWaiter.describe(e), e);
        }
    }

    private String schemaName(Connection connection) throws SQLException {
        if (!config.schemas().isEmpty()) {
            return config.schemas().get(0);
        }
        try (var statement = connection.createStatement(); var result = statement.executeQuery("SELECT current_schema()")) {
            return result.next() ? result.getString(1) : null;
        }
    }

    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    private static String label(MigrationInfo info) {
        return info.getVersion() == null ? "R " + info.getDescription() : info.getVersion().getVersion();
    }

    private static MigrationRecord record(MigrateOutput output) {
        return new MigrationRecord(output.category, output.version, output.description, output.type, output.filepath,
                "Success", null, null, null, output.executionTime);
    }

    private static MigrationRecord repaired(org.flywaydb.core.api.output.RepairOutput output, String state) {
        return new MigrationRecord(null, output.version, output.description, null, null, state, null, null, null, null);
    }

    static MigrationRecord record(MigrationInfo info) {
        String category = info.getType() != null && info.getType().isBaseline() ? "Baseline"
                : info.getVersion() == null ? "Repeatable" : "Versioned";
        return new MigrationRecord(
                category,
                info.getVersion() == null ? "" : info.getVersion().getVersion(),
                info.getDescription(),
                info.getType() == null ? null : info.getType().name(),
                info.getPhysicalLocation() == null || info.getPhysicalLocation().isEmpty() ? null : info.getPhysicalLocation(),
                info.getState().getDisplayName(),
                info.getChecksum(),
                info.getInstalledOn() == null ? null
                        : DateTimeFormatter.ISO_INSTANT.format(info.getInstalledOn().toInstant().atOffset(ZoneOffset.UTC)),
                info.getInstalledBy(),
                info.getExecutionTime());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemahookException(ExitCode.INTERNAL_ERROR, "interrupted");
        }
    }
}
