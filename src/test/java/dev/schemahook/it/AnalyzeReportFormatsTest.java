package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("analyze's report of a realistic release")
class AnalyzeReportFormatsTest {
    @TempDir
    Path temp;

    private Migrations migrations;
    private TestDatabase server;

    @BeforeEach
    void release() {
        server = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp)
                .add("V1__customers_and_orders.sql", """
                        CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
                        CREATE TABLE orders (
                            id          bigint PRIMARY KEY,
                            customer_id bigint NOT NULL REFERENCES customers (id),
                            amount      integer NOT NULL,
                            created_at  timestamptz NOT NULL DEFAULT now()
                        );
                        INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 300) g;
                        INSERT INTO orders SELECT g, g % 300 + 1, g * 10 FROM generate_series(1, 5000) g;
                        """)
                .add("V2__order_status.sql", "-- Constant default: catalog-only since PostgreSQL 11.\n"
                        + "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n")
                .add("V3__index_status.sql", "CREATE INDEX orders_status_idx ON orders (status);\n")
                .add("V4__unique_email.sql", """
                        -- schemahook:allow unique-without-index customers holds a few hundred rows: the build takes milliseconds
                        ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
                        """)
                .add("V5__amount_numeric.sql", "ALTER TABLE orders\n    ALTER COLUMN amount TYPE numeric(12, 2);\n")
                .add("V6__index_created_at.sql", "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);\n");
    }

    @Test
    @DisplayName("text names each lock, rewrite and finding with its line, why, and the safe alternative")
    void text() {
        RunResult result = analyze("text");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        assertThat(result.stdout())
                .startsWith("schemahook analyze on PostgreSQL ")
                .contains("FAILED (exit 6), 6 migrations analysed, 3 errors, 0 warnings, 1 info (1 acknowledged)")
                .contains("V3__index_status.sql:1 index-without-concurrently, V5__amount_numeric.sql:1 column-type-change")
                .contains("V2__order_status.sql (one transaction, lock_timeout 5s)\n"
                        + "  lock     ACCESS EXCLUSIVE on public.orders (line 2, blocks reads and writes)\n"
                        + "  INFO     line 2 [blocking-lock] takes ACCESS EXCLUSIVE on public.orders briefly;"
                        + " lock_timeout 5s bounds the wait")
                .contains("  lock     SHARE on public.orders (line 1, blocks writes)\n"
                        + "  ERROR    line 1 [index-without-concurrently] CREATE INDEX on existing table orders")
                .contains("  rewrite  public.orders (line 1)")
                .contains("changes the type of orders.amount: rewrote public.orders, public.orders_pkey")
                .contains("acknowledged: customers holds a few hundred rows: the build takes milliseconds")
                .contains("V6__index_created_at.sql (no transaction: locks not observed, lock_timeout 5s)\n"
                        + "  nothing to report")
                .contains("           instead: CREATE INDEX CONCURRENTLY");
        assertThat(result.terminationMessage()).startsWith("schemahook analyze failed (exit 6, UNSAFE_MIGRATION)");
    }

    @Test
    @DisplayName("JSON is one document with counts, locks, rewrites and findings per migration")
    void json() throws Exception {
        RunResult result = analyze("json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("operation").asText()).isEqualTo("analyze");
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("exitCode").asInt()).isEqualTo(6);
        assertThat(json.get("failOn").asText()).isEqualTo("error");
        assertThat(json.at("/findingCounts/error").asInt()).as("one of them acknowledged").isEqualTo(3);
        assertThat(json.at("/findingCounts/acknowledged").asInt()).isEqualTo(1);
        assertThat(json.at("/findingCounts/failing").asInt()).isEqualTo(2);
        JsonNode v3 = json.get("migrations").get(2);
        assertThat(v3.get("filepath").asText()).isEqualTo("V3__index_status.sql");
        assertThat(v3.get("locks").toString()).contains("{\"relation\":\"public.orders\",\"mode\":\"SHARE\","
                + "\"existing\":true,\"blocking\":true,\"line\":1}");
        assertThat(v3.at("/findings/0/rule").asText()).isEqualTo("index-without-concurrently");
        assertThat(v3.at("/findings/0/severity").asText()).isEqualTo("error");
        JsonNode v4 = json.get("migrations").get(3);
        assertThat(v4.at("/findings/0/acknowledged").asBoolean()).isTrue();
        assertThat(v4.at("/findings/0/reason").asText()).startsWith("customers holds a few hundred rows");
        JsonNode v5 = json.get("migrations").get(4);
        assertThat(v5.get("rewrites").toString()).contains("\"relation\":\"public.orders\"");
        assertThat(json.get("migrations").get(5).get("transactional").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("Markdown renders as well-formed tables with a verdict, findings, locks and reasons")
    void markdown() {
        RunResult result = analyze("markdown");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        String markdown = result.stdout();
        System.err.println("[markdown]\n" + markdown);
        assertThat(markdown).startsWith("## schemahook analyze: ❌ failed (exit 6)\n\n")
                .contains("· 6 migrations analysed · fails on error")
                .contains("| Severity | Migration | Line | Rule | Finding | Safe alternative |")
                .contains("| 🛑 error | `V3__index_status.sql` | 1 | `index-without-concurrently` |")
                .contains("| ☑️ error (acknowledged) | `V4__unique_email.sql` | 2 | `unique-without-index` |")
                .contains("*acknowledged: customers holds a few hundred rows: the build takes milliseconds*")
                .contains("| `V3__index_status.sql` | 1 | SHARE | `public.orders` | blocks writes |")
                .contains("| `V5__amount_numeric.sql` | 1 | rewrite | `public.orders` | reads and writes, for the whole rewrite |");
        assertThat(markdown.split("<details>", -1)).hasSameSizeAs(markdown.split("</details>", -1));
        assertWellFormedTables(markdown);
    }

    private RunResult analyze(String format) {
        return Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", format);
    }

    /** Every row of a table has as many cells as its header, and a table is separated from text by a blank line. */
    private static void assertWellFormedTables(String markdown) {
        List<String> lines = markdown.lines().toList();
        int columns = -1;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|")) {
                columns = -1;
                continue;
            }
            int cells = line.replace("\\|", "").split("\\|", -1).length - 2;
            if (columns < 0) {
                columns = cells;
                if (i > 0 && !lines.get(i - 1).isBlank()) {
                    problems.add("no blank line before the table at line " + (i + 1));
                }
            } else if (cells != columns) {
                problems.add("line " + (i + 1) + " has " + cells + " cells, its header " + columns + ": " + line);
            }
            if (!line.endsWith("|")) {
                problems.add("line " + (i + 1) + " does not end with |");
            }
        }
        assertThat(problems).isEmpty();
    }
}
