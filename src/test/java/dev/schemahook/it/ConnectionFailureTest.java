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

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a database that cannot be reached or refuses the login")
class ConnectionFailureTest {
    private static final String PASSWORD = "S3cret-Pa55word!";

    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        database.execute("DROP ROLE IF EXISTS " + database.name() + "_app");
        database.execute("CREATE ROLE " + database.name() + "_app LOGIN PASSWORD '" + PASSWORD + "'");
        database.execute("GRANT CREATE ON SCHEMA public TO " + database.name() + "_app");
        migrations = Migrations.in(temp.resolve("m")).add("V1__a.sql", "CREATE TABLE a (id int);");
    }

    @Test
    @DisplayName("exits 3 after the wait timeout and names the host")
    void unreachableExitsThree() throws Exception {
        int port = freePort();
        long start = System.nanoTime();

        RunResult result = Runner.run(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/db"),
                "--locations", migrations.location(), "--wait-timeout", "3s");

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("127.0.0.1:" + port + "/db not reachable within 3s")
                .contains("not ready (attempt 1").contains("--wait-timeout").doesNotContain("\tat ");
        assertThat(seconds).isBetween(2L, 30L);
    }

    @Test
    @DisplayName("exits 7 at once on a wrong password, without retrying")
    void wrongPasswordExitsSevenWithoutRetry() {
        RunResult result = Runner.run(Map.of(
                        "SCHEMAHOOK_DB_URL", database.jdbcUrl(),
                        "SCHEMAHOOK_DB_USER", database.name() + "_app",
                        "SCHEMAHOOK_DB_PASSWORD", "wrong-" + PASSWORD),
                "--locations", migrations.location(), "--wait-timeout", "60s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("refused user '" + database.name() + "_app'").doesNotContain("not ready (attempt");
        assertThat(result.everything()).doesNotContain("wrong-" + PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    @DisplayName("exits 7 when the user lacks the privilege to create a table")
    void missingPrivilegeExitsSeven() {
        database.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC, " + database.name() + "_app");
        database.execute("CREATE SCHEMA locked; GRANT USAGE ON SCHEMA locked TO " + database.name() + "_app");

        RunResult result = Runner.run(Map.of(
                        "SCHEMAHOOK_DB_URL", database.jdbcUrl(),
                        "SCHEMAHOOK_DB_USER", database.name() + "_app",
                        "SCHEMAHOOK_DB_PASSWORD", PASSWORD),
                "--locations", migrations.location(), "--schemas", "locked");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("lacks a privilege").contains("42501");
    }

    @Test
    @DisplayName("never prints the password, not even in errors that echo the URL")
    void passwordNeverPrinted() throws Exception {
        String url = "postgresql://" + database.name() + "_app:" + PASSWORD.replace("!", "%21") + "@127.0.0.1:"
                + freePort() + "/db?sslmode=disable";

        RunResult unreachable = Runner.run(Map.of("SCHEMAHOOK_DB_URL", url), "--locations", migrations.location(),
                "--wait-timeout", "1s", "--output", "json");
        RunResult badScheme = Runner.run(Map.of("SCHEMAHOOK_DB_URL", "mysql://app:" + PASSWORD + "@host/db"),
                "--locations", migrations.location(), "--output", "json");
        RunResult wrongPassword = Runner.run(Map.of("SCHEMAHOOK_DB_URL", database.jdbcUrl() + "?user="
                        + database.name() + "_app&password=" + PASSWORD + "x"), "--locations", migrations.location(),
                "--output", "json");
        Path passwordFile = Files.writeString(temp.resolve("password"), PASSWORD + "\n");
        RunResult fromFile = Runner.run(Map.of("SCHEMAHOOK_DB_URL", database.jdbcUrl(),
                        "SCHEMAHOOK_DB_USER", database.name() + "_app", "SCHEMAHOOK_DB_PASSWORD_FILE", passwordFile.toString()),
                "--locations", migrations.location(), "--output", "json");

        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(badScheme.exitCode()).isEqualTo(2);
        assertThat(wrongPassword.exitCode()).isEqualTo(7);
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        for (RunResult result : new RunResult[] {unreachable, badScheme, wrongPassword, fromFile}) {
            assertThat(result.everything()).doesNotContain(PASSWORD).doesNotContain("S3cret");
            JsonDocument.parse(result.stdout()); // exactly one JSON document, even on failure
        }
        assertThat(badScheme.stderr()).contains("mysql://app:****@host/db");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
