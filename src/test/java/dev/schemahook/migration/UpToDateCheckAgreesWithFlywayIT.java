package dev.schemahook.migration;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.testing.FlywayOracle;
import dev.schemahook.testing.MigrationScenario;
import dev.schemahook.testing.MigrationScenarios;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early answer's "up to date" held to Flyway's own decision on the same folder and history: whenever the check
 * answers, Flyway's info() finds nothing to wait for, its migrate() applies nothing, runs no callback, changes neither
 * the history nor the schemas, and both agree on the version and on the newer migrations. When the check answers
 * nothing the full run is Flyway itself, so there is nothing to compare; the harmless cases must be answered.
 */
@DisplayName("the up-to-date check decides as Flyway does")
class UpToDateCheckAgreesWithFlywayIT {
    /** Generated scenarios per run; the seed is printed and can be fixed with -Dschemahook.differential.seed. */
    private static final int GENERATED = Integer.getInteger("schemahook.differential.cases", 200);

    @TempDir
    Path temp;

    static List<MigrationScenario> named() {
        return MigrationScenarios.named();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    @DisplayName("on each folder users mount and each history the issue names")
    void namedCase(MigrationScenario scenario) throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Outcome outcome = compare(database, scenario, temp);
        if (scenario.harmless()) {
            assertThat(outcome.check()).as("%s: the check must answer; Flyway: %s", scenario, outcome.flyway()).isPresent();
        }
    }

    @Test
    @DisplayName("on hundreds of generated folders and histories")
    void generatedCases() throws Exception {
        long seed = Long.getLong("schemahook.differential.seed", System.nanoTime());
        System.out.println("UpToDateCheckAgreesWithFlywayIT seed: " + seed
                + " (rerun with -Dschemahook.differential.seed=" + seed + ")");
        TestDatabase database = PostgresServer.shared().createDatabase();
        List<MigrationScenario> scenarios = MigrationScenarios.generated(seed, GENERATED);
        int answered = 0;
        List<String> leftToFlyway = new java.util.ArrayList<>();
        long start = System.nanoTime();
        for (MigrationScenario scenario : scenarios) {
            Outcome outcome = compare(database, scenario, temp.resolve(scenario.name().split(" ")[0]));
            answered += outcome.check().isPresent() ? 1 : 0;
            if (outcome.check().isEmpty() && outcome.flyway().upToDate()) {
                leftToFlyway.add(scenario.name());
            }
        }
        System.out.printf("UpToDateCheckAgreesWithFlywayIT: %d generated cases in %d s (seed %d): the check answered"
                        + " %d, all as Flyway; it left %d more that Flyway found up to date to the full run: %s%n",
                scenarios.size(), (System.nanoTime() - start) / 1_000_000_000L, seed, answered, leftToFlyway.size(),
                leftToFlyway);
        // A generator that never reaches an answer proves nothing.
        assertThat(answered).as("cases the check answered (seed %d)", seed).isGreaterThan(scenarios.size() / 10);
    }

    private record Outcome(Optional<UpToDateCheck.UpToDate> check, FlywayOracle.Decision flyway) {
    }

    private static Outcome compare(TestDatabase database, MigrationScenario scenario, Path work) throws SQLException {
        FlywayOracle oracle = FlywayOracle.prepare(database, scenario, work);
        MigrationConfig config = new MigrationConfig(List.of(oracle.location()), scenario.schemas(),
                "flyway_schema_history", scenario.targetVersion(), scenario.outOfOrder(), false, "1",
                scenario.placeholders(), FuturePolicy.WARN, Duration.ofSeconds(5), Duration.ZERO, 5, Duration.ofMinutes(10));
        Optional<UpToDateCheck.UpToDate> check;
        try (Connection connection = database.connect()) {
            check = UpToDateCheck.check(connection, config, FlywayFactory.checkedLocations(config.locations()),
                    oracle.historySchema());
        }
        FlywayOracle.Decision flyway = oracle.decide();
        if (check.isPresent()) {
            String context = scenario + " (seed case): check " + check.get() + ", Flyway " + flyway;
            assertThat(flyway.upToDate()).as(context).isTrue();
            assertThat(check.get().futureVersions()).as(context).isEqualTo(flyway.future());
            assertThat(check.get().version()).as(context).isEqualTo(flyway.current());
            assertThat(flyway.warnings()).as(context).isEqualTo(List.of());
        }
        return new Outcome(check, flyway);
    }

}
