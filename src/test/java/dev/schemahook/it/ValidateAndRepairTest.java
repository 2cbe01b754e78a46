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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

// Each case has a database and a folder of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("validate and repair")
class ValidateAndRepairTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    /** The release every case starts from, applied by Flyway in this JVM: what is tested is validate and repair. */
    @BeforeEach
    void migrated() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp)
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);");
        database.flyway(migrations).load().migrate();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
    }

    @Test
    @DisplayName("passes when the database matches the image")
    void passesWhenMatching() {
        RunResult result = Runner.run(database.env(), "validate", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("the database matches this image (version 2)");
    }

    @Test
    @DisplayName("exits 4 on an edited migration and changes nothing; repair realigns the checksum when asked")
    void checksumMismatchThenRepair() {
        String before = database.queryOne("SELECT checksum FROM flyway_schema_history WHERE version = '2'");
        migrations.add("V2__b.sql", "CREATE TABLE b (id bigint); -- edited after release");

        RunResult validate = Runner.run(database.env(), "validate", "--locations", migrations.location());
        RunResult migrate = Runner.run(database.env(), "migrate", "--locations", migrations.location());

        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
        assertThat(validate.stderr()).contains("checksum mismatch for migration version 2").contains("schemahook repair");
        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(4);
        assertThat(database.queryOne("SELECT checksum FROM flyway_schema_history WHERE version = '2'")).isEqualTo(before);

        RunResult repair = Runner.run(database.env(), "repair", "--locations", migrations.location());

        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.stdout()).contains("Aligned 2");
        assertThat(Runner.run(database.env(), "validate", "--locations", migrations.location()).exitCode()).isZero();
    }

    @Test
    @DisplayName("exits 4 when an applied migration is missing from the image")
    void missingMigration() {
        migrations.remove("V1__a.sql");

        RunResult result = Runner.run(database.env(), "validate", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.stderr()).containsIgnoringCase("applied migration not resolved locally").contains("1");
    }

    @Test
    @DisplayName("exits 4 on a failed non-transactional migration, and repair removes the failed entry")
    void failedEntryThenRepair() {
        migrations.add("V3__index.sql", "CREATE INDEX CONCURRENTLY missing_idx ON no_such_table (id);");
        assertThat(Runner.run(database.env(), "--locations", migrations.location()).exitCode()).isEqualTo(1);

        RunResult validate = Runner.run(database.env(), "validate", "--locations", migrations.location());
        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
        assertThat(validate.stderr()).containsIgnoringCase("failed");

        RunResult repair = Runner.run(database.env(), "repair", "--locations", migrations.location());
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(database.queryOne("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isEqualTo("0");
    }
}
