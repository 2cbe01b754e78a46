package dev.schemahook.it;

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

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a database that existed before schemahook")
class BaselineExistingDatabaseTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void legacyDatabase() {
        database = PostgresServer.shared().createDatabase();
        database.execute("CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers VALUES (1)");
        migrations = Migrations.in(temp)
                .add("V1__customers.sql", "CREATE TABLE customers (id int PRIMARY KEY);")
                .add("V2__orders.sql", "CREATE TABLE orders (id int, customer int REFERENCES customers);");
    }

    @Test
    @DisplayName("is refused by migrate with exit 4 and a hint to baseline")
    void migrateRefusesUnmanagedSchema() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.stderr()).contains("schemahook baseline --baseline-version");
    }

    @Test
    @DisplayName("is adopted by baseline --baseline-version 1, after which migrate applies only what follows")
    void baselineThenMigrate() {
        RunResult baseline = Runner.run(database.env(), "baseline", "--baseline-version", "1", "--locations", migrations.location());
        RunResult migrate = Runner.run(database.env(), "--locations", migrations.location());

        assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
        assertThat(baseline.stdout()).contains("Baselined").contains("version 1");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        assertThat(database.queryOne("SELECT type FROM flyway_schema_history WHERE version = '1'")).isEqualTo("BASELINE");
        assertThat(database.queryOne("SELECT count(*) FROM customers")).isEqualTo("1");
    }

    @Test
    @DisplayName("is adopted on the fly with --baseline-on-migrate and --baseline-version")
    void baselineOnMigrate() {
        RunResult result = Runner.run(database.env(), "--locations", migrations.location(), "--baseline-on-migrate",
                "--baseline-version", "1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
    }
}
