package dev.schemahook.it;

import dev.schemahook.testing.Await;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements {@code analyze} runs are the statements {@code migrate} runs. The oracle is PostgreSQL's own log
 * ({@code log_statement = all}, as CSV) of a dedicated embedded server: {@code migrate} applies a folder to one
 * database, {@code analyze} applies the same folder to its scratch database on the same server, and the statements
 * each database received are compared, in order. Nothing of schemahook or Flyway reads that log, so the two cannot
 * agree by construction.
 *
 * <p>What is left out on both sides before comparing: the analysis's own queries (they start with
 * {@code /* schemahook:observe *}{@code /}), and the statements of the runner and of Flyway that are not a migration's
 * (they name the history table, or are the session settings, locks and catalog reads listed in {@link #INFRASTRUCTURE}).
 * The values of {@code ${flyway:database}} and {@code ${flyway:timestamp}} differ by nature (another database, a
 * later second) and are normalised.
 */
@DisplayName("analyze executes what migrate executes")
class AnalyzeExecutesWhatMigrateExecutesTest {
    private static final String HISTORY = "difftest_history";
    /** Statements of the runner and of Flyway around the migrations, never a migration's own. */
    private static final Pattern INFRASTRUCTURE = Pattern.compile("(?is)^\\s*(?:SET\\s+(?:lock_timeout|statement_timeout"
            + "|application_name|search_path|role)\\b|SHOW\\s|SELECT\\s+(?:pg_advisory|pg_try_advisory|pg_backend_pid"
            + "|current_setting|current_user|current_database|current_catalog|current_schema|version\\(\\)|set_config)"
            + "|SELECT\\s+EXISTS\\s*\\(\\s*SELECT\\s+1\\s+FROM\\s+(?:pg_catalog\\.)?pg_"
            + "|SELECT\\s.*?\\bFROM\\s+(?:pg_catalog\\.)?(?:pg_|information_schema\\.))");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres server;
    private static Path log;

    @TempDir
    Path temp;

    @BeforeAll
    static void startLoggingServer(@TempDir Path logs) throws IOException {
        log = logs.resolve("statements.csv");
        Path binaries = PostgresServer.binariesJar(PostgresServer.requestedMajor());
        server = EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, machine) -> open(binaries))
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_destination", "csvlog")
                .setServerConfig("log_directory", logs.toAbsolutePath().toString())
                .setServerConfig("log_filename", "statements.log")
                .setServerConfig("log_statement", "all")
                .setOutputRedirector(Redirect.DISCARD)
                .setErrorRedirector(Redirect.DISCARD)
                .start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("on the example application's migrations")
    void exampleMigrations() throws Exception {
        Path folder = Path.of("examples", "todo", "migrations").toAbsolutePath();
        compare(folder, List.of());
    }

    @Test
    @DisplayName("on every SQL example of docs/safety.md")
    void safetyDocumentationExamples() throws Exception {
        Migrations migrations = Migrations.in(temp.resolve("docs")).add("V1__setup.sql", """
                CREATE TABLE customers (id int PRIMARY KEY);
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int, email text, number text, legacy_note text);
                INSERT INTO customers VALUES (1);
                INSERT INTO orders VALUES (1, 1, 'a@example.com', 'n1', 'note');
                """);
        int version = 2;
        String markdown = Files.readString(Path.of("docs", "safety.md"));
        Matcher block = Pattern.compile("(?s)```sql\\n(.*?)```").matcher(markdown);
        while (block.find()) {
            for (String part : block.group(1).split("(?m)^\\s*-- V\\d+\\s*$")) {
                if (!part.isBlank()) {
                    migrations.add("V" + version++ + "__docs.sql", part);
                }
            }
        }
        assertThat(version - 2).as("migrations taken from docs/safety.md").isGreaterThanOrEqualTo(10);
        compare(migrations.directory(), List.of());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("on generated folders of tricky SQL: quotes, comments, function bodies, COPY, CONCURRENTLY, placeholders")
    void generatedFolders(int seed) throws Exception {
        String executed = String.join("\n", compare(TrickySql.folder(temp.resolve("generated-" + seed), new Random(seed)),
                List.of("--placeholder", "owner=team-a")));

        assertThat(executed).as("the comparison saw the statements that matter")
                .contains("COPY copied_", "CREATE INDEX CONCURRENTLY ix_", "VACUUM base", "BEGIN ATOMIC")
                .contains("who text DEFAULT 'postgres'", "db text DEFAULT '<database>'", "ts text DEFAULT '<timestamp>'",
                        "tbl text DEFAULT '" + HISTORY + "'", "mine text DEFAULT 'team-a'", "'team-a' AS owner");
    }

    @Test
    @DisplayName("an unresolved placeholder fails analyze with migrate's exit code and message")
    void unresolvedPlaceholder() throws Exception {
        Migrations migrations = Migrations.in(temp.resolve("unresolved"))
                .add("V1__base.sql", "CREATE TABLE base (v text);")
                .add("V2__who.sql", "INSERT INTO base VALUES ('${owner}');");

        RunResult migrate = Runner.run(env(createDatabase()), "migrate", "--locations", location(migrations.directory()));
        RunResult analyze = Runner.run(env("postgres"), "analyze", "--locations", location(migrations.directory()));

        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(2);
        assertThat(analyze.exitCode()).as(analyze.toString()).isEqualTo(2);
        assertThat(errorLine(migrate)).isEqualTo("error: migration V2__who.sql uses the placeholder ${owner}, which has no"
                + " value: none of its statements ran; set it with --placeholder owner=VALUE or"
                + " SCHEMAHOOK_PLACEHOLDER_owner=VALUE (exit 2)");
        assertThat(errorLine(analyze)).isEqualTo(errorLine(migrate));
    }

    @Test
    @DisplayName("a migration that mixes CONCURRENTLY with other statements: migrate refuses it, analyze reports why")
    void mixedConcurrently() throws Exception {
        Migrations migrations = Migrations.in(temp.resolve("mixed"))
                .add("V1__base.sql", "CREATE TABLE base (v text);")
                .add("V2__mixed.sql", "ALTER TABLE base ADD COLUMN w text;\nCREATE INDEX CONCURRENTLY base_v ON base (v);");

        RunResult migrate = Runner.run(env(createDatabase()), "migrate", "--locations", location(migrations.directory()));
        RunResult analyze = Runner.run(env("postgres"), "analyze", "--locations", location(migrations.directory()));

        assertThat(migrate.exitCode()).as(migrate.toString()).isNotZero();
        assertThat(errorLine(migrate)).containsIgnoringCase("non-transactional");
        assertThat(analyze.exitCode()).as(analyze.toString()).isEqualTo(6);
        assertThat(analyze.stdout()).contains("V2__mixed.sql", "line 2 [concurrently-in-transaction]");
    }

    /** Runs migrate and analyze on {@code folder} and requires the same statements, in the same order. */
    private List<String> compare(Path folder, List<String> extra) throws Exception {
        String database = createDatabase();
        List<String> migrateArgs = new ArrayList<>(List.of("migrate", "--locations", location(folder), "--table", HISTORY));
        migrateArgs.addAll(extra);
        RunResult migrate = Runner.run(env(database), migrateArgs);
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();

        List<String> analyzeArgs = new ArrayList<>(List.of("analyze", "--locations", location(folder), "--table", HISTORY,
                "--fail-on", "none"));
        analyzeArgs.addAll(extra);
        RunResult analyze = Runner.run(env("postgres"), analyzeArgs);
        assertThat(analyze.exitCode()).as(analyze.toString()).isZero();
        Matcher scratch = Pattern.compile("created the scratch database (\\S+)").matcher(analyze.stderr());
        assertThat(scratch.find()).as(analyze.stderr()).isTrue();

        Map<String, List<String>> logged = statementsByDatabase();
        List<String> migrated = migrationStatements(logged.get(database), database);
        List<String> analysed = migrationStatements(logged.get(scratch.group(1)), scratch.group(1));
        System.err.println("[difftest] " + folder.getFileName() + ": " + migrated.size() + " statements compared");
        assertThat(migrated).as("statements of the migrations in " + folder).isNotEmpty();
        assertThat(analysed).as("the statements analyze ran, against the statements migrate ran (server log)")
                .containsExactlyElementsOf(migrated);
        assertThat(String.join("\n", logged.get(scratch.group(1)))).as("the analysis observed the statements")
                .contains("/* schemahook:observe */");
        return migrated;
    }

    private static List<String> migrationStatements(List<String> logged, String database) {
        assertThat(logged).as("statements logged for " + database).isNotNull();
        List<String> statements = new ArrayList<>();
        for (String statement : logged) {
            if (statement.startsWith("/* schemahook:observe */") || statement.contains('"' + HISTORY + '"')
                    || INFRASTRUCTURE.matcher(statement.strip()).find()) {
                continue;
            }
            statements.add(TIMESTAMP.matcher(statement.replace(database, "<database>")).replaceAll("<timestamp>"));
        }
        // BEGIN and COMMIT stay: they show each migration's transaction. A transaction left empty by the filter above
        // held only Flyway's own reads (analyze reads the scratch database's history once more before it migrates).
        for (int i = statements.size() - 2; i >= 0; i--) {
            if (statements.get(i).equals("BEGIN") && statements.get(i + 1).equals("COMMIT")) {
                statements.subList(i, i + 2).clear();
            }
        }
        return statements;
    }

    /** The statements the server logged, by database, in the order it executed them. */
    private static Map<String, List<String>> statementsByDatabase() throws IOException, SQLException {
        // The collector writes the log a moment after the server ran a statement: log a marker after everything
        // the runners ran, and read the log once the marker is in it.
        String marker = "logged up to here " + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT '" + marker + "'");
        }
        Await.until("the server logs " + marker, Duration.ofSeconds(60),
                () -> readLog().contains(marker));
        Map<String, List<String>> statements = new HashMap<>();
        Pattern statement = Pattern.compile("(?s)^(?:statement|execute [^:]+): (.*)$");
        for (List<String> row : Csv.read(readLog())) {
            // csvlog: 2 database_name, 13 message
            if (row.size() > 13) {
                Matcher matcher = statement.matcher(row.get(13));
                if (matcher.matches()) {
                    statements.computeIfAbsent(row.get(2), d -> new ArrayList<>()).add(matcher.group(1));
                }
            }
        }
        return statements;
    }

    private static String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String errorLine(RunResult result) {
        return result.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(result.toString())
                .replaceAll("jdbc:postgresql://\\S+|database \\S+", "<database>");
    }

    private static String createDatabase() throws SQLException {
        String name = "difftest_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static Map<String, String> env(String database) {
        return Map.of("SCHEMAHOOK_DB_URL", url(database), "SCHEMAHOOK_DB_USER", "postgres");
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    private static String location(Path folder) {
        return "filesystem:" + folder.toAbsolutePath();
    }

    private static InputStream open(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        var entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElseThrow();
        return zip.getInputStream(entry);
    }

    /** PostgreSQL's csvlog: RFC 4180, fields may hold quotes ("") and newlines. */
    static final class Csv {
        static List<List<String>> read(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            return rows;
        }
    }

    /**
     * Folders of migrations built from SQL that splitters get wrong, shuffled by a seed: some files merged, some with a
     * byte order mark and CRLF line ends.
     */
    static final class TrickySql {
        /** Migrations that Flyway runs in a transaction; {@code %1$s} makes their names unique. */
        private static final List<String> TRANSACTIONAL = List.of(
                "CREATE FUNCTION dollar_%1$s() RETURNS text LANGUAGE plpgsql AS $body$\nBEGIN\n"
                        + "  RETURN 'a;b' || $$x;y$$; -- a comment; inside\nEND\n$body$;\n",
                "/* outer /* nested; */ still a comment; */\nCREATE TABLE nested_%1$s (id int); -- trailing; comment\n"
                        + "INSERT INTO nested_%1$s VALUES (1);\n",
                "CREATE FUNCTION atomic_%1$s(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a + 1;\n"
                        + "  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;\nEND;\n",
                "CREATE TABLE copied_%1$s (id int, name text);\nCOPY copied_%1$s (id, name) FROM STDIN;\n1\tone;\n"
                        + "2\ttwo\n\\.\nINSERT INTO copied_%1$s VALUES (3, 'three');\n",
                "CREATE TABLE escaped_%1$s (v text);\nINSERT INTO escaped_%1$s VALUES (E'it\\'s; here'), "
                        + "(E'back\\\\slash;'), ('dir\\');\nINSERT INTO escaped_%1$s VALUES ('x;y');\n",
                "CREATE TABLE \"odd;%1$s\" (\"x;y\" text DEFAULT 'a;b');\nCOMMENT ON TABLE \"odd;%1$s\" IS "
                        + "'it''s -- not a comment; really';\n",
                "CREATE TABLE placed_%1$s (who text DEFAULT '${flyway:user}', db text DEFAULT '${flyway:database}',\n"
                        + "  sch text DEFAULT '${flyway:defaultSchema}', f text DEFAULT '${flyway:filename}',\n"
                        + "  tbl text DEFAULT '${flyway:table}', ts text DEFAULT '${flyway:timestamp}',\n"
                        + "  mine text DEFAULT '${owner}');\nINSERT INTO placed_%1$s DEFAULT VALUES;\n",
                "DO $$\nBEGIN\n  IF 1 = 1 THEN\n    RAISE NOTICE 'semi;colon';\n  END IF;\nEND\n$$;\n",
                "CREATE TABLE one_line_%1$s (id int); INSERT INTO one_line_%1$s VALUES (1); UPDATE one_line_%1$s SET id = 2;\n",
                "ALTER TABLE base ADD COLUMN col_%1$s int DEFAULT 0;\nUPDATE base SET col_%1$s = 1;\n");
        /** Migrations Flyway runs without a transaction: each alone in its file. */
        private static final List<String> NON_TRANSACTIONAL = List.of(
                "CREATE INDEX CONCURRENTLY ix_%1$s ON base (v);\n",
                "DROP INDEX CONCURRENTLY IF EXISTS missing_%1$s;\n",
                "VACUUM base;\n");

        static Path folder(Path directory, Random random) {
            Migrations migrations = Migrations.in(directory)
                    .add("V1__base.sql", "CREATE TABLE base (v text);\nINSERT INTO base VALUES ('one'), ('two');\n")
                    .add("R__view.sql", "CREATE OR REPLACE VIEW base_owner AS SELECT v, '${owner}' AS owner FROM base;\n");
            List<String> bodies = new ArrayList<>();
            List<String> transactional = new ArrayList<>(TRANSACTIONAL);
            Collections.shuffle(transactional, random);
            for (int i = 0; i < transactional.size(); i++) {
                String body = transactional.get(i).formatted(i);
                if (random.nextBoolean() && i + 1 < transactional.size()) {
                    i++;
                    body += transactional.get(i).formatted(i);
                }
                bodies.add(body);
            }
            for (int i = 0; i < NON_TRANSACTIONAL.size(); i++) {
                bodies.add(random.nextInt(bodies.size() + 1), NON_TRANSACTIONAL.get(i).formatted("n" + i));
            }
            for (int i = 0; i < bodies.size(); i++) {
                String body = bodies.get(i);
                if (random.nextInt(4) == 0) {
                    body = "\uFEFF" + body.replace("\n", "\r\n");
                }
                migrations.add("V" + (i + 2) + "__generated.sql", body);
            }
            return migrations.directory();
        }
    }
}
