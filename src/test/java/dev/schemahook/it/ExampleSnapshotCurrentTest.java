package dev.schemahook.it;

import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TempDirs;
import dev.schemahook.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the todo example's schema snapshot")
class ExampleSnapshotCurrentTest {
    private static final Path EXAMPLE = Path.of("examples/todo");
    private static final Path SNAPSHOT = EXAMPLE.resolve("schema-snapshot.json");
    private static final String LOCATION = "filesystem:" + EXAMPLE.resolve("migrations").toAbsolutePath();

    @Test
    @DisplayName("is what verify --snapshot writes for the example's migrations today, byte for byte")
    void matchesWhatVerifyWrites() throws IOException {
        Runner.assumeEmbeddedServer();
        Path written = TempDirs.newDirectory("snapshot").resolve("schema-snapshot.json");

        RunResult result = Runner.run(Map.of(), "verify", "--locations", LOCATION, "--snapshot", written.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(SNAPSHOT))
                .as(SNAPSHOT + " is stale: write it again with 'schemahook verify --locations"
                        + " filesystem:examples/todo/migrations --snapshot " + SNAPSHOT + "' and commit it")
                .isEqualTo(Files.readString(written));
    }

    @Test
    @DisplayName("finds no drift on a database Flyway migrated from the example's migrations")
    void noDriftOnMigratedDatabase() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Flyway.configure(getClass().getClassLoader())
                .dataSource(database.jdbcUrl(), database.server().adminUser(), database.server().adminPassword())
                .locations(LOCATION)
                // As the runner and the Flyway CLI's users must: a transactional lock blocks V3's CREATE INDEX CONCURRENTLY.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load().migrate();

        RunResult result = Runner.run(database.env(), "drift", "--snapshot", SNAPSHOT.toAbsolutePath().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("no drift").contains("at version 3 (8 objects compared)");
    }
}
