package dev.schemahook.it;

import dev.schemahook.testing.FlywayOracle;
import dev.schemahook.testing.MigrationScenario;
import dev.schemahook.testing.MigrationScenarios;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner, started as a user starts it, against Flyway's own API on the same folder and the same history, in two
 * databases prepared alike: await succeeds exactly when Flyway finds nothing to wait for, migrate succeeds exactly
 * when Flyway's migrate does and leaves the same history, and both report the same newer migrations. A release with
 * nothing to do in a harmless folder is answered before Quarkus starts. Named *IT so that it runs once, on PostgreSQL
 * 17: each case starts the jar twice, and the runs on PostgreSQL 14 and Java 25 would add minutes and no case.
 */
// Each case has databases and folders of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("migrate and await decide as Flyway does, on every folder and history the issue names")
class UpToDateAgreesWithFlywayIT {
    private static final String QUARKUS_STARTED = "(powered by Quarkus";

    @TempDir
    Path temp;

    static List<MigrationScenario> named() {
        return MigrationScenarios.named();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    @DisplayName("the runner's exit code, history and warnings are Flyway's")
    void sameOutcomeAsFlyway(MigrationScenario scenario) {
        TestDatabase runnerDatabase = PostgresServer.shared().createDatabase();
        TestDatabase flywayDatabase = PostgresServer.shared().createDatabase();
        FlywayOracle runnerSide = FlywayOracle.prepare(runnerDatabase, scenario, temp.resolve("runner"));
        FlywayOracle flywaySide = FlywayOracle.prepare(flywayDatabase, scenario, temp.resolve("flyway"));
        Map<String, String> env = new java.util.HashMap<>(runnerDatabase.env());
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
