package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The status service of an instance of the chart under an application chart (src/test/resources/chart/parent). */
@DisplayName("The status service when the chart is a dependency")
class ChartStatusAsDependencyTest {

    private static final Path PARENT = Helm.repository().resolve("src/test/resources/chart/parent");

    @TempDir
    Path folder;

    private Path parent() {
        Path parent = folder.resolve("shop");
        if (!Files.isDirectory(parent)) {
            copy(PARENT, parent);
            copy(Helm.CHART, parent.resolve("charts/schemahook"));
        }
        return parent;
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> statusResources(Manifests manifests) {
        return manifests.all().stream()
                .filter(resource -> "status".equals(Manifests.labels(resource).get("app.kubernetes.io/component")))
                .collect(Collectors.toList());
    }

    @EveryHelm
    @DisplayName("runs the status service under the alias's name, with the global registry and pull secret")
    void runsUnderTheAlias(Helm helm) {
        Manifests manifests = helm.templateOf(parent(), "--set", "migrations.status.enabled=true",
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
        Manifests manifests = helm.templateOf(parent(), "--set", "reporting-migrations.status.enabled=true").manifests();

        assertThat(statusResources(manifests)).isEmpty();
    }
}
