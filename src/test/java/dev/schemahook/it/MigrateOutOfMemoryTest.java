package dev.schemahook.it;

import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a data migration too big for the heap")
class MigrateOutOfMemoryTest {
    private static final long FILE_BYTES = 20L << 20;

    @TempDir
    Path temp;

    @Test
    @DisplayName("commits nothing of the file, exits 11 naming the memory it needs, and a retry adds no row either")
    void outOfMemoryCommitsNothing() throws IOException {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp.resolve("m"))
                .add("V1__create.sql", "CREATE TABLE items (id int PRIMARY KEY, name text, note text);");
        writeInserts(migrations.directory().resolve("V2__data.sql"));

        // The failure: Flyway's transaction template let the OutOfMemoryError pass, and its finally restored
        // auto-commit, which committed the rows applied so far without a history row.
        for (int run = 1; run <= 2; run++) {
            RunResult result = Runner.runWithJvmOptions(database.env(), List.of("-Xmx64m"),
                    List.of("--locations", migrations.location()));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(11);
            assertThat(result.stderr())
                    .containsPattern("error: migration V2__data\\.sql \\(20 MB\\) did not fit in the \\d+ MB heap:"
                            + " nothing of it was committed; it needs a heap of roughly \\d+ MB, a memory limit of about"
                            + " \\d+Mi with the image's MaxRAMPercentage=70; raise the chart's resources.limits.memory")
                    .contains("a retry with the same limit fails again (exit 11)")
                    .doesNotContain("\tat ");
            assertThat(result.terminationMessage()).contains("(exit 11, OUT_OF_MEMORY)");
            assertThat(database.queryOne("SELECT count(*) FROM items")).as("rows after run " + run).isEqualTo("0");
            assertThat(database.appliedVersions()).containsExactly("1");
        }
    }

    private static void writeInserts(Path file) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            long written = 0;
            for (int i = 1; written < FILE_BYTES; i++) {
                String line = "INSERT INTO items (id, name, note) VALUES (" + i + ", 'item " + i
                        + "', 'some text for row " + i + " of the data migration');\n";
                writer.write(line);
                written += line.length();
            }
        }
    }
}
