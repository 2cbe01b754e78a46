package dev.schemahook.migration;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.Durations;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.Connections;
import dev.schemahook.database.DatabaseWaiter;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.BaselineResult;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runner's commands on one database, each one Flyway operation with the runner's waiting, locking and safety rules
 * around it. The rules live in their own classes: {@link FlywayRun} (waiting, the lock, failures), {@link
 * UpToDateAnswer} (nothing to do), {@link LockTimeoutRetry}, {@link FutureMigrations} (--on-future), {@link
 * SchemaHistory} and {@link MigrationStates} (reading), {@link MigrationRecords} (results).
 */
public final class MigrationService {
    private static final Logger LOG = Logger.getLogger(MigrationService.class);
    /** States that mean the database does not yet hold a migration of this image. */
    private static final Set<MigrationState> NOT_YET_APPLIED = EnumSet.of(MigrationState.PENDING, MigrationState.IGNORED,
            MigrationState.OUTDATED, MigrationState.FAILED);
    private static final Duration AWAIT_POLL = Duration.ofSeconds(2);

    private final FlywayRun run;
    private final UpToDateAnswer upToDate;
    private final EarlyAnswer beforeBoot;

    public MigrationService(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config) {
        this(connections, connectionConfig, config, EarlyAnswer.NONE);
    }

    /** With what the look before Quarkus started found, so that this run does not read the history twice. */
    public MigrationService(Connections connections, ConnectionConfig connectionConfig, MigrationConfig config,
                            EarlyAnswer beforeBoot) {
        this.run = new FlywayRun(connections, connectionConfig, config);
        this.upToDate = new UpToDateAnswer(run);
        this.beforeBoot = beforeBoot;
    }

    /** Waits for the database, validates what is applied and applies every pending migration in order. */
    public OperationResult migrate() {
        return migrate(Phase.ALL);
    }

    /** As {@link #migrate()}, stopping where {@code phase} stops ({@link PhasePlan}). */
    public OperationResult migrate(Phase phase) {
        return run.guarded(() -> {
            run.waitForDatabase();
            Optional<OperationResult> current = upToDate.current("migrate", beforeBoot);
            if (current.isPresent()) {
                return current.get();
            }
            try (MigrationLock ignored = run.lock()) {
                // Futures are read from the history directly: a Flyway info() before migrate() would resolve and
                // checksum every migration file twice.
                SchemaHistory.Futures history = new SchemaHistory(run).futures();
                List<String> warnings = run.futureMigrations().warnings(history.versions());
                // Decided under the lock: another runner may have applied part of the plan meanwhile.
                Optional<MigrationConfig> phased = phase == Phase.ALL ? Optional.of(run.config)
                        : PhasePlan.of(run.flyway(run.config.lockTimeout()).info()).configFor(phase, run.config);
                if (phased.isEmpty()) {
                    return new OperationResult("migrate", run.database(), history.schema(), null, null, 0, List.of(),
                            true, warnings);
                }
                MigrateResult result = LockTimeoutRetry.migrate(run, phased.get());
                warnings.addAll(result.warnings == null ? List.of() : result.warnings);
                List<MigrationRecord> applied = result.migrations.stream().map(MigrationRecords::applied).toList();
                return new OperationResult("migrate", run.database(), history.schema(),
                        result.initialSchemaVersion, result.targetSchemaVersion == null
                        ? result.initialSchemaVersion : result.targetSchemaVersion,
                        result.migrationsExecuted, applied, true, warnings);
            }
        });
    }

    /** Every migration of the image and of the database, with its state. Read-only. */
    public OperationResult info() {
        return run.guarded(() -> {
            MigrationStates states = MigrationStates.read(run);
            return new OperationResult("info", run.database(), run.schemaName(), states.current(), states.current(), 0,
                    states.migrations(), true, states.warnings());
        });
    }

    /** Checks what is applied against the image (checksums, missing, failed, future with --on-future fail). */
    public OperationResult validate() {
        return run.guarded(() -> {
            run.waitForDatabase();
            Flyway flyway = run.flyway(run.config.lockTimeout());
            ValidateResult result = flyway.validateWithResult();
            if (!result.validationSuccessful) {
                throw new SchemahookException(ExitCode.VALIDATION_FAILED,
                        FlywayErrors.validationMessage(result.getAllErrorMessages(), false));
            }
            var info = flyway.info();
            MigrationInfo[] all = info.all();
            List<String> warnings = run.futureMigrations().warnings(all);
            warnings.addAll(result.warnings == null ? List.of() : result.warnings);
            String current = MigrationRecords.versionOf(info.current());
            return new OperationResult("validate", run.database(), run.schemaName(), current, current, 0,
                    Arrays.stream(all).map(MigrationRecords::of).toList(), true, warnings);
        });
    }

