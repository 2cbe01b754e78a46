package dev.schemahook.it;

import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract between chart and runner: the Job's container args and environment, exactly as Helm renders them
 * (Secret references resolved from the rendered Secrets), start the packaged runner against a real PostgreSQL.
 * The image's entrypoint is the runner, so the rendered args follow {@code java -jar quarkus-run.jar}.
 */
// Each case has a database, a role and folders of its own: run them side by side.
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("the chart's Job runs the runner")
class ChartRunnerContractTest {
    private static final String PASSWORD = "chart-contract-pw";

    @TempDir
    Path temp;
    TestDatabase database;
    String user;

    @BeforeEach
    void applicationDatabase() {
        database = PostgresServer.shared().createDatabase();
        user = database.name() + "_owner";
        database.execute("DROP ROLE IF EXISTS " + user);
        database.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
        database.execute("GRANT CREATE ON SCHEMA public TO " + user);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Helm.Release.class)
    @DisplayName("migrates the database with the command, args and environment Helm renders")
    void renderedJobMigrates(Helm.Release release) {
        Migrations image = Migrations.in(temp.resolve("image"))
                .add("V1__create.sql", "CREATE TABLE ${table} (id int PRIMARY KEY);");

        RunResult result = runJob(Helm.of(release), image, "1.0.0", "--set", "migration.placeholders.table=orders");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1");
        assertThat(database.tableExists("orders")).isTrue();
        assertThat(database.queryOne("SELECT installed_by FROM flyway_schema_history")).isEqualTo(user);
    }

