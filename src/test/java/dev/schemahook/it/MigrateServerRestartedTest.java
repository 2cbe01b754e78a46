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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server of its own: restarting the shared one would disturb every other test. */
// Alone: its server's port is free while it restarts, and a concurrent server could take it.
@Isolated
@DisplayName("the database server restarts in the middle of a migration, as in a failover")
class MigrateServerRestartedTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("exits 10 with a retryable message, and the retry after the restart applies the migration")
    void serverRestarted() throws Exception {
        Path data = temp.resolve("data");
        EmbeddedPostgres server = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), 0, data);
        int port = server.getPort();
        Migrations migrations = Migrations.in(temp.resolve("m"))
                .add("V1__create.sql", "CREATE TABLE accounts (id int PRIMARY KEY, balance int);"
                        + " INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 1000) g;")
                .add("V2__slow.sql", "UPDATE accounts SET balance = balance + 1;\nSELECT pg_sleep(30);\n");
        Map<String, String> env = Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                "SCHEMAHOOK_DB_USER", "postgres");
        try {
            Runner.Launched runner = Runner.start(env, List.of("--locations", migrations.location()));
            EmbeddedPostgres first = server;
            Await.until("the migration runs pg_sleep", Duration.ofSeconds(90), () -> "1".equals(query(first,
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active'"
                            + " AND pid <> pg_backend_pid()")));

            // The server goes away under the runner, as in a crash or a failover (PostgresServer.crash says how).
            PostgresServer.Crash crash = PostgresServer.crash(first, data);
            RunResult result = runner.await(60);
            crash.awaitGone();
            try {
                server.close(); // releases the data directory's lock in this JVM; the server is gone already
            } catch (java.io.IOException | RuntimeException alreadyStopped) {
                // expected: there is nothing left to stop
            }
            server = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), port, data);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(10);
            assertThat(result.stderr()).contains("ended the session").contains("nothing of V2__slow.sql was committed")
                    .contains("retry").doesNotContain("fix the file").doesNotContain("\tat ");
            assertThat(query(server, "SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history"
                    + " WHERE success")).isEqualTo("1");
            assertThat(query(server, "SELECT sum(balance) FROM accounts")).isEqualTo("100000");

            migrations.add("V2__slow.sql", "UPDATE accounts SET balance = balance + 1;\n");
            RunResult retry = Runner.run(env, "--locations", migrations.location());
            assertThat(retry.exitCode()).as(retry.toString()).isZero();
            assertThat(query(server, "SELECT sum(balance) FROM accounts")).isEqualTo("101000");
        } finally {
            server.close();
        }
    }

    private static String query(EmbeddedPostgres server, String sql) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
