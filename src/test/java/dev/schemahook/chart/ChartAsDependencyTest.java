package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart as a dependency of an application chart (src/test/resources/chart/parent): two instances under
 * aliases, each switched by its {@code condition:}, with the parent's {@code global.*} values.
 */
@DisplayName("The chart as a dependency of an application chart")
class ChartAsDependencyTest {


    @TempDir
    Path folder;



    private Manifests render(Helm helm, String... args) {
        return helm.templateOf(Helm.parentChart(folder), args).manifests();
    }

    private static Map<String, Object> container(Map<String, Object> job) {
        List<Map<String, Object>> containers = list(job, "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @EveryHelm
    @DisplayName("runs the enabled instance under its alias, from the global registry with the global pull secret")
    void runsTheEnabledInstanceUnderItsAlias(Helm helm) {
        Manifests manifests = render(helm);

        Map<String, Object> job = manifests.single("Job");
        assertThat(name(job)).isEqualTo("shop-migrations");
        assertThat(container(job)).containsEntry("image", "mirror.example/shop-migrations:1.4.0");
        assertThat(list(job, "spec.template.spec.imagePullSecrets")).containsExactly(Map.of("name", "mirror-pull"));
        Map<String, Object> await = Manifests.<Map<String, Object>>list(manifests.single("Deployment"),
                "spec.template.spec.initContainers").get(0);
        assertThat(await).containsEntry("image", "mirror.example/shop-migrations:1.4.0");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("switches each instance on and off through its condition")
    void switchesEachInstanceThroughItsCondition(Helm helm) {
        Manifests both = render(helm, "--set", "reporting-migrations.enabled=true");
        assertThat(both.ofKind("Job")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("shop-migrations", "shop-reporting-migrations");
        assertThat(container(both.single("Job", "shop-reporting-migrations")))
                .containsEntry("image", "mirror.example/shop/reporting-migrations:2.0.0");
        assertThat(Manifests.env(container(both.single("Job", "shop-reporting-migrations"))))
                .containsEntry("SCHEMAHOOK_TABLE", "reporting_schema_history");
        assertThat(JsonSchemas.kubernetesProblems(both)).isEmpty();

        Manifests none = render(helm, "--set", "migrations.enabled=false");
        assertThat(none.kinds()).doesNotContain("Job", "ServiceAccount");
    }

    @EveryHelm
    @DisplayName("checks nothing of an instance that is switched off, and everything once it is on")
    void checksOnlyAnEnabledInstance(Helm helm) {
        String noDatabase = "reporting-migrations.database.host=";

        assertThat(helm.templateOf(Helm.parentChart(folder), "--set", noDatabase).exitCode()).isZero();
        Helm.Result enabled = helm.templateOf(Helm.parentChart(folder), "--set", noDatabase, "--set", "reporting-migrations.enabled=true");
        assertThat(enabled.exitCode()).isNotZero();
        assertThat(enabled.stderr()).contains("no database configured");
    }

    @EveryHelm
    @DisplayName("still refuses a misspelt value under the alias")
    void refusesAMisspeltValueUnderTheAlias(Helm helm) {
        Helm.Result result = helm.templateOf(Helm.parentChart(folder), "--set", "migrations.enabeld=false");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("enabeld");
    }

    @EveryHelm
    @DisplayName("splits the migration under its alias and waits for the parent's Deployment named by a template")
    void splitsTheMigrationUnderItsAlias(Helm helm) {
        Manifests manifests = render(helm, "--set", "migrations.migration.postDeploy.enabled=true",
                "--set-json", "migrations.migration.postDeploy.waitFor.deployments=[\"{{ .Release.Name }}-shop\"]");

        Map<String, Object> post = manifests.single("Job", "shop-migrations-post");
        assertThat(list(container(post), "args")).containsExactly("migrate", "--phase", "post");
        assertThat(list(container(manifests.single("Job", "shop-migrations")), "args"))
                .containsExactly("migrate", "--phase", "pre");
        String deployment = name(manifests.single("Deployment"));
        Map<String, Object> check = Manifests.<Map<String, Object>>list(post, "spec.template.spec.initContainers").get(0);
        assertThat(list(check, "args")).contains("deployments/" + deployment);
        assertThat(check).containsEntry("image", "mirror.example/kubectl:v1.32.3");
        assertThat(Manifests.<Map<String, Object>>list(manifests.single("Role"), "rules").get(0))
                .containsEntry("resourceNames", List.of(deployment));
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }
}
