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

import static org.assertj.core.api.Assertions.assertThat;

/** Before each migration analyze gives every existing table rows, as production has: what fails there fails here. */
@AcrossPostgresVersions
@DisplayName("analyze on tables that hold rows")
class AnalyzeTablesWithRowsTest {
    private static final String NOT_NULL_COLUMN = "-- every order gets a region\n\nALTER TABLE orders ADD COLUMN region text NOT NULL;\n";

    @TempDir
    Path temp;

    @Test
    @DisplayName("a column added NOT NULL without a default fails on the filled table, with file, line and PostgreSQL's error")
    void notNullColumnFailsOnRows() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);")
                .add("V2__region.sql", NOT_NULL_COLUMN);

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("V2__region.sql failed at line 3")
                .contains("column \"region\" of relation \"orders\" contains null values")
                .contains("with 3 rows in every existing table")
                .doesNotContain("\tat ");
    }

    @Test
    @DisplayName("with --rows 0 the tables stay empty, the migration passes and the rule still names it")
    void ruleWithoutRows() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);")
                .add("V2__region.sql", NOT_NULL_COLUMN)
                .add("V3__safe.sql", "ALTER TABLE orders ADD COLUMN country text NOT NULL DEFAULT 'eu';");

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--rows", "0",
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.at("/migrations/1/findings/0/rule").asText()).isEqualTo("add-column-not-null-without-default");
        assertThat(json.at("/migrations/1/findings/0/severity").asText()).isEqualTo("error");
        assertThat(json.at("/migrations/1/findings/0/line").asInt()).isEqualTo(3);
        assertThat(json.at("/migrations/2/findings").toString())
                .doesNotContain("add-column-not-null-without-default");
    }

    @Test
    @DisplayName("fills tables of every common type, foreign keys from their parent, and names the table it cannot fill")
    void fillsWhatItCanAndSaysWhatNot() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__schema.sql", """
                        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                        CREATE DOMAIN positive AS int CHECK (VALUE > 0);
                        CREATE TABLE customers (id int PRIMARY KEY, email varchar(8) NOT NULL UNIQUE, m mood NOT NULL,
                          born date, at time, ts timestamptz NOT NULL, u uuid NOT NULL UNIQUE, j jsonb NOT NULL, b bytea,
                          ok boolean NOT NULL, ip inet, tags text[] NOT NULL, p positive NOT NULL,
                          price numeric(10,2) NOT NULL, took interval);
                        CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                          customer_id int NOT NULL REFERENCES customers (id), n smallint NOT NULL);
                        CREATE TABLE strict (id int PRIMARY KEY, v text NOT NULL CHECK (v LIKE '%@%'));
                        INSERT INTO customers (id, email, m, ts, u, j, ok, tags, p, price)
                          VALUES (1, 'a', 'ok', now(), gen_random_uuid(), '{}', true, '{}', 1, 1);
                        """)
                .add("V2__count.sql", """
                        DO $$ BEGIN
                          IF (SELECT count(*) FROM customers) < 5 OR (SELECT count(*) FROM orders) < 5
                             OR (SELECT count(DISTINCT customer_id) FROM orders) < 2 THEN
                            RAISE EXCEPTION 'too few rows';
                          END IF;
                        END $$;
                        """);

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--rows", "5",
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode unfilled = JsonDocument.parse(result.stdout()).at("/migrations/1/unfilled");
        assertThat(unfilled).hasSize(1);
        assertThat(unfilled.get(0).asText()).startsWith("public.strict: ").contains("strict_v_check");
    }

    @Test
    @DisplayName("with --rows 2000 a rewrite and a backfill report their time and their cost per row")
    void timesRewritesOnMoreRows() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, total int NOT NULL, note text);")
                .add("V2__wider.sql", "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\nUPDATE orders SET note = 'n';");

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--rows", "2000",
                "--output", "json", "--fail-on", "none");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode findings = JsonDocument.parse(result.stdout()).at("/migrations/1/findings");
        assertThat(findings.toString()).contains("column-type-change").contains("unbatched-backfill");
        findings.forEach(f -> assertThat(f.get("message").asText()).as(f.toString())
                .matches(".*\\(took \\d+\\.\\d ms with 2000 rows in each existing table: \\d+\\.\\d\\d µs per row\\)"));
    }

    @Test
    @DisplayName("a negative --rows is a usage error that names the flag")
    void negativeRows() {
        TestDatabase server = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__orders.sql", "CREATE TABLE orders (id int);");

        RunResult result = Runner.run(server.env(), "analyze", "--locations", migrations.location(), "--rows", "-1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--rows -1 is negative").doesNotContain("\tat ");
    }
}
