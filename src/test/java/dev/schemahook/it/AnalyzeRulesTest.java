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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every rule: a migration that triggers it on table {@code a} (V2), and the safe rewrite on table {@code b} (V3 and
 * on) that does not, analysed together on a scratch database of a real PostgreSQL.
 */
// Each case has a database and a folder of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@AcrossPostgresVersions
@DisplayName("analyze, rule by rule")
class AnalyzeRulesTest {
    /** Two tables with rows that existed before the migrations under test, and a parent for foreign keys. */
    private static final String SETUP = """
            CREATE TABLE parent (id int PRIMARY KEY);
            INSERT INTO parent SELECT generate_series(1, 100);
            CREATE TABLE a (id int PRIMARY KEY, parent_id int, email text, note varchar(20), total int);
            CREATE TABLE b (id int PRIMARY KEY, parent_id int, email text, note varchar(20), total int);
            INSERT INTO a SELECT g, g, 'user' || g || '@example.com', 'n', g FROM generate_series(1, 100) g;
            INSERT INTO b SELECT * FROM a;
            CREATE INDEX a_total_idx ON a (total);
            CREATE INDEX b_total_idx ON b (total);
            """;

    @TempDir
    Path temp;

    record Case(String rule, String severity, String unsafe, List<String> safe, boolean safeIsAcknowledged) {
        @Override
        public String toString() {
            return rule + ": " + unsafe.lines().reduce((x, y) -> y).orElse("");
        }
    }

