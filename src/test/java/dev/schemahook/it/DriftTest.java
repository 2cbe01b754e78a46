package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.AcrossPostgresVersions;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TempDirs;
import dev.schemahook.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify --snapshot, then drift on databases Flyway itself migrated from the same folder, on the server of the
 * requested PostgreSQL major: no drift; then every kind of object removed, added and altered by hand, each reported.
 */
@AcrossPostgresVersions
@DisplayName("drift against the snapshot verify wrote")
class DriftTest {
    private static final String READER_PASSWORD = "drift-reader-secret";

    /** Two objects of every kind the snapshot describes: one to drop by hand, one to alter. */
    private static final String OBJECTS = """
            CREATE EXTENSION citext;
            CREATE EXTENSION hstore VERSION '1.7';
            CREATE TYPE mood AS ENUM ('happy', 'sad');
            CREATE TYPE size AS ENUM ('small', 'large');
            CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
            CREATE DOMAIN short_text AS varchar(10);
            CREATE TABLE author (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email email NOT NULL UNIQUE,
                name text,
                sort_name text COLLATE "C",
                mood mood DEFAULT 'happy'
            );
            CREATE TABLE book (
                id serial PRIMARY KEY,
                author_id bigint NOT NULL REFERENCES author (id),
                title text NOT NULL,
                pages integer,
                CONSTRAINT title_not_blank CHECK (title <> '')
            );
            CREATE TABLE tag (id integer PRIMARY KEY, label text);
            CREATE INDEX book_title_idx ON book (title);
            CREATE INDEX book_pages_idx ON book (pages);
            CREATE SEQUENCE ticket_seq START 100;
            CREATE SEQUENCE spare_seq;
            CREATE VIEW long_books AS SELECT id, title FROM book WHERE pages > 300;
            CREATE VIEW short_books AS SELECT id, title FROM book WHERE pages < 100;
            CREATE MATERIALIZED VIEW books_per_author AS SELECT author_id, count(*) AS books FROM book GROUP BY author_id;
            CREATE MATERIALIZED VIEW pages_per_author AS SELECT author_id, sum(pages) AS pages FROM book GROUP BY author_id;
            CREATE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.title := trim(NEW.title);
                RETURN NEW;
            END $$;
            CREATE FUNCTION double_it(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 2;
            CREATE PROCEDURE archive(days integer) LANGUAGE sql AS $$ DELETE FROM book WHERE id < 0 $$;
            CREATE PROCEDURE purge() LANGUAGE sql AS $$ DELETE FROM tag WHERE id < 0 $$;
            CREATE TRIGGER book_trim BEFORE INSERT ON book FOR EACH ROW EXECUTE FUNCTION trim_title();
            CREATE TRIGGER book_trim_update BEFORE UPDATE ON book FOR EACH ROW EXECUTE FUNCTION trim_title();
            GRANT SELECT ON book TO PUBLIC;
            """;

    private static final String REMOVED_BY_HAND = """
            DROP EXTENSION citext;
            DROP TYPE size;
            DROP DOMAIN short_text;
            DROP TABLE tag;
            ALTER TABLE book DROP COLUMN isbn;
            ALTER TABLE book DROP CONSTRAINT title_not_blank;
            DROP INDEX book_pages_idx;
            DROP SEQUENCE spare_seq;
            DROP VIEW short_books;
            DROP MATERIALIZED VIEW pages_per_author;
            DROP FUNCTION double_it(integer);
            DROP PROCEDURE purge();
            DROP TRIGGER book_trim_update ON book;
            """;

    private static final String ADDED_BY_HAND = """
            CREATE EXTENSION pg_trgm;
            CREATE TYPE colour AS ENUM ('red');
            CREATE DOMAIN percent AS integer CHECK (VALUE BETWEEN 0 AND 100);
            CREATE TABLE scratch (id integer);
            ALTER TABLE author ADD COLUMN nickname text;
            ALTER TABLE author ADD CONSTRAINT name_short CHECK (length(name) < 100);
            CREATE INDEX hotfix_author_idx ON book (author_id);
            CREATE SEQUENCE extra_seq;
            CREATE VIEW all_titles AS SELECT title FROM book;
            CREATE MATERIALIZED VIEW title_count AS SELECT count(*) FROM book;
            CREATE FUNCTION triple_it(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 3;
            CREATE PROCEDURE vacuum_tags() LANGUAGE sql AS $$ SELECT 1 $$;
            CREATE TRIGGER book_audit AFTER DELETE ON book FOR EACH ROW EXECUTE FUNCTION trim_title();
            """;

