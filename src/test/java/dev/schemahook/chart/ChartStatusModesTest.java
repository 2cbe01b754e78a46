package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.labels;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status service in each mode of the chart. Helm runs a resource as a hook only when it carries helm.sh/hook
 * (helm/helm pkg/releaseutil/manifest_sorter.go, sortManifestsByHook) and Argo CD only when it carries
 * argocd.argoproj.io/hook (or helm.sh/hook, which Argo CD maps to its own hooks): without either, the Deployment is a
 * normal resource of the release, applied, upgraded and pruned with the application.
 */
@DisplayName("The status service in every mode")
class ChartStatusModesTest {

    private static final String STATUS_ON = "status.enabled=true,status.serviceMonitor.enabled=true,status.prometheusRule.enabled=true";

    /** Every chart-testing values file of a mode (hook, job, argocd, with and without the post phase). */
    static Stream<Arguments> everyHelmAndMode() {
        List<String> modes = List.of("hook-values.yaml", "job-values.yaml", "argocd-values.yaml",
                "post-deploy-values.yaml", "argocd-post-deploy-values.yaml");
        return Helm.all().flatMap(helm -> modes.stream().map(mode -> Arguments.of(helm, mode)));
    }

    private static Manifests render(Helm helm, String mode, String... args) {
        return helm.render(Stream.concat(Stream.of("-f", Helm.CHART.resolve("ci").resolve(mode).toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    private static boolean isStatus(Map<String, Object> resource) {
        return "status".equals(labels(resource).get("app.kubernetes.io/component"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyHelmAndMode")
    @DisplayName("renders the status resources without any Helm or Argo CD hook annotation")
    void rendersNoHookAnnotations(Helm helm, String mode) {
        Manifests manifests = render(helm, mode, "--set", STATUS_ON);

        List<Map<String, Object>> status = manifests.all().stream().filter(ChartStatusModesTest::isStatus)
                .collect(Collectors.toList());
        assertThat(status).extracting(resource -> resource.get("kind"))
                .containsExactlyInAnyOrder("Deployment", "Service", "ServiceMonitor", "PrometheusRule");
        assertThat(status).allSatisfy(resource -> assertThat(annotations(resource).keySet())
                .noneMatch(key -> key.startsWith("helm.sh/hook") || key.startsWith("argocd.argoproj.io/")));
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyHelmAndMode")
    @DisplayName("leaves the pre and post Jobs and their prerequisites exactly as they are without it")
    void leavesTheJobsUnchanged(Helm helm, String mode) {
        List<Map<String, Object>> without = render(helm, mode).all();
        List<Map<String, Object>> with = render(helm, mode, "--set", STATUS_ON).all().stream()
                .filter(resource -> !isStatus(resource)).collect(Collectors.toList());

        assertThat(with).isEqualTo(without);
        assertThat(with).extracting(resource -> resource.get("kind")).contains("Job");
    }
}
