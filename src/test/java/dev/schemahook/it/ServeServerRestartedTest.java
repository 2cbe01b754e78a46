package dev.schemahook.it;

import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import io.restassured.RestAssured;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server of its own, killed and started again on its port, as in a crash or a failover; serve stays up throughout. */
// Alone: its server's port is free while it restarts, and a concurrent server could take it.
@Isolated
@DisplayName("serve while the database server goes away and comes back")
class ServeServerRestartedTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("turns not ready while the server is down and ready again once it is back, without a restart of serve")
    void serverRestarted() throws Exception {
        Path data = temp.resolve("data");
        EmbeddedPostgres server = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), 0, data);
        int port = server.getPort();
        Migrations migrations = Migrations.in(temp.resolve("m")).add("V1__create.sql", "CREATE TABLE a (id int);");
        Map<String, String> env = Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                "SCHEMAHOOK_DB_USER", "postgres");
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        Runner.Launched serve = null;
        try {
            assertThat(Runner.run(env, "migrate", "--locations", migrations.location()).exitCode()).isZero();
            serve = Runner.startServe(env, List.of("serve", "--locations", migrations.location(), "--refresh", "1s",
                    "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPort)));
            awaitReadiness(httpPort, 200, serve);

            PostgresServer.Crash crash = PostgresServer.crash(server, data);
            awaitReadiness(httpPort, 503, serve);
            crash.awaitGone();
            try {
                server.close();
            } catch (java.io.IOException | RuntimeException alreadyStopped) {
                // expected: there is nothing left to stop
            }
            assertThat(get(httpPort, "/q/metrics")).contains("schemahook_database_up 0.0");

            server = PostgresServer.startEmbedded(PostgresServer.requestedMajor(), port, data);
            awaitReadiness(httpPort, 200, serve);
            assertThat(get(httpPort, "/q/metrics")).contains("schemahook_database_up 1.0");

            Await.signal(serve.process(), "TERM");
            RunResult stopped = serve.await(30);
            assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
            assertThat(stopped.stderr()).contains("could not read the database").doesNotContain("\tat ");
        } finally {
            if (serve != null && serve.process().isAlive()) {
                serve.process().destroyForcibly();
            }
            server.close();
        }
    }

    private static void awaitReadiness(int port, int status, Runner.Launched serve) {
        Await.until("/q/health/ready answers " + status + "; stderr:\n" + serve.stderrSoFar(), Duration.ofSeconds(90), () -> {
            assertThat(serve.process().isAlive()).as("serve runs").isTrue();
            try {
                return RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/q/health/ready")
                        .statusCode() == status;
            } catch (Exception notListeningYet) { // ConnectException, thrown undeclared by REST Assured
                return false;
            }
        });
    }

    private static String get(int port, String path) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port).accept("text/plain").get(path).asString();
    }
}
