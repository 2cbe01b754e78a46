package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.at;
import static dev.schemahook.testing.Manifests.labels;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("In hook mode (the default) the migration Job")
class ChartHookModeTest {

    @EveryHelm
    @DisplayName("is a pre-install,pre-upgrade hook by default")
    void isAPreInstallPreUpgradeHookByDefault(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase()).job();

        assertThat(annotations(job))
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-weight", "0")
                .doesNotContainKeys("argocd.argoproj.io/hook");
        assertThat(Manifests.name(job)).isEqualTo("shop-schemahook");
        assertThat(labels(job)).containsEntry("app.kubernetes.io/component", "migration");
    }

    @EveryHelm
    @DisplayName("keeps the pod of the last run until the next release")
    void keepsThePodOfTheLastRunUntilTheNextRelease(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase()).job();

        assertThat(annotations(job)).containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat((Map<String, Object>) at(job, "spec")).doesNotContainKey("ttlSecondsAfterFinished");
    }

    @EveryHelm
    @DisplayName("is deleted once it succeeds only when hook-succeeded is asked for")
    void isDeletedOnSuccessOnlyWhenAsked(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.hook.deletePolicy=hook-succeeded"));

        assertThat(annotations(manifests.job()))
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
        // The ServiceAccount is needed by the next run again, so it is never deleted on success.
        assertThat(annotations(manifests.single("ServiceAccount")))
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
    }

    @EveryHelm
    @DisplayName("runs at the configured hook weight, after what it needs")
    void runsAtTheConfiguredHookWeight(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.hook.weight=-5"));

        assertThat(annotations(manifests.job())).containsEntry("helm.sh/hook-weight", "-5");
        assertThat(annotations(manifests.single("ServiceAccount"))).containsEntry("helm.sh/hook-weight", "-6");
    }

    @EveryHelm
    @DisplayName("creates its ServiceAccount as an earlier hook")
    void createsItsServiceAccountAsAnEarlierHook(Helm helm) {
        Map<String, Object> account = helm.render(withDatabase()).single("ServiceAccount");

        assertThat(annotations(account))
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-weight", "-1")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(account).containsEntry("automountServiceAccountToken", false);
    }

    @EveryHelm
    @DisplayName("lets Kubernetes delete the finished Job only when ttlSecondsAfterFinished is set")
    void setsTtlSecondsAfterFinishedWhenAsked(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "job.ttlSecondsAfterFinished=0")).job();

        assertThat(at(job, "spec.ttlSecondsAfterFinished")).isEqualTo(0);
    }

    @EveryHelm
    @DisplayName("stops at activeDeadlineSeconds, below helm's default timeout of 5m")
    void stopsAtActiveDeadlineSeconds(Helm helm) {
        assertThat(at(helm.render(withDatabase()).job(), "spec.activeDeadlineSeconds")).isEqualTo(270);
        assertThat(at(helm.render(withDatabase("--set", "job.activeDeadlineSeconds=600",
                "--set", "job.backoffLimit=0")).job(), "spec"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("activeDeadlineSeconds", 600)
                .containsEntry("backoffLimit", 0);
    }
}
