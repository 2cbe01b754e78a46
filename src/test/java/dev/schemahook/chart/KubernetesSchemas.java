package dev.schemahook.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import com.networknt.schema.ValidationMessage;

/**
 * The Kubernetes 1.32 "standalone-strict" JSON schemas (kubeconform's layout), found in the shared schemas
 * folder beside the repository ({@code ../shared/schemas}) or at -Dschemahook.schemas.dir.
 */
final class KubernetesSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Draft 4, plus the Kubernetes extension keywords, which describe merging and do not constrain a manifest. */
    private static final JsonMetaSchema META_SCHEMA = JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(Stream.of("group-version-kind", "list-map-keys", "list-type", "map-type", "patch-merge-key",
                            "patch-strategy", "unions", "int-or-string", "preserve-unknown-fields", "embedded-resource")
                    .map(name -> new NonValidationKeyword("x-kubernetes-" + name)).collect(Collectors.toList()))
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(META_SCHEMA).defaultMetaSchemaIri(META_SCHEMA.getIri()));
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private KubernetesSchemas() {
    }

    static Path directory() {
        String configured = System.getProperty("schemahook.schemas.dir");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Helm.repository().resolve("../shared/schemas").normalize();
        Path directory = root.resolve("kubernetes/v1.32.0-standalone-strict");
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("Kubernetes schemas not found at " + directory
                    + ": check out the shared schemas beside the repository or set -Dschemahook.schemas.dir");
        }
        return directory;
    }

    /** kubeconform's file name: {@code <kind>-<group>-<version>.json}, the core group left out. */
    static String fileName(Map<String, Object> manifest) {
        String kind = String.valueOf(manifest.get("kind")).toLowerCase(Locale.ROOT);
        String apiVersion = String.valueOf(manifest.get("apiVersion")).toLowerCase(Locale.ROOT);
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash).split("\\.")[0];
        String version = apiVersion.substring(slash + 1);
        return group.isEmpty() ? kind + "-" + version + ".json" : kind + "-" + group + "-" + version + ".json";
    }

    /** The problems of one manifest, empty when it is valid. */
    static List<String> problems(Map<String, Object> manifest) {
        String file = fileName(manifest);
        JsonSchema schema = CACHE.computeIfAbsent(file, KubernetesSchemas::load);
        Set<ValidationMessage> messages = schema.validate(JSON.valueToTree(manifest));
        return messages.stream()
                .map(message -> manifest.get("kind") + " " + Manifests.name(manifest) + ": " + message.getMessage())
                .sorted().collect(Collectors.toList());
    }

    private static JsonSchema load(String file) {
        Path path = directory().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no Kubernetes schema " + file + " in " + directory()
                    + ": the chart renders a kind the shared schemas lack");
        }
        try {
            JsonNode node = JSON.readTree(path.toFile());
            // "http://json-schema.org/schema#" names no draft the validator knows; the schemas are draft 4.
            ((ObjectNode) node).remove("$schema");
            return FACTORY.getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