    /** Records {@code version} as the starting point of a database that was never managed by schemahook or Flyway. */
    public OperationResult baseline(String version, String description) {
        return run.guarded(() -> {
            run.waitForDatabase();
            try (MigrationLock ignored = run.lock()) {
                Flyway flyway = Flyway.configure(FlywayFactory.class.getClassLoader())
                        .configuration(run.flyway(run.config.lockTimeout()).getConfiguration())
                        .baselineVersion(MigrationVersion.fromVersion(version))
                        .baselineDescription(description)
                        .load();
                BaselineResult result = flyway.baseline();
                return new OperationResult("baseline", run.database(), run.schemaName(), null,
                        result.baselineVersion, 0, List.of(), result.successfullyBaselined,
                        result.warnings == null ? new ArrayList<>() : new ArrayList<>(result.warnings));
            }
        });
    }

    /** Realigns checksums and descriptions with the image and removes failed entries. */
    public OperationResult repair() {
        return run.guarded(() -> {
            run.waitForDatabase();
            try (MigrationLock ignored = run.lock()) {
                Flyway flyway = run.flyway(run.config.lockTimeout());
                RepairResult result = flyway.repair();
                List<String> warnings = new ArrayList<>(result.warnings == null ? List.of() : result.warnings);
                warnings.addAll(result.repairActions == null ? List.of() : result.repairActions.stream()
                        .map(action -> "repair: " + action).toList());
                List<MigrationRecord> changed = new ArrayList<>();
                result.migrationsRemoved.forEach(m -> changed.add(MigrationRecords.repaired(m, "Removed")));
                result.migrationsDeleted.forEach(m -> changed.add(MigrationRecords.repaired(m, "Deleted")));
                result.migrationsAligned.forEach(m -> changed.add(MigrationRecords.repaired(m, "Aligned")));
                String current = MigrationRecords.versionOf(flyway.info().current());
                return new OperationResult("repair", run.database(), run.schemaName(), current, current, 0, changed,
                        true, warnings);
            }
        });
    }

    /**
     * Waits until the database holds every migration this image knows, within {@code timeout}. Read-only: it takes no
     * lock and changes nothing, so an application's init container can run it with the application's own user.
     */
    public OperationResult await(Duration timeout) {
        return run.guarded(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            new DatabaseWaiter(run.connections).waitForDatabase(timeout, "--timeout (SCHEMAHOOK_AWAIT_TIMEOUT)");
            Optional<OperationResult> alreadyCurrent = upToDate.current("await", beforeBoot);
            if (alreadyCurrent.isPresent()) {
                return alreadyCurrent.get();
            }
            Flyway flyway = run.flyway(run.config.lockTimeout());
            while (true) {
                var info = flyway.info();
                List<MigrationInfo> missing = PhasePlan.awaited(Arrays.stream(info.all())
                        .filter(i -> NOT_YET_APPLIED.contains(i.getState()))
                        .toList());
                if (missing.isEmpty()) {
                    String current = MigrationRecords.versionOf(info.current());
                    return new OperationResult("await", run.database(), run.schemaName(), current, current, 0,
                            List.of(), true, run.futureMigrations().warnings(info.all()));
                }
                String lastMissing = missing.size() + " migration(s) not applied yet: " + missing.stream()
                        .map(MigrationRecords::label).limit(5).reduce((a, b) -> a + ", " + b).orElse("");
                if (System.nanoTime() > deadline) {
                    throw new SchemahookException(ExitCode.AWAIT_TIMEOUT, "database " + run.connections.settings()
                            + " did not reach this image's schema within " + Durations.format(timeout) + ": "
                            + lastMissing + "; check the migration Job's logs, or raise --timeout");
                }
                LOG.infof("waiting for the migration Job: %s", lastMissing);
                FlywayRun.sleep(AWAIT_POLL);
            }
        });
    }
}
