package dev.schemahook.it;

import dev.schemahook.testing.AcrossPostgresVersions;
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

@AcrossPostgresVersions
@DisplayName("a migration with CREATE INDEX CONCURRENTLY")
class MigrateCreateIndexConcurrentlyTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("does not hang on Flyway's lock and leaves a valid index")
    void createIndexConcurrentlyCompletes() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer int);"
                        + " INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 20000) g;")
                .add("V2__index.sql", "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer);");

        // With Flyway's transaction-scoped lock this run never ends (flyway/flyway#3497): the await below would fail.
        RunResult result = Runner.start(database.env(), List.of("--locations", migrations.location())).await(60);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.queryOne("SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
    }
}
