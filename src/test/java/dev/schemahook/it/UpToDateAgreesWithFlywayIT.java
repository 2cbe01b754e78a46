package dev.schemahook.it;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.Connections;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.migration.EarlyAnswer;
import dev.schemahook.migration.MigrationService;
import dev.schemahook.migration.OperationResult;
import dev.schemahook.migration.UpToDateAnswer;
import dev.schemahook.testing.FlywayOracle;
import dev.schemahook.testing.MigrationScenario;
import dev.schemahook.testing.MigrationScenarios;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's migrate and await against Flyway's own API on the same folder and the same history, in two databases
 * prepared alike: await succeeds exactly when Flyway finds nothing to wait for, migrate succeeds exactly when Flyway's
 * migrate does and leaves the same history, and both report the same newer migrations. A release with nothing to do
 * in a harmless folder is answered before Quarkus starts.
 *
 * <p>In process, for every named case: the runner's own code path (the look before boot, {@link
 * UpToDateAnswer#atOnce}, then {@link MigrationService} with what it found, as {@code RunnerCommand} calls them) in
 * this JVM against the real database. End to end, for the cases in {@link #END_TO_END}: the jar started as a user
 * starts it, which adds what only the process shows (the options parsed, the exit code, the one error line, no stack
 * trace, the answer given before Quarkus starts). Each of those cases stands for one way the command line reaches the
 * decision: a harmless folder answered early, a ConfigMap mount, several schemas, a pending migration, an edited one,
 * a newer one, and --out-of-order (--placeholder, --target and --schemas as flags are MigrateFreshDatabaseTest's).
 * Named *IT so that it runs once, on PostgreSQL 17.
 */
// Each case has databases and folders of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("migrate and await decide as Flyway does, on every folder and history the issue names")
class UpToDateAgreesWithFlywayIT {
    private static final String QUARKUS_STARTED = "(powered by Quarkus";
    /** The named cases also run as a process, one per way the command line reaches the decision. */
    private static final List<String> END_TO_END = List.of(
            "a plain folder, everything applied",
            "a plain folder, V3 added",
            "a ConfigMap mount switched to a new timestamped folder, everything applied",
            "several schemas, everything applied",
            "an edited migration",
            "a future row: V3 applied by a newer release",
            "--out-of-order with an older pending migration");
    /** The runner's defaults (MigrationOptions, ConnectionOptions) for what a scenario does not set. */
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    static List<MigrationScenario> named() {
        return MigrationScenarios.named();
    }

    static List<MigrationScenario> endToEnd() {
        return MigrationScenarios.named().stream().filter(scenario -> END_TO_END.contains(scenario.name())).toList();
    }

    @Test
    @DisplayName("the cases run as a process are named cases")
    void endToEndCasesExist() {
        assertThat(endToEnd().stream().map(MigrationScenario::name).toList())
                .as("every end-to-end case names a case of MigrationScenarios.named()")
                .containsExactlyInAnyOrderElementsOf(END_TO_END);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    @DisplayName("the runner's answer, history and warnings are Flyway's (in process)")
    void sameOutcomeAsFlywayInProcess(MigrationScenario scenario) {
        TestDatabase runnerDatabase = PostgresServer.shared().createDatabase();
        TestDatabase flywayDatabase = PostgresServer.shared().createDatabase();
        FlywayOracle runnerSide = FlywayOracle.prepare(runnerDatabase, scenario, temp.resolve("runner"));
        FlywayOracle flywaySide = FlywayOracle.prepare(flywayDatabase, scenario, temp.resolve("flyway"));

        Outcome await = runInProcess(runnerDatabase, scenario, runnerSide.location(), "await");
        Outcome migrate = runInProcess(runnerDatabase, scenario, runnerSide.location(), "migrate");
        FlywayOracle.Decision flyway = flywaySide.decide();

        String context = scenario + ": Flyway " + flyway + "\nawait " + await + "\nmigrate " + migrate;
        assertThat(await.succeeded()).as("await succeeds exactly when Flyway has nothing to wait for; " + context)
                .isEqualTo(!flyway.infoFailed() && flyway.notYetApplied().isEmpty());
        assertThat(migrate.succeeded()).as("migrate succeeds exactly when Flyway's does; " + context)
                .isEqualTo(flyway.migrateError() == null);
        assertThat(runnerSide.history()).as("the history after migrate; " + context).isEqualTo(flywaySide.history());
        assertThat(runnerSide.schemas()).as("the schemas after migrate; " + context).isEqualTo(flywaySide.schemas());
        for (Outcome run : List.of(await, migrate)) {
            // What the runner turns into its one error line and exit code; anything else would print a stack trace.
            assertThat(run.failure()).as("a failure is the runner's own error; " + context)
                    .satisfiesAnyOf(failure -> assertThat(failure).isNull(),
                            failure -> assertThat(failure).isInstanceOf(SchemahookException.class));
        }
        String futureWarning = "the database holds " + flyway.future().size() + " migration(s) newer than this image ("
                + String.join(", ", flyway.future()) + ")";
        if (migrate.succeeded() && !flyway.future().isEmpty()) {
            assertThat(migrate.result().warnings()).as(context).anyMatch(warning -> warning.startsWith(futureWarning));
        } else if (migrate.succeeded()) {
            assertThat(migrate.result().warnings()).as(context).noneMatch(warning -> warning.contains("newer than this image"));
        }
        if (scenario.harmless() && flyway.future().isEmpty()) {
            assertThat(migrate.answeredBeforeBoot()).as("answered before Quarkus starts; " + context).isTrue();
            assertThat(await.answeredBeforeBoot()).as("answered before Quarkus starts; " + context).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endToEnd")
    @DisplayName("the runner's exit code, history and warnings are Flyway's (the jar started as a process)")
    void sameOutcomeAsFlyway(MigrationScenario scenario) {
        TestDatabase runnerDatabase = PostgresServer.shared().createDatabase();
        TestDatabase flywayDatabase = PostgresServer.shared().createDatabase();
        FlywayOracle runnerSide = FlywayOracle.prepare(runnerDatabase, scenario, temp.resolve("runner"));
        FlywayOracle flywaySide = FlywayOracle.prepare(flywayDatabase, scenario, temp.resolve("flyway"));
        Map<String, String> env = new HashMap<>(runnerDatabase.env());
        env.put("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "INFO");

        RunResult await = Runner.run(env, arguments("await", scenario, runnerSide.location(), "--timeout", "1s"));
        RunResult migrate = Runner.run(env, arguments("migrate", scenario, runnerSide.location()));
        FlywayOracle.Decision flyway = flywaySide.decide();

        String context = scenario + ": Flyway " + flyway + "\nawait " + await + "\nmigrate " + migrate;
        assertThat(await.exitCode() == 0).as("await succeeds exactly when Flyway has nothing to wait for; " + context)
                .isEqualTo(!flyway.infoFailed() && flyway.notYetApplied().isEmpty());
        assertThat(migrate.exitCode() == 0).as("migrate succeeds exactly when Flyway's does; " + context)
                .isEqualTo(flyway.migrateError() == null);
        assertThat(runnerSide.history()).as("the history after migrate; " + context).isEqualTo(flywaySide.history());
        assertThat(runnerSide.schemas()).as("the schemas after migrate; " + context).isEqualTo(flywaySide.schemas());
        for (RunResult run : List.of(await, migrate)) {
            assertThat(run.stderr()).as("no stack trace; " + context).doesNotContain("\tat ");
            if (run.exitCode() != 0) {
                assertThat(run.stderr()).as("one error line; " + context).contains("error: ");
            }
        }
        if (migrate.exitCode() == 0 && !flyway.future().isEmpty()) {
            assertThat(migrate.everything()).as(context).contains("the database holds " + flyway.future().size()
                    + " migration(s) newer than this image (" + String.join(", ", flyway.future()) + ")");
        } else if (migrate.exitCode() == 0) {
            assertThat(migrate.everything()).as(context).doesNotContain("newer than this image");
        }
        if (scenario.harmless() && flyway.future().isEmpty()) {
            assertThat(migrate.stderr()).as("answered before Quarkus starts; " + context).doesNotContain(QUARKUS_STARTED);
            assertThat(await.stderr()).as("answered before Quarkus starts; " + context).doesNotContain(QUARKUS_STARTED);
        }
    }

    /**
     * What one run of the command decided.
     *
     * @param answeredBeforeBoot the look before boot answered, so the process would not have started Quarkus
     * @param result the report of a run that succeeded; null after a failure
     * @param failure what the run threw; null when it succeeded
     */
    private record Outcome(boolean answeredBeforeBoot, OperationResult result, RuntimeException failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** As RunnerCommand runs migrate or await: the look before boot, then the full run with what it found. */
    private static Outcome runInProcess(TestDatabase database, MigrationScenario scenario, String location,
                                        String operation) {
        Optional<String> user = Optional.of(database.server().adminUser());
        Optional<String> password = Optional.of(database.server().adminPassword()).filter(p -> !p.isEmpty());
        ConnectionSettings settings = new ConnectionSettings(database.jdbcUrl(), user, password,
                database.jdbcUrl().replaceFirst("^jdbc:postgresql://", ""));
        ConnectionConfig connectionConfig = new ConnectionConfig(Optional.of(database.jdbcUrl()), user, password,
                Optional.empty(), WAIT_TIMEOUT, Optional.empty(), 17);
        MigrationConfig config = new MigrationConfig(List.of(location), scenario.schemas(), "flyway_schema_history",
                scenario.targetVersion(), scenario.outOfOrder(), false, "1", scenario.placeholders(), FuturePolicy.WARN,
                Duration.ofSeconds(5), Duration.ZERO, 5, Duration.ofMinutes(10));
        // RunnerCommand.BEFORE_BOOT_CONNECT_TIMEOUT
        EarlyAnswer early = UpToDateAnswer.atOnce(new Connections(settings).withConnectTimeout(Duration.ofSeconds(2)),
                connectionConfig, config, operation);
        if (early.upToDate().isPresent()) {
            return new Outcome(true, early.upToDate().get(), null);
        }
        MigrationService service = new MigrationService(new Connections(settings), connectionConfig, config, early);
        try {
            return new Outcome(false, operation.equals("await") ? service.await(Duration.ofSeconds(1)) : service.migrate(),
                    null);
        } catch (RuntimeException e) {
            return new Outcome(false, null, e);
        }
    }

    private static List<String> arguments(String command, MigrationScenario scenario, String location, String... more) {
        List<String> arguments = new ArrayList<>(List.of(command, "--locations", location));
        if (!scenario.schemas().isEmpty()) {
            arguments.addAll(List.of("--schemas", String.join(",", scenario.schemas())));
        }
        scenario.placeholders().forEach((name, value) -> arguments.addAll(List.of("--placeholder", name + "=" + value)));
        scenario.targetVersion().ifPresent(target -> arguments.addAll(List.of("--target", target)));
        if (scenario.outOfOrder()) {
            arguments.add("--out-of-order");
        }
        arguments.addAll(List.of(more));
        return arguments;
    }
}
