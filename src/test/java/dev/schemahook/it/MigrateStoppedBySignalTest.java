package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.Await;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: it measures the seconds from the signal to the exit, which a concurrent test's load would stretch.
@Isolated
@AcrossJavaVersions
@DisplayName("a runner stopped by SIGTERM or SIGINT in the middle of a migration")
class MigrateStoppedBySignalTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp.resolve("m"))
                .add("V1__create.sql", "CREATE TABLE accounts (id int PRIMARY KEY, balance int);"
                        + " INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 1000) g;")
                .add("V2__slow.sql", "ALTER TABLE accounts ADD COLUMN note text;\n"
                        + "UPDATE accounts SET balance = balance + 1;\n"
                        + "SELECT pg_sleep(20);\n"
                        + "CREATE TABLE audit (id int);\n");
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    @DisplayName("cancels the statement on the server, rolls back, releases every lock and exits 9 within seconds")
    void stopRollsBackAndExitsNine(String signal) throws Exception {
        Runner.Launched runner = Runner.start(database.env(), List.of("--locations", migrations.location(),
                "--output", "json"));
        Await.until("the migration runs pg_sleep", Duration.ofSeconds(90), () -> "1".equals(database.queryOne(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20)%' AND state = 'active'"
                        + " AND application_name LIKE 'schemahook-%'")));

        long start = System.nanoTime();
        Await.signal(runner.process(), signal);
        RunResult result = runner.await(30);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
        assertThat(seconds).as("seconds from the signal to the exit").isLessThan(10);
        String line = "error: stopped by SIG" + signal + " during migration V2__slow.sql: its statement was cancelled"
                + " and its transaction rolled back, so nothing of V2__slow.sql was committed, and the migration lock"
                + " was released; safe to retry (exit 9)";
        assertThat(result.stderr()).contains(line).doesNotContain("\tat ").doesNotContain("Exception");
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.path("success").asBoolean(true)).isFalse();
        assertThat(json.path("error").path("exitCode").asInt()).isEqualTo(9);
        assertThat(json.path("error").path("errorCode").asText()).isEqualTo("INTERRUPTED");
        assertThat(result.terminationMessage()).startsWith("schemahook migrate failed (exit 9, INTERRUPTED): stopped by SIG"
                + signal + " during migration V2__slow.sql");

        // The server side: no statement left running, no session, no lock (the orphan held the table 17 s).
        Await.until("the runner's sessions are gone", Duration.ofSeconds(2), () -> "0".equals(database.queryOne(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'schemahook-%'"
                        + " AND datname = current_database()")));
        assertThat(database.queryOne("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                + " WHERE d.datname = current_database() AND l.pid <> pg_backend_pid()"
                + " AND (l.locktype = 'advisory' OR l.relation = 'accounts'::regclass)")).isEqualTo("0");
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.queryOne("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'accounts' AND column_name = 'note'")).isEqualTo("0");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("100000");

        // The retry the chart's podFailurePolicy makes (the sleep left out, so the test need not wait for it).
        migrations.add("V2__slow.sql", "ALTER TABLE accounts ADD COLUMN note text;\n"
                + "UPDATE accounts SET balance = balance + 1;\nCREATE TABLE audit (id int);\n");
        RunResult retry = Runner.run(database.env(), "--locations", migrations.location());
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("101000");
    }
}
