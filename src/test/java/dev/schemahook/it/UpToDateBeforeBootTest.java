package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release with nothing to migrate, and a command line picocli refuses, are answered before Quarkus starts. Quarkus
 * logs "started in" at INFO when it boots, so with that logger at INFO a run's stderr tells which path answered.
 */
// Each case has a database and a folder of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@AcrossJavaVersions
@DisplayName("a release with nothing to migrate, answered before Quarkus starts")
class UpToDateBeforeBootTest {
    private static final String QUARKUS_STARTED = "(powered by Quarkus";

    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp)
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);")
                .add("R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT * FROM a;");
        env = new HashMap<>(database.env());
        env.put("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "INFO");
    }

    @Test
    @DisplayName("migrate and await report an up-to-date database without starting Quarkus or Flyway")
    void upToDateWithoutBoot() throws Exception {
        RunResult applying = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(applying.exitCode()).as(applying.toString()).isZero();
        assertThat(applying.stderr()).as("a run with work to do boots Quarkus").contains(QUARKUS_STARTED);

        RunResult migrate = Runner.run(env, "migrate", "--locations", migrations.location());
        RunResult await = Runner.run(env, "await", "--locations", migrations.location(), "--output", "json");

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.stdout()).startsWith("database ").endsWith("/" + database.name() + ", schema \"public\" is up to"
                + " date at version 2: nothing to migrate\n");
        assertThat(migrate.stderr()).as("nothing booted, nothing logged").isEmpty();
        assertThat(migrate.terminationMessage()).contains("up to date at version 2");
        assertThat(await.exitCode()).as(await.toString()).isZero();
        assertThat(await.stderr()).isEmpty();
        JsonNode json = JsonDocument.parse(await.stdout());
        assertThat(json.get("operation").asText()).isEqualTo("await");
        assertThat(json.get("targetSchemaVersion").asText()).isEqualTo("2");
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(database.queryOne("SELECT count(*) FROM flyway_schema_history")).isEqualTo("3");
    }

    @Test
    @DisplayName("a pending, edited or newer migration is left to the full run, which decides as before")
    void anythingElseBootsQuarkus() {
        applyWithFlyway();

        migrations.add("V3__c.sql", "CREATE TABLE c (id int);");
        RunResult pending = Runner.run(env, "await", "--locations", migrations.location(), "--timeout", "1s");
        assertThat(pending.exitCode()).as(pending.toString()).isEqualTo(8);
        assertThat(pending.stderr()).contains(QUARKUS_STARTED).contains("1 migration(s) not applied yet: 3");

        migrations.remove("V3__c.sql").add("V2__b.sql", "CREATE TABLE b (id int, edited int);");
        RunResult edited = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(edited.exitCode()).as(edited.toString()).isEqualTo(4);
        assertThat(edited.stderr()).contains(QUARKUS_STARTED).contains("checksum mismatch");

        migrations.add("V2__b.sql", "CREATE TABLE b (id int);").remove("V2__b.sql");
        RunResult rolledBack = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
        assertThat(rolledBack.stderr()).contains(QUARKUS_STARTED)
                .contains("the database holds 1 migration(s) newer than this image (2)");
    }

    @Test
    @DisplayName("a release with work to do looks at the history once before Flyway; a rollback's newer migration twice")
    void workFoundBeforeBootIsNotCheckedAgain() {
        env.put("QUARKUS_LOG_CATEGORY__DEV_SCHEMAHOOK__LEVEL", "DEBUG");
        String skipped = "the check before Quarkus started found work to do";
        String checked = "reading the schema history: is the database already current?";

        RunResult fresh = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.stderr()).contains(skipped).doesNotContain(checked).contains("Migrating schema");

        migrations.add("V3__c.sql", "CREATE TABLE c (id int);");
        RunResult pending = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(pending.exitCode()).as(pending.toString()).isZero();
        assertThat(pending.stderr()).contains(skipped).doesNotContain(checked).contains("to version \"3 - c\"");

        // Newer migrations only warn with --on-future warn: the answer before boot leaves that to the full run,
        // which still answers it from the history without Flyway.
        migrations.remove("V3__c.sql");
        RunResult rolledBack = Runner.run(env, "migrate", "--locations", migrations.location());
        assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
        assertThat(rolledBack.stderr()).contains(checked).doesNotContain(skipped).doesNotContain("Migrating schema")
                .contains("the database holds 1 migration(s) newer than this image (3)");
        assertThat(database.queryOne("SELECT count(*) FROM flyway_schema_history")).isEqualTo("4");
    }

    @Test
    @DisplayName("reports once, before Quarkus starts, when the termination message cannot be written")
    void reportsOnceWithoutTerminationMessage() {
        applyWithFlyway();
        env.put("SCHEMAHOOK_TERMINATION_LOG", temp.toString()); // a folder: writing the message fails

        RunResult result = Runner.run(env, "migrate", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).containsOnlyOnce("is up to date at version 2");
        assertThat(result.stderr()).isEmpty();
    }

    /**
     * The history an earlier release left, written by Flyway's API in this JVM: the runner applying the folder is
     * upToDateWithoutBoot's first step, and here it would only cost a Quarkus start.
     */
    private void applyWithFlyway() {
        Flyway.configure(UpToDateBeforeBootTest.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.server().adminUser(), database.server().adminPassword())
                .locations(migrations.location())
                .load()
                .migrate();
        assertThat(database.queryOne("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo("3");
    }

    @Test
    @DisplayName("a command line picocli refuses is reported before Quarkus starts, with exit 2")
    void usageErrorWithoutBoot() {
        RunResult result = Runner.run(env, "migrate", "--locations", migrations.location(), "--output", "yaml");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--output").contains("yaml").doesNotContain(QUARKUS_STARTED);
        assertThat(database.tableExists("flyway_schema_history")).as("nothing ran").isFalse();
    }
}
