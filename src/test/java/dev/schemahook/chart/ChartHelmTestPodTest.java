package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The helm test pod")
class ChartHelmTestPodTest {

    @EveryHelm
    @DisplayName("runs schemahook validate as a helm test")
    void runsSchemahookValidateAsAHelmTest(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "tests.enabled=true"));

        Map<String, Object> pod = manifests.single("Pod");
        assertThat(annotations(pod)).containsEntry("helm.sh/hook", "test");
        Map<String, Object> container = Manifests.<Map<String, Object>>list(pod, "spec.containers").get(0);
        assertThat(container).containsEntry("args", List.of("validate")).doesNotContainKey("command");
        assertThat(Manifests.env(container)).isEqualTo(manifests.jobEnv());
        assertThat(map(pod, "spec")).containsEntry("restartPolicy", "Never")
                .containsEntry("automountServiceAccountToken", false);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
    }

    @EveryHelm
    @DisplayName("is not rendered unless tests.enabled is set")
    void isNotRenderedByDefault(Helm helm) {
        assertThat(helm.render(withDatabase()).has("Pod")).isFalse();
    }
}
