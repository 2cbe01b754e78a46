package dev.schemahook.it;

import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the database ends the runner's session in the middle of a migration")
class MigrateConnectionLostTest {
    /** The runner's session in this test's database: tests running at the same time have sessions of their own. */
    private static final String RUNNER_SLEEPING = " FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20)%'"
            + " AND state = 'active' AND application_name LIKE 'schemahook-%' AND datname = current_database()";
    /** Advisory locks (the migration lock) held in this test's database by sessions other than the test's. */
    private static final String ADVISORY_LOCKS = " FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            + " WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.pid <> pg_backend_pid()";

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
                        + "SELECT pg_sleep(20);\n");
    }

    @Test
    @DisplayName("exits 10 with a retryable message, not 'fix the file', when its migrating session is terminated")
    void migratingSessionTerminated() {
        Runner.Launched runner = Runner.start(database.env(), List.of("--locations", migrations.location()));
        Await.until("the migration runs pg_sleep", Duration.ofSeconds(90),
                () -> "1".equals(database.queryOne("SELECT count(*)" + RUNNER_SLEEPING)));

        database.execute("SELECT pg_terminate_backend(pid)" + RUNNER_SLEEPING);
        RunResult result = runner.await(60);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(10);
        assertThat(result.stderr())
                .contains("error: the database " + database.jdbcUrl().substring("jdbc:postgresql://".length())
                        + " ended the session (FATAL: terminating connection due"
                        + " to administrator command [SQLSTATE 57P01]) while migration V2__slow.sql ran: the server"
                        + " rolled its transaction back, so nothing of V2__slow.sql was committed, and released the"
                        + " migration lock; retry once the server accepts connections again (exit 10)")
                .doesNotContain("fix the file").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(result.terminationMessage()).contains("(exit 10, CONNECTION_LOST)");
        assertNothingOfTheMigrationLeft();
    }

    @Test
    @DisplayName("exits 10 when every session of the run is terminated, the one holding the migration lock included")
    void everySessionTerminated() {
        Runner.Launched runner = Runner.start(database.env(), List.of("--locations", migrations.location(),
                "--output", "json"));
        Await.until("the migration runs pg_sleep", Duration.ofSeconds(90),
                () -> "1".equals(database.queryOne("SELECT count(*)" + RUNNER_SLEEPING)));
        assertThat(Integer.parseInt(database.queryOne("SELECT count(*)" + ADVISORY_LOCKS + " AND l.granted")))
                .as("the migration lock is held").isPositive();

        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE"
                + " 'schemahook-%' AND datname = current_database()");
        RunResult result = runner.await(60);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(10);
        assertThat(result.stderr()).contains("ended the session").contains("nothing of V2__slow.sql was committed")
                .doesNotContain("fix the file").doesNotContain("\tat ");
        assertThat(result.stdout()).contains("\"errorCode\" : \"CONNECTION_LOST\"");
        assertNothingOfTheMigrationLeft();
    }

    private void assertNothingOfTheMigrationLeft() {
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.queryOne("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'accounts' AND column_name = 'note'")).isEqualTo("0");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("100000");
        assertThat(database.queryOne("SELECT count(*)" + ADVISORY_LOCKS)).isEqualTo("0");

        migrations.add("V2__slow.sql", "ALTER TABLE accounts ADD COLUMN note text;\n"
                + "UPDATE accounts SET balance = balance + 1;\n");
        RunResult retry = Runner.run(database.env(), "--locations", migrations.location());
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("101000");
    }
}
