package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("analyze on post-deployment migrations")
class AnalyzePostDeployDropsTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("reports drops in a post-deployment migration without failing, and still fails renames there")
    void dropsAfterRolloutAreNotErrors() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__setup.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text, note text);"
                        + " CREATE TABLE old_todo (id int); CREATE TABLE items (id int, label text);")
                .add("V2__full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;")
                .add("V3__contract.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;\nDROP TABLE old_todo;");

        RunResult passes = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", "json");

        assertThat(passes.exitCode()).as(passes.toString()).isZero();
        JsonNode json = JsonDocument.parse(passes.stdout());
        List<JsonNode> drops = findings(json, "V3__contract.sql");
        assertThat(drops).extracting(f -> f.get("rule").asText()).containsExactlyInAnyOrder("drop-column", "drop-table");
        assertThat(drops).allSatisfy(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("info");
            assertThat(f.get("message").asText()).contains("post-deployment migration");
        });

        migrations.add("V4__rename.sql", "-- schemahook:post-deploy\nALTER TABLE items RENAME COLUMN label TO title;");
        RunResult fails = Runner.run(PostgresServer.shared().createDatabase().env(), "analyze", "--locations",
                migrations.location(), "--output", "json");
        assertThat(fails.exitCode()).as("a rename needs two releases even with phases: " + fails).isEqualTo(6);
        assertThat(findings(JsonDocument.parse(fails.stdout()), "V4__rename.sql"))
                .anySatisfy(f -> assertThat(f.get("severity").asText()).isEqualTo("error"));
    }

    private static List<JsonNode> findings(JsonNode json, String file) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode migration : json.get("migrations")) {
            if (migration.get("filepath").asText().equals(file)) {
                migration.get("findings").forEach(found::add);
            }
        }
        return found;
    }
}
