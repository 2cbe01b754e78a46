package dev.schemahook.it;

import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("migrate sets --lock-timeout and --statement-timeout for every migration")
class MigrateTimeoutsPerMigrationTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("a SET lock_timeout = 0 in one migration does not carry into the next")
    void setInOneMigrationDoesNotLeak() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__no_timeout.sql", "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
                        + "CREATE TABLE seen (version int, lock_timeout text, statement_timeout text);\n"
                        + "INSERT INTO seen VALUES (1, current_setting('lock_timeout'), current_setting('statement_timeout'));\n")
                .add("V2__next.sql", "INSERT INTO seen VALUES (2, current_setting('lock_timeout'),"
                        + " current_setting('statement_timeout'));\n");

        RunResult result = Runner.run(database.env(), "migrate", "--locations", migrations.location(),
                "--lock-timeout", "3s", "--statement-timeout", "90s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.query("SELECT version::text, lock_timeout, statement_timeout FROM seen ORDER BY version"))
                .containsExactly(java.util.List.of("1", "0", "0"), java.util.List.of("2", "3s", "90s"));
    }
}