    static Stream<Case> rules() {
        return Stream.of(
                new Case("index-without-concurrently", "error", "CREATE INDEX a_email_idx ON a (email);",
                        List.of("CREATE INDEX CONCURRENTLY b_email_idx ON b (email);"), false),
                new Case("index-without-concurrently", "warning", "DROP INDEX a_total_idx;",
                        List.of("DROP INDEX CONCURRENTLY b_total_idx;"), false),
                new Case("index-without-concurrently", "error", "SET lock_timeout = 0;\nDROP INDEX a_total_idx;",
                        List.of("SET lock_timeout = 0;\nDROP INDEX CONCURRENTLY b_total_idx;"), false),
                new Case("concurrently-in-transaction", "error",
                        "ALTER TABLE a ADD COLUMN flag boolean;\nCREATE INDEX CONCURRENTLY a_email_idx ON a (email);",
                        List.of("ALTER TABLE b ADD COLUMN flag boolean;", "CREATE INDEX CONCURRENTLY b_email_idx ON b (email);"),
                        false),
                new Case("constraint-without-not-valid", "error",
                        "ALTER TABLE a ADD CONSTRAINT a_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id);",
                        List.of("ALTER TABLE b ADD CONSTRAINT b_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;",
                                "ALTER TABLE b VALIDATE CONSTRAINT b_parent_fk;"), false),
                new Case("constraint-without-not-valid", "error", "ALTER TABLE a ADD CONSTRAINT a_total_positive CHECK (total > 0);",
                        List.of("ALTER TABLE b ADD CONSTRAINT b_total_positive CHECK (total > 0) NOT VALID;",
                                "ALTER TABLE b VALIDATE CONSTRAINT b_total_positive;"), false),
                new Case("set-not-null", "error", "ALTER TABLE a ALTER COLUMN email SET NOT NULL;",
                        List.of("ALTER TABLE b ADD CONSTRAINT b_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
                                "ALTER TABLE b VALIDATE CONSTRAINT b_email_not_null;",
                                "ALTER TABLE b ALTER COLUMN email SET NOT NULL;\nALTER TABLE b DROP CONSTRAINT b_email_not_null;"),
                        false),
                new Case("column-type-change", "error", "ALTER TABLE a ALTER COLUMN total TYPE bigint;",
                        List.of("ALTER TABLE b ADD COLUMN total_wide bigint;"), false),
                new Case("volatile-default", "error", "ALTER TABLE a ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                        List.of("ALTER TABLE b ADD COLUMN token uuid;\nALTER TABLE b ALTER COLUMN token SET DEFAULT gen_random_uuid();"),
                        false),
                new Case("unique-without-index", "error", "ALTER TABLE a ADD CONSTRAINT a_email_key UNIQUE (email);",
                        List.of("CREATE UNIQUE INDEX CONCURRENTLY b_email_key ON b (email);",
                                "ALTER TABLE b ADD CONSTRAINT b_email_key UNIQUE USING INDEX b_email_key;"), false),
                new Case("rename-table", "error", "ALTER TABLE a RENAME TO a_renamed;",
                        List.of("CREATE TABLE b_renamed (LIKE b INCLUDING ALL);"), false),
                new Case("rename-column", "error", "ALTER TABLE a RENAME COLUMN note TO remark;",
                        List.of("ALTER TABLE b ADD COLUMN remark varchar(20);"), false),
                new Case("drop-table", "error", "DROP TABLE a;",
                        List.of("-- schemahook:allow drop-table release 1.3 stopped using b\nDROP TABLE b;"), true),
                new Case("drop-column", "error", "ALTER TABLE a DROP COLUMN note;",
                        List.of("-- schemahook:allow drop-column release 1.3 no longer reads note\nALTER TABLE b DROP COLUMN note;",
                                "ALTER TABLE b DROP COLUMN IF EXISTS note;"),
                        true),
                new Case("unbatched-backfill", "warning", "UPDATE a SET note = 'x';",
                        List.of("UPDATE b SET note = 'x' WHERE id BETWEEN 1 AND 50;"), false),
                new Case("unbatched-backfill", "error",
                        "ALTER TABLE a RENAME COLUMN note TO remark;\nUPDATE a SET remark = 'x' WHERE remark IS NULL;",
                        List.of("UPDATE b SET note = 'x' WHERE id > 0 AND id <= 50;"), false),
                new Case("concurrently-if-not-exists", "warning",
                        "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_email_idx ON a (email);",
                        List.of("DROP INDEX CONCURRENTLY IF EXISTS b_email_idx;\n"
                                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS b_email_idx ON b (email);"), false),
                new Case("repeated-rewrite", "info",
                        "ALTER TABLE a ALTER COLUMN total TYPE bigint;\nALTER TABLE a ALTER COLUMN parent_id TYPE bigint;",
                        List.of("ALTER TABLE b ALTER COLUMN total TYPE bigint, ALTER COLUMN parent_id TYPE bigint;"), false),
                new Case("table-rewrite", "error",
                        "DO $$ BEGIN EXECUTE 'ALTER TABLE a ALTER COLUMN total TYPE bigint'; END $$;",
                        List.of("ALTER TABLE b ADD COLUMN total_wide bigint;"), false),
                new Case("lock-timeout-missing", "warning", "SET lock_timeout = 0;\nALTER TABLE a ADD COLUMN flag boolean;",
                        List.of("ALTER TABLE b ADD COLUMN flag boolean;"), false),
                new Case("blocking-lock", "info", "ALTER TABLE a ADD COLUMN flag boolean NOT NULL DEFAULT false;",
                        List.of("CREATE TABLE b_archive (LIKE b INCLUDING ALL);"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    @DisplayName("flags the unsafe migration and not its safe rewrite")
    void flagsUnsafeNotSafe(Case rule) throws Exception {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__setup.sql", SETUP).add("V2__unsafe.sql", rule.unsafe());
        for (int i = 0; i < rule.safe().size(); i++) {
            migrations.add("V" + (i + 3) + "__safe.sql", rule.safe().get(i));
        }

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", "json",
                "--fail-on", "none");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = JsonDocument.parse(result.stdout());
        List<JsonNode> unsafe = findings(json, "V2__unsafe.sql", rule.rule());
        assertThat(unsafe).as(result.stdout()).isNotEmpty();
        assertThat(unsafe.get(0).get("severity").asText()).isEqualTo(rule.severity());
        assertThat(unsafe.get(0).get("line").asInt()).isPositive();
        assertThat(unsafe.get(0).get("why").asText()).isNotBlank();
        assertThat(unsafe.get(0).get("safeAlternative").asText()).isNotBlank();
        assertThat(unsafe.get(0).get("acknowledged").asBoolean()).isFalse();
        for (int i = 0; i < rule.safe().size(); i++) {
            List<JsonNode> safe = findings(json, "V" + (i + 3) + "__safe.sql", rule.rule());
            if (rule.safeIsAcknowledged()) {
                assertThat(safe).as(result.stdout()).allSatisfy(f -> assertThat(f.get("acknowledged").asBoolean()).isTrue());
            } else {
                assertThat(safe).as(result.stdout()).isEmpty();
            }
        }
        assertThat(findings(json, "V1__setup.sql", null)).as("tables created by the same migration are new").isEmpty();
    }

    private static List<JsonNode> findings(JsonNode json, String file, String rule) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode migration : json.get("migrations")) {
            if (migration.get("filepath").asText().equals(file)) {
                migration.get("findings").forEach(f -> {
                    if (rule == null || f.get("rule").asText().equals(rule)) {
                        found.add(f);
                    }
                });
            }
        }
        return found;
    }
}
