package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("In argocd mode the migration Job")
class ChartArgoCdModeTest {

    @EveryHelm
    @DisplayName("renders Argo CD PreSync annotations in argocd mode")
    void rendersArgoCdPreSyncAnnotations(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "migration.mode=argocd")).job();

        assertThat(annotations(job))
                .containsEntry("argocd.argoproj.io/hook", "PreSync")
                .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation")
                .containsEntry("argocd.argoproj.io/sync-wave", "0");
    }

    @EveryHelm
    @DisplayName("carries no Helm hook annotations, which Argo CD would otherwise mix in")
    void carriesNoHelmHookAnnotations(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.mode=argocd,database.password=secret",
                "--set", "database.existingSecret.name="));

        for (Map<String, Object> resource : manifests.all()) {
            assertThat(annotations(resource).keySet()).noneMatch(key -> key.startsWith("helm.sh/hook"));
        }
    }

    @EveryHelm
    @DisplayName("finds its ServiceAccount and Secret created in an earlier PreSync wave")
    void createsWhatItNeedsInAnEarlierWave(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.mode=argocd,migration.hook.weight=3",
                "--set", "database.existingSecret.name=,database.password=secret"));

        for (String kind : new String[] {"ServiceAccount", "Secret"}) {
            assertThat(annotations(manifests.single(kind)))
                    .containsEntry("argocd.argoproj.io/hook", "PreSync")
                    .containsEntry("argocd.argoproj.io/sync-wave", "2")
                    .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation");
        }
        assertThat(annotations(manifests.job())).containsEntry("argocd.argoproj.io/sync-wave", "3");
    }

    @EveryHelm
    @DisplayName("is deleted after success when hook-succeeded is asked for")
    void isDeletedAfterSuccessWhenAsked(Helm helm) {
        Map<String, Object> job = helm.render(withDatabase("--set", "migration.mode=argocd",
                "--set", "migration.hook.deletePolicy=hook-succeeded")).job();

        assertThat(annotations(job))
                .containsEntry("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation,HookSucceeded");
    }
}
