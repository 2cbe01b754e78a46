package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;
import dev.schemahook.testing.TempDirs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An application chart that depends on schemahook")
class ChartAwaitInitContainerTest {

    /** The test application chart with this chart unpacked under charts/, as `helm dependency build` would. */
    private static Path parentChart(Path directory) {
        Path parent = directory.resolve("shop");
        TempDirs.copy(Helm.repository().resolve("src/test/resources/parent-chart"), parent);
        TempDirs.copy(Helm.CHART, parent.resolve("charts/schemahook"));
        return parent;
    }

    @EveryHelm
    @DisplayName("renders the await init container from a parent chart")
    void rendersTheAwaitInitContainerFromAParentChart(Helm helm, @TempDir Path directory) {
        Manifests manifests = helm.templateOf(parentChart(directory)).manifests();

        Map<String, Object> pod = map(manifests.single("Deployment"), "spec.template.spec");
        List<Map<String, Object>> initContainers = list(pod, "initContainers");
        assertThat(initContainers).hasSize(1);
        Map<String, Object> await = initContainers.get(0);
        assertThat(await)
                .containsEntry("name", "schemahook-await")
                .containsEntry("image", "registry.example/shop-migrations:1.0.0")
                .containsEntry("args", List.of("await", "--timeout", "5m"))
                .doesNotContainKey("command");
        assertThat(Manifests.env(await))
                .containsEntry("PGHOST", "shop-db-rw")
                .containsEntry("PGDATABASE", "shop")
                .containsEntry("SCHEMAHOOK_DB_USER", "secret:shop-db-app/username")
                .containsEntry("SCHEMAHOOK_DB_PASSWORD", "secret:shop-db-app/password")
                .containsEntry("PGSSLROOTCERT", "/etc/schemahook/tls/ca.crt");
        assertThat(map(await, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
        assertThat(Manifests.<Map<String, Object>>list(pod, "volumes"))
                .extracting(volume -> volume.get("name"))
                .containsExactly("schemahook-tmp", "schemahook-tls");
    }

    @EveryHelm
    @DisplayName("migrates with the subchart's values under its alias, named after the alias")
    void migratesWithTheSubchartsValuesUnderItsAlias(Helm helm, @TempDir Path directory) {
        Manifests manifests = helm.templateOf(parentChart(directory)).manifests();

        assertThat(name(manifests.job())).isEqualTo("shop-migrations");
        assertThat(manifests.jobContainer()).containsEntry("image", "registry.example/shop-migrations:1.0.0");
        assertThat(Manifests.annotations(manifests.job())).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(manifests.jobPodSpec()).containsEntry("serviceAccountName", "shop-migrations");
    }

    @EveryHelm
    @DisplayName("renders only manifests that Kubernetes 1.32 accepts")
    void rendersValidKubernetesManifests(Helm helm, @TempDir Path directory) {
        Manifests manifests = helm.templateOf(parentChart(directory)).manifests();

        assertThat(manifests.kinds()).contains("Deployment", "Job", "ServiceAccount");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("fails naming database.url when the application configures no database")
    void failsWithoutADatabase(Helm helm, @TempDir Path directory) {
        Helm.Result result = helm.templateOf(parentChart(directory), "--set", "migrations.database.host=",
                "--set", "migrations.database.existingSecret.name=");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("database.url");
    }
}
