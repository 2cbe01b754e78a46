package dev.schemahook.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The documents of one {@code helm template} output, parsed with SnakeYAML, with lookups by kind and name and by
 * dotted paths of map keys.
 */
public final class Manifests {

    private final List<Map<String, Object>> documents;

    private Manifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    public static Manifests parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return new Manifests(documents);
    }

    public List<Map<String, Object>> all() {
        return documents;
    }

    public List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).collect(Collectors.toList());
    }

    /** The only document of that kind; fails when there is none or more than one. */
    public Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " but found " + found.size() + " in " + kinds());
        }
        return found.get(0);
    }

    /** The only document of that kind and name; fails when there is none or more than one. */
    public Map<String, Object> single(String kind, String name) {
        List<Map<String, Object>> found = ofKind(kind).stream()
                .filter(d -> name.equals(name(d))).collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + " but found " + found.size() + " in " + kinds());
        }
        return found.get(0);
    }

    public boolean has(String kind) {
        return !ofKind(kind).isEmpty();
    }

    public List<String> kinds() {
        return documents.stream().map(d -> String.valueOf(d.get("kind"))).collect(Collectors.toList());
    }

    /** The migration Job. */
    public Map<String, Object> job() {
        return single("Job");
    }

    /** The migration Job's pod spec. */
    public Map<String, Object> jobPodSpec() {
        return map(job(), "spec.template.spec");
    }

    /** The migration Job's only container. */
    public Map<String, Object> jobContainer() {
        List<Map<String, Object>> containers = list(jobPodSpec(), "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container but found " + containers.size());
        }
        return containers.get(0);
    }

    /** The migration container's environment as name → value (or "secret:name/key" for secret references). */
    public Map<String, String> jobEnv() {
        return env(jobContainer());
    }

    public static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> var : Manifests.<Map<String, Object>>list(container, "env")) {
            String name = (String) var.get("name");
            Object value = var.get("value");
            if (value == null && var.get("valueFrom") != null) {
                Map<String, Object> ref = map(var, "valueFrom.secretKeyRef");
                value = "secret:" + ref.get("name") + "/" + ref.get("key");
            }
            if (env.put(name, Objects.toString(value)) != null) {
                throw new AssertionError("environment variable " + name + " is set twice");
            }
        }
        return env;
    }

    /** Follows a dotted path of map keys, e.g. "metadata.annotations". */
    public static Object at(Map<String, Object> node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> node, String path) {
        Object found = at(node, path);
        return found == null ? Map.of() : (Map<String, Object>) found;
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> list(Map<String, Object> node, String path) {
        Object found = at(node, path);
        return found == null ? List.of() : (List<T>) found;
    }

    public static String string(Map<String, Object> node, String path) {
        Object found = at(node, path);
        return found == null ? null : found.toString();
    }

    public static Map<String, Object> annotations(Map<String, Object> resource) {
        return map(resource, "metadata.annotations");
    }

    public static Map<String, Object> labels(Map<String, Object> resource) {
        return map(resource, "metadata.labels");
    }

    public static String name(Map<String, Object> resource) {
        return string(resource, "metadata.name");
    }
}
