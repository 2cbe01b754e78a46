package dev.schemahook.it;

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

// Each case has a database and a folder of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("what a user is told: flags beat variables, and each error says what is really wrong")
class MigrateErrorMessagesTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp.resolve("m"))
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);");
    }

    @Test
    @DisplayName("--password-file wins over SCHEMAHOOK_DB_PASSWORD, and a missing file is reported although a variable is set")
    void passwordFileFlagWinsOverVariable() throws Exception {
        String role = database.name() + "_app";
        database.execute("DROP ROLE IF EXISTS " + role);
        database.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'Right-Pa55word'");
        database.execute("GRANT CREATE ON SCHEMA public TO " + role);
        Path file = Files.writeString(temp.resolve("password"), "Right-Pa55word\n");
        Map<String, String> env = Map.of("SCHEMAHOOK_DB_URL", database.jdbcUrl(), "SCHEMAHOOK_DB_USER", role,
                "SCHEMAHOOK_DB_PASSWORD", "Wrong-Pa55word");

        RunResult withFile = Runner.run(env, "--locations", migrations.location(), "--password-file", file.toString());
        RunResult missingFile = Runner.run(env, "--locations", migrations.location(), "--password-file",
                temp.resolve("absent").toString());

        assertThat(withFile.exitCode()).as(withFile.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(missingFile.exitCode()).as(missingFile.toString()).isEqualTo(2);
        assertThat(missingFile.stderr()).contains("cannot read the password file " + temp.resolve("absent"));
    }

    @Test
    @DisplayName("a read-only database exits 7 and says so, without 'fix the file' or Flyway's -X advice")
    void readOnlyDatabase() {
        database.execute("ALTER DATABASE " + database.name() + " SET default_transaction_read_only = on");

        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("is read-only: ERROR: cannot execute CREATE TABLE in a read-only"
                        + " transaction [SQLSTATE 25006]")
                .contains("point --url (SCHEMAHOOK_DB_URL) at the primary, or turn default_transaction_read_only off")
                .doesNotContain("fix the file").doesNotContain("-X option").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a table name with a double quote is a usage error (2), not an SQL error")
    void tableWithQuote() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--table", "a\"b");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--table 'a\"b' is not a usable table name").doesNotContain("syntax error");
    }

    @Test
    @DisplayName("--target beyond the newest migration is a usage error (2) that names the flag")
    void targetBeyondNewest() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--target", "99");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("No migration with a target version 99 could be found")
                .contains("--target names no migration of this image; fix --target (SCHEMAHOOK_TARGET)");
        assertThat(database.tableExists("a")).isFalse();
    }

    @Test
    @DisplayName("validation names what mismatched: a pending migration, a failed one, an edited one")
    void validationNamesTheMismatch() {
        // V1 applied, V2 not: prepared by Flyway in this JVM (the runner's --target is MigrateFreshDatabaseTest's).
        database.flyway(migrations).target("1").load().migrate();
        assertThat(database.appliedVersions()).containsExactly("1");

        RunResult pending = Runner.run(database.env(), "validate", "--locations", migrations.location());
        database.execute("UPDATE flyway_schema_history SET success = false WHERE version = '1'");
        RunResult failed = Runner.run(database.env(), "validate", "--locations", migrations.location());
        database.execute("UPDATE flyway_schema_history SET success = true WHERE version = '1'");
        migrations.add("V1__a.sql", "CREATE TABLE a (id bigint);");
        RunResult edited = Runner.run(database.env(), "validate", "--locations", migrations.location());

        assertThat(pending.exitCode()).as(pending.toString()).isEqualTo(4);
        assertThat(pending.stderr()).contains("a migration of the image is not applied yet: run 'schemahook migrate'")
                .doesNotContain("changed").doesNotContain("failed earlier");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
        assertThat(failed.stderr()).contains("a migration failed earlier").doesNotContain("was changed in the image");
        assertThat(edited.exitCode()).as(edited.toString()).isEqualTo(4);
        assertThat(edited.stderr()).contains("an applied migration was changed in the image")
                .doesNotContain("failed earlier");
    }

    @Test
    @DisplayName("JSON masks a password that equals a word of the output exactly as text does")
    void jsonMasksLikeText() {
        String role = database.name() + "_pub";
        database.execute("DROP ROLE IF EXISTS " + role);
        database.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'public'");
        database.execute("GRANT CREATE ON SCHEMA public TO " + role);
        Map<String, String> env = new HashMap<>(Map.of("SCHEMAHOOK_DB_URL", database.jdbcUrl(),
                "SCHEMAHOOK_DB_USER", role, "SCHEMAHOOK_DB_PASSWORD", "public"));

        RunResult text = Runner.run(env, "--locations", migrations.location());
        RunResult json = Runner.run(env, "info", "--locations", migrations.location(), "--output", "json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(text.stdout()).doesNotContain("public").contains("****");
        assertThat(json.stdout()).doesNotContain("public").contains("\"schemaName\" : \"****\"");
    }
}
