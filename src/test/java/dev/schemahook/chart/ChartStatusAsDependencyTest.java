package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The status service of an instance of the chart under an application chart (src/test/resources/chart/parent). */
@DisplayName("The status service when the chart is a dependency")
class ChartStatusAsDependencyTest {


    @TempDir
    Path folder;



    private static List<Map<String, Object>> statusResources(Manifests manifests) {
        return manifests.all().stream()
                .filter(resource -> "status".equals(Manifests.labels(resource).get("app.kubernetes.io/component")))
                .collect(Collectors.toList());
    }

    @EveryHelm
    @DisplayName("runs the status service under the alias's name, with the global registry and pull secret")
    void runsUnderTheAlias(Helm helm) {
        Manifests manifests = helm.templateOf(Helm.parentChart(folder), "--set", "migrations.status.enabled=true",
                "--set", "migrations.status.serviceMonitor.enabled=true").manifests();

        Map<String, Object> deployment = manifests.single("Deployment", "shop-migrations-status");
        Map<String, Object> container = Manifests.<Map<String, Object>>list(deployment, "spec.template.spec.containers").get(0);
        assertThat(container).containsEntry("image", "mirror.example/shop-migrations:1.4.0");
        assertThat(list(deployment, "spec.template.spec.imagePullSecrets")).containsExactly(Map.of("name", "mirror-pull"));
        assertThat(Manifests.env(container)).containsEntry("PGHOST", "shop-db-rw")
                .containsEntry("SCHEMAHOOK_DB_USER", "secret:shop-db-app/username");
        assertThat(statusResources(manifests)).extracting(Manifests::name)
                .containsOnly("shop-migrations-status").hasSize(3);
        assertThat(name(manifests.single("ServiceMonitor"))).isEqualTo("shop-migrations-status");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("renders no status service for an instance that is switched off, even with its status on")
    void rendersNothingForASwitchedOffInstance(Helm helm) {
        Manifests manifests = helm.templateOf(Helm.parentChart(folder), "--set", "reporting-migrations.status.enabled=true").manifests();

        assertThat(statusResources(manifests)).isEmpty();
    }
}
