package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static dev.schemahook.testing.Manifests.annotations;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;

@DisplayName("In job mode the migration Job")
class ChartJobModeTest {

    private static String jobName(Helm helm, String... sets) {
        String[] args = new String[sets.length * 2 + 2];
        args[0] = "--set";
        args[1] = "migration.mode=job";
        for (int i = 0; i < sets.length; i++) {
            args[2 + 2 * i] = "--set";
            args[3 + 2 * i] = sets[i];
        }
        return name(helm.render(withDatabase(args)).job());
    }

    @EveryHelm
    @DisplayName("names the plain Job after a hash of its spec")
    void namesThePlainJobAfterAHashOfItsSpec(Helm helm) {
        assertThat(jobName(helm)).matches("shop-schemahook-[0-9a-f]{10}");
    }

    @EveryHelm
    @DisplayName("keeps its name when nothing changes, so a re-sync does not run it again")
    void keepsItsNameWhenNothingChanges(Helm helm) {
        assertThat(jobName(helm, "image.tag=1.0.0")).isEqualTo(jobName(helm, "image.tag=1.0.0"));
    }

    @EveryHelm
    @DisplayName("gets a new name when the image tag changes")
    void getsANewNameWhenTheImageTagChanges(Helm helm) {
        assertThat(jobName(helm, "image.tag=1.0.0")).isNotEqualTo(jobName(helm, "image.tag=1.0.1"));
    }

    @EveryHelm
    @DisplayName("gets a new name when a migration value changes")
    void getsANewNameWhenAValueChanges(Helm helm) {
        assertThat(jobName(helm, "migration.target=5")).isNotEqualTo(jobName(helm, "migration.target=6"));
    }

    @EveryHelm
    @DisplayName("keeps its name within 63 characters for a long release name")
    void keepsItsNameWithin63Characters(Helm helm) {
        String name = jobName(helm, "fullnameOverride=" + "a-very-long-application-name-".repeat(3));

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @EveryHelm
    @DisplayName("renders plain resources without hook annotations")
    void rendersPlainResources(Helm helm) {
        Manifests manifests = helm.render(withDatabase("--set", "migration.mode=job",
                "--set", "database.existingSecret.name=,database.password=secret"));

        assertThat(manifests.kinds()).contains("Job", "ServiceAccount", "Secret");
        for (Map<String, Object> resource : manifests.all()) {
            assertThat(annotations(resource).keySet())
                    .noneMatch(key -> key.startsWith("helm.sh/hook") || key.startsWith("argocd.argoproj.io"));
        }
    }
}