    @Test
    @DisplayName("replays releases: a new pod applies only the new migration, and a rollback warns and keeps the data")
    void releaseUpgradeAndRollback() {
        Helm helm = Helm.of(Helm.Release.HELM_4);
        Migrations release1 = Migrations.in(temp.resolve("release-1"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, title text);")
                .add("V2__seed.sql", "INSERT INTO todo VALUES (1, 'first');");
        Migrations release2 = Migrations.in(temp.resolve("release-2"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, title text);")
                .add("V2__seed.sql", "INSERT INTO todo VALUES (1, 'first');")
                .add("V3__add_done.sql", "ALTER TABLE todo ADD COLUMN done boolean NOT NULL DEFAULT false;");

        RunResult first = runJob(helm, release1, "1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2");
        database.execute("INSERT INTO todo VALUES (2, 'written by release 1')");

        // The pod of release 1 is gone; nothing of it survives but the database. Release 2's image has one more file.
        RunResult upgrade = runJob(helm, release2, "2", "--set", "migration.output=json");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        assertThat(upgrade.stdout()).contains("\"migrationsExecuted\" : 1").contains("\"version\" : \"3\"");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
        RunResult validate = runTestPod(helm, release2, "2");
        assertThat(validate.exitCode()).as("helm test: the history matches release 2's image: " + validate).isZero();
        assertThat(validate.stdout()).contains("the database matches this image (version 3)");

        // helm rollback to release 1: its image knows V1 and V2 only.
        RunResult rollback = runJob(helm, release1, "1");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.stdout()).contains("warning: the database holds 1 migration(s) newer than this image (3)");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
        assertThat(database.query("SELECT id, title, done FROM todo ORDER BY id")).containsExactly(
                List.of("1", "first", "f"), List.of("2", "written by release 1", "f"));
    }

    @Test
    @DisplayName("with SCHEMAHOOK_PHASE=pre in extraEnv, the hook leaves the contract step to the post phase after the rollout")
    void preHookLeavesContractStep() {
        Migrations image = Migrations.in(temp.resolve("release-2"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text);")
                .add("V2__full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;")
                .add("V3__drop_name.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;");
        Manifests manifests = render(Helm.of(Helm.Release.HELM_4), image, "2",
                "--set", "extraEnv[0].name=SCHEMAHOOK_PHASE", "--set", "extraEnv[0].value=pre");

        RunResult hook = runContainer(manifests, manifests.jobContainer());
        assertThat(hook.exitCode()).as(hook.toString()).isZero();
        assertThat(database.appliedVersions()).as("the pre-install/pre-upgrade hook").containsExactly("1", "2");

        // The post phase, run by the user after the rollout, with the Job's own environment and --phase post.
        List<String> postArgs = new ArrayList<>(Manifests.list(manifests.jobContainer(), "args"));
        postArgs.addAll(List.of("--phase", "post"));
        RunResult post = Runner.run(environment(manifests, manifests.jobContainer()), postArgs);
        assertThat(post.exitCode()).as(post.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Helm.Release.class)
    @DisplayName("with migration.postDeploy, the pre Job applies up to the last non-post migration and the post Job the rest")
    void renderedPreAndPostJobsSplitTheRelease(Helm.Release release) {
        Helm helm = Helm.of(release);
        Migrations release1 = Migrations.in(temp.resolve("release-1"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text);");
        Migrations release2 = Migrations.in(temp.resolve("release-2"))
                .add("V1__create_todo.sql", "CREATE TABLE todo (id int PRIMARY KEY, name text);")
                .add("V2__add_full_name.sql", "ALTER TABLE todo ADD COLUMN full_name text;\n"
                        + "UPDATE todo SET full_name = name;")
                .add("V3__drop_name.sql", "-- schemahook:post-deploy\nALTER TABLE todo DROP COLUMN name;");
        String[] postDeploy = {"--set", "migration.postDeploy.enabled=true",
                "--set", "migration.postDeploy.waitFor.deployments[0]=todo"};

        // Release 1 applied by Flyway in this JVM, as the Job's user: the Jobs release 2 renders are under test here
        // (a rendered Job migrating a new database is renderedJobMigrates).
        Flyway.configure(ChartRunnerContractTest.class.getClassLoader())
                .dataSource(database.jdbcUrl(), user, PASSWORD).locations(release1.location()).load().migrate();
        assertThat(database.appliedVersions()).containsExactly("1");
        database.execute("INSERT INTO todo (id, name) VALUES (1, 'written by release 1')");

        Manifests second = render(helm, release2, "2", postDeploy);
        RunResult pre = runContainer(second, migrateContainer(second, "shop-schemahook"));
        assertThat(pre.exitCode()).as(pre.toString()).isZero();
        assertThat(database.appliedVersions()).as("the pre-upgrade hook").containsExactly("1", "2");
        // Between the phases both releases' pods serve: release 1 reads name, release 2 reads full_name.
        assertThat(database.queryOne("SELECT name FROM todo WHERE id = 1")).isEqualTo("written by release 1");
        assertThat(database.queryOne("SELECT full_name FROM todo WHERE id = 1")).isEqualTo("written by release 1");

        RunResult post = runContainer(second, migrateContainer(second, "shop-schemahook-post"));
        assertThat(post.exitCode()).as(post.toString()).isZero();
        assertThat(database.appliedVersions()).as("the post-upgrade hook").containsExactly("1", "2", "3");
        assertThat(database.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'todo'"
                + " ORDER BY ordinal_position")).containsExactly(List.of("id"), List.of("full_name"));

        // A re-run of the post Job (helm upgrade with the same image) has nothing left to do.
        RunResult again = runContainer(second, migrateContainer(second, "shop-schemahook-post"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3");
    }

    /** The runner's container of the named Job; the post Job's rollout checks are init containers, not run here. */
    private static Map<String, Object> migrateContainer(Manifests manifests, String jobName) {
        List<Map<String, Object>> containers = Manifests.list(manifests.single("Job", jobName), "spec.template.spec.containers");
        assertThat(containers).extracting(c -> c.get("name")).containsExactly("migrate");
        return containers.get(0);
    }

    /** Renders the chart for one release and runs its Job's container as the kubelet would, minus the image. */
    private RunResult runJob(Helm helm, Migrations image, String tag, String... extra) {
        Manifests manifests = render(helm, image, tag, extra);
        return runContainer(manifests, manifests.jobContainer());
    }

    /** Runs the container of the chart's helm test pod. */
    private RunResult runTestPod(Helm helm, Migrations image, String tag) {
        Manifests manifests = render(helm, image, tag, "--set", "tests.enabled=true");
        List<Map<String, Object>> containers = Manifests.list(Manifests.map(manifests.single("Pod"), "spec"), "containers");
        return runContainer(manifests, containers.get(0));
    }

    private Manifests render(Helm helm, Migrations image, String tag, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--set", "image.tag=" + tag,
                "--set", "database.url=" + database.jdbcUrl(),
                "--set", "database.user=" + user,
                "--set", "database.password=" + PASSWORD,
                "--set", "migration.locations={" + image.location() + "}"));
        args.addAll(List.of(extra));
        return helm.render(args.toArray(String[]::new));
    }

    private static RunResult runContainer(Manifests manifests, Map<String, Object> container) {
        assertThat(container).as("the image's entrypoint runs: the chart sets args, not command").doesNotContainKey("command");
        List<String> containerArgs = Manifests.list(container, "args");
        return Runner.run(environment(manifests, container), containerArgs);
    }

    private static Map<String, String> environment(Manifests manifests, Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        Manifests.env(container).forEach((name, value) -> env.put(name, value.startsWith("secret:")
                ? secretValue(manifests, value.substring("secret:".length())) : value));
        return env;
    }

    private static String secretValue(Manifests manifests, String reference) {
        String name = reference.substring(0, reference.indexOf('/'));
        String key = reference.substring(reference.indexOf('/') + 1);
        for (Map<String, Object> secret : manifests.ofKind("Secret")) {
            if (name.equals(Manifests.at(secret, "metadata.name"))) {
                Object string = Manifests.at(secret, "stringData." + key);
                if (string != null) {
                    return string.toString();
                }
                Object encoded = Manifests.at(secret, "data." + key);
                assertThat(encoded).as("key " + key + " of Secret " + name).isNotNull();
                return new String(Base64.getDecoder().decode(encoded.toString()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("the Job refers to Secret " + name + ", which the chart does not render");
    }
}
