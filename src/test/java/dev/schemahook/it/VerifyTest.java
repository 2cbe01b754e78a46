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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("verify, the CI gate")
class VerifyTest {
    private static final Pattern SCRATCH_CREATED = Pattern.compile("created the scratch database (\\w+)");
    private static final String EXAMPLE = "filesystem:" + Path.of("examples/todo/migrations").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    @DisplayName("passes the example's migrations on an embedded PostgreSQL 14, with a Markdown report")
    void passesExampleOnPostgres14() {
        Runner.assumeEmbeddedServer();
        RunResult result = Runner.run(Map.of(), "verify", "--locations", EXAMPLE, "--postgres-version", "14",
                "--output", "markdown");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("## schemahook verify: ✅ passed")
                .contains("embedded PostgreSQL 14.")
                .contains("| Apply every migration to an empty database | ✅ |")
                .contains("| Migrate again: nothing left to do | ✅ |")
                .contains("| 3 | index open items | SQL | Success |");
    }

    @Test
    @DisplayName("fails with the migration's exit code 1 and names the broken file")
    void failsOnBrokenMigration() throws Exception {
        Runner.assumeEmbeddedServer();
        Migrations migrations = Migrations.in(temp).add("V1__ok.sql", "CREATE TABLE a (id int);")
                .add("V2__broken.sql", "CREATE TABLE b (id intt);");

        RunResult result = Runner.run(Map.of(), "verify", "--locations", migrations.location(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("steps").get(0).get("detail").asText()).contains("V2__broken.sql").contains("intt");
        assertThat(json.get("steps")).hasSize(1);
    }

    @Test
    @DisplayName("fails with exit 4 when the history does not match the migrations after applying them")
    void failsWhenHistoryDoesNotValidate() {
        Runner.assumeEmbeddedServer();
        Migrations migrations = Migrations.in(temp).add("V1__ok.sql", "CREATE TABLE a (id int);")
                .add("V2__tamper.sql", "DELETE FROM flyway_schema_history WHERE version = '1';");

        RunResult result = Runner.run(Map.of(), "verify", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.stdout()).contains("ok    Apply every migration").contains("FAIL  Validate the schema history")
                .contains("not applied");
    }

    @Test
    @DisplayName("runs on a scratch database of the server given by --url and drops it afterwards")
    void runsOnScratchDatabaseOfGivenServer() {
        TestDatabase database = PostgresServer.shared().createDatabase();

        RunResult result = Runner.run(database.env(), "verify", "--locations", EXAMPLE);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("passed").contains("at " + database.server().host());
        // By name, not by counting the server's databases: tests running at the same time create theirs.
        List<String> scratch = SCRATCH_CREATED.matcher(result.stderr()).results().map(m -> m.group(1)).toList();
        assertThat(scratch).as("the scratch databases the run created (the checks' and the analysis'); " + result)
                .isNotEmpty();
        for (String name : scratch) {
            assertThat(database.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                    .as("the scratch database %s is dropped", name).isEqualTo("0");
        }
        assertThat(database.tableExists("todo")).as("the given database is left alone").isFalse();
    }
}
