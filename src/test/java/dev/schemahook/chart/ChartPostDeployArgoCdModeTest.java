package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("With post-deployment migrations in argocd mode")
class ChartPostDeployArgoCdModeTest {

    private static Manifests render(Helm helm, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-f";
        all[1] = Helm.CHART.resolve("ci/argocd-post-deploy-values.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return helm.render(all);
    }

    @EveryHelm
    @DisplayName("runs the pre phase as a PreSync hook and the post phase as a PostSync hook")
    void runsThePhasesAsPreSyncAndPostSync(Helm helm) {
        Manifests manifests = render(helm, "--set", "migration.hook.weight=2");

        Map<String, Object> pre = manifests.single("Job", "shop-schemahook");
        Map<String, Object> post = manifests.single("Job", "shop-schemahook-post");
        assertThat(annotations(pre)).containsEntry("argocd.argoproj.io/hook", "PreSync");
        assertThat(annotations(post)).containsEntry("argocd.argoproj.io/hook", "PostSync")
                .containsEntry("argocd.argoproj.io/sync-wave", "2")
                .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation");
        assertThat(list(Manifests.<Map<String, Object>>list(post, "spec.template.spec.containers").get(0), "args"))
                .containsExactly("migrate", "--phase", "post");
        for (String kind : new String[] {"Role", "RoleBinding"}) {
            assertThat(annotations(manifests.single(kind))).containsEntry("argocd.argoproj.io/hook", "PostSync")
                    .containsEntry("argocd.argoproj.io/sync-wave", "1");
        }
    }

    @EveryHelm
    @DisplayName("keeps the rollout check, and carries no Helm hook annotations")
    void keepsTheRolloutCheckWithoutHelmHooks(Helm helm) {
        Manifests manifests = render(helm);

        assertThat(Manifests.<Map<String, Object>>list(manifests.single("Job", "shop-schemahook-post"),
                "spec.template.spec.initContainers")).extracting(c -> c.get("name")).containsExactly("rollout-0");
        for (Map<String, Object> resource : manifests.all()) {
            assertThat(annotations(resource).keySet()).noneMatch(key -> key.startsWith("helm.sh/hook"));
        }
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }
}
