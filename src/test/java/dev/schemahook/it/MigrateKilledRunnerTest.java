package dev.schemahook.it;

import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a runner killed in the middle of a migration")
class MigrateKilledRunnerTest {
    /** The runner's sleeping statement in this test's database: other test classes run at the same time. */
    private static final String RUNNER_SLEEPING = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(8)%'"
            + " AND pid <> pg_backend_pid() AND datname = current_database()";
    @TempDir
    Path temp;

    @Test
    @DisplayName("leaves nothing half-applied, and the next run applies the migration cleanly")
    void killedRunnerLeavesNothingHalfApplied() throws Exception {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__create.sql", "CREATE TABLE accounts (id int PRIMARY KEY, balance int);"
                        + " INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 1000) g;")
                .add("V2__slow.sql", "ALTER TABLE accounts ADD COLUMN note text;\n"
                        + "UPDATE accounts SET balance = balance + 1;\n"
                        + "SELECT pg_sleep(8);\n"
                        + "CREATE TABLE audit (id int);\n");

        Runner.Launched runner = Runner.start(database.env(), List.of("--locations", migrations.location()));
        Await.until("the runner's migration sleeps", Duration.ofSeconds(60),
                () -> "1".equals(database.queryOne(RUNNER_SLEEPING)));
        runner.process().destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client side
        runner.process().waitFor();

        Await.until("the killed runner's session ends", Duration.ofSeconds(30),
                () -> "0".equals(database.queryOne(RUNNER_SLEEPING)));
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.queryOne("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'accounts' AND column_name = 'note'")).isEqualTo("0");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("100000");
        assertThat(database.tableExists("audit")).isFalse();

        RunResult next = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.queryOne("SELECT sum(balance) FROM accounts")).isEqualTo("101000");
        assertThat(database.tableExists("audit")).isTrue();
    }
}
