package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify applies the migrations as the chart applies them to a new environment: the pre phase, then the post phase.
 * Versioned migrations keep their version order; the repeatable migrations run at the end of the pre phase, before the
 * trailing post-deployment migrations, which is where the two orders differ.
 */
@DisplayName("verify applies the pre phase, then the post phase")
class VerifyPhasesInOrderTest {
    @TempDir
    Path temp;

    /** Release 2: expand in V2, contract in V3 (post), and a report view that reads a table only V3 creates. */
    private Migrations releaseWithViewOnPostTable(Path folder) {
        return Migrations.in(folder)
                .add("V1__todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text, done boolean);")
                .add("V2__full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;")
                .add("V3__archive_and_drop_name.sql", "-- the contract step, after the rollout\n-- schemahook:post-deploy\n"
                        + "CREATE TABLE todo_archive (id int PRIMARY KEY, full_name text);\nALTER TABLE todo DROP COLUMN name;\n")
                .add("R__reports.sql", "-- reports\nCREATE OR REPLACE VIEW open_todo AS SELECT id, full_name FROM todo WHERE NOT done;\n"
                        + "CREATE OR REPLACE VIEW archived_todo AS SELECT id, full_name FROM todo_archive;\n");
    }

    @Test
    @DisplayName("fails with exit 1, naming the phase, the file, the line and PostgreSQL's error, when a repeatable"
            + " migration reads a table that only a trailing post-deployment migration creates")
    void repeatableNeedsPostDeployTable() {
        Migrations migrations = releaseWithViewOnPostTable(temp.resolve("release"));

        RunResult verify = Runner.run(PostgresServer.shared().createDatabase().env(), "verify", "--locations",
                migrations.location(), "--output", "json");

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        JsonNode step = JsonDocument.parse(verify.stdout()).get("steps").get(0);
        assertThat(step.get("success").asBoolean()).isFalse();
        assertThat(step.get("detail").asText()).as(verify.toString())
                .contains("in the pre phase").contains("post-deployment migration(s) 3 not yet applied")
                .contains("R__reports.sql failed at line 3").contains("relation \"todo_archive\" does not exist");

        // In version order the same folder passes: the difference is the phases', not a broken file.
        RunResult all = Runner.run(PostgresServer.shared().createDatabase().env(), "migrate", "--locations",
                migrations.location(), "--phase", "all");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        // And the chart's pre Job fails on it the way verify said, before the rollout.
        RunResult pre = Runner.run(PostgresServer.shared().createDatabase().env(), "migrate", "--locations",
                migrations.location(), "--phase", "pre");
        assertThat(pre.exitCode()).as(pre.toString()).isEqualTo(1);
        assertThat(pre.stderr() + pre.stdout()).contains("R__reports.sql").contains("todo_archive");
    }

    @Test
    @DisplayName("passes once the table the view reads is created before the rollout, and says what each phase applied")
    void passesWhenPreHasWhatItNeeds() {
        Migrations migrations = releaseWithViewOnPostTable(temp.resolve("fixed"))
                .add("V2__full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;\n"
                        + "CREATE TABLE todo_archive (id int PRIMARY KEY, full_name text);\n")
                .add("V3__archive_and_drop_name.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;\n");

        RunResult verify = Runner.run(PostgresServer.shared().createDatabase().env(), "verify", "--locations",
                migrations.location(), "--output", "json");

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        JsonNode steps = JsonDocument.parse(verify.stdout()).get("steps");
        assertThat(steps.get(0).get("detail").asText()).as(verify.toString())
                .contains("4 applied").contains("3 by --phase pre, then 1 by --phase post");
        assertThat(steps).allSatisfy(s -> assertThat(s.get("success").asBoolean()).as(s.toString()).isTrue());
    }
}
