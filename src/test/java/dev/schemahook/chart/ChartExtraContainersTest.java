package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Extra init containers and sidecars")
class ChartExtraContainersTest {

    @EveryHelm
    @DisplayName("runs extra init containers first and sidecars as native sidecars, so the Job can complete")
    void runsInitContainersAndNativeSidecars(Helm helm) {
        Manifests manifests = helm.render(withDatabase(
                "--set", "extraInitContainers[0].name=fetch-cert,extraInitContainers[0].image=registry.example/fetch:1",
                "--set", "sidecars[0].name=db-proxy,sidecars[0].image=registry.example/proxy:2",
                "--set-string", "sidecars[0].args={--port,5433}"));

        List<Map<String, Object>> init = list(manifests.jobPodSpec(), "initContainers");
        assertThat(init).extracting(container -> container.get("name")).containsExactly("fetch-cert", "db-proxy");
        assertThat(init.get(0)).doesNotContainKey("restartPolicy");
        assertThat(init.get(1)).containsEntry("restartPolicy", "Always").containsEntry("args", List.of("--port", "5433"));
        assertThat(manifests.jobContainer()).containsEntry("name", "migrate");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("renders no init containers by default")
    void rendersNoneByDefault(Helm helm) {
        assertThat(helm.render(withDatabase()).jobPodSpec()).doesNotContainKey("initContainers");
    }

    @EveryHelm
    @DisplayName("refuses a sidecar without an image")
    void refusesASidecarWithoutAnImage(Helm helm) {
        Helm.Result result = helm.template(withDatabase("--set", "sidecars[0].name=db-proxy"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("sidecars").contains("image");
    }
}
