package dev.schemahook.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/** The documents helm template printed, as maps, with lookups for the few paths the tests read. */
final class Manifests {

    private Manifests() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static Map<String, Object> single(List<Map<String, Object>> manifests, String kind, String name) {
        List<Map<String, Object>> found = manifests.stream()
                .filter(manifest -> kind.equals(manifest.get("kind")) && name.equals(get(manifest, "metadata.name")))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The value at a dotted path of maps, e.g. {@code spec.template.spec}. */
    @SuppressWarnings("unchecked")
    static <T> T get(Map<String, Object> map, String path) {
        Object current = map;
        for (String key : path.split("\\.")) {
            current = current instanceof Map<?, ?> nested ? nested.get(key) : null;
        }
        return (T) current;
    }

    /** A container's env as name -> value, or name -> secret:NAME/KEY for a secretKeyRef. */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> variables = Objects.requireNonNullElse(get(container, "env"), List.of());
        for (Map<String, Object> variable : variables) {
            Map<String, Object> secret = get(variable, "valueFrom.secretKeyRef");
            env.put((String) variable.get("name"), secret != null
                    ? "secret:" + secret.get("name") + "/" + secret.get("key")
                    : String.valueOf(variable.get("value")));
        }
        return env;
    }
}
