package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The migration values reach the runner")
class ChartMigrationSettingsTest {

    @EveryHelm
    @DisplayName("passes the runner's defaults explicitly")
    void passesTheRunnersDefaults(Helm helm) {
        assertThat(helm.render(withDatabase()).jobEnv())
                .containsEntry("SCHEMAHOOK_LOCATIONS", "filesystem:/migrations")
                .containsEntry("SCHEMAHOOK_TABLE", "flyway_schema_history")
                .containsEntry("SCHEMAHOOK_OUT_OF_ORDER", "false")
                .containsEntry("SCHEMAHOOK_BASELINE_ON_MIGRATE", "false")
                .containsEntry("SCHEMAHOOK_ON_FUTURE", "warn")
                .containsEntry("SCHEMAHOOK_OUTPUT", "text")
                .containsEntry("SCHEMAHOOK_LOG_FORMAT", "text")
                .containsEntry("SCHEMAHOOK_LOCK_TIMEOUT", "5s")
                .containsEntry("SCHEMAHOOK_STATEMENT_TIMEOUT", "0")
                .containsEntry("SCHEMAHOOK_LOCK_RETRIES", "3")
                .containsEntry("SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT", "40s")
                .doesNotContainKeys("SCHEMAHOOK_SCHEMAS", "SCHEMAHOOK_TARGET", "SCHEMAHOOK_BASELINE_VERSION");
    }

    @EveryHelm
    @DisplayName("passes every migration setting as an environment variable")
    void passesEveryMigrationSetting(Helm helm) {
        Map<String, String> env = helm.render(withDatabase(
                "--set", "migration.locations={filesystem:/migrations,filesystem:/more}",
                "--set", "migration.schemas={app,audit},migration.table=schema_history",
                "--set", "migration.target=7,migration.outOfOrder=true",
                "--set", "migration.baselineOnMigrate=true,migration.baselineVersion=3",
                "--set", "migration.onFuture=fail,migration.output=json,migration.logFormat=json",
                "--set", "migration.lockTimeout=500ms,migration.statementTimeout=PT1M",
                "--set", "migration.lockRetries=0,migration.migrationLockTimeout=1h",
                "--set", "job.activeDeadlineSeconds=7400")).jobEnv();

        assertThat(env)
                .containsEntry("SCHEMAHOOK_LOCATIONS", "filesystem:/migrations,filesystem:/more")
                .containsEntry("SCHEMAHOOK_SCHEMAS", "app,audit")
                .containsEntry("SCHEMAHOOK_TABLE", "schema_history")
                .containsEntry("SCHEMAHOOK_TARGET", "7")
                .containsEntry("SCHEMAHOOK_OUT_OF_ORDER", "true")
                .containsEntry("SCHEMAHOOK_BASELINE_ON_MIGRATE", "true")
                .containsEntry("SCHEMAHOOK_BASELINE_VERSION", "3")
                .containsEntry("SCHEMAHOOK_ON_FUTURE", "fail")
                .containsEntry("SCHEMAHOOK_OUTPUT", "json")
                .containsEntry("SCHEMAHOOK_LOG_FORMAT", "json")
                .containsEntry("SCHEMAHOOK_LOCK_TIMEOUT", "500ms")
                .containsEntry("SCHEMAHOOK_STATEMENT_TIMEOUT", "PT1M")
                .containsEntry("SCHEMAHOOK_LOCK_RETRIES", "0")
                .containsEntry("SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT", "1h");
    }

    @EveryHelm
    @DisplayName("passes each placeholder as its own variable, keeping the name's case")
    void passesPlaceholders(Helm helm) {
        Map<String, String> env = helm.render(withDatabase("--set", "migration.placeholders.appUser=shop",
                "--set", "migration.placeholders.REPLICAS=3")).jobEnv();

        assertThat(env)
                .containsEntry("SCHEMAHOOK_PLACEHOLDER_appUser", "shop")
                .containsEntry("SCHEMAHOOK_PLACEHOLDER_REPLICAS", "3");
    }

    @EveryHelm
    @DisplayName("appends extraArgs after the migrate command")
    void appendsExtraArgs(Helm helm) {
        Map<String, Object> container = helm.render(withDatabase("--set", "migration.extraArgs={--dry-run,--verbose}"))
                .jobContainer();

        assertThat(container).containsEntry("args", List.of("migrate", "--dry-run", "--verbose"))
                .doesNotContainKey("command");
    }

    @EveryHelm
    @DisplayName("runs the image of the chart's appVersion by default")
    void runsTheAppVersionImageByDefault(Helm helm) {
        Map<String, Object> container = helm.render(withDatabase()).jobContainer();

        assertThat(container)
                .containsEntry("image", "ghcr.io/schemahook/schemahook:0.1.0")
                .containsEntry("imagePullPolicy", "IfNotPresent");
    }

    @EveryHelm
    @DisplayName("runs the application's own image and tag")
    void runsTheApplicationsImage(Helm helm) {
        Map<String, Object> container = helm.render(withDatabase("--set", "image.repository=registry.example/shop-migrations",
                "--set", "image.tag=2.4.1,image.pullPolicy=Always")).jobContainer();

        assertThat(container)
                .containsEntry("image", "registry.example/shop-migrations:2.4.1")
                .containsEntry("imagePullPolicy", "Always");
    }

    @EveryHelm
    @DisplayName("uses image.digest instead of the tag")
    void usesTheDigestInsteadOfTheTag(Helm helm) {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Map<String, Object> container = helm.render(withDatabase("--set", "image.tag=2.4.1,image.digest=" + digest))
                .jobContainer();

        assertThat(container).containsEntry("image", "ghcr.io/schemahook/schemahook@" + digest);
    }
}
