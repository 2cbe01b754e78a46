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
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: it measures the seconds from the signal to the exit, which a concurrent test's load would stretch.
@Isolated
@DisplayName("analyze --load stopped by SIGTERM while the reader and the writer wait for the migration")
class AnalyzeUnderLoadStoppedBySignalTest {
    private static final Pattern SCRATCH_CREATED = Pattern.compile("created the scratch database (\\w+)");

    @TempDir
    Path temp;

    @Test
    @DisplayName("exits 9 within seconds, with one line, and leaves no session and no scratch database behind")
    void stopEndsTheLoad() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);")
                .add("V2__slow.sql", "ALTER TABLE orders ADD COLUMN note text;\nSELECT pg_sleep(20);\n");
        Runner.Launched runner = Runner.start(database.env(), List.of("analyze", "--locations", migrations.location(),
                "--load", "--fail-on", "none"));
        Await.until("the reader and the writer wait behind the sleeping migration", Duration.ofSeconds(90),
                () -> "2".equals(database.queryOne("SELECT count(*) FROM pg_stat_activity WHERE query LIKE"
                        + " '/* schemahook:load */ %' AND wait_event_type = 'Lock' AND backend_type = 'client backend'"
                        + " AND EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.datname = pg_stat_activity.datname"
                        + " AND s.query LIKE '%pg_sleep(20)%' AND s.state = 'active')")));

        long start = System.nanoTime();
        Await.signal(runner.process(), "TERM");
        RunResult result = runner.await(30);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
        assertThat(seconds).as("seconds from the signal to the exit").isLessThan(10);
        assertThat(result.stderr().lines().filter(l -> l.startsWith("error:")).toList()).as(result.toString())
                .hasSize(1).allMatch(l -> l.contains("stopped by SIGTERM"));
        assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
        Matcher created = SCRATCH_CREATED.matcher(result.everything());
        assertThat(created.find()).as("the run names its scratch database: %s", result).isTrue();
        String scratch = created.group(1);
        // The server ends a backend shortly after its client's socket closes: as in MigrateStoppedBySignalTest.
        Await.until("the sessions on " + scratch + " are gone: " + result, Duration.ofSeconds(5), () -> "0".equals(
                database.queryOne("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + scratch + "'")));
        assertThat(database.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + scratch + "'"))
                .as("scratch database %s is dropped: %s", scratch, result).isEqualTo("0");
    }
}
