package dev.schemahook.examples;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo release rendered with exactly the {@code --set} arguments Skaffold passes to Helm for a build, as
 * Skaffold v2 computes them: pkg/skaffold/helm/args.go at commit 01dd5065, ConstructOverrideArgs (lines 53-66:
 * IMAGE_REPO_x, IMAGE_TAG_x and IMAGE_DIGEST_x of every built artifact, x its image name with - and / as _;
 * lines 69-86: setValueTemplates in sorted key order, each expanded, a trailing @ trimmed at line 83) and
 * envVarForImage (line 114: the parts of the built reference, parsed by pkg/skaffold/docker/reference.go). A built reference is {@code <name>:<image ID>} for a local build that is not
 * pushed (TagWithImageID, pkg/skaffold/docker/image.go) and {@code <repo>:<tag>@<digest>} for a pushed one
 * (TagWithDigest).
 */
@DisplayName("The todo release, with the values Skaffold sets for the images it built")
class SkaffoldHelmValuesTest {

    private static final String IMAGE_ID_RUNNER = "5f1c0a3e9b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e";
    private static final String IMAGE_ID_MIGRATIONS = "a3d9c8b7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9";
    private static final String IMAGE_ID_APP = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
    private static final String DIGEST_MIGRATIONS = "sha256:9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    private static final String DIGEST_APP = "sha256:1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d";
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+)([hms])");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*\\.([A-Za-z0-9_]+)\\s*}}");

    /** One build result: the artifact's image name and the reference Skaffold built (graph.Artifact). */
    record Build(String imageName, String tag) {
    }

    /** The values Skaffold's templates see for one build, as envVarForImage sets them. */
    static Map<String, String> imageValues(Build build) {
        String reference = build.tag();
        String digest = "";
        int at = reference.indexOf('@');
        if (at >= 0) {
            digest = reference.substring(at + 1);
            reference = reference.substring(0, at);
        }
        String tag = "";
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            tag = reference.substring(colon + 1);
            reference = reference.substring(0, colon);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("IMAGE_NAME", build.imageName());
        values.put("IMAGE_REPO", reference);
        values.put("IMAGE_TAG", tag);
        values.put("IMAGE_DIGEST", digest);
        values.put("IMAGE_FULLY_QUALIFIED", build.tag());
        return values;
    }

    /** The {@code --set} arguments of one release, in Skaffold's order. */
    @SuppressWarnings("unchecked")
    static List<String> setArguments(Map<String, Object> release, List<Build> builds) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (int index = 0; index < builds.size(); index++) {
            Build build = builds.get(index);
            String suffix = build.imageName().replace('-', '_').replace('/', '_');
            String indexSuffix = index == 0 ? "" : Integer.toString(index + 1);
            imageValues(build).forEach((key, value) -> {
                environment.put(key + indexSuffix, value);
                environment.put(key + "_" + suffix, value);
            });
        }
        List<String> arguments = new ArrayList<>();
        Object setValues = release.get("setValues");
        if (setValues != null) {
            new TreeMap<>((Map<String, Object>) setValues).forEach((key, value) -> arguments.addAll(List.of("--set", key + "=" + value)));
        }
        new TreeMap<>((Map<String, String>) release.get("setValueTemplates")).forEach((key, template) -> {
            Matcher matcher = TEMPLATE.matcher(template);
            StringBuilder value = new StringBuilder();
            while (matcher.find()) {
                // text/template prints a missing key of a map as <no value>.
                matcher.appendReplacement(value, Matcher.quoteReplacement(
                        environment.getOrDefault(matcher.group(1), "<no value>")));
            }
            matcher.appendTail(value);
            assertThat(value.toString()).as("template %s", template).doesNotContain("{{");
            String expanded = value.toString().endsWith("@") ? value.substring(0, value.length() - 1) : value.toString();
            arguments.addAll(List.of("--set", key + "=" + expanded));
        });
        return arguments;
    }

    private static Manifests render(Helm helm, Path directory, List<String> setArguments) {
        Path example = ExampleFiles.copyOfExample(directory);
        helm.dependencyBuild(example.resolve("chart")).assertSuccess();
        List<String> args = new ArrayList<>(List.of("template", "todo", "chart", "--namespace", "todo",
                "--kube-version", "1.32.0"));
        args.addAll(setArguments);
        return helm.runIn(example, args).manifests();
    }

    /** The images the Job, the await init container and the application container run. */
    private static List<String> images(Manifests manifests) {
        Map<String, Object> pod = map(manifests.single("Deployment", "todo"), "spec.template.spec");
        List<Map<String, Object>> init = list(pod, "initContainers");
        List<Map<String, Object>> containers = list(pod, "containers");
        Map<String, Object> job = manifests.single("Job", "todo-schemahook");
        Map<String, Object> migrate = Manifests.<Map<String, Object>>list(job, "spec.template.spec.containers").get(0);
        return List.of((String) migrate.get("image"), (String) init.get(0).get("image"),
                (String) containers.get(0).get("image"));
    }

    @Test
    @DisplayName("expands the example's templates to the exact arguments for a local build and a pushed one")
    void expandsToTheExactArguments() {
        Map<String, Object> release = SkaffoldConfig.todo().release("todo");

        assertThat(setArguments(release, localBuild())).containsExactly(
                "--set", "image.digest=",
                "--set", "image.repository=todo",
                "--set", "image.tag=" + IMAGE_ID_APP,
                "--set", "schemahook.image.digest=",
                "--set", "schemahook.image.repository=todo-migrations",
                "--set", "schemahook.image.tag=" + IMAGE_ID_MIGRATIONS);
        assertThat(setArguments(release, pushedBuild("ghcr.io/you", "4f2a9c1"))).containsExactly(
                "--set", "image.digest=" + DIGEST_APP,
                "--set", "image.repository=ghcr.io/you/todo",
                "--set", "image.tag=4f2a9c1",
                "--set", "schemahook.image.digest=" + DIGEST_MIGRATIONS,
                "--set", "schemahook.image.repository=ghcr.io/you/todo-migrations",
                "--set", "schemahook.image.tag=4f2a9c1");
    }

    @Test
    @DisplayName("names every image of the example's templates by an artifact Skaffold builds")
    void namesOnlyBuiltArtifacts() {
        // A template naming an artifact that is not built would expand to <no value>, an image that does not exist.
        SkaffoldConfig.todo().everyVariant().forEach((profile, config) ->
                assertThat(setArguments(config.release("todo"), localBuild())).as("profile %s", profile)
                        .noneSatisfy(argument -> assertThat(argument).contains("<no value>")));
        Map<String, Object> broken = new LinkedHashMap<>(SkaffoldConfig.todo().release("todo"));
        broken.put("setValueTemplates", Map.of("image.repository", "{{.IMAGE_REPO_todo_app}}"));
        assertThat(setArguments(broken, localBuild())).containsExactly("--set", "image.repository=<no value>");
    }

    @EveryHelm
    @DisplayName("skaffold dev: the Job, the await init container and the application run the images just built")
    void localBuildRunsTheImagesJustBuilt(Helm helm, @TempDir Path directory) {
        Manifests manifests = render(helm, directory, setArguments(SkaffoldConfig.todo().release("todo"), localBuild()));

        assertThat(images(manifests)).containsExactly("todo-migrations:" + IMAGE_ID_MIGRATIONS,
                "todo-migrations:" + IMAGE_ID_MIGRATIONS, "todo:" + IMAGE_ID_APP);
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("a pushed build: every image pinned by the digest the registry returned")
    void pushedBuildRunsImagesPinnedByDigest(Helm helm, @TempDir Path directory) {
        Manifests manifests = render(helm, directory,
                setArguments(SkaffoldConfig.todo().withProfile("release").release("todo"), pushedBuild("ghcr.io/you", "4f2a9c1")));

        assertThat(images(manifests)).containsExactly("ghcr.io/you/todo-migrations@" + DIGEST_MIGRATIONS,
                "ghcr.io/you/todo-migrations@" + DIGEST_MIGRATIONS, "ghcr.io/you/todo@" + DIGEST_APP);
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("a commit tag of digits only, which --set reads as a number, still renders")
    void digitsOnlyCommitTagRenders(Helm helm, @TempDir Path directory) {
        List<Build> builds = List.of(new Build("schemahook", "ghcr.io/you/schemahook:1234567"),
                new Build("todo-migrations", "ghcr.io/you/todo-migrations:1234567"),
                new Build("todo", "ghcr.io/you/todo:1234567"));
        Manifests manifests = render(helm, directory, setArguments(SkaffoldConfig.todo().release("todo"), builds));

        assertThat(images(manifests)).containsExactly("ghcr.io/you/todo-migrations:1234567",
                "ghcr.io/you/todo-migrations:1234567", "ghcr.io/you/todo:1234567");
    }

    @EveryHelm
    @DisplayName("Helm's --timeout from skaffold.yaml outlasts both rendered Jobs' deadlines and grace periods")
    void helmTimeoutCoversTheJobs(Helm helm, @TempDir Path directory) {
        Manifests manifests = render(helm, directory, setArguments(SkaffoldConfig.todo().release("todo"), localBuild()));
        long longestJob = 0;
        for (String name : List.of("todo-schemahook", "todo-schemahook-post")) {
            Map<String, Object> job = manifests.single("Job", name);
            long deadline = ((Number) map(job, "spec").get("activeDeadlineSeconds")).longValue();
            Object grace = map(job, "spec.template.spec").get("terminationGracePeriodSeconds");
            longestJob = Math.max(longestJob, deadline + (grace == null ? 30 : ((Number) grace).longValue()));
        }
        assertThat(longestJob).as("the post Job waits for the rollout too").isGreaterThan(5 * 60);

        long minimum = longestJob;
        SkaffoldConfig.todo().everyVariant().forEach((profile, config) -> {
            Map<String, Object> flags = map(config.root(), "deploy.helm.flags");
            for (String command : List.of("install", "upgrade")) {
                assertThat(helmTimeoutSeconds(list(flags, command))).as("profile %s, helm %s --timeout", profile, command)
                        .isGreaterThan(minimum);
            }
        });
        assertThat(helmTimeoutSeconds(List.of("--atomic"))).as("Helm's default").isEqualTo(300);
        assertThat(helmTimeoutSeconds(List.of("--timeout=1h2m3s"))).isEqualTo(3723);
    }

    /** The seconds of a --timeout flag, in Go's duration syntax as Helm reads it; 300, Helm's default, without one. */
    private static long helmTimeoutSeconds(List<?> flags) {
        for (int i = 0; i < flags.size(); i++) {
            String flag = String.valueOf(flags.get(i));
            String value = flag.equals("--timeout") && i + 1 < flags.size() ? String.valueOf(flags.get(i + 1))
                    : flag.startsWith("--timeout=") ? flag.substring("--timeout=".length()) : null;
            if (value != null) {
                Matcher part = GO_DURATION_PART.matcher(value);
                long seconds = 0;
                int end = 0;
                while (part.find() && part.start() == end) {
                    long amount = Long.parseLong(part.group(1));
                    seconds += switch (part.group(2)) {
                        case "h" -> amount * 3600;
                        case "m" -> amount * 60;
                        default -> amount;
                    };
                    end = part.end();
                }
                assertThat(end).as("--timeout %s in whole hours, minutes and seconds", value).isEqualTo(value.length());
                return seconds;
            }
        }
        return 300;
    }

    /** skaffold dev on a local cluster: nothing pushed, every image tagged with its image ID. */
    private static List<Build> localBuild() {
        return List.of(new Build("schemahook", "schemahook:" + IMAGE_ID_RUNNER),
                new Build("todo-migrations", "todo-migrations:" + IMAGE_ID_MIGRATIONS),
                new Build("todo", "todo:" + IMAGE_ID_APP));
    }

    /** skaffold build -p release --default-repo: pushed, tag and digest. */
    private static List<Build> pushedBuild(String defaultRepo, String tag) {
        return List.of(new Build("schemahook", defaultRepo + "/schemahook:" + tag + "@sha256:" + "7".repeat(64)),
                new Build("todo-migrations", defaultRepo + "/todo-migrations:" + tag + "@" + DIGEST_MIGRATIONS),
                new Build("todo", defaultRepo + "/todo:" + tag + "@" + DIGEST_APP));
    }
}
