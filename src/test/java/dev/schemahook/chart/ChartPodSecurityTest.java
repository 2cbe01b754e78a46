package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.at;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The migration pod")
class ChartPodSecurityTest {

    @EveryHelm
    @DisplayName("is hardened by default")
    void isHardenedByDefault(Helm helm) {
        Manifests manifests = helm.render(withDatabase());
        Map<String, Object> pod = manifests.jobPodSpec();
        Map<String, Object> container = manifests.jobContainer();

        assertThat(map(pod, "securityContext"))
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 1001)
                .containsEntry("runAsGroup", 1001)
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(map(container, "securityContext"))
                .containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(pod).containsEntry("automountServiceAccountToken", false);
    }

    @EveryHelm
    @DisplayName("gives the JVM a writable /tmp on a read-only root filesystem")
    void givesTheJvmAWritableTmp(Helm helm) {
        Manifests manifests = helm.render(withDatabase());

        assertThat(Manifests.<Map<String, Object>>list(manifests.jobContainer(), "volumeMounts"))
                .contains(Map.of("name", "schemahook-tmp", "mountPath", "/tmp"));
        assertThat(Manifests.<Map<String, Object>>list(manifests.jobPodSpec(), "volumes"))
                .anySatisfy(volume -> assertThat(volume).containsEntry("name", "schemahook-tmp").containsKey("emptyDir"));
    }

    @EveryHelm
    @DisplayName("keeps mesh sidecars out, since they would keep the Job from completing")
    void keepsMeshSidecarsOut(Helm helm) {
        assertThat(map(helm.render(withDatabase()).job(), "spec.template.metadata.annotations"))
                .containsEntry("sidecar.istio.io/inject", "false")
                .containsEntry("linkerd.io/inject", "disabled");
    }

    @EveryHelm
    @DisplayName("asks for small resources with room for the JVM")
    void asksForSmallResources(Helm helm) {
        assertThat(map(helm.render(withDatabase()).jobContainer(), "resources"))
                .containsEntry("requests", Map.of("cpu", "50m", "memory", "128Mi"))
                .containsEntry("limits", Map.of("memory", "256Mi"));
    }

    @EveryHelm
    @DisplayName("runs the image's entrypoint and leaves a summary in the termination message")
    void runsTheImageEntrypoint(Helm helm) {
        Map<String, Object> container = helm.render(withDatabase()).jobContainer();

        assertThat(container).doesNotContainKey("command")
                .containsEntry("args", List.of("migrate"))
                .containsEntry("terminationMessagePath", "/dev/termination-log")
                .containsEntry("terminationMessagePolicy", "FallbackToLogsOnError");
    }

    @EveryHelm
    @DisplayName("takes the security contexts from the values")
    void takesTheSecurityContextsFromTheValues(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "podSecurityContext.runAsUser=2000",
                "--set", "securityContext.runAsUser=2000"));

        assertThat(at(manifests.jobPodSpec(), "securityContext.runAsUser")).isEqualTo(2000);
        assertThat(at(manifests.jobContainer(), "securityContext.runAsUser")).isEqualTo(2000);
    }

    @EveryHelm
    @DisplayName("leaves the UID to the platform on OpenShift, keeping the rest of the hardening")
    void leavesTheUidToThePlatform(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "podSecurityContext.enabled=false",
                "--set", "securityContext.runAsUser=null,securityContext.runAsGroup=null"));

        assertThat(manifests.jobPodSpec()).doesNotContainKey("securityContext");
        assertThat(map(manifests.jobContainer(), "securityContext"))
                .doesNotContainKeys("runAsUser", "runAsGroup")
                .containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
        assertThat(dev.schemahook.testing.JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("drops a single pod security setting set to null")
    void dropsANullPodSetting(Helm helm) {
        Map<String, Object> pod = helm.render(withDatabase("--set", "podSecurityContext.runAsUser=null",
                "--set", "podSecurityContext.fsGroup=null")).jobPodSpec();

        assertThat(map(pod, "securityContext")).doesNotContainKeys("runAsUser", "fsGroup", "enabled")
                .containsEntry("runAsNonRoot", true);
    }
}
