package dev.schemahook.it;

import dev.schemahook.testing.Await;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("await, as an application's init container runs it")
class AwaitTest {
    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;
    Map<String, String> readOnlyUser;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp)
                .add("V1__a.sql", "CREATE TABLE a (id int);")
                .add("V2__b.sql", "CREATE TABLE b (id int);");
        String reader = database.name() + "_reader";
        database.execute("DROP ROLE IF EXISTS " + reader);
        database.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'reader-pw'");
        // The application's user: it may read the tables the migration user creates, and nothing more.
        database.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + reader);
        readOnlyUser = Map.of("SCHEMAHOOK_DB_URL", database.jdbcUrl(), "SCHEMAHOOK_DB_USER", reader,
                "SCHEMAHOOK_DB_PASSWORD", "reader-pw");
    }

    @Test
    @DisplayName("exits 8 after --timeout while migrations are missing, naming them")
    void timesOutWhileMigrationsAreMissing() {
        RunResult result = Runner.run(readOnlyUser, "await", "--locations", migrations.location(), "--timeout", "3s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
        assertThat(result.stderr()).contains("2 migration(s) not applied yet: 1, 2");
        assertThat(database.tableExists("flyway_schema_history")).as("await writes nothing").isFalse();
    }

    @Test
    @DisplayName("returns 0 once the migration Job has run, with a user that may only read")
    void returnsOnceMigrated() {
        Runner.Launched await = Runner.start(readOnlyUser, List.of("await", "--locations", migrations.location(),
                "--timeout", "120s"));
        Await.until("await looks at the history and waits", Duration.ofSeconds(90),
                () -> await.stderrSoFar().contains("waiting for the migration Job: 2 migration(s) not applied yet: 1, 2"));
        assertThat(await.process().isAlive()).as(await.stderrSoFar()).isTrue();

        assertThat(Runner.run(database.env(), "--locations", migrations.location()).exitCode()).isZero();
        RunResult result = await.await(60);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("holds every migration of this image (version 2)");
    }
}
