package dev.schemahook.it;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.AcrossPostgresVersions;
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

import static org.assertj.core.api.Assertions.assertThat;

@AcrossJavaVersions
@DisplayName("schemahook migrate on a new database")
class MigrateFreshDatabaseTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp.resolve("migrations"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id bigint PRIMARY KEY, title text NOT NULL);")
                .add("V2__add_done.sql", "ALTER TABLE todo ADD COLUMN done boolean NOT NULL DEFAULT false;")
                .add("R__todo_view.sql", "CREATE OR REPLACE VIEW open_todo AS SELECT * FROM todo WHERE NOT done;");
    }

    @Test
    @AcrossPostgresVersions
    @DisplayName("applies every migration in order, then reports nothing to do on the next run")
    void appliesEveryMigrationThenNothing() {
        RunResult first = Runner.run(database.env(), "migrate", "--locations", migrations.location());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.tableExists("open_todo")).isTrue();
        assertThat(first.stdout()).contains("Applied 3 migrations").contains("version <empty> -> 2")
                .contains("create todo").contains("add done");

        RunResult second = Runner.run(database.env(), "migrate", "--locations", migrations.location());

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).contains("is up to date at version 2: nothing to migrate");
        assertThat(second.stderr()).as("answered from the history, without starting Flyway").doesNotContain("FlywayExecutor");
        assertThat(database.queryOne("SELECT count(*) FROM flyway_schema_history")).isEqualTo("3");
    }

    @Test
    @DisplayName("runs migrate when no command is given")
    void migrateIsTheDefaultCommand() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
    }

    @Test
    @DisplayName("prints the result on stdout and keeps logs on stderr")
    void resultOnStdoutLogsOnStderr() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.stdout()).doesNotContain("INFO").doesNotContain("Migrating schema");
        assertThat(result.stderr()).as("Flyway's lines, with Flyway's class as their category")
                .containsPattern("INFO  \\[o\\.f\\.c\\.i\\.c\\.DbMigrate\\] Migrating schema \"public\" to version \"1 - ");
    }

    @Test
    @DisplayName("writes a one-paragraph summary to the termination log")
    void writesTerminationMessage() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.terminationMessage()).startsWith("schemahook migrate succeeded: Applied 3 migrations")
                .doesNotContain("\n");
    }

    @Test
    @DisplayName("replaces placeholders given as flags and as SCHEMAHOOK_PLACEHOLDER_ variables")
    void replacesPlaceholders() {
        migrations.add("V3__grant.sql", "CREATE TABLE ${table_name} (v text DEFAULT '${greeting}');");
        var env = database.env();
        env.put("SCHEMAHOOK_PLACEHOLDER_greeting", "hello");

        RunResult result = Runner.run(env, "--locations", migrations.location(), "--placeholder", "table_name=greetings");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.queryOne("SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = 'greetings' AND column_name = 'v'")).contains("hello");
    }

    @Test
    @AcrossPostgresVersions
    @DisplayName("stops at --target and keeps the schema history in the --schemas and --table given")
    void honoursTargetSchemasAndTable() {
        database.execute("CREATE SCHEMA app");
        migrations.remove("R__todo_view.sql");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--target", "1",
                "--schemas", "app", "--table", "schema_history");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions("app.schema_history")).containsExactly("1");
        assertThat(database.tableExists("app.todo")).isTrue();
        assertThat(database.tableExists("public.flyway_schema_history")).isFalse();
    }
}