    private static final String ALTERED_BY_HAND = """
            ALTER EXTENSION hstore UPDATE TO '1.8';
            ALTER TYPE mood ADD VALUE 'angry';
            ALTER DOMAIN email SET DEFAULT 'nobody@example.com';
            ALTER TABLE author ENABLE ROW LEVEL SECURITY;
            ALTER TABLE author ALTER COLUMN name TYPE varchar(50);
            ALTER TABLE author ALTER COLUMN name SET NOT NULL;
            ALTER TABLE author ALTER COLUMN mood SET DEFAULT 'sad';
            ALTER TABLE author ALTER COLUMN id SET GENERATED BY DEFAULT;
            ALTER TABLE author ALTER COLUMN sort_name TYPE text COLLATE "POSIX";
            ALTER TABLE book DROP CONSTRAINT book_author_id_fkey,
                ADD CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE;
            DROP INDEX book_title_idx;
            CREATE INDEX book_title_idx ON book (lower(title));
            ALTER SEQUENCE ticket_seq INCREMENT BY 10;
            CREATE OR REPLACE VIEW long_books AS SELECT id, title FROM book WHERE pages > 500;
            DROP MATERIALIZED VIEW books_per_author;
            CREATE MATERIALIZED VIEW books_per_author AS
                SELECT author_id, count(*) AS books FROM book WHERE pages > 0 GROUP BY author_id;
            CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.title := btrim(NEW.title, ' .');
                RETURN NEW;
            END $$;
            CREATE OR REPLACE PROCEDURE archive(days integer) LANGUAGE sql AS $$ DELETE FROM book WHERE id < -1 $$;
            ALTER TABLE book DISABLE TRIGGER book_trim;
            REVOKE SELECT ON book FROM PUBLIC;
            """;

    private static Migrations migrations;
    private static Path snapshot;

    @BeforeAll
    static void writeSnapshot() throws IOException {
        Path folder = TempDirs.newDirectory("drift");
        migrations = Migrations.in(folder.resolve("migrations")).add("V1__objects.sql", OBJECTS)
                .add("V2__isbn.sql", "ALTER TABLE book ADD COLUMN isbn text;");
        snapshot = folder.resolve("schema-snapshot.json");
        RunResult verify = Runner.run(PostgresServer.shared().createDatabase().env(), "verify", "--locations",
                migrations.location(), "--snapshot", snapshot.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout()).contains("ok    Write the schema snapshot");
        assertThat(Files.readString(snapshot)).contains("\"schemaVersion\": \"2\"")
                .contains("\"table public.book\"").doesNotContain("flyway_schema_history");
    }

