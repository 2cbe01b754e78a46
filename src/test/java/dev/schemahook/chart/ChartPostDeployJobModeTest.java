package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

/**
 * In job mode nothing orders a Job after a rollout: a plain post Job applied with the Deployment could run its check
 * against the Deployment's previous generation, already rolled out, and drop a column the old pods still read.
 */
@DisplayName("With post-deployment migrations in job mode")
class ChartPostDeployJobModeTest {

    @EveryHelm
    @DisplayName("renders the pre phase alone and leaves the post phase to a later release or to the user")
    void rendersThePrePhaseAlone(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.mode=job",
                "--set", "migration.postDeploy.enabled=true"));

        assertThat(manifests.ofKind("Job")).hasSize(1);
        assertThat(list(manifests.jobContainer(), "args")).containsExactly("migrate", "--phase", "pre");
        assertThat(manifests.has("Role")).isFalse();
        assertThat(manifests.has("RoleBinding")).isFalse();
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("gives the pre-phase Job a name of its own, so switching the split on runs a new Job")
    void namesThePrePhaseJobApart(Helm helm) {
        String all = Manifests.name(helm.render(withDatabase("--set", "migration.mode=job")).job());
        String pre = Manifests.name(helm.render(withDatabase("--set", "migration.mode=job",
                "--set", "migration.postDeploy.enabled=true")).job());

        assertThat(pre).isNotEqualTo(all).matches("shop-schemahook-[0-9a-f]{10}");
    }
}
