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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("analyze on a pre migration that needs what a post-deployment migration adds")
class AnalyzePostDeployNeededByPreTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("fails with exit 6 and post-deploy-needed-by-pre on the repeatable migration that reads a table only a"
            + " trailing post-deployment migration creates, naming the line, PostgreSQL's error and the migration")
    void repeatableReadsPostDeployTable() {
        Migrations migrations = Migrations.in(temp.resolve("release"))
                .add("V1__todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text, done boolean);")
                .add("V2__full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;")
                .add("V3__archive.sql", "-- schemahook:post-deploy\n"
                        + "CREATE TABLE todo_archive (id int PRIMARY KEY, full_name text);\nALTER TABLE todo DROP COLUMN name;\n")
                .add("R__reports.sql", "-- reports\nCREATE OR REPLACE VIEW open_todo AS SELECT id, full_name FROM todo WHERE NOT done;\n"
                        + "CREATE OR REPLACE VIEW archived_todo AS SELECT id, full_name FROM todo_archive;\n");

        RunResult analyze = Runner.run(PostgresServer.shared().createDatabase().env(), "analyze", "--locations",
                migrations.location(), "--output", "json");

        assertThat(analyze.exitCode()).as(analyze.toString()).isEqualTo(6);
        JsonNode json = JsonDocument.parse(analyze.stdout());
        List<JsonNode> found = findings(json, "R__reports.sql", "post-deploy-needed-by-pre");
        assertThat(found).as(analyze.stdout()).hasSize(1);
        JsonNode finding = found.get(0);
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("line").asInt()).isEqualTo(3);
        assertThat(finding.get("message").asText()).contains("migrate --phase pre")
                .contains("relation \"todo_archive\" does not exist").contains("V3__archive.sql");
        // The rest of the analysis goes on, in the order of the phases: the post migration's drop is reported after it.
        assertThat(findings(json, "V3__archive.sql", "drop-column")).hasSize(1)
                .allSatisfy(f -> assertThat(f.get("severity").asText()).isEqualTo("info"));
    }

    @Test
    @DisplayName("passes a release whose pre phase has what it needs, and still fails a pre migration that is broken in"
            + " any order with migrate's exit code 1")
    void onlyPhaseOrderFailuresAreThisRule() {
        Migrations fine = Migrations.in(temp.resolve("fine"))
                .add("V1__todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text);")
                .add("V2__archive.sql", "CREATE TABLE todo_archive (id int PRIMARY KEY);")
                .add("V3__drop_name.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;\n")
                .add("R__reports.sql", "CREATE OR REPLACE VIEW archived_todo AS SELECT id FROM todo_archive;\n");
        RunResult passes = Runner.run(PostgresServer.shared().createDatabase().env(), "analyze", "--locations",
                fine.location(), "--output", "json");
        assertThat(passes.exitCode()).as(passes.toString()).isZero();
        assertThat(passes.stdout()).doesNotContain("post-deploy-needed-by-pre");

        Migrations broken = Migrations.in(temp.resolve("broken"))
                .add("V1__todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text);")
                .add("V2__drop_name.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;\n")
                .add("R__reports.sql", "CREATE OR REPLACE VIEW missing AS SELECT id FROM no_such_table;\n");
        RunResult fails = Runner.run(PostgresServer.shared().createDatabase().env(), "analyze", "--locations",
                broken.location());
        assertThat(fails.exitCode()).as(fails.toString()).isEqualTo(1);
        assertThat(fails.stderr()).contains("R__reports.sql").contains("no_such_table")
                .doesNotContain("post-deploy-needed-by-pre").doesNotContain("\tat ");
    }

    private static List<JsonNode> findings(JsonNode json, String file, String rule) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode migration : json.get("migrations")) {
            if (migration.get("filepath").asText().equals(file)) {
                migration.get("findings").forEach(f -> {
                    if (f.get("rule").asText().equals(rule)) {
                        found.add(f);
                    }
                });
            }
        }
        return found;
    }
}
