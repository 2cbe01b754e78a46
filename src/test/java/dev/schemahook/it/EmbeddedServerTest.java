package dev.schemahook.it;

import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL is part of the JVM build only. The same commands run against either build: the JVM runner
 * starts the server, the native runner (-Dschemahook.binary, in the release workflow) answers with a usage error that
 * names --url instead of failing somewhere inside a library it does not contain.
 */
@DisplayName("the embedded PostgreSQL")
class EmbeddedServerTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("migrate --embedded applies the migrations on the JVM, and is a usage error naming --url in the native runner")
    void migrateEmbedded() {
        Migrations migrations = Migrations.in(temp.resolve("migrations")).add("V1__a.sql", "CREATE TABLE a (id int);");

        RunResult result = Runner.run(Map.of(), "migrate", "--embedded=" + temp.resolve("data"), "--locations",
                migrations.location());

        if (Runner.nativeBinary()) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).startsWith("error: --embedded needs the JVM build of schemahook")
                    .contains("give the database with --url").endsWith("(exit 2)\n");
            assertThat(result.terminationMessage()).contains("--embedded needs the JVM build");
        } else {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("Applied 1 migration");
            assertThat(temp.resolve("data").resolve("PG_VERSION")).exists();
        }
        assertThat(result.stderr()).doesNotContain("\tat ");
    }

    @Test
    @DisplayName("verify without --url runs on an embedded server on the JVM, and is a usage error naming --url in the native runner")
    void verifyWithoutUrl() {
        Migrations migrations = Migrations.in(temp.resolve("migrations")).add("V1__a.sql", "CREATE TABLE a (id int);");

        RunResult result = Runner.run(Map.of(), "verify", "--locations", migrations.location());

        if (Runner.nativeBinary()) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).startsWith("error: verify without --url or PGHOST starts an embedded PostgreSQL")
                    .contains("give a server with --url").endsWith("(exit 2)\n");
        } else {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("embedded PostgreSQL 17.");
        }
        assertThat(result.stderr()).doesNotContain("\tat ");
    }
}
