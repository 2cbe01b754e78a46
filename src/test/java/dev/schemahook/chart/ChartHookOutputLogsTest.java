package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

/**
 * helm.sh/hook-output-log-policy: Helm 3.18+ and Helm 4 copy the hook Job's pod logs to stderr when the hook fails
 * (pkg/action/hooks.go, outputLogsByPolicy); older Helm ignores the annotation.
 */
@DisplayName("The hook Job's output log policy")
class ChartHookOutputLogsTest {

    private static final String POLICY = "helm.sh/hook-output-log-policy";

    @EveryHelm
    @DisplayName("has Helm print the Job's logs when the migration fails, and only on the Job")
    void printsTheLogsOnFailure(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "database.password=secret",
                "--set", "database.existingSecret.name="));

        assertThat(annotations(manifests.job())).containsEntry(POLICY, "hook-failed");
        assertThat(annotations(manifests.single("ServiceAccount"))).doesNotContainKey(POLICY);
        assertThat(annotations(manifests.single("Secret"))).doesNotContainKey(POLICY);
    }

    @EveryHelm
    @DisplayName("prints them on success too when asked, and never when empty")
    void followsTheValue(Helm helm) {
        assertThat(annotations(helm.render(withDatabase("--set-string",
                "migration.hook.outputLogPolicy=hook-succeeded\\,hook-failed")).job()))
                .containsEntry(POLICY, "hook-succeeded,hook-failed");
        assertThat(annotations(helm.render(withDatabase("--set", "migration.hook.outputLogPolicy=")).job()))
                .doesNotContainKey(POLICY);
    }

    @EveryHelm
    @DisplayName("is left out where Helm does not run the Job as a hook")
    void isLeftOutOutsideHookMode(Helm helm) {
        assertThat(annotations(helm.render(withDatabase("--set", "migration.mode=argocd")).job())).doesNotContainKey(POLICY);
        assertThat(annotations(helm.render(withDatabase("--set", "migration.mode=job")).job())).doesNotContainKey(POLICY);
    }

    @EveryHelm
    @DisplayName("refuses a policy Helm does not know")
    void refusesAnUnknownPolicy(Helm helm) {
        Helm.Result result = helm.template(withDatabase("--set", "migration.hook.outputLogPolicy=always"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("outputLogPolicy");
    }
}
