package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.TempDirs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What Skaffold does with the todo example's skaffold.yaml before and while it builds, in the base configuration
 * and under every profile, read against Skaffold v2's source: BuildKit (pkg/skaffold/build/docker/docker.go),
 * the required artifact's ARG (pkg/skaffold/docker/parse.go) and profile patches (RFC 6902, applied in order).
 */
@DisplayName("The todo example's skaffold.yaml, under every profile")
class SkaffoldBuildRulesTest {

    @Test
    @DisplayName("builds with BuildKit every artifact whose Dockerfile uses BuildKit-only syntax")
    void buildsWithBuildkitWhereTheDockerfileNeedsIt() {
        Map<String, SkaffoldConfig> variants = SkaffoldConfig.todo().everyVariant();

        assertThat(variants).containsKeys("base", "dev", "release");
        variants.forEach((name, config) -> {
            assertThat(config.buildkitProblems()).as("profile %s", name).isEmpty();
            assertThat(config.usesBuildkit()).as("build.local.useBuildkit under %s", name).isTrue();
        });
        // The runner Dockerfiles of both profiles and the application's need it, so the rule has work to do.
        assertThat(SkaffoldConfig.buildkitOnlyInstructions(ExampleFiles.REPOSITORY.resolve("Dockerfile.native")))
                .isNotEmpty();
        assertThat(SkaffoldConfig.buildkitOnlyInstructions(
                ExampleFiles.REPOSITORY.resolve("src/main/docker/Dockerfile.jvm"))).isNotEmpty();
        assertThat(SkaffoldConfig.buildkitOnlyInstructions(ExampleFiles.TODO.resolve("Dockerfile")))
                .anySatisfy(instruction -> assertThat(instruction).startsWith("ADD --checksum="));
    }

    @Test
    @DisplayName("passes the runner it builds to migrations.Dockerfile in an ARG without default")
    void passesTheRunnerInAnArgWithoutDefault() {
        SkaffoldConfig.todo().everyVariant().forEach((name, config) ->
                assertThat(config.requiresAliasProblems()).as("profile %s", name).isEmpty());
        Map<String, Object> migrations = SkaffoldConfig.todo().artifacts().get(1);
        assertThat(migrations).containsEntry("image", "todo-migrations");
        assertThat(migrations.get("requires")).isEqualTo(List.of(Map.of("image", "schemahook", "alias", "SCHEMAHOOK_IMAGE")));
    }

    @Test
    @DisplayName("keeps earlier settings when a profile patches them")
    void profilePatchesKeepEarlierSettings() {
        assertThat(SkaffoldConfig.todo().patchProblems()).isEmpty();
    }

    @Test
    @DisplayName("release profile: tags by commit, pushes, keeps BuildKit and deploys no development database")
    @SuppressWarnings("unchecked")
    void releaseBuildsAndPushesWithoutTheDevelopmentDatabase() {
        SkaffoldConfig release = SkaffoldConfig.todo().withProfile("release");
        Map<String, Object> build = (Map<String, Object>) release.root().get("build");

        assertThat((Map<String, Object>) build.get("local")).containsEntry("useBuildkit", true).containsEntry("push", true);
        assertThat(build.get("tagPolicy")).isEqualTo(Map.of("gitCommit", Map.of("variant", "AbbrevCommitSha")));
        assertThat(release.artifacts()).extracting(artifact -> artifact.get("image"))
                .containsExactly("schemahook", "todo-migrations", "todo");
        assertThat(release.dockerfile(release.artifacts().get(0))).isEqualTo(ExampleFiles.REPOSITORY.resolve("Dockerfile.native"));
        assertThat(release.releases()).extracting(r -> r.get("name")).containsExactly("todo");
        assertThat(release.dependsOnProblems()).isEmpty();
        assertThat(release.release("todo")).doesNotContainKey("dependsOn");
    }

    @Test
    @DisplayName("dev profile: the JVM runner, BuildKit, both releases, the application port-forwarded")
    void devBuildsTheJvmRunnerAndDeploysBothReleases() {
        SkaffoldConfig dev = SkaffoldConfig.todo().withProfile("dev");

        assertThat(dev.dockerfile(dev.artifacts().get(0)))
                .isEqualTo(ExampleFiles.REPOSITORY.resolve("src/main/docker/Dockerfile.jvm")).isRegularFile();
        assertThat(dev.usesBuildkit()).isTrue();
        assertThat(dev.releases()).extracting(r -> r.get("name")).containsExactly("todo-postgres", "todo");
        assertThat(dev.dependsOnProblems()).isEmpty();
        assertThat(SkaffoldConfig.todo().profile("dev").get("activation")).isEqualTo(List.of(Map.of("command", "dev")));
    }

