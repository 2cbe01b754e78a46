package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("output and log formats")
class OutputFormatsTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp).add("V1__a.sql", "CREATE TABLE a (id int);");
    }

    @Test
    @DisplayName("--output json prints one document with Flyway's field names")
    void jsonHasFlywayFieldNames() throws Exception {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--output", "json");

        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.fieldNames()).toIterable().contains("operation", "initialSchemaVersion", "targetSchemaVersion",
                "migrationsExecuted", "migrations", "success", "warnings");
        assertThat(json.get("operation").asText()).isEqualTo("migrate");
        assertThat(json.get("migrationsExecuted").asInt()).isEqualTo(1);
        assertThat(json.get("targetSchemaVersion").asText()).isEqualTo("1");
        assertThat(json.get("migrations").get(0).get("filepath").asText()).endsWith("V1__a.sql");
    }

    @Test
    @DisplayName("SCHEMAHOOK_OUTPUT=json does the same as the flag")
    void jsonFromEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_OUTPUT", "json");

        RunResult result = Runner.run(env, "info", "--locations", migrations.location());

        assertThat(JsonDocument.parse(result.stdout()).get("operation").asText()).isEqualTo("info");
    }

    @Test
    @DisplayName("--log-format json writes every log line on stderr as JSON")
    void jsonLogLines() throws Exception {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--log-format", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        var lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        List<String> migrating = new ArrayList<>();
        for (String line : lines) {
            JsonNode log = JsonDocument.parse(line);
            assertThat(log.has("message")).as(line).isTrue();
            assertThat(log.has("level")).as(line).isTrue();
            if (log.get("message").asText().startsWith("Migrating schema")) {
                migrating.add(log.get("loggerName").asText());
            }
        }
        assertThat(migrating).as("Flyway's lines keep Flyway's class as their logger").isNotEmpty()
                .allMatch("org.flywaydb.core.internal.command.DbMigrate"::equals);
    }

    @Test
    @DisplayName("falls back to libpq's PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD without a URL")
    void libpqEnvironment() {
        var server = database.server();
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", server.host(), "PGPORT", String.valueOf(server.port()),
                "PGDATABASE", database.name(), "PGUSER", server.adminUser(), "PGSSLMODE", "disable"));
        if (!server.adminPassword().isEmpty()) {
            env.put("PGPASSWORD", server.adminPassword());
        }

        RunResult result = Runner.run(env, "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1");
    }

    @Test
    @DisplayName("accepts a libpq URI with the user in it")
    void libpqUri() {
        var server = database.server();
        String credentials = server.adminUser() + (server.adminPassword().isEmpty() ? "" : ":" + server.adminPassword());
        Map<String, String> env = Map.of("SCHEMAHOOK_DB_URL", "postgresql://" + credentials + "@" + server.host() + ":"
                + server.port() + "/" + database.name() + "?sslmode=disable&application_name=uri-test");

        RunResult result = Runner.run(env, "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1");
    }
}
