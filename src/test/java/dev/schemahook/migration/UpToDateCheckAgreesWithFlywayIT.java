package dev.schemahook.migration;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.testing.FlywayOracle;
import dev.schemahook.testing.MigrationScenario;
import dev.schemahook.testing.MigrationScenarios;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early answer's "up to date" held to Flyway's own decision on the same folder and history: whenever the check
 * answers, Flyway's info() finds nothing to wait for, its migrate() applies nothing, runs no callback, changes neither
 * the history nor the schemas, and both agree on the version and on the newer migrations. When the check answers
 * nothing the full run is Flyway itself, so there is nothing to compare; the harmless cases must be answered.
 */
// Each case has a database or schemas and folders of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("the up-to-date check decides as Flyway does")
class UpToDateCheckAgreesWithFlywayIT {
    /**
     * Generated scenarios per run; the seed is printed and can be fixed with -Dschemahook.differential.seed. 70 is
     * enough because the generator is stratified (MigrationScenarios.generated): 70 cases hold each of the 5 layouts
     * 14 times, each of the 7 changes at least 3 times (releases the check must not answer) and each of the 8 rarer
     * histories and options at least 4 times, in random combinations with the rest (names, suffixes, folders,
     * clutter, BOM and CRLF, what was applied before); 25 cases have no change and nothing rare, so the check answers
     * many and each answer is compared with Flyway's. A new seed every run draws new combinations. Each case costs
     * about half a second of Flyway's migrate.
     */
    private static final int GENERATED = Integer.getInteger("schemahook.differential.cases", 70);
    /** Every kind of input the generator must reach (a case's name lists its kinds), checked before the run. */
    private static final List<String> KINDS = List.of("PLAIN", "LINKED_FOLDER", "LINKED_SUBFOLDERS", "LINKED_FILES",
            "CONFIG_MAP", "edited", "removed", "twin-version", "bad-name", "pending", "script-config", "shell-script",
            "baseline", "failed-row", "target", "out-of-order", "callback", "dropped-schema",
            "repeatable-with-placeholder", "future");

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
    @DisplayName("on generated folders and histories that hold every kind of input")
    void generatedCases() throws Exception {
        long seed = Long.getLong("schemahook.differential.seed", System.nanoTime());
        System.out.println("UpToDateCheckAgreesWithFlywayIT seed: " + seed
                + " (rerun with -Dschemahook.differential.seed=" + seed + ")");
        TestDatabase database = PostgresServer.shared().createDatabase();
        List<MigrationScenario> scenarios = MigrationScenarios.generated(seed, GENERATED);
        Map<String, Long> kinds = scenarios.stream()
                .flatMap(scenario -> Arrays.stream(scenario.name().split(" ")).skip(1))
                .map(kind -> kind.startsWith("target-") ? "target" : kind)
                .collect(Collectors.groupingBy(kind -> kind, TreeMap::new, Collectors.counting()));
        System.out.println("UpToDateCheckAgreesWithFlywayIT: kinds of input among the generated cases: " + kinds);
        assertThat(kinds).as("kinds of input among the generated cases (seed %d)", seed).containsKeys(
                KINDS.toArray(String[]::new));
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
