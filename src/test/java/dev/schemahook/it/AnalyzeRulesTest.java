package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.FailOn;
import dev.schemahook.config.FuturePolicy;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.database.ConnectionSettings;
import dev.schemahook.database.Connections;
import dev.schemahook.report.AnalysisReport;
import dev.schemahook.safety.AnalysisResult;
import dev.schemahook.safety.AnalysisService;
import dev.schemahook.testing.AcrossPostgresVersions;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every rule: a migration that triggers it on table {@code a} (V2), and the safe rewrite on table {@code b} (V3 and
 * on) that does not, analysed together on a database of a real PostgreSQL.
 *
 * <p>In process, for every case: the analysis analyze runs ({@link AnalysisService} with the runner's defaults, as
 * {@code AnalyzeCommand} calls it, on an empty database as its scratch database is) and the JSON it prints ({@link
 * AnalysisReport#json}). Which rule a migration triggers is decided there alone; the command line adds the same
 * options, scratch database and exit path to every rule. End to end, for the cases in {@link #END_TO_END}, one per
 * severity and an acknowledged one: the jar started as a user starts it, {@code analyze --output json}, held to the
 * same assertions (the command line itself: AnalyzeReportFormatsTest, CommandFailureOutputTest,
 * ScratchDatabaseOnPgHostTest).
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

    /** The cases that also run as a process: one error, warning and info finding, and an acknowledged one. */
    private static final List<String> END_TO_END = List.of(
            "index-without-concurrently: CREATE INDEX a_email_idx ON a (email);",
            "unbatched-backfill: UPDATE a SET note = 'x';",
            "repeated-rewrite: ALTER TABLE a ALTER COLUMN parent_id TYPE bigint;",
            "drop-column: ALTER TABLE a DROP COLUMN note;");

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

    static Stream<Case> endToEnd() {
        return rules().filter(rule -> END_TO_END.contains(rule.toString()));
    }

    @Test
    @DisplayName("the cases run as a process are cases of the list")
    void endToEndCasesExist() {
        assertThat(endToEnd().map(Case::toString).toList()).containsExactlyInAnyOrderElementsOf(END_TO_END);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    @DisplayName("flags the unsafe migration and not its safe rewrite (in process)")
    void flagsUnsafeNotSafe(Case rule) throws Exception {
        TestDatabase scratch = PostgresServer.shared().createDatabase();
        Migrations migrations = migrations(rule);

        AnalysisResult result = analyzeInProcess(scratch, migrations.location());

        assertThat(result.success()).as("--fail-on none").isTrue();
        assertFlagged(rule, AnalysisReport.json(result) + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endToEnd")
    @DisplayName("flags the unsafe migration and not its safe rewrite (the jar started as a process)")
    void flagsUnsafeNotSafeAsProcess(Case rule) throws Exception {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = migrations(rule);

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--output", "json",
                "--fail-on", "none");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertFlagged(rule, result.stdout());
    }

    private Migrations migrations(Case rule) {
        Migrations migrations = Migrations.in(temp).add("V1__setup.sql", SETUP).add("V2__unsafe.sql", rule.unsafe());
        for (int i = 0; i < rule.safe().size(); i++) {
            migrations.add("V" + (i + 3) + "__safe.sql", rule.safe().get(i));
        }
        return migrations;
    }

    private static void assertFlagged(Case rule, String stdout) throws Exception {
        JsonNode json = JsonDocument.parse(stdout);
        List<JsonNode> unsafe = findings(json, "V2__unsafe.sql", rule.rule());
        assertThat(unsafe).as(stdout).isNotEmpty();
        assertThat(unsafe.get(0).get("severity").asText()).isEqualTo(rule.severity());
        assertThat(unsafe.get(0).get("line").asInt()).isPositive();
        assertThat(unsafe.get(0).get("why").asText()).isNotBlank();
        assertThat(unsafe.get(0).get("safeAlternative").asText()).isNotBlank();
        assertThat(unsafe.get(0).get("acknowledged").asBoolean()).isFalse();
        for (int i = 0; i < rule.safe().size(); i++) {
            List<JsonNode> safe = findings(json, "V" + (i + 3) + "__safe.sql", rule.rule());
            if (rule.safeIsAcknowledged()) {
                assertThat(safe).as(stdout).allSatisfy(f -> assertThat(f.get("acknowledged").asBoolean()).isTrue());
            } else {
                assertThat(safe).as(stdout).isEmpty();
            }
        }
        assertThat(findings(json, "V1__setup.sql", null)).as("tables created by the same migration are new").isEmpty();
    }

    /**
     * As analyze --fail-on none runs on its scratch database, with the defaults of every other option
     * (RunConfiguration, AnalysisOptions): 3 rows per table, lock_timeout 5s, no statement_timeout.
     */
    private static AnalysisResult analyzeInProcess(TestDatabase scratch, String location) {
        Optional<String> user = Optional.of(scratch.server().adminUser());
        Optional<String> password = Optional.of(scratch.server().adminPassword()).filter(p -> !p.isEmpty());
        ConnectionSettings settings = new ConnectionSettings(scratch.jdbcUrl(), user, password,
                scratch.jdbcUrl().replaceFirst("^jdbc:postgresql://", ""));
        ConnectionConfig connectionConfig = new ConnectionConfig(Optional.of(scratch.jdbcUrl()), user, password,
                Optional.empty(), Duration.ofSeconds(120), Optional.empty(), 17);
        MigrationConfig config = new MigrationConfig(List.of(location), List.of(), "flyway_schema_history",
                Optional.empty(), false, false, "1", Map.of(), FuturePolicy.WARN, Duration.ofSeconds(5), Duration.ZERO,
                5, Duration.ofMinutes(10));
        return new AnalysisService(new Connections(settings), Optional.empty(), connectionConfig, config, FailOn.NONE,
                3, false).analyze("PostgreSQL at " + settings.display());
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