    @Test
    @DisplayName("is valid against the Skaffold v4beta13 schema under every profile")
    void everyVariantIsValid() {
        SkaffoldConfig.todo().everyVariant().forEach((name, config) ->
                assertThat(JsonSchemas.skaffoldProblems(config.root(), "v4beta13")).as("profile %s", name).isEmpty());
    }

    // The rules find the mistakes they are written for: each one, made on a copy of the example.

    @Test
    @DisplayName("finds an artifact built without BuildKit whose Dockerfile needs it")
    @SuppressWarnings("unchecked")
    void findsAMissingBuildkit() {
        SkaffoldConfig config = SkaffoldConfig.todo();
        Map<String, Object> local = (Map<String, Object>) ((Map<String, Object>) config.root().get("build")).get("local");
        local.remove("useBuildkit");

        assertThat(config.withProfile("dev").buildkitProblems())
                .anySatisfy(problem -> assertThat(problem).startsWith("schemahook: ").contains("Dockerfile.jvm")
                        .contains("RUN --mount"))
                .anySatisfy(problem -> assertThat(problem).startsWith("todo: Dockerfile needs BuildKit (ADD --checksum"));
    }

    @Test
    @DisplayName("finds a default on the ARG of a required artifact, and a missing ARG")
    void findsAnArgDefault(@TempDir Path directory) throws IOException {
        Path example = directory.resolve("examples/todo");
        TempDirs.copy(ExampleFiles.TODO, example);
        Files.writeString(example.resolve("migrations.Dockerfile"),
                "ARG SCHEMAHOOK_IMAGE=ghcr.io/schemahook/schemahook:0.1.0\nFROM ${SCHEMAHOOK_IMAGE}\nCOPY migrations/ /migrations/\n");
        assertThat(SkaffoldConfig.read(example.resolve("skaffold.yaml")).requiresAliasProblems()).singleElement()
                .satisfies(problem -> assertThat(problem).contains("ARG SCHEMAHOOK_IMAGE has a default"));

        Files.writeString(example.resolve("migrations.Dockerfile"), "FROM ghcr.io/schemahook/schemahook:0.1.0\n");
        assertThat(SkaffoldConfig.read(example.resolve("skaffold.yaml")).requiresAliasProblems())
                .anySatisfy(problem -> assertThat(problem).contains("no ARG SCHEMAHOOK_IMAGE"))
                .anySatisfy(problem -> assertThat(problem).contains("no FROM uses SCHEMAHOOK_IMAGE"));
    }

    @Test
    @DisplayName("finds a profile patch that replaces build.local and drops useBuildkit")
    @SuppressWarnings("unchecked")
    void findsAPatchThatDropsAnEarlierSetting() {
        SkaffoldConfig config = SkaffoldConfig.todo();
        List<Map<String, Object>> patches = (List<Map<String, Object>>) config.profile("release").get("patches");
        patches.replaceAll(patch -> "/build/local/push".equals(patch.get("path"))
                ? new Yaml().load("{op: add, path: /build/local, value: {push: true}}") : patch);

        assertThat(config.patchProblems()).singleElement().satisfies(problem ->
                assertThat(problem).isEqualTo("profile release: add /build/local drops [useBuildkit]; patch /build/local/<key> instead"));
        assertThat(config.withProfile("release").buildkitProblems()).hasSize(2);
    }

    @Test
    @DisplayName("finds a release that depends on a release the profile removed")
    @SuppressWarnings("unchecked")
    void findsADanglingDependsOn() {
        SkaffoldConfig config = SkaffoldConfig.todo();
        List<Map<String, Object>> patches = (List<Map<String, Object>>) config.profile("release").get("patches");
        patches.removeIf(patch -> "/deploy/helm/releases/1/dependsOn".equals(patch.get("path")));

        assertThat(config.withProfile("release").dependsOnProblems())
                .containsExactly("release todo depends on todo-postgres, which is not deployed");
    }

    @Test
    @DisplayName("finds a patch that only applies after an earlier one, which Skaffold rejects")
    @SuppressWarnings("unchecked")
    void findsAPatchValidOnlyInSequence() {
        SkaffoldConfig config = SkaffoldConfig.todo();
        List<Map<String, Object>> patches = (List<Map<String, Object>>) config.profile("release").get("patches");
        patches.removeIf(patch -> String.valueOf(patch.get("path")).startsWith("/deploy/"));
        patches.add(new Yaml().load("{op: remove, path: /deploy/helm/releases/0}"));
        patches.add(new Yaml().load("{op: remove, path: /deploy/helm/releases/0/dependsOn}"));

        assertThat(config.patchProblems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith("profile release: invalid path: /deploy/helm/releases/0/dependsOn"));
    }
}
