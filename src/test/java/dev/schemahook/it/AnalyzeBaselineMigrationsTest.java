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

/**
 * A folder as real projects ship it: an old versioned migration the baseline replaces, a baseline migration, later
 * versioned ones, a repeatable and SQL callbacks. verify and analyze accept what migrate accepts.
 */
@DisplayName("verify and analyze on a folder with a baseline migration, a repeatable and callbacks")
class AnalyzeBaselineMigrationsTest {
    @TempDir
    Path temp;

    private Migrations folder() {
        return Migrations.in(temp)
                .add("V1_1__replaced_by_baseline.sql", "CREATE TABLE replaced (id int);")
                .add("B1_2_0__baseline.sql", """
                        CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
                        CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));
                        """)
                .add("V1_3__user_name.sql", "ALTER TABLE users ADD COLUMN name text;\nINSERT INTO audit VALUES ('1.3');")
                .add("V1_4__index.sql", "CREATE INDEX orders_user_idx ON orders (user_id);")
                .add("R__user_names.sql", "CREATE OR REPLACE VIEW user_names AS SELECT id, name FROM users;")
                .add("beforeMigrate.sql", "CREATE TABLE IF NOT EXISTS audit (note text);");
    }

    @Test
    @DisplayName("analyze starts from the baseline as migrate does, runs the callbacks, and reports every migration")
    void analyzeStartsFromBaseline() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = folder();

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        JsonNode json = JsonDocument.parse(result.stdout());
        List<String> files = new ArrayList<>();
        json.get("migrations").forEach(m -> files.add(m.get("filepath").asText()));
        assertThat(files).containsExactly("B1_2_0__baseline.sql", "V1_3__user_name.sql", "V1_4__index.sql",
                "R__user_names.sql");
        assertThat(json.at("/migrations/2/findings/0/rule").asText()).isEqualTo("index-without-concurrently");
        assertThat(json.at("/migrations/0/findings")).as("the baseline creates its tables").isEmpty();
        assertThat(result.stderr()).doesNotContain("leave it out of --locations");

        TestDatabase migrated = PostgresServer.shared().createDatabase();
        assertThat(Runner.run(migrated.env(), "migrate", "--locations", migrations.location()).exitCode()).isZero();
        assertThat(migrated.appliedVersions()).as("migrate applies the same set").contains("1.2.0", "1.3", "1.4")
                .doesNotContain("1.1");
    }

    @Test
    @DisplayName("verify passes a folder that starts with a baseline migration, analysis step included")
    void verifyAcceptsBaseline() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = folder();

        RunResult result = Runner.run(server.env(), "verify", "--locations", migrations.location(), "--fail-on", "none");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("ok    Apply every migration to an empty database")
                .contains("ok    Migrate again: nothing left to do")
                .contains("ok    Analyse locks and rewrites").contains("4 migrations analysed");
    }
}
