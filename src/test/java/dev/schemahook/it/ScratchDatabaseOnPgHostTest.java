package dev.schemahook.it;

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
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** verify and analyze read libpq's variables as every other command does, instead of starting an embedded server. */
@DisplayName("verify and analyze given only libpq's PG* variables")
class ScratchDatabaseOnPgHostTest {
    private static final String PASSWORD = "Pg-Var1ables!";
    private static final Pattern SCRATCH_CREATED = Pattern.compile("created the scratch database (schemahook_verify_[0-9a-f]+)");

    @TempDir
    Path temp;
    TestDatabase database;
    Migrations migrations;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
        migrations = Migrations.in(temp.resolve("m")).add("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);")
                .add("V2__email.sql", "ALTER TABLE orders ADD COLUMN email text;");
    }

    /** What CloudNativePG or Crunchy PGO hand an application: no URL. */
    private Map<String, String> libpqVariables(String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", database.server().host());
        env.put("PGPORT", String.valueOf(database.server().port()));
        env.put("PGDATABASE", database.name());
        env.put("PGUSER", user);
        if (!password.isEmpty()) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    @Test
    @DisplayName("verify runs on a scratch database of the PGHOST server and drops it afterwards")
    void verifyUsesPgHost() {
        RunResult result = Runner.run(libpqVariables(database.server().adminUser(), database.server().adminPassword()),
                "verify", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("passed")
                .contains("at " + database.server().host() + ":" + database.server().port());
        assertThat(result.everything()).doesNotContain("embedded");
        assertScratchDatabaseDropped(result);
        assertThat(database.tableExists("orders")).as("the given database is left alone").isFalse();
    }

    @Test
    @DisplayName("analyze runs on a scratch database of the PGHOST server")
    void analyzeUsesPgHost() {
        RunResult result = Runner.run(libpqVariables(database.server().adminUser(), database.server().adminPassword()),
                "analyze", "--locations", migrations.location());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("at " + database.server().host() + ":" + database.server().port());
        assertThat(result.everything()).doesNotContain("embedded");
        assertScratchDatabaseDropped(result);
    }

    /**
     * The server is shared with test classes that run at the same time and create databases of their own, so the
     * check follows the one database this run named rather than counting the server's databases.
     */
    private void assertScratchDatabaseDropped(RunResult result) {
        Matcher created = SCRATCH_CREATED.matcher(result.everything());
        assertThat(created.find()).as("the run names its scratch database: %s", result).isTrue();
        assertThat(database.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + created.group(1) + "'"))
                .as("scratch database %s is dropped", created.group(1)).isEqualTo("0");
    }

    @Test
    @DisplayName("verify logs in with PGUSER and PGPASSWORD: a wrong password exits 7")
    void verifyUsesPgUserAndPassword() {
        String role = database.name() + "_ci";
        database.execute("DROP ROLE IF EXISTS " + role);
        database.execute("CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");

        RunResult wrong = Runner.run(libpqVariables(role, "wrong-" + PASSWORD), "verify", "--locations",
                migrations.location(), "--wait-timeout", "30s");

        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(7);
        assertThat(wrong.stderr()).contains("refused user '" + role + "'");
        assertThat(wrong.everything()).doesNotContain(PASSWORD);
    }
}
