package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
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

@DisplayName("analyze against production, and verify's analysis step")
class AnalyzeAgainstProductionTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("reports only the migrations production has not applied, and leaves production untouched")
    void reportsOnlyPendingOnProduction() throws Exception {
        TestDatabase production = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, email text);")
                .add("V2__index_email.sql", "CREATE INDEX orders_email_idx ON orders (email);");
        assertThat(Runner.run(production.env(), "migrate", "--locations", migrations.location()).exitCode()).isZero();
        migrations.add("V3__drop_email.sql", "ALTER TABLE orders DROP COLUMN email;");
        String history = production.query("SELECT * FROM flyway_schema_history").toString();

        RunResult result = Runner.run(production.env(), "analyze", "--locations", migrations.location(),
                "--against", production.jdbcUrl(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        JsonNode json = JsonDocument.parse(result.stdout());
        assertThat(json.get("against").asText()).contains(production.name());
        assertThat(json.at("/migrations/1/analysed").asBoolean()).as("V2 is applied on production").isFalse();
        assertThat(json.at("/migrations/1/findings")).isEmpty();
        assertThat(json.at("/migrations/2/analysed").asBoolean()).isTrue();
        assertThat(json.at("/migrations/2/findings/0/rule").asText()).isEqualTo("drop-column");
        assertThat(json.at("/findingCounts/error").asInt()).isEqualTo(1);
        assertThat(production.query("SELECT * FROM flyway_schema_history").toString()).isEqualTo(history);
        assertThat(production.queryOne("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"))
                .isEqualTo("2");
    }

    @Test
    @DisplayName("an --against URL of another database is exit 2 and names --against, not --url")
    void againstUrlOfAnotherDatabase() {
        TestDatabase scratchServer = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(temp).add("V1__orders.sql", "CREATE TABLE orders (id int);");

        RunResult result = Runner.run(scratchServer.env(), "analyze", "--locations", migrations.location(),
                "--against", "jdbc:mysql://localhost/db");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("is neither a JDBC URL").contains("fix --against or SCHEMAHOOK_AGAINST_URL")
                .doesNotContain("fix --url");
    }

    @Test
    @DisplayName("verify fails with exit 6 on an unsafe migration and names it; --fail-on none lets it pass")
    void verifyFailsOnUnsafeMigration() {
        Runner.assumeEmbeddedServer();
        Migrations migrations = Migrations.in(temp)
                .add("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, email text);")
                .add("V2__index_email.sql", "CREATE INDEX orders_email_idx ON orders (email);");

        RunResult failed = Runner.run(java.util.Map.of(), "verify", "--locations", migrations.location());
        RunResult passed = Runner.run(java.util.Map.of(), "verify", "--locations", migrations.location(),
                "--fail-on", "none");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(6);
        assertThat(failed.stdout()).contains("ok    Migrate again: nothing left to do")
                .contains("FAIL  Analyse locks and rewrites")
                .contains("V2__index_email.sql:1 index-without-concurrently")
                .contains("-- schemahook:allow <rule> <reason>");
        assertThat(passed.exitCode()).as(passed.toString()).isZero();
        assertThat(passed.stdout()).contains("ok    Analyse locks and rewrites").contains("1 error");
    }
}
