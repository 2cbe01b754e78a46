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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify applies the migrations twice, each time on a scratch database of its own: once to check they apply, once for
 * the lock and rewrite analysis. A stop during the second must cancel the second database's statements too.
 */
// Alone: it measures the seconds from the signal to the exit, and its migration counts the scratch databases.
@Isolated
@DisplayName("verify stopped by SIGTERM while its analysis step runs a migration")
class VerifyStoppedBySignalTest {
    private static final Pattern SCRATCH_CREATED = Pattern.compile("created the scratch database (schemahook_verify_\\w+)");

    @TempDir
    Path temp;

    @Test
    @DisplayName("exits 9 within seconds, with one line, and drops both scratch databases")
    void stopDuringTheAnalysis() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        // Sleeps only where a second scratch database exists: in the analysis step, not in the first apply.
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY);")
                .add("V2__slow.sql", "SELECT pg_sleep(CASE WHEN (SELECT count(*) FROM pg_database"
                        + " WHERE datname LIKE 'schemahook\\_verify\\_%') > 1 THEN 30 ELSE 0 END);\n");
        Runner.Launched runner = Runner.start(database.env(), List.of("verify", "--locations", migrations.location()));
        List<String> scratch = new ArrayList<>();
        Await.until("the analysis step sleeps in its own scratch database", Duration.ofSeconds(90), () -> {
            scratch.clear();
            Matcher created = SCRATCH_CREATED.matcher(runner.stderrSoFar());
            while (created.find()) {
                scratch.add(created.group(1));
            }
            return scratch.size() == 2 && "1".equals(database.queryOne("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = '" + scratch.get(1) + "' AND query LIKE '%pg_sleep(CASE%'"
                    + " AND state = 'active' AND backend_type = 'client backend'"));
        });

        long start = System.nanoTime();
        Await.signal(runner.process(), "TERM");
        RunResult result = runner.await(60);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(9);
        // Without the cancel the run would wait for the 30 s sleep to end before it noticed the stop.
        assertThat(seconds).as("seconds from the signal to the exit: %s", result).isLessThan(10);
        assertThat(result.stderr().lines().filter(l -> l.startsWith("error:")).toList()).as(result.toString())
                .hasSize(1).allMatch(l -> l.contains("stopped by SIGTERM"));
        assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
        for (String name : scratch) {
            // The server ends a backend shortly after its client's socket closes: as in MigrateStoppedBySignalTest.
            Await.until("the sessions on " + name + " are gone: " + result, Duration.ofSeconds(5), () -> "0".equals(
                    database.queryOne("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "'")));
            assertThat(database.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                    .as("scratch database %s is dropped: %s", name, result).isEqualTo("0");
        }
    }
}
