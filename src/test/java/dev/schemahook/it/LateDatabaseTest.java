package dev.schemahook.it;

import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: the port it reserves for the late server is free meanwhile, and a concurrent server could take it.
@Isolated
@DisplayName("a database that starts after the runner")
class LateDatabaseTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("is waited for with backoff, and migrated once it accepts connections")
    void waitsForLateDatabase() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Migrations migrations = Migrations.in(temp.resolve("m")).add("V1__a.sql", "CREATE TABLE a (id int);");

        // Like a pre-install hook that runs before the release's own PostgreSQL: the server comes up once the runner
        // has found it not ready (rather than after a fixed sleep, which the runner might not even have reached).
        Runner.Launched runner = Runner.start(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                "SCHEMAHOOK_DB_USER", "postgres"), List.of("--locations", migrations.location(), "--wait-timeout", "90s"));
        Await.until("the runner finds the database not ready", Duration.ofSeconds(60),
                () -> runner.stderrSoFar().contains("not ready (attempt 1") || !runner.process().isAlive());
        assertThat(runner.process().isAlive()).as(runner.stderrSoFar()).isTrue();
        try (EmbeddedPostgres late = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), port, null)) {
            RunResult result = runner.await(120);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).contains("not ready (attempt 1").contains("is accepting connections");
            try (Connection connection = late.getPostgresDatabase().getConnection();
                 ResultSet applied = connection.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history")) {
                applied.next();
                assertThat(applied.getInt(1)).isEqualTo(1);
            }
        }
    }
}