    @Test
    @DisplayName("finds no drift on a database Flyway migrated from the same folder, read by a read-only user")
    void noDriftAfterFlywayMigrate() {
        TestDatabase database = migratedByFlyway(null);

        RunResult result = Runner.run(readOnlyUser(database), "drift", "--snapshot", snapshot.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("no drift: the schema matches snapshot " + snapshot + " at version 2");
        assertThat(result.everything()).doesNotContain(READER_PASSWORD);
    }

    @Test
    @DisplayName("reports every kind of object removed, added and altered by hand, with the attribute, and exits 12")
    void reportsEveryChangeByHand() {
        TestDatabase database = migratedByFlyway(null);
        database.execute(REMOVED_BY_HAND);
        database.execute(ADDED_BY_HAND);
        database.execute(ALTERED_BY_HAND);

        RunResult result = Runner.run(readOnlyUser(database), "drift", "--snapshot", snapshot.toString(),
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(12);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("drifted").asBoolean()).isTrue();
        assertThat(json.get("schemaVersion").asText()).isEqualTo("2");
        List<String> found = new ArrayList<>();
        json.get("differences").forEach(d -> found.add(d.get("difference").asText() + " " + d.get("object").asText()
                + (d.has("attribute") ? " " + d.get("attribute").asText() : "")));
        assertThat(found).containsExactlyInAnyOrder(
                "missing extension citext",
                "missing enum public.size",
                "missing domain public.short_text",
                "missing table public.tag",
                "missing column public.book.isbn",
                "missing constraint public.book.title_not_blank",
                "missing index public.book_pages_idx",
                "missing sequence public.spare_seq",
                "missing view public.short_books",
                "missing materialized-view public.pages_per_author",
                "missing function public.double_it(x integer)",
                "missing procedure public.purge()",
                "missing trigger public.book.book_trim_update",
                "unexpected extension pg_trgm",
                "unexpected enum public.colour",
                "unexpected domain public.percent",
                "unexpected table public.scratch",
                "unexpected column public.author.nickname",
                "unexpected constraint public.author.name_short",
                "unexpected index public.hotfix_author_idx",
                "unexpected sequence public.extra_seq",
                "unexpected view public.all_titles",
                "unexpected materialized-view public.title_count",
                "unexpected function public.triple_it(x integer)",
                "unexpected procedure public.vacuum_tags()",
                "unexpected trigger public.book.book_audit",
                "changed extension hstore version",
                "changed enum public.mood values",
                "changed domain public.email default",
                "changed table public.author rowSecurity",
                "changed column public.author.name type",
                "changed column public.author.name nullable",
                "changed column public.author.mood default",
                "changed column public.author.id identity",
                "changed column public.author.sort_name collation",
                "changed constraint public.book.book_author_id_fkey definition",
                "changed index public.book_title_idx definition",
                "changed sequence public.ticket_seq increment",
                "changed view public.long_books definition",
                "changed materialized-view public.books_per_author definition",
                "changed function public.trim_title() bodyHash",
                "changed procedure public.archive(IN days integer) bodyHash",
                "changed trigger public.book.book_trim enabled",
                "changed table public.book grants");
        JsonNode type = find(json, "column public.author.name", "type");
        assertThat(type.get("expected").asText()).isEqualTo("text");
        assertThat(type.get("actual").asText()).isEqualTo("character varying(50)");
        assertThat(find(json, "table public.book", "grants").get("expected").asText()).isEqualTo("PUBLIC SELECT");
        assertThat(find(json, "table public.book", "grants").has("actual")).isTrue();
        assertThat(result.terminationMessage()).contains("exit 12, DRIFTED").contains("44 differences");
    }

    @Test
    @DisplayName("says the database is behind the snapshot and exits 13 instead of listing the missing migration's objects")
    void databaseNotAtSnapshotVersion() {
        TestDatabase database = migratedByFlyway("1");

        RunResult result = Runner.run(database.env(), "drift", "--snapshot", snapshot.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(13);
        assertThat(result.stderr()).contains("is at version 1, snapshot " + snapshot + " describes version 2")
                .contains("migrate the database first").doesNotContain("at dev.schemahook");
        assertThat(result.stdout()).doesNotContain("missing");

        RunResult empty = Runner.run(PostgresServer.shared().createDatabase().env(), "drift", "--snapshot",
                snapshot.toString());

        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(13);
        assertThat(empty.stderr()).contains("is at version <empty> (no migration applied), snapshot");
    }

    @Test
    @DisplayName("says the database is ahead of the snapshot, as after a rollback, and does not tell to migrate it")
    void databaseAheadOfSnapshot() {
        TestDatabase database = migratedByFlyway(null);
        database.execute("CREATE TABLE later (id int); INSERT INTO flyway_schema_history (installed_rank, version,"
                + " description, type, script, checksum, installed_by, execution_time, success) VALUES (99, '3', 'later',"
                + " 'SQL', 'V3__later.sql', 0, 'someone', 1, true)");

        RunResult result = Runner.run(database.env(), "drift", "--snapshot", snapshot.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(13);
        assertThat(result.stderr()).contains("is at version 3, snapshot " + snapshot + " describes version 2")
                .contains("a newer release migrated it").doesNotContain("migrate the database first");
    }

    @Test
    @DisplayName("exits 7 and names the grant when the read-only user may not read the history table")
    void readOnlyUserWithoutHistoryGrant() {
        TestDatabase database = migratedByFlyway(null);
        Map<String, String> env = readOnlyUser(database);
        database.execute("REVOKE SELECT ON flyway_schema_history FROM " + env.get("SCHEMAHOOK_DB_USER"));

        RunResult result = Runner.run(env, "drift", "--snapshot", snapshot.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
        assertThat(result.stderr()).contains("may not read the history table public.flyway_schema_history")
                .contains("GRANT SELECT ON public.flyway_schema_history").doesNotContain("at dev.schemahook");
        assertThat(result.everything()).doesNotContain(READER_PASSWORD);
    }

    @Test
    @DisplayName("leaves out the objects the ignore patterns name, with what belongs to an ignored table")
    void ignoresPatterns() {
        TestDatabase database = migratedByFlyway(null);
        database.execute("CREATE INDEX hotfix_title_idx ON book (title, id); CREATE TABLE audit_log (id int PRIMARY KEY);"
                + " CREATE INDEX audit_log_id_idx ON audit_log (id, id)");
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_DRIFT_IGNORE", "index public.hotfix_*,public.audit_log");

        RunResult ignored = Runner.run(env, "drift", "--snapshot", snapshot.toString());
        RunResult notIgnored = Runner.run(database.env(), "drift", "--snapshot", snapshot.toString(), "--ignore",
                "index public.hotfix_*");

        assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
        assertThat(ignored.stdout()).contains("no drift").contains("ignoring index public.hotfix_*, public.audit_log");
        assertThat(notIgnored.exitCode()).as(notIgnored.toString()).isEqualTo(12);
        assertThat(notIgnored.stdout()).contains("unexpected  table public.audit_log")
                .doesNotContain("hotfix_title_idx").doesNotContain("column public.audit_log.id");
    }

    @Test
    @DisplayName("renders the differences as a Markdown table for a CI job summary")
    void markdownReport() {
        TestDatabase database = migratedByFlyway(null);
        database.execute("ALTER TABLE book ALTER COLUMN title DROP NOT NULL");

        RunResult result = Runner.run(database.env(), "drift", "--snapshot", snapshot.toString(), "--output", "markdown");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(12);
        assertThat(result.stdout()).startsWith("## schemahook drift: ❌ 1 difference")
                .contains("| Difference | Object | Attribute | Snapshot | Database |")
                .contains("| changed | `column public.book.title` | nullable | `false` | `true` |");
    }

    @Test
    @DisplayName("names a missing or malformed snapshot file and exits 2 without a stack trace")
    void badSnapshotFile() throws IOException {
        TestDatabase database = PostgresServer.shared().createDatabase();
        Path missing = snapshot.resolveSibling("nowhere.json");
        Path malformed = Files.writeString(snapshot.resolveSibling("malformed.json"), "{\"format\": 7}");

        RunResult noFile = Runner.run(database.env(), "drift", "--snapshot", missing.toString());
        RunResult badFile = Runner.run(database.env(), "drift", "--snapshot", malformed.toString());
        RunResult noOption = Runner.run(database.env(), "drift");

        assertThat(noFile.exitCode()).as(noFile.toString()).isEqualTo(2);
        assertThat(noFile.stderr()).contains("snapshot " + missing + " does not exist")
                .contains("schemahook verify --snapshot").doesNotContain("Exception");
        assertThat(badFile.exitCode()).as(badFile.toString()).isEqualTo(2);
        assertThat(badFile.stderr()).contains("is not a schemahook snapshot").contains("\"format\" must be 1")
                .doesNotContain("Exception");
        assertThat(noOption.exitCode()).as(noOption.toString()).isEqualTo(2);
        assertThat(noOption.stderr()).contains("--snapshot");
    }

    @Test
    @DisplayName("verify --snapshot into a folder that does not exist is exit 2 in words, without Java's exception name")
    void snapshotIntoMissingFolder() {
        Path nowhere = snapshot.resolveSibling("no-such-folder").resolve("snapshot.json");

        RunResult result = Runner.run(PostgresServer.shared().createDatabase().env(), "verify", "--locations",
                migrations.location(), "--snapshot", nowhere.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.everything()).contains("cannot write the snapshot to " + nowhere + " (no such file or folder)")
                .doesNotContain("Exception");
    }

    private static JsonNode find(JsonNode json, String object, String attribute) {
        for (JsonNode difference : json.get("differences")) {
            if (difference.get("object").asText().equals(object) && attribute.equals(difference.path("attribute").asText())) {
                return difference;
            }
        }
        throw new AssertionError("no difference of " + object + " " + attribute + " in " + json);
    }

    /** A new database migrated by Flyway's own API from the same folder, up to {@code target} (null: the latest). */
    private static TestDatabase migratedByFlyway(String target) {
        TestDatabase database = PostgresServer.shared().createDatabase();
        var configuration = Flyway.configure(DriftTest.class.getClassLoader())
                .dataSource(database.jdbcUrl(), database.server().adminUser(), database.server().adminPassword())
                .locations(migrations.location())
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
        return database;
    }

    /** A role that may connect and read the history table, nothing else, as the user would give drift. */
    private static Map<String, String> readOnlyUser(TestDatabase database) {
        String role = "reader_" + database.name();
        database.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + READER_PASSWORD + "';"
                + " GRANT SELECT ON flyway_schema_history TO " + role);
        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_DB_USER", role);
        env.put("SCHEMAHOOK_DB_PASSWORD", READER_PASSWORD);
        return env;
    }
}
