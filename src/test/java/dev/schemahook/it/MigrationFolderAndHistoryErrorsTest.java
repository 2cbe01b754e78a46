package dev.schemahook.it;

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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folders Flyway would misread without a word, histories it describes in its own terms, and the messages of the
 * runner's own statements: each one line with the right exit code, and nothing applied that should not be.
 */
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("what a user is told about a folder Flyway would misread, and about the history it finds")
class MigrationFolderAndHistoryErrorsTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp.resolve("m")).add("V1__a.sql", "CREATE TABLE a (id int);");
    }

    @Test
    @DisplayName("a migration that is a link to nothing is exit 2, before anything is applied (Flyway skips it)")
    void linkToNothing() throws Exception {
        migrations.add("V3__c.sql", "CREATE TABLE c (id int);");
        Files.createSymbolicLink(migrations.directory().resolve("V2__b.sql"), temp.resolve("gone.sql"));

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("error: cannot read " + migrations.directory().resolve("V2__b.sql"))
                .contains("a symbolic link to a file that does not exist").contains("Flyway would leave it out")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(database.tableExists("flyway_schema_history")).isFalse();
    }

    @Test
    @DisplayName("a pipe named like a migration is exit 2, not a run that waits on it forever")
    void pipeNamedLikeAMigration() throws Exception {
        Path pipe = migrations.directory().resolve("V2__pipe.sql");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor()).isZero();

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("cannot read " + pipe + " in migrations location").contains("not a regular file");
        assertThat(database.tableExists("a")).isFalse();
    }

    @Test
    @DisplayName("a symbolic link loop in the folder is exit 2 and named as one")
    void linkLoop() throws Exception {
        Files.createDirectories(migrations.directory().resolve("sub"));
        Files.createSymbolicLink(migrations.directory().resolve("sub/again"), migrations.directory());

        RunResult result = Runner.run(database.env(), "info", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("holds a symbolic link loop at " + migrations.directory().resolve("sub/again"))
                .doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a repeatable migration with the post-deploy marker is exit 2 for plain migrate too, and nothing is applied")
    void markedRepeatable() {
        migrations.add("R__view.sql", "-- schemahook:post-deploy\nCREATE OR REPLACE VIEW v AS SELECT 1 AS one;");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("repeatable migration " + migrations.directory().resolve("R__view.sql")
                + " carries -- schemahook:post-deploy, which only versioned migrations may carry");
        assertThat(database.tableExists("a")).isFalse();
    }

    @Test
    @DisplayName("a history holding only repeatable migrations: info and validate answer (no version), not a Java error")
    void onlyRepeatablesApplied() throws Exception {
        Migrations repeatables = Migrations.in(temp.resolve("r")).add("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS one;");
        database.flyway(repeatables).load().migrate();

        RunResult info = Runner.run(database.env(), "info", "--locations", repeatables.location(), "--output", "json");
        RunResult validate = Runner.run(database.env(), "validate", "--locations", repeatables.location());

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(JsonDocument.parse(info.stdout()).get("targetSchemaVersion").isNull()).isTrue();
        assertThat(JsonDocument.parse(info.stdout()).get("migrations").findValuesAsText("state")).containsExactly("Success");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.everything()).doesNotContain("Cannot invoke").doesNotContain("null");
    }

    @Test
    @DisplayName("a user without a privilege on the history is exit 7 from migrate, not a lost database (3) to retry")
    void missingPrivilegeOnHistory() {
        database.flyway(migrations).load().migrate();
        migrations.add("V2__b.sql", "CREATE TABLE b (id int);");
        String role = database.name() + "_reader";
        database.execute("DROP ROLE IF EXISTS " + role);
        database.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Reader-Pa55word'");
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_DB_USER", role);
        env.put("SCHEMAHOOK_DB_PASSWORD", "Reader-Pa55word");

        RunResult result = Runner.run(env, "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("user '" + role + "' lacks a privilege")
                .contains("permission denied for table flyway_schema_history").doesNotContain("lost the database");
        assertThat(database.appliedVersions()).containsExactly("1");
    }

    @Test
    @DisplayName("baseline on a database that already has a history is exit 4 with what to do, without Flyway's links")
    void baselineOnManagedDatabase() {
        database.flyway(migrations).load().migrate();

        RunResult result = Runner.run(database.env(), "baseline", "--baseline-version", "1", "--locations",
                migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.stderr().lines().filter(line -> line.startsWith("error: ")).toList()).singleElement()
                .asString().contains("as it already contains migrations: baseline adopts a database that has no history")
                .contains("'schemahook info'").doesNotContain("rd.gt").doesNotContain("Learn more");
        assertThat(result.stderr()).doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a --target that is not a version and a file that is not UTF-8 are exit 2, with what to fix")
    void targetAndEncoding() throws Exception {
        RunResult target = Runner.run(database.env(), "--locations", migrations.location(), "--target", "abc");
        Files.write(migrations.directory().resolve("V2__binary.sql"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x0A});
        RunResult binary = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(target.exitCode()).as(target.toString()).isEqualTo(2);
        assertThat(target.stderr()).contains("Invalid version: abc: a version is digits and dots (3, 1.2); fix --target");
        assertThat(binary.exitCode()).as(binary.toString()).isEqualTo(2);
        assertThat(binary.stderr()).contains("Unable to calculate checksum of V2__binary.sql: the file is not UTF-8 text;"
                + " save it as UTF-8").doesNotContain("flyway.encoding");
        assertThat(database.tableExists("a")).isFalse();
    }

    @Test
    @DisplayName("migrations older than the newest applied: migrate names five, counts the rest, and offers --out-of-order")
    void outOfOrder() {
        migrations.add("V10__j.sql", "CREATE TABLE j (id int);");
        database.flyway(migrations).load().migrate();
        for (int version = 2; version <= 8; version++) {
            migrations.add("V" + version + "__late.sql", "CREATE TABLE late" + version + " (id int);");
        }

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        String error = result.stderr().lines().filter(line -> line.startsWith("error: ")).findFirst().orElseThrow();
        assertThat(error).contains("Detected resolved migration not applied to database: 6").contains("; and 2 more;")
                .doesNotContain("not applied to database: 7")
                .contains("apply it out of order with --out-of-order (SCHEMAHOOK_OUT_OF_ORDER=true)")
                .doesNotContain("-ignoreMigrationPatterns").doesNotContain("-outOfOrder")
                .doesNotContain("run 'schemahook migrate'");
        assertThat(database.appliedVersions()).containsExactly("1", "10");
    }

    @Test
    @DisplayName("a migration that fails after its own COMMIT says what stayed applied, not that all was rolled back")
    void failureAfterCommit() {
        migrations.add("V2__commits.sql", "CREATE TABLE early (id int);\nCOMMIT;\nCREATE TABLE late (id int);\nSELEC 1;\n");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("migration V2__commits.sql failed at line 4")
                .contains("but the COMMIT at line 2 had already committed what ran before it, without a history row")
                .doesNotContain("its transaction was rolled back; fix the file");
        assertThat(database.tableExists("early")).as("committed by the file's own COMMIT").isTrue();
        assertThat(database.appliedVersions()).containsExactly("1");
    }

    @Test
    @DisplayName("a failing afterMigrate callback says the migrations before it stay applied, in one line without Flyway's -X")
    void failingAfterMigrateCallback() {
        migrations.add("afterMigrate.sql", "SELEC 1;");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("error: the afterMigrate callback failed at line 1: ERROR: syntax error")
                .contains("the migrations this run applied before it stay applied and recorded")
                .doesNotContain("-X option").doesNotContain("\tat ");
        assertThat(database.appliedVersions()).containsExactly("1");
    }

    @Test
    @DisplayName("a search_path naming no schema is exit 2 naming --schemas, not a Java error")
    void searchPathWithoutSchema() {
        database.flyway(migrations).load().migrate();
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_DB_URL", database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "currentSchema=nosuch");

        RunResult result = Runner.run(env, "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("no schema of the search_path (nosuch) exists")
                .contains("--schemas (SCHEMAHOOK_SCHEMAS)").doesNotContain("Cannot invoke");
    }

    @Test
    @DisplayName("await that cannot reach the database names its own --timeout, not --wait-timeout it does not take")
    void awaitUnreachable() {
        RunResult result = Runner.run(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://127.0.0.1:1/none"), "await",
                "--locations", migrations.location(), "--timeout", "1s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("or raise --timeout (SCHEMAHOOK_AWAIT_TIMEOUT)")
                .doesNotContain("--wait-timeout");
    }
}
