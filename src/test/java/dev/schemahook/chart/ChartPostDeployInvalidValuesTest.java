package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The chart refuses post-deployment values that cannot be safe")
class ChartPostDeployInvalidValuesTest {

    private static AbstractStringAssert<?> assertRefuses(Helm helm, String... args) {
        Helm.Result result = helm.template(args);

        assertThat(result.exitCode()).as("exit code of helm template %s", List.of(args)).isNotZero();
        return assertThat(result.stderr());
    }

    @EveryHelm
    @DisplayName("refuses a post phase that waits for no workload, naming the values that fix it on one line")
    void refusesAPostPhaseWithoutWorkloads(Helm helm) {
        AbstractStringAssert<?> stderr = assertRefuses(helm, withDatabase("--set", "migration.postDeploy.enabled=true"));

        stderr.contains("1 invalid value(s)")
                .containsPattern("- migration\\.postDeploy\\.waitFor\\.deployments and migration\\.postDeploy\\.waitFor"
                        + "\\.statefulSets are empty: [^\\n]*migration\\.postDeploy\\.rolloutCheck\\.enabled=false"
                        + " only if you run helm with --wait");
    }

    @EveryHelm
    @DisplayName("refuses the same in argocd mode, and renders once the check is explicitly turned off")
    void refusesInArgoCdModeUntilTurnedOff(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.mode=argocd,migration.postDeploy.enabled=true"))
                .contains("migration.postDeploy.waitFor.deployments");

        Helm.Result off = helm.template(withDatabase("--set", "migration.mode=argocd,migration.postDeploy.enabled=true",
                "--set", "migration.postDeploy.rolloutCheck.enabled=false"));
        assertThat(off.exitCode()).as(off.stderr()).isZero();
    }

    @EveryHelm
    @DisplayName("refuses to grant the namespace's default ServiceAccount read access to the workloads")
    void refusesTheDefaultServiceAccount(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.enabled=true",
                "--set", "migration.postDeploy.waitFor.deployments[0]=web", "--set", "serviceAccount.create=false"))
                .contains("default ServiceAccount").contains("serviceAccount.name");
    }

    @EveryHelm
    @DisplayName("refuses more workloads than the Job's podFailurePolicy can hold rules for")
    void refusesTooManyWorkloads(Helm helm, @TempDir Path folder) throws Exception {
        StringBuilder values = new StringBuilder("migration:\n  postDeploy:\n    enabled: true\n    waitFor:\n"
                + "      deployments: [");
        for (int i = 0; i < 10; i++) {
            values.append(i == 0 ? "" : ", ").append("web-").append(i);
        }
        values.append("]\n      statefulSets: [");
        for (int i = 0; i < 7; i++) {
            values.append(i == 0 ? "" : ", ").append("db-").append(i);
        }
        values.append("]\n");
        Path file = Files.writeString(folder.resolve("values.yaml"), values);

        assertRefuses(helm, withDatabase("-f", file.toString())).contains("names 17 workloads").contains("at most 16");
    }

    @EveryHelm
    @DisplayName("refuses through the schema a misspelt, mistyped or empty post-deployment value, naming it")
    void refusesThroughTheSchema(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.waitFor.deploymnets[0]=web"))
                .contains("deploymnets");
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.rolloutCheck.timeoutSeconds=0"))
                .contains("timeoutSeconds");
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.enabled=yes")).contains("enabled");
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.waitFor.deployments[0]="))
                .contains("deployments");
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.rolloutCheck.image.pullPolicy=Sometimes"))
                .contains("pullPolicy");
    }

    @EveryHelm
    @DisplayName("refuses a --phase in extraArgs or SCHEMAHOOK_PHASE in extraEnv, which would override each Job's own")
    void refusesAPhaseOfTheUsersOwn(Helm helm) {
        assertRefuses(helm, withDatabase("--set", "migration.postDeploy.enabled=true",
                "--set", "migration.postDeploy.rolloutCheck.enabled=false",
                "--set", "migration.extraArgs[0]=--phase=all",
                "--set", "extraEnv[0].name=SCHEMAHOOK_PHASE,extraEnv[0].value=pre"))
                .contains("2 invalid value(s)")
                .contains("migration.extraArgs holds --phase=all while migration.postDeploy.enabled is set")
                .contains("extraEnv sets SCHEMAHOOK_PHASE while migration.postDeploy.enabled is set");
    }
}
