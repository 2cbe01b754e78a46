package dev.schemahook.migration;

import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre phase is Flyway's own migrate with a target: held here to the phase rule on generated folders and histories.
 * Flyway decides the order (1.10 after 1.9, not after 1.1), which versions are pending and what it applies; the rule
 * only picks the target. The seed is printed and can be fixed with -Dschemahook.phases.seed.
 */
@DisplayName("migrate --phase pre applies exactly what the phase rule says, as Flyway orders the versions")
class PhasePlanAgreesWithFlywayIT {
    private static final int CASES = Integer.getInteger("schemahook.phases.cases", 25);

    @TempDir
    Path temp;

    @Test
    @DisplayName("on generated folders, histories and post-deployment markers")
    void generatedCases() {
        long seed = Long.getLong("schemahook.phases.seed", System.nanoTime());
        System.out.println("PhasePlanAgreesWithFlywayIT seed: " + seed + " (rerun with -Dschemahook.phases.seed=" + seed + ")");
        Random random = new Random(seed);
        TestDatabase database = PostgresServer.shared().createDatabase();
        int withWaiting = 0;
        int withEarlierContract = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            String schema = "case_" + i;
            List<String> versions = versions(random);
            Migrations folder = Migrations.in(temp.resolve(schema));
            List<Boolean> post = new ArrayList<>();
            for (String version : versions) {
                boolean isPost = random.nextInt(3) == 0;
                post.add(isPost);
                folder.add("V" + version + "__m.sql", (isPost ? "-- contract\n" + PostDeployMarker.MARKER + "\n" : "")
                        + "CREATE TABLE t_" + version.replace('.', '_') + " (id int);");
            }
            // An earlier release applied a prefix of the folder in version order (Flyway's, by target).
            int applied = random.nextInt(versions.size() + 1);
            if (applied > 0) {
                flyway(database, folder, schema).target(sorted(versions).get(applied - 1)).load().migrate();
            }
            Flyway flyway = flyway(database, folder, schema).load();
            PhasePlan plan = PhasePlan.of(flyway.info());
            List<String> expectedPre = plan.pre().stream().map(m -> m.getVersion().getVersion()).toList();
            List<String> expectedWaiting = plan.post().stream().map(m -> m.getVersion().getVersion()).toList();
            // The rule itself, on Flyway's pending list and the markers as written (not as PhasePlan read them).
            List<String> pending = java.util.Arrays.stream(flyway.info().pending()).map(m -> m.getVersion().getVersion()).toList();
            List<String> byRule = PhaseRule.pre(pending, v -> post.get(versions.indexOf(v)));
            assertThat(expectedPre).as("seed %d, case %d: %s", seed, i, versions).isEqualTo(byRule);

            Optional<MigrationConfig> phased = plan.configFor(Phase.PRE, config(folder));
            if (phased.isPresent() && phased.get().target().isPresent()) {
                flyway(database, folder, schema).target(phased.get().target().get()).load().migrate();
            } else if (phased.isPresent()) {
                flyway(database, folder, schema).load().migrate();
            }
            MigrationInfo[] pendingAfter = flyway(database, folder, schema).load().info().pending();
            List<String> appliedNow = !database.tableExists(schema + ".flyway_schema_history") ? List.of()
                    : database.query("SELECT version FROM " + schema + ".flyway_schema_history"
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank").stream().map(r -> r.get(0))
                    .skip(applied).toList();
            String context = "seed " + seed + ", case " + i + ": versions " + versions + ", post " + post
                    + ", applied before " + applied;
            assertThat(appliedNow).as(context).isEqualTo(expectedPre);
            assertThat(java.util.Arrays.stream(pendingAfter).map(m -> m.getVersion().getVersion()).toList())
                    .as(context).isEqualTo(expectedWaiting);
            withWaiting += expectedWaiting.isEmpty() ? 0 : 1;
            withEarlierContract += !expectedPre.isEmpty() && post.get(versions.indexOf(expectedPre.get(0))) ? 1 : 0;
        }
        System.out.printf("PhasePlanAgreesWithFlywayIT: %d generated cases in %d s (seed %d): %d left migrations"
                        + " waiting, %d applied a waiting contract step before a later expand step%n", CASES,
                (System.nanoTime() - start) / 1_000_000_000L, seed, withWaiting, withEarlierContract);
        // A generator that never reaches the interesting cases proves nothing.
        assertThat(withWaiting).as("cases with waiting migrations (seed %d)", seed).isGreaterThan(CASES / 10);
        assertThat(withEarlierContract).as("cases with an earlier contract step first (seed %d)", seed).isPositive();
    }

    /** Distinct versions whose text order differs from Flyway's numeric order, shuffled as files on disk are. */
    private static List<String> versions(Random random) {
        TreeSet<String> versions = new TreeSet<>();
        int size = 1 + random.nextInt(8);
        while (versions.size() < size) {
            versions.add((1 + random.nextInt(12)) + (random.nextBoolean() ? "" : "." + (1 + random.nextInt(11))));
        }
        List<String> shuffled = new ArrayList<>(versions);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled;
    }

    private static List<String> sorted(List<String> versions) {
        return versions.stream().sorted((a, b) -> org.flywaydb.core.api.MigrationVersion.fromVersion(a)
                .compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(b))).toList();
    }

    private static FluentConfiguration flyway(TestDatabase database, Migrations folder, String schema) {
        return Flyway.configure().dataSource(database.jdbcUrl(), database.server().adminUser(),
                        database.server().adminPassword())
                .locations(folder.location()).schemas(schema).validateMigrationNaming(true);
    }

    private static MigrationConfig config(Migrations folder) {
        return new MigrationConfig(List.of(folder.location()), List.of(), "flyway_schema_history", Optional.empty(),
                false, false, "1", Map.of(), FuturePolicy.WARN, Duration.ofSeconds(5), Duration.ZERO, 5,
                Duration.ofMinutes(10));
    }
}
