package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.AcrossPostgresVersions;
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

import static org.assertj.core.api.Assertions.assertThat;

@AcrossPostgresVersions
@DisplayName("a migration with an SQL error")
class MigrateSqlErrorTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("exits 1, names the file, the line and PostgreSQL's message, and rolls the migration back")
    void namesFileLineAndMessage() throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__ok.sql", "CREATE TABLE a (id int);")
                .add("V2__broken.sql", "CREATE TABLE b (id int);\n\n-- the typo is on line 4\nINSERT INTO b VALUS (1);\n");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("V2__broken.sql").contains("line 4").contains("syntax error at or near \"VALUS\"")
                .contains("rolled back").doesNotContain("\tat ");
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("error").get("errorCode").asText()).isEqualTo("MIGRATION_FAILED");
        assertThat(json.get("error").get("message").asText()).contains("V2__broken.sql").contains("line 4");
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.tableExists("b")).as("the failed migration's table").isFalse();
        assertThat(result.terminationMessage()).startsWith("schemahook migrate failed (exit 1, MIGRATION_FAILED)")
                .contains("V2__broken.sql");
    }
}
