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

@DisplayName("a database ahead of the image, as after helm rollback")
class RollbackAndInfoTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations oldImage;
    Migrations newImage;

    @BeforeEach
    void releasedTwice() {
        database = PostgresServer.shared().createDatabase();
        oldImage = Migrations.in(temp.resolve("old"))
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);");
        newImage = Migrations.in(temp.resolve("new"))
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);")
                .add("V3__c.sql", "CREATE TABLE c (id int);");
        assertThat(Runner.run(database.env(), "--locations", newImage.location()).exitCode()).isZero();
        database.execute("INSERT INTO c VALUES (42)");
    }

    @Test
    @DisplayName("migrates with a warning and exit 0 by default, leaving the data intact")
    void rollbackWarnsAndSucceeds() {
        RunResult result = Runner.run(database.env(), "--locations", oldImage.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("warning: the database holds 1 migration(s) newer than this image (3)");
        assertThat(database.queryOne("SELECT id FROM c")).isEqualTo("42");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
    }

    @Test
    @DisplayName("exits 4 with --on-future fail")
    void rollbackFailsWhenAsked() {
        var env = database.env();
        env.put("SCHEMAHOOK_ON_FUTURE", "fail");

        RunResult result = Runner.run(env, "--locations", oldImage.location());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.stderr()).contains("newer than this image (3)").contains("--on-future warn");
    }

    @Test
    @DisplayName("info shows applied, pending, future and missing migrations with checksum, date and duration")
    void infoShowsEveryState() throws Exception {
        Migrations mixed = Migrations.in(temp.resolve("mixed"))
                .add("V2__b.sql", "CREATE TABLE b (id int);")
                .add("V4__d.sql", "CREATE TABLE d (id int);");
        // The image knows 2 and 4; the database holds 1, 2, 3: 1 and 3 are missing, 4 is pending.
        RunResult text = Runner.run(database.env(), "info", "--locations", mixed.location());
        RunResult json = Runner.run(database.env(), "info", "--locations", mixed.location(), "--output", "json");
        RunResult future = Runner.run(database.env(), "info", "--locations", oldImage.location());

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("missing").contains("applied").contains("pending").contains("Checksum");
        assertThat(future.stdout()).contains("future");
        JsonNode document = JsonDocument.parse(json.stdout());
        assertThat(document.get("operation").asText()).isEqualTo("info");
        List<String> states = new ArrayList<>();
        document.get("migrations").forEach(m -> states.add(m.get("version").asText() + ":" + m.get("state").asText()));
        assertThat(states).contains("2:Success", "4:Pending");
        assertThat(states).anyMatch(s -> s.startsWith("1:") && s.contains("Missing"));
        JsonNode applied = document.get("migrations").get(1);
        assertThat(applied.has("checksum")).isTrue();
        assertThat(applied.get("installedOnUTC").asText()).endsWith("Z");
        assertThat(applied.has("executionTime")).isTrue();
        assertThat(database.appliedVersions()).as("info changes nothing").containsExactly("1", "2", "3");
    }
}
