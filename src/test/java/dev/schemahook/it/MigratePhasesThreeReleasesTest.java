package dev.schemahook.it;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three releases of the to-do example, each image's folder holding every earlier release's files plus its own:
 * release 1 adds {@code todo.name}; release 2 expands with {@code full_name} (pre) and contracts by dropping
 * {@code name} (post); release 3 arrives while release 2's post phase had failed.
 */
@DisplayName("expand and contract in one release, with migrate --phase pre and post")
class MigratePhasesThreeReleasesTest {
    private static final String RELEASE_1_QUERY = "SELECT name FROM todo ORDER BY id";
    private static final String RELEASE_2_QUERY = "SELECT full_name FROM todo ORDER BY id";

    @TempDir
    Path temp;
    TestDatabase database;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
    }

    private Migrations release(int release) throws IOException {
        Migrations folder = Migrations.in(temp.resolve("release-" + release));
        try (Stream<Path> files = Files.list(Path.of("examples/todo/migrations"))) {
            for (Path file : files.toList()) {
                folder.add(file.getFileName().toString(), Files.readString(file));
            }
        }
        folder.add("V4__todo_owner.sql", "ALTER TABLE todo ADD COLUMN name text;");
        if (release >= 2) {
            folder.add("V5__todo_full_name.sql", "-- Expand: the new column, filled from the old one.\n"
                    + "ALTER TABLE todo ADD COLUMN full_name text;\nUPDATE todo SET full_name = name;");
            folder.add("V6__todo_drop_name.sql", "-- Contract: release 1's pods read name; they are gone by now.\n"
                    + "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;");
        }
        if (release >= 3) {
            folder.add("V7__todo_full_name_idx.sql", "CREATE INDEX todo_full_name_idx ON todo (full_name);");
            folder.add("V8__todo_drop_created_at.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN created_at;");
        }
        return folder;
    }

    private RunResult run(Migrations folder, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--locations", folder.location()));
        return Runner.run(database.env(), all);
    }

    @Test
    @DisplayName("both releases' queries work between the phases, only release 2's after, and release 3 applies the failed contract first")
    void threeReleases() throws Exception {
        RunResult first = run(release(1), "migrate", "--phase", "pre");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        database.execute("INSERT INTO todo (title, name) VALUES ('water the plants', 'Ada')");

        Migrations release2 = release(2);
        RunResult awaitBefore = run(release2, "await", "--timeout", "2s");
        assertThat(awaitBefore.exitCode()).as(awaitBefore.toString()).isEqualTo(8);
        assertThat(awaitBefore.stderr()).as("the pods wait for the expand step only")
                .contains("1 migration(s) not applied yet: 5;");

        RunResult pre = run(release2, "migrate", "--phase", "pre");
        assertThat(pre.exitCode()).as(pre.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3", "4", "5");
        assertThat(database.query(RELEASE_1_QUERY)).as("release 1's pods still serve").containsExactly(List.of("Ada"));
        assertThat(database.query(RELEASE_2_QUERY)).as("release 2's pods start").containsExactly(List.of("Ada"));

        RunResult await = run(release2, "await", "--timeout", "5s");
        assertThat(await.exitCode()).as("the pods must not wait for the contract step that waits for them: "
                + await).isZero();

        RunResult info = run(release2, "info", "--output", "json");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        var json = JsonDocument.parse(info.stdout());
        assertThat(json.path("phases").path("pre").size()).as(info.stdout()).isZero();
        assertThat(json.path("phases").path("post").get(0).asText()).as(info.stdout()).isEqualTo("6");
        assertThat(json.path("phases").path("post").size()).as(info.stdout()).isEqualTo(1);
        assertThat(json.path("migrations").get(5).path("phase").asText()).as(info.stdout()).isEqualTo("post");
        assertThat(json.path("migrations").get(4).path("phase").asText()).as(info.stdout()).isEqualTo("pre");
        RunResult infoText = run(release2, "info");
        assertThat(infoText.stdout()).contains("next migrate --phase pre applies: nothing; then --phase post applies: 6");

        // A reader of release 1 still in a transaction: the contract step cannot take its lock and fails.
        try (Connection reader = database.connect(); Statement statement = reader.createStatement()) {
            reader.setAutoCommit(false);
            statement.execute(RELEASE_1_QUERY);
            RunResult post = run(release2, "migrate", "--phase", "post", "--lock-timeout", "200ms", "--lock-retries", "0");
            assertThat(post.exitCode()).as(post.toString()).isEqualTo(5);
            assertThat(post.stderr()).contains("V6__todo_drop_name.sql").contains("lock_timeout");
            reader.rollback();
        }
        assertThat(database.appliedVersions()).as("the failed contract step left nothing behind")
                .containsExactly("1", "2", "3", "4", "5");

        Map<String, String> phaseFromEnvironment = new HashMap<>(database.env());
        phaseFromEnvironment.put("SCHEMAHOOK_PHASE", "pre");
        RunResult release3 = Runner.run(phaseFromEnvironment, "migrate", "--locations", release(3).location());
        assertThat(release3.exitCode()).as(release3.toString()).isZero();
        assertThat(database.appliedVersions()).as("release 2's contract first, then release 3's expand; 8 waits")
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThatThrownBy(() -> database.query(RELEASE_1_QUERY)).hasMessageContaining("column \"name\" does not exist");
        assertThat(database.query(RELEASE_2_QUERY)).containsExactly(List.of("Ada"));

        RunResult post3 = run(release(3), "migrate", "--phase", "post");
        assertThat(post3.exitCode()).as(post3.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    @DisplayName("an unknown phase is a usage error naming the values")
    void unknownPhase() throws Exception {
        RunResult result = run(release(2), "migrate", "--phase", "later");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--phase").contains("PRE, POST, ALL").doesNotContain("\tat ");

        Map<String, String> env = new HashMap<>(database.env());
        env.put("SCHEMAHOOK_PHASE", "after");
        RunResult fromEnvironment = Runner.run(env, "migrate", "--locations", release(2).location());
        assertThat(fromEnvironment.exitCode()).as(fromEnvironment.toString()).isEqualTo(2);
        assertThat(fromEnvironment.stderr()).contains("--phase").doesNotContain("\tat ");
        assertThat(database.tableExists("flyway_schema_history")).isFalse();
    }
}
