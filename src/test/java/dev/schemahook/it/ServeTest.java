package dev.schemahook.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemahook.testing.Await;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TempDirs;
import dev.schemahook.testing.TestDatabase;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * schemahook serve started as a user starts it, on a port of its own, against a real PostgreSQL, asked over HTTP with
 * REST Assured: every endpoint, drift made by hand, the database going away and coming back, the stop signal.
 */
@DisplayName("serve")
class ServeTest {
    private static final String READER_PASSWORD = "serve-reader-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static Migrations migrations;
    private static Path snapshot;

    /** Two migrations applied and their snapshot written by verify; a third, pending one added after. */
    @BeforeAll
    static void writeSnapshot() throws IOException {
        Path folder = TempDirs.newDirectory("serve");
        migrations = Migrations.in(folder.resolve("migrations"))
                .add("V1__books.sql", "CREATE TABLE book (id int PRIMARY KEY, title text NOT NULL);")
                .add("V2__isbn.sql", "ALTER TABLE book ADD COLUMN isbn text;");
        snapshot = folder.resolve("schema-snapshot.json");
        RunResult verify = Runner.run(PostgresServer.shared().createDatabase().env(), "verify", "--locations",
                migrations.location(), "--snapshot", snapshot.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    @Test
    @DisplayName("answers health, metrics, status (as info reports it) and drift from the database it reads")
    void everyEndpoint() throws Exception {
        TestDatabase database = migratedToVersionTwo();
        Map<String, String> env = readOnlyUser(database);
        migrations.add("V3__pending.sql", "CREATE TABLE later (id int);");
        try (Serve serve = Serve.start(env, "--snapshot", snapshot.toString())) {
            serve.awaitReady();

            assertThat(serve.get("/q/health/live").statusCode()).isEqualTo(200);
            Response ready = serve.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.jsonPath().getString("status")).isEqualTo("UP");
            assertThat(ready.jsonPath().getList("checks.name")).contains("database");

            Response status = serve.get("/api/v1/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.contentType()).startsWith("application/json");
            ObjectNode served = (ObjectNode) JsonDocument.parse(status.asString());
            assertThat(Instant.parse(served.remove("refreshedAt").asText())).isBefore(Instant.now());
            RunResult info = Runner.run(env, "info", "--locations", migrations.location(), "--output", "json");
            assertThat(info.exitCode()).as(info.toString()).isZero();
            assertThat(served).as("the status document is info's").isEqualTo(JsonDocument.parse(info.stdout()));
            assertThat(served.get("targetSchemaVersion").asText()).isEqualTo("2");
            assertThat(served.get("migrations").findValuesAsText("state")).containsExactly("Success", "Success", "Pending");

            Response drift = serve.get("/api/v1/drift");
            assertThat(drift.statusCode()).isEqualTo(200);
            assertThat(drift.jsonPath().getBoolean("drifted")).isFalse();
            assertThat(drift.jsonPath().getString("schemaVersion")).isEqualTo("2");
            assertThat(drift.jsonPath().getString("refreshedAt")).isNotBlank();

            // As Prometheus asks for its text format; without an Accept header Quarkus answers in OpenMetrics.
            Response metrics = RestAssured.given().baseUri("http://127.0.0.1").port(serve.port)
                    .accept("text/plain;version=0.0.4").get("/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
            String text = metrics.asString();
            String openMetrics = serve.get("/q/metrics").asString();
            assertThat(openMetrics).contains("schemahook_schema_version_info{", "schemahook_migrations{",
                    "schemahook_database_up ", "schemahook_refresh_errors_total ");
            assertThat(text).containsPattern(metric("schemahook_schema_version_info", "description=\"isbn\",version=\"2\"", "1.0"))
                    .containsPattern(metric("schemahook_migrations", "state=\"applied\"", "2.0"))
                    .containsPattern(metric("schemahook_migrations", "state=\"pending\"", "1.0"))
                    .containsPattern(metric("schemahook_migrations", "state=\"future\"", "0.0"))
                    .containsPattern(metric("schemahook_migrations", "state=\"failed\"", "0.0"))
                    .containsPattern(metric("schemahook_drift_differences", "kind=\"missing\"", "0.0"))
                    .containsPattern(metric("schemahook_drift_differences", "kind=\"unexpected\"", "0.0"))
                    .containsPattern(metric("schemahook_drift_differences", "kind=\"changed\"", "0.0"))
                    .containsPattern(metric("schemahook_drift_comparable", null, "1.0"))
                    .containsPattern(metric("schemahook_database_up", null, "1.0"))
                    .containsPattern(metric("schemahook_refresh_errors_total", null, "0.0"))
                    .containsPattern("(?m)^schemahook_last_migration_age_seconds \\d+\\.\\d+")
                    .containsPattern("(?m)^schemahook_last_refresh_success_timestamp_seconds \\d\\.\\d+E9");

            assertThat(status.asString() + drift.asString() + text + ready.asString()).doesNotContain(READER_PASSWORD);
            RunResult stopped = serve.stop();
            assertThat(stopped.everything()).doesNotContain(READER_PASSWORD);
        } finally {
            migrations.remove("V3__pending.sql");
        }
    }

    @Test
    @DisplayName("shows drift made by hand at the next refresh, and answers 404 for drift without a snapshot")
    void driftMadeByHand() {
        TestDatabase database = migratedToVersionTwo();
        try (Serve serve = Serve.start(readOnlyUser(database), "--snapshot", snapshot.toString());
             Serve withoutSnapshot = Serve.start(readOnlyUser(database))) {
            serve.awaitReady();
            assertThat(serve.get("/api/v1/drift").jsonPath().getBoolean("drifted")).isFalse();

            database.execute("CREATE TABLE hotfix (id int); ALTER TABLE book ALTER COLUMN title DROP NOT NULL");

            Response drifted = serve.awaitGet("/api/v1/drift", r -> r.jsonPath().getBoolean("drifted"));
            assertThat(drifted.jsonPath().getList("differences.object")).contains("table public.hotfix",
                    "column public.book.title");
            String metrics = serve.get("/q/metrics").asString();
            assertThat(metrics).containsPattern(metric("schemahook_drift_differences", "kind=\"unexpected\"", "1.0"))
                    .containsPattern(metric("schemahook_drift_differences", "kind=\"changed\"", "1.0"));

            withoutSnapshot.awaitReady();
            Response none = withoutSnapshot.get("/api/v1/drift");
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.jsonPath().getString("error.message")).contains("--snapshot FILE")
                    .contains("SCHEMAHOOK_SNAPSHOT");
            assertThat(withoutSnapshot.get("/q/metrics").asString()).doesNotContain("schemahook_drift");
        }
    }

    @Test
    @DisplayName("turns not ready while the database refuses connections and ready again when it is back")
    void databaseGoesAwayAndComesBack() throws Exception {
        TestDatabase database = migratedToVersionTwo();
        try (Serve serve = Serve.start(readOnlyUser(database))) {
            serve.awaitReady();

            onServer(database, "ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false; SELECT"
                    + " pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name() + "'");
            Response down = serve.awaitGet("/q/health/ready", r -> r.statusCode() == 503);
            assertThat(down.jsonPath().getString("status")).isEqualTo("DOWN");
            assertThat(down.asString()).contains("is not currently accepting connections").doesNotContain(READER_PASSWORD);
            String metrics = serve.get("/q/metrics").asString();
            assertThat(metrics).containsPattern(metric("schemahook_database_up", null, "0.0"))
                    .containsPattern("(?m)^schemahook_refresh_errors_total [1-9]");
            assertThat(serve.get("/api/v1/status").statusCode()).as("the last good status stays").isEqualTo(200);

            onServer(database, "ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
            serve.awaitGet("/q/health/ready", r -> r.statusCode() == 200);
            assertThat(serve.get("/q/metrics").asString()).containsPattern(metric("schemahook_database_up", null, "1.0"));

            RunResult stopped = serve.stop();
            assertThat(stopped.everything()).contains("could not read the database").doesNotContain(READER_PASSWORD);
        }
    }

    @Test
    @DisplayName("exits 0 on SIGTERM, closes its port and leaves nothing in its temporary folder")
    void stopsOnSigterm() throws IOException {
        TestDatabase database = migratedToVersionTwo();
        Path tmp = TempDirs.newDirectory("serve-tmp");
        Map<String, String> env = new HashMap<>(database.env());
        env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        Serve serve = Serve.start(env);
        serve.awaitReady();
        assertThat(serve.get("/api/v1/status").statusCode()).isEqualTo(200);
        assertThat(serve.get("/q/metrics").statusCode()).isEqualTo(200);

        RunResult stopped = serve.stop();

        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(stopped.stderr()).contains("stopped by SIGTERM").doesNotContain("\tat ");
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", serve.port), 1000))
                .isInstanceOf(ConnectException.class);
        // Vert.x's file cache (quarkus.vertx.caching and classpath-resolving are off in serve) would leave vertx-cache.
        try (var left = Files.list(tmp)) {
            assertThat(left.toList()).as("what serve left in java.io.tmpdir").isEmpty();
        }
    }

    @Test
    @DisplayName("exits 2 with one line when its port is in use")
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            RunResult result = Runner.serve(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://localhost:1/db"), "serve",
                    "--locations", migrations.location(), "--http-port", String.valueOf(taken.getLocalPort()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr().strip()).startsWith("error: cannot listen on 0.0.0.0:" + taken.getLocalPort())
                    .contains("--http-port").doesNotContain("\n").doesNotContain("\tat ");
        }
    }

    private static Pattern metric(String name, String labels, String value) {
        String labelPart = labels == null ? "" : "\\{" + Pattern.quote(labels) + ",?\\}";
        return Pattern.compile("(?m)^" + name + labelPart + " " + Pattern.quote(value) + "$");
    }

    private static TestDatabase migratedToVersionTwo() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        RunResult migrate = Runner.run(database.env(), "migrate", "--locations", migrations.location());
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        return database;
    }

    /** A role that may connect and read the history table, with a password that must appear nowhere. */
    private static Map<String, String> readOnlyUser(TestDatabase database) {
        String role = "reader_" + database.name();
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE"
                + " ROLE " + role + " LOGIN PASSWORD '" + READER_PASSWORD + "'; END IF; END $$;"
                + " GRANT SELECT ON flyway_schema_history TO " + role);
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_DB_USER", role);
        env.put("SCHEMAHOOK_DB_PASSWORD", READER_PASSWORD);
        return env;
    }

    /** SQL run from the server's postgres database, so that it can lock the test database out and let it back in. */
    private static void onServer(TestDatabase database, String sql) throws SQLException {
        PostgresServer server = database.server();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.adminUser(),
                server.adminPassword()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** One serve process on a free port, refreshing every second. */
    private static final class Serve implements AutoCloseable {
        private final Runner.Launched launched;
        private final int port;
        private RunResult result;

        private Serve(Runner.Launched launched, int port) {
            this.launched = launched;
            this.port = port;
        }

        static Serve start(Map<String, String> env, String... options) {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("serve", "--locations", migrations.location(), "--http-port",
                    String.valueOf(port), "--http-host", "127.0.0.1", "--refresh", "1s"));
            args.addAll(List.of(options));
            return new Serve(Runner.startServe(env, args), port);
        }

        Response get(String path) {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port).get(path);
        }

        /** Polls until the first refresh has read the database. */
        void awaitReady() {
            awaitGet("/q/health/ready", r -> r.statusCode() == 200);
        }

        Response awaitGet(String path, Predicate<Response> condition) {
            Response[] last = new Response[1];
            Await.until(path + " as expected; stderr:\n" + launched.stderrSoFar(), DEADLINE, () -> {
                if (!launched.process().isAlive()) {
                    throw new AssertionError("serve ended: " + launched.await(5));
                }
                try {
                    last[0] = get(path);
                    return condition.test(last[0]);
                } catch (Exception notListeningYet) { // ConnectException, thrown undeclared by REST Assured
                    return false;
                }
            });
            return last[0];
        }

        RunResult stop() {
            if (result == null) {
                if (launched.process().isAlive()) {
                    Await.signal(launched.process(), "TERM");
                }
                result = launched.await(30);
            }
            return result;
        }

        @Override
        public void close() {
            stop();
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
