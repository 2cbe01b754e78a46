package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.AcrossPostgresVersions;
import dev.schemahook.testing.JsonDocument;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code analyze --load} on real PostgreSQL: who waits for whom follows PostgreSQL's lock conflict table
 * (https://www.postgresql.org/docs/current/explicit-locking.html, Table 13.2). The assertions are about who blocked
 * whom and how numbers of one run compare, never about absolute times, so that a loaded machine does not fail them.
 */
@AcrossPostgresVersions
@DisplayName("analyze --load")
class AnalyzeUnderLoadTest {
    private static final String ORDERS = "CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL, note text);";

    @TempDir
    Path temp;

    @Test
    @DisplayName("a rewrite blocks the reader and the writer and waits for the long transaction, CREATE INDEX blocks"
            + " only the writer, CREATE INDEX CONCURRENTLY blocks neither but waits for the snapshot, an INSERT nobody")
    void waitsFollowTheLockTable() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", ORDERS)
                .add("V2__wider.sql", "-- a rewrite under ACCESS EXCLUSIVE\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\n")
                .add("V3__index.sql", "CREATE INDEX orders_total ON orders (total);\n")
                .add("V4__concurrently.sql", "CREATE INDEX CONCURRENTLY orders_note ON orders (note);\n")
                .add("V5__insert.sql", "INSERT INTO orders (total) VALUES (42);\n");

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--load",
                "--fail-on", "none", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode migrationsJson = JsonDocument.parse(result.stdout()).at("/migrations");
        assertThat(migrationsJson.get(0).has("load")).as("V1 names no existing table").isTrue();
        assertThat(migrationsJson.at("/0/load/tables")).isEmpty();

        JsonNode rewrite = migrationsJson.at("/1/load");
        assertThat(rewrite.at("/tables/0").asText()).isEqualTo("public.orders");
        // ACCESS EXCLUSIVE conflicts with ACCESS SHARE: the migration waits for the long transaction, and the reader
        // and the writer queue behind the migration.
        assertThat(rewrite.at("/migration/waitedFor").asText()).isEqualTo("the long read transaction");
        assertThat(rewrite.at("/migration/line").asInt()).isEqualTo(2);
        assertThat(rewrite.at("/migration/withinLockTimeout").asBoolean(true)).isFalse();
        assertThat(rewrite.at("/migration/verdict").asText()).contains("hits lock_timeout")
                .contains("lock_timeout 5s").contains("migrate retries it 5 times");
        for (String session : List.of("reader", "writer")) {
            assertThat(rewrite.at("/" + session + "/blockedBy").asText()).as(session)
                    .startsWith("line 2 (ALTER TABLE orders ALTER COLUMN total TYPE bigint)")
                    .contains("while it waited for the long read transaction");
        }

        JsonNode index = migrationsJson.at("/2/load");
        // SHARE conflicts with ROW EXCLUSIVE (the writer), not with ACCESS SHARE (the reader and the long transaction).
        assertThat(index.at("/reader/blockedBy").isMissingNode()).as(index.toString()).isTrue();
        assertThat(index.at("/writer/blockedBy").asText()).as(index.toString())
                .isEqualTo("line 1 (CREATE INDEX orders_total ON orders (total))");
        assertThat(index.at("/migration/waitedFor").isMissingNode()).as(index.toString()).isTrue();
        assertThat(index.at("/migration/withinLockTimeout").asBoolean(false)).isTrue();
        // The reader of the rewrite queued behind a migration that waited for the long transaction; the reader of
        // CREATE INDEX was never blocked.
        assertThat(rewrite.at("/reader/maxWaitMs").asLong()).isGreaterThan(index.at("/reader/maxWaitMs").asLong());
        assertThat(rewrite.at("/reader/maxWaitMs").asLong()).isPositive();

        JsonNode concurrently = migrationsJson.at("/3/load");
        assertThat(migrationsJson.at("/3/transactional").asBoolean(true)).isFalse();
        // SHARE UPDATE EXCLUSIVE conflicts with neither, but the build waits for every older snapshot.
        assertThat(concurrently.at("/reader/blockedBy").isMissingNode()).as(concurrently.toString()).isTrue();
        assertThat(concurrently.at("/writer/blockedBy").isMissingNode()).as(concurrently.toString()).isTrue();
        assertThat(concurrently.at("/migration/waitedFor").asText()).contains("the long read transaction");
        assertThat(concurrently.at("/migration/withinLockTimeout").asBoolean(true)).isFalse();
        assertThat(concurrently.at("/migration/verdict").asText()).contains("snapshot").contains("invalid index");
        assertThat(concurrently.at("/traced").toString()).contains("SHARE UPDATE EXCLUSIVE on public.orders (line 1)");

        JsonNode insert = migrationsJson.at("/4/load");
        // ROW EXCLUSIVE conflicts with neither session, nor with the long transaction.
        assertThat(insert.at("/reader/blockedBy").isMissingNode()).as(insert.toString()).isTrue();
        assertThat(insert.at("/writer/blockedBy").isMissingNode()).as(insert.toString()).isTrue();
        assertThat(insert.at("/migration/waitedFor").isMissingNode()).as(insert.toString()).isTrue();
        assertThat(insert.at("/migration/verdict").asText()).isEqualTo("got every lock without waiting");
        for (JsonNode load : List.of(rewrite, index, concurrently, insert)) {
            assertThat(load.at("/reader/statements").asLong()).as(load.toString()).isPositive();
            assertThat(load.at("/writer/statements").asLong()).as(load.toString()).isPositive();
            assertThat(load.at("/writer/errors").asLong()).as(load.toString()).isZero();
        }
    }

    @Test
    @DisplayName("with lock_timeout 0 the migration would wait as long as the transaction lasts; analyze still finishes"
            + " and says so in the text and Markdown reports")
    void withoutLockTimeoutStillFinishes() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", ORDERS)
                .add("V2__volatile.sql", "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();\n");

        RunResult text = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--load",
                "--lock-timeout", "0", "--fail-on", "none");
        RunResult markdown = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--load",
                "--lock-timeout", "0", "--fail-on", "none", "--output", "markdown");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("  load     on public.orders")
                .contains("reader waited at most ").contains("blocked by line 1 (ALTER TABLE orders ADD COLUMN token")
                .contains("locks NOT within lock_timeout: line 1 waited for the long read transaction")
                .contains("with lock_timeout 0 it would wait as long as that transaction lasts");
        assertThat(markdown.exitCode()).as(markdown.toString()).isZero();
        assertThat(markdown.stdout()).contains("### Under load")
                .contains("| `V2__volatile.sql` | ").contains("❌ line 1 waited for the long read transaction");
    }

    @Test
    @DisplayName("a migration on a table nobody conflicts with: nobody waits, and Markdown shows it passed")
    void safeMigrationNobodyWaits() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", ORDERS)
                .add("V2__seed.sql", "INSERT INTO orders (total) SELECT g FROM generate_series(1, 100) g;\n");

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--load",
                "--output", "markdown");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("### Under load").contains("| `V2__seed.sql` | ")
                .contains("never blocked").doesNotContain("blocked by")
                .contains("✅ got every lock without waiting");
    }

    @Test
    @DisplayName("--load with --rows 0 is a usage error: exit 2 and one line naming the fix")
    void loadNeedsRows() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__orders.sql", ORDERS);

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--load",
                "--rows", "0");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly(
                "error: --load needs rows for its writer to update: leave --rows at its default (3) or give 1 or more,"
                        + " or leave out --load (exit 2)");
        assertThat(result.stderr()).doesNotContain("\tat ");
    }

    @Test
    @DisplayName("SCHEMAHOOK_LOAD=yes is a usage error: exit 2 and one line naming --load")
    void badEnvironmentValue() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__orders.sql", ORDERS);
        Map<String, String> env = new java.util.HashMap<>(server.env());
        env.put("SCHEMAHOOK_LOAD", "yes");

        RunResult result = Runner.run(env, "analyze", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("'--load'").contains("'yes' is not a boolean");
        assertThat(result.stderr()).doesNotContain("\tat ");
    }
}
