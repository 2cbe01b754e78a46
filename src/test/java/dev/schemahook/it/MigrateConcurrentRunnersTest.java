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
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("runners started at the same time on one database")
class MigrateConcurrentRunnersTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("apply every migration exactly once and all exit 0")
    void fourRunnersApplyEachMigrationOnce() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp);
        for (int i = 1; i <= 10; i++) {
            // Each migration takes a moment, so the runners really overlap; a second run would fail on CREATE TABLE.
            migrations.add("V" + i + "__table_" + i + ".sql", "SELECT pg_sleep(0.2); CREATE TABLE t" + i + " (id int);"
                    + " INSERT INTO audit.applied_log VALUES (" + i + ");");
        }
        // Outside the migrated schema, which must stay empty for a first migrate.
        database.execute("CREATE SCHEMA audit; CREATE TABLE audit.applied_log (version int)");

        List<Runner.Launched> runners = IntStream.range(0, 4)
                .mapToObj(i -> Runner.start(database.env(), List.of("migrate", "--locations", migrations.location())))
                .toList();
        List<RunResult> results = runners.stream().map(r -> r.await(180)).toList();

        assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(database.queryOne("SELECT count(*) FROM audit.applied_log")).isEqualTo("10");
        assertThat(database.queryOne("SELECT count(DISTINCT version) FROM audit.applied_log")).isEqualTo("10");
        assertThat(results.stream().filter(r -> r.stdout().contains("Applied 10 migrations")).count()).isEqualTo(1);
        assertThat(results.stream().filter(r -> r.stdout().contains("nothing to migrate")).count()).isEqualTo(3);
    }
}
