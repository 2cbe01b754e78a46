package dev.schemahook.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * A skaffold.yaml as Skaffold reads it: the base configuration, or the configuration with one profile's JSON
 * patches applied in order (RFC 6902 add, replace, remove, as pkg/skaffold/schema/profiles.go applies
 * {@code profiles[].patches}), and the rules the todo example's README relies on, each returning the problems
 * it finds so that a test can also show that it finds them.
 */
record SkaffoldConfig(Path directory, Map<String, Object> root) {

    /**
     * Dockerfile syntax that only BuildKit accepts: RUN's --mount, --network and --security, COPY's and ADD's
     * --chmod, --link and --parents, ADD --checksum and --keep-git-dir, and here-documents.
     */
    private static final Pattern BUILDKIT_SYNTAX = Pattern.compile(
            "^(?:RUN\\s+(?:--\\S+\\s+)*--(?:mount|network|security)\\b"
                    + "|(?:COPY|ADD)\\s+(?:--\\S+\\s+)*--(?:chmod|link|parents)\\b"
                    + "|ADD\\s+(?:--\\S+\\s+)*--(?:checksum|keep-git-dir)\\b"
                    + "|(?:RUN|COPY)\\s+.*<<-?[\"']?\\w+)",
            Pattern.CASE_INSENSITIVE);

