package dev.schemahook.it;

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

@DisplayName("a release after the last runner's pod is gone")
class MigrateAfterPodRecreatedTest {
    @TempDir
    Path temp;

    @Test
    @DisplayName("applies only the new migration after the pod is recreated")
    void appliesOnlyTheNewMigration() {
        TestDatabase database = PostgresServer.shared().createDatabase();
        // Release 1's image and release 2's image: separate folders, nothing shared but the database.
        Migrations release1 = Migrations.in(temp.resolve("release1"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id bigint PRIMARY KEY);")
                .add("V2__add_title.sql", "ALTER TABLE todo ADD COLUMN title text;");
        Migrations release2 = Migrations.in(temp.resolve("release2"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id bigint PRIMARY KEY);")
                .add("V2__add_title.sql", "ALTER TABLE todo ADD COLUMN title text;")
                .add("V3__add_done.sql", "ALTER TABLE todo ADD COLUMN done boolean DEFAULT false;");

        assertThat(Runner.run(database.env(), "--locations", release1.location()).exitCode()).isZero();
        database.execute("INSERT INTO todo (id, title) VALUES (1, 'kept')");

        RunResult release = Runner.run(database.env(), "--locations", release2.location(), "--output", "json");

        assertThat(release.exitCode()).as(release.toString()).isZero();
        assertThat(release.stdout()).contains("\"migrationsExecuted\" : 1").contains("\"version\" : \"3\"");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
        assertThat(database.queryOne("SELECT title FROM todo WHERE id = 1")).isEqualTo("kept");
    }
}
