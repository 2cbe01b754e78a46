package dev.schemahook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;

/**
 * Offline validation against the shared schemas, found beside the repository ({@code ../shared/schemas}) or at
 * -Dschemahook.schemas.dir: Kubernetes 1.32 "standalone-strict" (kubeconform's layout) and skaffold.yaml.
 */
public final class JsonSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Draft 4, plus the Kubernetes extension keywords, which describe merging and do not constrain a manifest. */
    private static final JsonMetaSchema KUBERNETES_META_SCHEMA = JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(Stream.of("group-version-kind", "list-map-keys", "list-type", "map-type", "patch-merge-key",
                            "patch-strategy", "unions", "int-or-string", "preserve-unknown-fields", "embedded-resource")
                    .map(name -> new NonValidationKeyword("x-kubernetes-" + name)).collect(Collectors.toList()))
            .build();
    private static final JsonSchemaFactory KUBERNETES = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(KUBERNETES_META_SCHEMA).defaultMetaSchemaIri(KUBERNETES_META_SCHEMA.getIri()));
    /** Skaffold's schemas carry keywords of their own (x-intellij-html-description, preferredOrder). */
    private static final JsonSchemaFactory SKAFFOLD = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keywords(Stream.of("x-intellij-html-description", "x-intellij-enum-metadata", "preferredOrder")
                            .map(NonValidationKeyword::new).collect(Collectors.toList()))
                    .build()));
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The shared schemas folder. */
    public static Path directory() {
        String configured = System.getProperty("schemahook.schemas.dir");
        Path directory = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Helm.repository().resolve("../shared/schemas").normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("schemas not found at " + directory
                    + ": check out the shared schemas beside the repository or set -Dschemahook.schemas.dir");
        }
        return directory;
    }

    /** The problems Kubernetes 1.32 would find in every document, empty when all are valid. */
    public static List<String> kubernetesProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        manifests.all().forEach(manifest -> problems.addAll(kubernetesProblems(manifest)));
        return problems;
    }

    /** The problems Kubernetes 1.32 would find in one manifest, empty when it is valid. */
    public static List<String> kubernetesProblems(Map<String, Object> manifest) {
        String file = kubernetesFileName(manifest);
        JsonSchema schema = CACHE.computeIfAbsent("kubernetes/" + file, key -> {
            Path path = directory().resolve("kubernetes/v1.32.0-standalone-strict").resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new AssertionError("no Kubernetes schema " + file + " in " + path.getParent()
                        + ": the chart renders a kind the shared schemas lack");
            }
            return KUBERNETES.getSchema(withoutSchemaKeyword(path));
        });
        return schema.validate(JSON.valueToTree(manifest)).stream()
                .map(message -> manifest.get("kind") + " " + Manifests.name(manifest) + ": " + message.getMessage())
                .sorted().collect(Collectors.toList());
    }

    /** The problems Skaffold would find in a skaffold.yaml of the given API version ({@code v4beta13}). */
    public static List<String> skaffoldProblems(Object config, String version) {
        JsonSchema schema = CACHE.computeIfAbsent("skaffold/" + version, key -> {
            Path path = directory().resolve("skaffold").resolve(version + ".json");
            if (!Files.isRegularFile(path)) {
                throw new AssertionError("no Skaffold schema " + path);
            }
            return SKAFFOLD.getSchema(withoutSchemaKeyword(path));
        });
        return schema.validate(JSON.valueToTree(config)).stream()
                .map(message -> message.getMessage()).sorted().collect(Collectors.toList());
    }

    /** kubeconform's file name: {@code <kind>-<group>-<version>.json}, the core group left out. */
    static String kubernetesFileName(Map<String, Object> manifest) {
        String kind = String.valueOf(manifest.get("kind")).toLowerCase(Locale.ROOT);
        String apiVersion = String.valueOf(manifest.get("apiVersion")).toLowerCase(Locale.ROOT);
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash).split("\\.")[0];
        String version = apiVersion.substring(slash + 1);
        return group.isEmpty() ? kind + "-" + version + ".json" : kind + "-" + group + "-" + version + ".json";
    }

    private static JsonNode withoutSchemaKeyword(Path path) {
        try {
            JsonNode node = JSON.readTree(path.toFile());
            // The files name their draft by URLs the validator would fetch or not know; the factory sets the draft.
            ((ObjectNode) node).remove("$schema");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
