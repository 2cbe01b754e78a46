package dev.schemahook.safety;

import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FailOn;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.Connections;
import dev.schemahook.migration.PhaseRule;
import dev.schemahook.migration.PostDeployMarker;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.TestDatabase;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * post-deploy-needed-by-pre is observed (the pre phase fails on PostgreSQL, the post phase gets past it), never
 * inferred from the SQL: held here to the phase rule on generated releases. Each versioned migration creates a table
 * and adds a column to a shared one, some are post-deployment; a repeatable migration reads one of those tables or
 * columns. The rule must fire exactly when the migration that creates it is among those the phase rule leaves
 * waiting, and the analysis must pass whenever it does not. The seed is printed and can be fixed with
 * -Dschemahook.phases.seed.
 */
@DisplayName("post-deploy-needed-by-pre fires exactly when the phase rule leaves what a repeatable migration reads waiting")
class PostDeployNeededByPreAgreesWithPhaseRuleIT {
    private static final int CASES = Integer.getInteger("schemahook.phases.cases", 12);

    @TempDir
    Path temp;

    /** A generated versioned migration as the phase rule sees it. */
    record Generated(int version, boolean post) {
    }

    @Test
    @DisplayName("on generated releases of pre and post-deployment migrations and a repeatable view")
    void generatedReleases() {
        long seed = Long.getLong("schemahook.phases.seed", System.nanoTime());
        System.out.println("PostDeployNeededByPreAgreesWithPhaseRuleIT seed: " + seed
                + " (rerun with -Dschemahook.phases.seed=" + seed + ")");
        Random random = new Random(seed);
        int fired = 0;
        int passed = 0;
        for (int i = 0; i < CASES; i++) {
            List<Generated> versions = new ArrayList<>();
            Migrations folder = Migrations.in(temp.resolve("case_" + i))
                    .add("V1__base.sql", "CREATE TABLE base (id int PRIMARY KEY);");
            int size = 1 + random.nextInt(5);
            // Every other case ends on a post-deployment migration whose table or column the view reads: the side
            // where the rule fires is rarer in random cases, and a run without it would prove nothing about it.
            boolean readsTrailing = i % 2 == 0;
            for (int v = 2; v < 2 + size; v++) {
                boolean post = readsTrailing && v == 1 + size || random.nextInt(5) < 2;
                versions.add(new Generated(v, post));
                folder.add("V" + v + "__m.sql", (post ? PostDeployMarker.MARKER + "\n" : "")
                        + "CREATE TABLE t_" + v + " (id int);\nALTER TABLE base ADD COLUMN c_" + v + " int;\n");
            }
            Generated read = versions.get(readsTrailing ? versions.size() - 1 : random.nextInt(versions.size()));
            boolean readsTable = random.nextBoolean();
            folder.add("R__view.sql", "-- reads what V" + read.version() + " adds\nCREATE OR REPLACE VIEW v AS SELECT "
                    + (readsTable ? "id FROM t_" + read.version() : "c_" + read.version() + " FROM base") + ";\n");
            boolean expected = PhaseRule.waiting(versions, Generated::post).contains(read);
            String context = "seed " + seed + ", case " + i + ": " + versions + ", the view reads what V"
                    + read.version() + " adds";

            AnalysisResult result = analyze(folder);

            List<Finding> found = result.findings().stream()
                    .filter(f -> f.rule().equals(Rule.POST_DEPLOY_NEEDED_BY_PRE.id())).toList();
            if (expected) {
                assertThat(found).as(context).hasSize(1);
                assertThat(found.get(0).migration()).as(context).isEqualTo("R__view.sql");
                assertThat(found.get(0).line()).as(context).isEqualTo(2);
                assertThat(found.get(0).message()).as(context).contains("V" + read.version() + "__m.sql");
                assertThat(result.success()).as(context).isFalse();
                fired++;
            } else {
                assertThat(found).as(context).isEmpty();
                assertThat(result.success()).as(context + ": " + result.failing()).isTrue();
                passed++;
            }
            // Every migration was applied once, whatever the order: the analysis saw the whole release.
            assertThat(result.migrations()).as(context).extracting(MigrationAnalysis::script)
                    .containsOnlyOnce("R__view.sql").hasSize(versions.size() + 2);
        }
        System.out.printf("PostDeployNeededByPreAgreesWithPhaseRuleIT: %d cases (seed %d): %d fired, %d passed%n",
                CASES, seed, fired, passed);
        // A generator that never reaches one side proves nothing about it.
        assertThat(fired).as("cases where the rule fires (seed %d)", seed).isPositive();
        assertThat(passed).as("cases where it must not (seed %d)", seed).isPositive();
    }

    private static AnalysisResult analyze(Migrations folder) {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Connections scratch = new Connections(new ConnectionSettings(database.jdbcUrl(),
                Optional.of(database.server().adminUser()), Optional.of(database.server().adminPassword()),
                database.name()));
        ConnectionConfig unused = new ConnectionConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(5), Optional.empty(), 0);
        MigrationConfig config = new MigrationConfig(List.of(folder.location()), List.of(), "flyway_schema_history",
                Optional.empty(), false, false, "1", Map.of(), FuturePolicy.WARN, Duration.ofSeconds(5), Duration.ZERO,
                5, Duration.ofMinutes(10));
        return new AnalysisService(scratch, Optional.empty(), unused, config, FailOn.ERROR, 0, false).analyze(database.name());
    }
}
