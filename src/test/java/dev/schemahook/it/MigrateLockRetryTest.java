package dev.schemahook.it;

import dev.schemahook.testing.AcrossPostgresVersions;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: it measures how long a reader waits behind the lock, which a concurrent test's load would stretch.
@Isolated
@AcrossPostgresVersions
@DisplayName("a migration queued behind a long transaction")
class MigrateLockRetryTest {
    private static final long LOCK_TIMEOUT_MILLIS = 1000;
    /** How long the test waits for an event before it calls the run stuck: minutes, never part of the outcome. */
    private static final Duration EVENT_DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    @Test
    @DisplayName("waits at most lock_timeout per try, retries, succeeds once the blocker commits, and readers barely wait")
    void retriesUntilTheBlockerCommits() throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = accountsWithRows();
        assertThat(Runner.run(database.env(), "migrate", "--locations", migrations.location()).exitCode()).isZero();
        migrations.add("V2__note.sql", "ALTER TABLE accounts ADD COLUMN note text;");

        try (Connection blocker = database.connect(); Reader reader = Reader.start(database)) {
            int blockerPid = holdAccessShare(blocker);
            long start = System.nanoTime();
            Runner.Launched runner = Runner.start(database.env(), List.of("migrate", "--locations", migrations.location(),
                    "--lock-timeout", LOCK_TIMEOUT_MILLIS + "ms", "--lock-retries", "5"));
            // The blocker goes when the runner has logged the retries asserted below and the reader has read through
            // them, however slowly the machine runs: after "retry 2" the runner sleeps 2s before its third try, and
            // retries 3 to 5 leave it more than 20s, so the release always lands while it still retries.
            awaitStderr(runner, "retry 2 of 5");
            awaitReads(reader, 100);
            assertThat(database.appliedVersions()).as("applied while the blocker held its lock").containsExactly("1");
            blocker.commit();
            long blockerMillis = (System.nanoTime() - start) / 1_000_000;
            RunResult result = runner.await(60);
            long runMillis = (System.nanoTime() - start) / 1_000_000;
            long worstRead = reader.stop();
            System.err.printf("[measured] lock_timeout %d ms, blocker held %d ms, migrate took %d ms, reader's worst"
                    + " wait %d ms over %d reads%n", LOCK_TIMEOUT_MILLIS, blockerMillis, runMillis, worstRead, reader.reads());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(database.appliedVersions()).containsExactly("1", "2");
            assertThat(result.stderr()).contains("waited longer than lock_timeout 1s")
                    .contains("retry 1 of 5").contains("retry 2 of 5")
                    .contains("blocked by pid " + blockerPid + " (idle in transaction for ")
                    .contains("SELECT count(*) FROM accounts");
            // Readers queue behind the waiting ALTER only while one try lasts: at most twice lock_timeout.
            assertThat(worstRead).isLessThan(2 * LOCK_TIMEOUT_MILLIS + 700).isLessThan(blockerMillis / 2);
            assertThat(reader.reads()).isGreaterThan(100);
        }
    }

    @Test
    @DisplayName("gives up with exit 5 after --lock-retries and names lock_timeout and the long transaction")
    void givesUpWithExit5() throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = accountsWithRows();
        assertThat(Runner.run(database.env(), "migrate", "--locations", migrations.location()).exitCode()).isZero();
        migrations.add("V2__note.sql", "ALTER TABLE accounts ADD COLUMN note text;");

        try (Connection blocker = database.connect()) {
            holdAccessShare(blocker);
            RunResult result = Runner.run(database.env(), "migrate", "--locations", migrations.location(),
                    "--lock-timeout", "300ms", "--lock-retries", "1");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
            assertThat(result.stderr()).contains("retry 1 of 1")
                    .contains("V2__note.sql line 1 could not take a lock within lock_timeout")
                    .contains("a long transaction blocks it");
            assertThat(database.appliedVersions()).containsExactly("1");
            blocker.rollback();
        }
    }

    private Migrations accountsWithRows() {
        return Migrations.in(temp).add("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, balance int);"
                + " INSERT INTO accounts SELECT g, g FROM generate_series(1, 10000) g;");
    }

    /** A transaction that read the table and stays open: it holds ACCESS SHARE, which ALTER TABLE must wait for. */
    private static int holdAccessShare(Connection blocker) throws SQLException {
        int pid;
        try (Statement statement = blocker.createStatement(); ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            pid = result.getInt(1);
        }
        blocker.setAutoCommit(false);
        try (Statement statement = blocker.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM accounts")) {
            result.next();
        }
        return pid;
    }

    /** Waits until the running runner has logged {@code text}; fails when it exits first or takes minutes. */
    private static void awaitStderr(Runner.Launched runner, String text) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        while (!runner.stderrSoFar().contains(text)) {
            if (!runner.process().isAlive()) {
                throw new AssertionError("the runner exited " + runner.process().exitValue() + " before it logged '"
                        + text + "':\n" + runner.stderrSoFar());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the runner did not log '" + text + "' within " + EVENT_DEADLINE + ":\n"
                        + runner.stderrSoFar());
            }
            Thread.sleep(20);
        }
    }

    private static void awaitReads(Reader reader, long reads) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        while (reader.reads() < reads) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reader read " + reader.reads() + " times within " + EVENT_DEADLINE);
            }
            Thread.sleep(20);
        }
    }

    /** An application reading the table in a loop; remembers its slowest read. */
    private static final class Reader implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong worst = new AtomicLong();
        private final AtomicLong reads = new AtomicLong();
        private final Thread thread;

        private Reader(Connection connection) {
            thread = new Thread(() -> {
                try (connection; Statement statement = connection.createStatement()) {
                    while (running.get()) {
                        long start = System.nanoTime();
                        try (ResultSet result = statement.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                            result.next();
                        }
                        worst.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                        reads.incrementAndGet();
                        Thread.sleep(10);
                    }
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "reader");
            thread.start();
        }

        static Reader start(TestDatabase database) throws SQLException {
            return new Reader(database.connect());
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            return worst.get();
        }

        long reads() {
            return reads.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
