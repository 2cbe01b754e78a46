package dev.schemahook.examples;

import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemahook.testing.Helm;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Every command of the todo example's README, parsed and checked against what it names: files, Skaffold
 * subcommands, profiles and flags, Helm releases, charts and values, the Job, the Service port and the database's
 * claim as the charts render them. Fenced shell blocks must hold only commands this test knows; inline code that
 * starts with skaffold, helm, kubectl or docker is checked the same way.
 */
@DisplayName("The todo example's README commands")
class TodoReadmeCommandsTest {

    private static final Path README = ExampleFiles.TODO.resolve("README.md");
    private static final Pattern FENCE = Pattern.compile("```shell\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("(?<!`)`((?:skaffold|helm|kubectl|docker) [^`]+)`(?!`)");
    private static final Set<String> SKAFFOLD_COMMANDS = Set.of("dev", "run", "build", "delete", "deploy", "diagnose", "render");
    /** Skaffold flags the README may use, with whether each takes a value. */
    private static final Map<String, Boolean> SKAFFOLD_FLAGS = Map.of("-p", true, "--profile", true,
            "--default-repo", true, "-q", false, "--quiet", false, "--port-forward", false, "--tail", false);

    private static Manifests application;
    private static Manifests database;

    @BeforeAll
    static void renderTheCharts(@TempDir Path directory) {
        Helm helm = Helm.of(Helm.Release.HELM_3);
        Path example = ExampleFiles.copyOfExample(directory);
        helm.dependencyBuild(example.resolve("chart")).assertSuccess();
        application = helm.runIn(example, "template", "todo", "chart").manifests();
        database = helm.runIn(example, "template", "todo-postgres", "dev-postgres").manifests();
    }

    /** The commands of the fenced shell blocks, continuation lines joined, here-document bodies left out. */
    static List<String> fencedCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        Matcher fence = FENCE.matcher(markdown);
        while (fence.find()) {
            String hereDocumentEnd = null;
            StringBuilder pending = new StringBuilder();
            for (String line : fence.group(1).split("\\n")) {
                if (hereDocumentEnd != null) {
                    if (line.strip().equals(hereDocumentEnd)) {
                        hereDocumentEnd = null;
                    }
                    continue;
                }
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1);
                    continue;
                }
                String command = (pending + line).strip();
                pending.setLength(0);
                Matcher hereDocument = Pattern.compile("<<-?'?(\\w+)'?").matcher(command);
                if (hereDocument.find()) {
                    hereDocumentEnd = hereDocument.group(1);
                }
                commands.add(command);
            }
        }
        return commands;
    }

    static List<String> inlineCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        Matcher inline = INLINE.matcher(markdown);
        while (inline.find()) {
            commands.add(inline.group(1));
        }
        return commands;
    }

    /** Words of a command, quotes removed; a quoted word keeps its spaces. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
        }
        return words;
    }

    /** The problems of one command; strict for fenced ones (unknown commands are problems). */
    @SuppressWarnings("unchecked")
    static List<String> problems(String command, boolean fenced) {
        List<String> problems = new ArrayList<>();
        List<String> words = words(command);
        String tool = words.get(0);
        switch (tool) {
            case "cd" -> {
                if (!Files.isDirectory(ExampleFiles.REPOSITORY.resolve(words.get(1)))) {
                    problems.add(command + ": no folder " + words.get(1) + " in the repository");
                }
            }
            case "../../mvnw" -> {
                exists(problems, command, words.get(0));
                exists(problems, command, words.get(words.indexOf("-f") + 1));
            }
            case "skaffold" -> skaffold(problems, command, words);
            case "helm" -> helm(problems, command, words, fenced);
            case "kubectl" -> kubectl(problems, command, words);
            case "docker" -> docker(problems, command, words);
            case "curl" -> {
                String url = words.get(words.size() - 1);
                Matcher target = Pattern.compile("localhost:(\\d+)(/\\S*)").matcher(url);
                if (!target.matches()) {
                    problems.add(command + ": not a URL of the forwarded application");
                    break;
                }
                Object forwarded = ((List<Map<String, Object>>) SkaffoldConfig.todo().profile("dev").get("portForward"))
                        .get(0).get("localPort");
                if (!String.valueOf(forwarded).equals(target.group(1))) {
                    problems.add(command + ": port " + target.group(1) + " is not the forwarded " + forwarded);
                }
                String path = target.group(2).replaceAll("/\\d+/", "/{id}/");
                String source = read(ExampleFiles.TODO.resolve("src/TodoApp.java"));
                if (!source.contains(path.replace("{id}", "")) && !source.contains(path)) {
                    problems.add(command + ": TodoApp serves no " + path);
                }
            }
            case "cat" -> {
                Path written = ExampleFiles.TODO.resolve(words.get(words.indexOf(">") + 1));
                if (!Files.isDirectory(written.getParent())) {
                    problems.add(command + ": no folder " + written.getParent());
                }
                if (Files.exists(written)) {
                    problems.add(command + ": " + written.getFileName() + " exists already; the README adds it");
                }
            }
            case "java" -> {
                String jar = words.get(words.indexOf("-jar") + 1);
                if (!jar.startsWith("../../target/")) {
                    exists(problems, command, jar);
                }
                String locations = words.get(words.indexOf("--locations") + 1).replaceFirst("^filesystem:", "");
                exists(problems, command, locations);
            }
            default -> {
                if (fenced) {
                    problems.add(command + ": a command this test does not know; teach it what to check");
                }
            }
        }
        return problems;
    }

    private static void skaffold(List<String> problems, String command, List<String> words) {
        if (words.size() < 2 || !SKAFFOLD_COMMANDS.contains(words.get(1))) {
            problems.add(command + ": no Skaffold command " + (words.size() < 2 ? "" : words.get(1)));
            return;
        }
        List<String> profiles = SkaffoldConfig.todo().profileNames();
        for (int i = 2; i < words.size(); i++) {
            String word = words.get(i);
            String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!SKAFFOLD_FLAGS.containsKey(flag)) {
                problems.add(command + ": a flag this test does not know: " + flag);
                continue;
            }
            if (!SKAFFOLD_FLAGS.get(flag)) {
                continue;
            }
            String value = word.contains("=") ? word.substring(word.indexOf('=') + 1) : words.get(++i);
            if ((flag.equals("-p") || flag.equals("--profile")) && !profiles.contains(value)) {
                problems.add(command + ": no profile " + value + " in skaffold.yaml " + profiles);
            }
            if (flag.equals("--default-repo") && !value.equals(value.toLowerCase())) {
                problems.add(command + ": image references are lower case: " + value);
            }
        }
    }

    private static void helm(List<String> problems, String command, List<String> words, boolean fenced) {
        List<Object> releases = SkaffoldConfig.todo().releases().stream().map(release -> release.get("name")).toList();
        String subcommand = words.size() > 1 ? words.get(1) : "";
        int releaseAt = subcommand.equals("get") ? 3 : 2;
        if (!Set.of("history", "rollback", "upgrade", "uninstall", "get", "list").contains(subcommand)) {
            problems.add(command + ": a Helm command this test does not know: " + subcommand);
            return;
        }
        if (words.size() > releaseAt && !words.get(releaseAt).startsWith("-") && !releases.contains(words.get(releaseAt))) {
            problems.add(command + ": no release " + words.get(releaseAt) + " in skaffold.yaml " + releases);
        }
        if (subcommand.equals("rollback") && words.size() > 3 && !words.get(3).matches("\\d+|<[^>]+>")) {
            problems.add(command + ": not a revision: " + words.get(3));
        }
        if (!subcommand.equals("upgrade") || words.size() < 4) {
            return;
        }
        exists(problems, command, words.get(3) + "/Chart.yaml");
        if (fenced && !words.contains("--reuse-values")) {
            problems.add(command + ": without --reuse-values the upgrade falls back to the chart's placeholder images");
        }
        Map<String, Object> values = new Yaml().load(read(ExampleFiles.TODO.resolve(words.get(3)).resolve("values.yaml")));
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--set")) {
                String key = words.get(i + 1).substring(0, words.get(i + 1).indexOf('='));
                if (Manifests.at(values, key) == null) {
                    problems.add(command + ": no value " + key + " in " + words.get(3) + "/values.yaml");
                }
            }
        }
    }

    private static void kubectl(List<String> problems, String command, List<String> words) {
        String verb = words.get(1);
        if (words.size() > 2 && words.get(2).startsWith("job/")) {
            String job = words.get(2).substring("job/".length());
            if (application.ofKind("Job").stream().noneMatch(j -> job.equals(Manifests.name(j)))) {
                problems.add(command + ": the application chart renders no Job " + job);
            }
            return;
        }
        if (words.size() > 2 && words.get(2).equals("pvc")) {
            Map<String, Object> statefulSet = database.single("StatefulSet", "todo-postgres");
            List<Map<String, Object>> claims = list(statefulSet, "spec.volumeClaimTemplates");
            String claim = map(claims.get(0), "metadata").get("name") + "-" + Manifests.name(statefulSet) + "-0";
            if (words.size() > 3 && !words.get(3).equals(claim)) {
                problems.add(command + ": the database's claim is " + claim + ", not " + words.get(3));
            }
            return;
        }
        if (!Set.of("get", "logs", "delete").contains(verb)) {
            problems.add(command + ": a kubectl command this test does not know");
        }
    }

    private static void docker(List<String> problems, String command, List<String> words) {
        if (!words.get(1).equals("build")) {
            problems.add(command + ": a Docker command this test does not know");
            return;
        }
        String file = words.get(words.indexOf("-f") + 1);
        exists(problems, command, file);
        DockerfileContractTest.Dockerfile dockerfile;
        try {
            dockerfile = DockerfileContractTest.Dockerfile.read(ExampleFiles.TODO.resolve(file));
        } catch (IOException e) {
            problems.add(command + ": " + e);
            return;
        }
        List<String> given = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--build-arg")) {
                String name = words.get(i + 1).split("=", 2)[0];
                given.add(name);
                if (dockerfile.argDefault(name) == null) {
                    problems.add(command + ": " + file + " declares no ARG " + name);
                }
            }
        }
        dockerfile.globalArgs().forEach((name, defaultValue) -> {
            if (defaultValue.isEmpty() && !given.contains(name)) {
                problems.add(command + ": " + file + " needs --build-arg " + name + ", which has no default");
            }
        });
        String image = words.get(words.indexOf("-t") + 1).split(":")[0];
        if (SkaffoldConfig.todo().artifacts().stream().noneMatch(artifact -> image.equals(artifact.get("image")))) {
            problems.add(command + ": no artifact " + image + " in skaffold.yaml");
        }
        if (!words.get(words.size() - 1).equals(".")) {
            problems.add(command + ": the build context is the example's folder, .");
        }
    }

    private static void exists(List<String> problems, String command, String path) {
        if (!Files.exists(ExampleFiles.TODO.resolve(path))) {
            problems.add(command + ": " + path + " does not exist (from examples/todo)");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("names only files, profiles, flags, releases, values and resources that exist")
    void namesOnlyWhatExists() {
        String markdown = read(README);
        List<String> fenced = fencedCommands(markdown);
        List<String> inline = inlineCommands(markdown);
        List<String> problems = new ArrayList<>();
        fenced.forEach(command -> problems.addAll(problems(command, true)));
        inline.forEach(command -> problems.addAll(problems(command, false)));

        assertThat(problems).isEmpty();
        // The story's steps are all there, so the checks above had them to check.
        assertThat(fenced).contains("skaffold dev", "skaffold delete", "kubectl delete pvc data-todo-postgres-0",
                "helm history todo", "skaffold build -p release --default-repo ghcr.io/your-org");
        assertThat(fenced).anySatisfy(command -> assertThat(command).startsWith("docker build -f migrations.Dockerfile"));
        assertThat(fenced).anySatisfy(command -> assertThat(command).startsWith("helm upgrade todo chart --reuse-values"));
        assertThat(fenced).anySatisfy(command -> assertThat(command).startsWith("cat > migrations/V4__"));
        assertThat(inline).contains("skaffold run -p dev", "helm rollback todo 2");
    }

    @Test
    @DisplayName("finds the mistakes the checks are for")
    void findsMistakes() {
        assertThat(problems("skaffold run -p staging", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("no profile staging"));
        assertThat(problems("skaffold dev --cleanup=false", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("does not know: --cleanup"));
        assertThat(problems("skaffold build -p release --default-repo ghcr.io/YourOrg", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("lower case"));
        assertThat(problems("helm upgrade todo chart --set schemahook.image.tag=2", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("--reuse-values"));
        assertThat(problems("helm upgrade todo chart --reuse-values --set image.tags=2", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("no value image.tags"));
        assertThat(problems("helm rollback todo-app 1", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("no release todo-app"));
        assertThat(problems("kubectl logs job/todo-migrate", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("no Job todo-migrate"));
        assertThat(problems("kubectl delete pvc data-todo-postgres", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("data-todo-postgres-0"));
        assertThat(problems("docker build -f migrations.Dockerfile -t todo-migrations:1 .", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("needs --build-arg SCHEMAHOOK_IMAGE"));
        assertThat(problems("curl localhost:8081/todos", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("not the forwarded 8080"));
        assertThat(problems("make run", true)).singleElement()
                .satisfies(problem -> assertThat(problem).contains("does not know"));
        assertThat(fencedCommands("```shell\ncat > a.sql <<'SQL'\nSELECT 1;\nSQL\nhelm history \\\n  todo\n```\n"))
                .containsExactly("cat > a.sql <<'SQL'", "helm history   todo");
        assertThat(Arrays.asList(words("curl --data 'buy milk' localhost:8080/todos").toArray()))
                .containsExactly("curl", "--data", "buy milk", "localhost:8080/todos");
    }
}
