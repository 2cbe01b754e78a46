package dev.schemahook.it;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@AcrossJavaVersions
@DisplayName("a data migration too big for the heap")
class MigrateOutOfMemoryTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("commits nothing of the file, exits 11 naming what to raise, and a retry adds no row either")
    void outOfMemoryCommitsNothing() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        // Rows first, then a statement whose result does not fit a 64 MB heap: the error strikes in the middle of
        // the migration's transaction, after rows were inserted, as a big data migration's does.
        Migrations migrations = Migrations.in(temp.resolve("m"))
                .add("V1__create.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);")
                .add("V2__data.sql", "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g;\n"
                        + "INSERT INTO items VALUES (1001, 'one more');\n"
                        + "SELECT repeat('x', 20000000) AS big;\n");

        // The failure: Flyway's transaction template let the OutOfMemoryError pass, and its finally restored
        // auto-commit, which committed the rows inserted so far without a history row; the next run added them again.
        for (int run = 1; run <= 2; run++) {
            RunResult result = Runner.runWithJvmOptions(database.env(), List.of("-Xmx64m"),
                    List.of("--locations", migrations.location()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(11);
            assertThat(result.stderr())
                    .containsPattern("error: migration V2__data\\.sql \\(1 MB\\) did not fit in the \\d+ MB heap:"
                            + " nothing of it was committed; the file itself is small: the result of one of its"
                            + " statements \\(a SELECT that returns a lot\\) did not fit")
                    .contains("raise the chart's resources.limits.memory (or -Xmx), or split the file; a retry with"
                            + " the same limit fails again (exit 11)")
                    .doesNotContain("\tat ");
            assertThat(result.terminationMessage()).contains("(exit 11, OUT_OF_MEMORY)");
            assertThat(database.queryOne("SELECT count(*) FROM items")).as("rows after run " + run).isEqualTo("0");
            assertThat(database.appliedVersions()).containsExactly("1");
        }
    }
}
