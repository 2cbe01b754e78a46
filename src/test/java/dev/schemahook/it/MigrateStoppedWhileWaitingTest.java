package dev.schemahook.it;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: it measures the seconds from the signal to the exit, which a concurrent test's load would stretch.
@Isolated
@AcrossJavaVersions
@DisplayName("a runner stopped by SIGTERM while it waits")
class MigrateStoppedWhileWaitingTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("for the migration lock: exits 9 at once, and the run holding the lock goes on undisturbed")
    void stoppedWhileWaitingForTheLock() throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp.resolve("m"))
                .add("V1__slow.sql", "CREATE TABLE a (id int); SELECT pg_sleep(6);");
        Runner.Launched holder = Runner.start(database.env(), List.of("--locations", migrations.location()));
        Await.until("the first run migrates", Duration.ofSeconds(90), () -> "1".equals(database.queryOne(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(6)%' AND state = 'active'"
                        + " AND pid <> pg_backend_pid()")));
        Runner.Launched waiting = Runner.start(database.env(), List.of("--locations", migrations.location()));
        Await.until("the second run waits for the lock", Duration.ofSeconds(90),
                () -> waiting.stderrSoFar().contains("another schemahook run holds the migration lock"));

        long start = System.nanoTime();
        Await.signal(waiting.process(), "TERM");
        RunResult stopped = waiting.await(30);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(9);
        assertThat(seconds).isLessThan(5);
        assertThat(stopped.stderr()).contains("error: stopped by SIGTERM while no migration was running: nothing is"
                + " half-applied and the migration lock was released; safe to retry (exit 9)").doesNotContain("\tat ");
        RunResult first = holder.await(60);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1");
    }

    @Test
    @DisplayName("for a server that accepts the connection but never answers: exits 9 within the documented bound")
    void stoppedWhileTheServerDoesNotAnswer() throws Exception {
        Migrations migrations = Migrations.in(temp.resolve("m")).add("V1__a.sql", "CREATE TABLE a (id int);");
        try (ServerSocket silent = new ServerSocket(0)) {
            Runner.Launched runner = Runner.start(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://127.0.0.1:"
                    + silent.getLocalPort() + "/db"), List.of("--locations", migrations.location(), "--output", "json"));
            try (Socket accepted = silent.accept()) { // the runner has connected and waits for the server's reply
                long start = System.nanoTime();
                Await.signal(runner.process(), "TERM");
                RunResult result = runner.await(30);
                double seconds = (System.nanoTime() - start) / 1e9;

                assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
                assertThat(seconds).as("the bound the README documents").isLessThan(10);
                assertThat(result.stderr()).contains("error: stopped by SIGTERM").contains("safe to retry (exit 9)")
                        .doesNotContain("\tat ");
                assertThat(result.stdout()).contains("\"exitCode\" : 9");
                assertThat(result.terminationMessage()).contains("(exit 9, INTERRUPTED): stopped by SIGTERM");
            }
        }
    }

    @Test
    @DisplayName("for a database that is not up yet: exits 9 at once instead of waiting out --wait-timeout")
    void stoppedWhileWaitingForTheDatabase() throws Exception {
        Migrations migrations = Migrations.in(temp.resolve("m")).add("V1__a.sql", "CREATE TABLE a (id int);");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Runner.Launched runner = Runner.start(Map.of("SCHEMAHOOK_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/db"),
                List.of("--locations", migrations.location(), "--wait-timeout", "120s"));
        Await.until("the runner waits for the database", Duration.ofSeconds(90),
                () -> runner.stderrSoFar().contains("not ready (attempt 1"));

        long start = System.nanoTime();
        Await.signal(runner.process(), "TERM");
        RunResult result = runner.await(30);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
        assertThat(seconds).isLessThan(5);
        assertThat(result.stderr()).contains("error: stopped by SIGTERM while no migration was running")
                .doesNotContain("\tat ");
    }
}