    static SkaffoldConfig read(Path file) {
        try {
            return new SkaffoldConfig(file.getParent(), new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The todo example's skaffold.yaml. */
    static SkaffoldConfig todo() {
        return read(ExampleFiles.TODO.resolve("skaffold.yaml"));
    }

    List<String> profileNames() {
        return profiles().stream().map(profile -> (String) profile.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> profiles() {
        Object profiles = root.get("profiles");
        return profiles == null ? List.of() : (List<Map<String, Object>>) profiles;
    }

    Map<String, Object> profile(String name) {
        return profiles().stream().filter(profile -> name.equals(profile.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no profile " + name + " in " + profileNames()));
    }

    /**
     * This configuration with the profile's patches applied; the profile list itself is left out. Like Skaffold,
     * each patch must first apply on its own to the configuration before the profile (tryPatch), then all apply
     * in order; a patch that fails either way fails here as Skaffold's "invalid path".
     */
    @SuppressWarnings("unchecked")
    SkaffoldConfig withProfile(String name) {
        Map<String, Object> before = copyWithoutProfiles();
        Object patched = copy(before);
        Object patches = profile(name).get("patches");
        for (Map<String, Object> patch : patches == null ? List.<Map<String, Object>>of()
                : (List<Map<String, Object>>) patches) {
            try {
                apply(copy(before), patch);
            } catch (AssertionError e) {
                throw new AssertionError("profile " + name + ": invalid path: " + patch.get("path")
                        + " (Skaffold tries every patch alone on the configuration before the profile: " + e.getMessage() + ")", e);
            }
            patched = apply(patched, patch);
        }
        return new SkaffoldConfig(directory, (Map<String, Object>) patched);
    }

    /** The base configuration and the configuration of every profile, by name ("base" for none). */
    Map<String, SkaffoldConfig> everyVariant() {
        Map<String, SkaffoldConfig> variants = new LinkedHashMap<>();
        SkaffoldConfig base = new SkaffoldConfig(directory, copyWithoutProfiles());
        variants.put("base", base);
        for (String name : profileNames()) {
            variants.put(name, withProfile(name));
        }
        return variants;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> copyWithoutProfiles() {
        Map<String, Object> copy = (Map<String, Object>) copy(root);
        copy.remove("profiles");
        return copy;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> artifacts() {
        return (List<Map<String, Object>>) ((Map<String, Object>) root.get("build")).get("artifacts");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> releases() {
        Map<String, Object> deploy = (Map<String, Object>) root.get("deploy");
        Map<String, Object> helm = deploy == null ? null : (Map<String, Object>) deploy.get("helm");
        return helm == null ? List.of() : (List<Map<String, Object>>) helm.get("releases");
    }

    Map<String, Object> release(String name) {
        return releases().stream().filter(release -> name.equals(release.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Helm release " + name));
    }

    /** build.local.useBuildkit, false when unset (Skaffold's default: the Docker Engine API, classic builder). */
    @SuppressWarnings("unchecked")
    boolean usesBuildkit() {
        Map<String, Object> build = (Map<String, Object>) root.get("build");
        Map<String, Object> local = build == null ? null : (Map<String, Object>) build.get("local");
        return local != null && Boolean.TRUE.equals(local.get("useBuildkit"));
    }

    @SuppressWarnings("unchecked")
    Path dockerfile(Map<String, Object> artifact) {
        Map<String, Object> docker = (Map<String, Object>) artifact.get("docker");
        String dockerfile = docker == null ? "Dockerfile" : (String) docker.getOrDefault("dockerfile", "Dockerfile");
        return directory.resolve((String) artifact.getOrDefault("context", ".")).resolve(dockerfile).normalize();
    }

    /** The instructions of a Dockerfile that only BuildKit accepts, as written. */
    static List<String> buildkitOnlyInstructions(Path dockerfile) {
        try {
            List<String> found = new ArrayList<>();
            for (List<DockerfileContractTest.Dockerfile.Instruction> stage
                    : DockerfileContractTest.Dockerfile.read(dockerfile).stages()) {
                for (DockerfileContractTest.Dockerfile.Instruction instruction : stage) {
                    String text = instruction.keyword() + " " + instruction.arguments();
                    if (BUILDKIT_SYNTAX.matcher(text).find()) {
                        found.add(text);
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every artifact whose Dockerfile needs BuildKit must be built with build.local.useBuildkit: true. */
    List<String> buildkitProblems() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> artifact : artifacts()) {
            Path dockerfile = dockerfile(artifact);
            List<String> buildkitOnly = buildkitOnlyInstructions(dockerfile);
            if (!buildkitOnly.isEmpty() && !usesBuildkit()) {
                problems.add(artifact.get("image") + ": " + directory.relativize(dockerfile)
                        + " needs BuildKit (" + buildkitOnly.get(0) + ") but build.local.useBuildkit is not true");
            }
        }
        return problems;
    }

    /**
     * Every alias of a required artifact must be an ARG without default in the Dockerfile that requires it, used
     * in a FROM: Skaffold resolves a default's image before the first build (pkg/skaffold/docker/parse.go).
     */
    @SuppressWarnings("unchecked")
    List<String> requiresAliasProblems() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> artifact : artifacts()) {
            Object requires = artifact.get("requires");
            if (requires == null) {
                continue;
            }
            Path dockerfile = dockerfile(artifact);
            DockerfileContractTest.Dockerfile parsed;
            try {
                parsed = DockerfileContractTest.Dockerfile.read(dockerfile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> declared = new ArrayList<>();
            List<String> froms = new ArrayList<>();
            for (List<DockerfileContractTest.Dockerfile.Instruction> stage : parsed.stages()) {
                froms.add(stage.get(0).arguments());
            }
            try {
                for (String line : Files.readAllLines(dockerfile)) {
                    String stripped = line.strip();
                    if (stripped.regionMatches(true, 0, "ARG ", 0, 4)) {
                        declared.add(stripped.substring(4).strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Map<String, Object> dependency : (List<Map<String, Object>>) requires) {
                String alias = (String) dependency.get("alias");
                if (alias == null) {
                    continue;
                }
                String where = artifact.get("image") + " (" + directory.relativize(dockerfile) + ")";
                List<String> declarations = declared.stream()
                        .filter(arg -> arg.equals(alias) || arg.startsWith(alias + "=")).toList();
                if (declarations.isEmpty()) {
                    problems.add(where + ": no ARG " + alias + " for the required artifact " + dependency.get("image"));
                } else if (declarations.stream().anyMatch(arg -> arg.contains("="))) {
                    problems.add(where + ": ARG " + alias + " has a default (" + declarations.get(0)
                            + "); Skaffold fetches that image before the required artifact is built");
                }
                if (froms.stream().noneMatch(from -> from.contains("${" + alias + "}") || from.contains("$" + alias))) {
                    problems.add(where + ": no FROM uses " + alias);
                }
            }
        }
        return problems;
    }

    /**
     * A profile patch that writes an object over an object that exists must keep every key of it: JSON Patch's
     * add and replace both overwrite the whole value (RFC 6902 4.1, 4.3), so {@code add /build/local} would drop
     * useBuildkit. build.tagPolicy is exempt, because it holds exactly one tagger and a profile picks another.
     */
    @SuppressWarnings("unchecked")
    List<String> patchProblems() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> profile : profiles()) {
            Object current = copyWithoutProfiles();
            Object patches = profile.get("patches");
            for (Map<String, Object> patch : patches == null ? List.<Map<String, Object>>of()
                    : (List<Map<String, Object>>) patches) {
                String op = (String) patch.get("op");
                String path = (String) patch.get("path");
                Object existing = find(current, path);
                if (("add".equals(op) || "replace".equals(op)) && existing instanceof Map<?, ?> before
                        && !path.equals("/build/tagPolicy")) {
                    Object value = patch.get("value");
                    List<Object> lost = new ArrayList<>(before.keySet());
                    if (value instanceof Map<?, ?> after) {
                        lost.removeAll(after.keySet());
                    }
                    if (!lost.isEmpty()) {
                        problems.add("profile " + profile.get("name") + ": " + op + " " + path + " drops " + lost
                                + "; patch " + path + "/<key> instead");
                    }
                }
                current = apply(current, patch);
            }
            try {
                withProfile((String) profile.get("name"));
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Every release named in a dependsOn exists in the same configuration. */
    @SuppressWarnings("unchecked")
    List<String> dependsOnProblems() {
        List<String> problems = new ArrayList<>();
        List<Object> names = releases().stream().map(release -> release.get("name")).toList();
        for (Map<String, Object> release : releases()) {
            Object dependsOn = release.get("dependsOn");
            for (Object name : dependsOn == null ? List.of() : (List<Object>) dependsOn) {
                if (!names.contains(name)) {
                    problems.add("release " + release.get("name") + " depends on " + name + ", which is not deployed");
                }
            }
        }
        return problems;
    }

    // JSON Patch on the maps and lists SnakeYAML returns.

    @SuppressWarnings("unchecked")
    static Object apply(Object document, Map<String, Object> patch) {
        String op = (String) patch.get("op");
        String path = (String) patch.get("path");
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            throw new AssertionError("a patch of the whole document: " + patch);
        }
        Object parent = find(document, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent == null) {
            throw new AssertionError("patch " + op + " " + path + ": the parent does not exist");
        }
        if (parent instanceof Map<?, ?> map) {
            Map<String, Object> members = (Map<String, Object>) map;
            switch (op) {
                case "add" -> members.put(last, copy(patch.get("value")));
                case "replace" -> {
                    if (!members.containsKey(last)) {
                        throw new AssertionError("patch replace " + path + ": nothing there to replace");
                    }
                    members.put(last, copy(patch.get("value")));
                }
                case "remove" -> {
                    if (members.remove(last) == null) {
                        throw new AssertionError("patch remove " + path + ": nothing there to remove");
                    }
                }
                default -> throw new AssertionError("patch op this test does not know: " + op);
            }
            return document;
        }
        List<Object> list = (List<Object>) parent;
        int index = last.equals("-") ? list.size() : Integer.parseInt(last);
        switch (op) {
            case "add" -> list.add(index, copy(patch.get("value")));
            case "replace" -> list.set(index, copy(patch.get("value")));
            case "remove" -> list.remove(index);
            default -> throw new AssertionError("patch op this test does not know: " + op);
        }
        return document;
    }

    static Object find(Object document, String path) {
        return find(document, tokens(path));
    }

    private static Object find(Object document, List<String> tokens) {
        Object node = document;
        for (String token : tokens) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(token);
            } else if (node instanceof List<?> list && token.matches("\\d+") && Integer.parseInt(token) < list.size()) {
                node = list.get(Integer.parseInt(token));
            } else {
                return null;
            }
        }
        return node;
    }

    private static List<String> tokens(String pointer) {
        if (!pointer.startsWith("/")) {
            throw new AssertionError("not a JSON pointer: " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, copy(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(value -> copy.add(copy(value)));
            return copy;
        }
        return node;
    }
}
