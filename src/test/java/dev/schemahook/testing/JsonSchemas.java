package dev.schemahook.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Offline validation against the schemas the repository carries in src/test/resources/schemas (read from the test
 * class path; their source and licence are in the README there): Kubernetes 1.32 "standalone-strict" (kubeconform's
 * layout), the Prometheus Operator's ServiceMonitor and PrometheusRule, and skaffold.yaml.
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
    /** The API group of the Prometheus Operator's custom resources (ServiceMonitor, PrometheusRule). */
    private static final String PROMETHEUS_OPERATOR_GROUP = "monitoring.coreos.com";
    /** Derived from TypeScript types, the CRD schemas use draft-07 keywords ({@code const}). */
    private static final JsonSchemaFactory PROMETHEUS_OPERATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The class-path folder of the schemas, inside the test resources. */
    private static final String RESOURCES = "/schemas/";

    /** The problems Kubernetes 1.32 would find in every document, empty when all are valid. */
    public static List<String> kubernetesProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        manifests.all().forEach(manifest -> problems.addAll(kubernetesProblems(manifest)));
        return problems;
    }

    /**
     * The problems Kubernetes 1.32 would find in one manifest, empty when it is valid; a resource of the Prometheus
     * Operator (monitoring.coreos.com) is checked against the strict schema of its CRD.
     */
    public static List<String> kubernetesProblems(Map<String, Object> manifest) {
        String file = kubernetesFileName(manifest);
        if (String.valueOf(manifest.get("apiVersion")).startsWith(PROMETHEUS_OPERATOR_GROUP + "/")) {
            return prometheusOperatorProblems(manifest, file);
        }
        JsonSchema schema = CACHE.computeIfAbsent("kubernetes/" + file, key -> {
            String resource = "kubernetes/v1.32.0-standalone-strict/" + file;
            return KUBERNETES.getSchema(withoutSchemaKeyword(resource, "no Kubernetes schema src/test/resources/schemas/"
                    + resource + ": a template renders a kind the repository has no schema for; add it as"
                    + " src/test/resources/schemas/README.md says"));
        });
        return schema.validate(JSON.valueToTree(manifest)).stream()
                .map(message -> manifest.get("kind") + " " + Manifests.name(manifest) + ": " + message.getMessage())
                .sorted().collect(Collectors.toList());
    }

    private static List<String> prometheusOperatorProblems(Map<String, Object> manifest, String file) {
        JsonSchema schema = CACHE.computeIfAbsent("prometheus-operator/" + file, key -> {
            String resource = "prometheus-operator/v1/" + file;
            return PROMETHEUS_OPERATOR.getSchema(withoutSchemaKeyword(resource, "no Prometheus Operator schema"
                    + " src/test/resources/schemas/" + resource + ": a template renders a kind the repository has no"
                    + " schema for; add it as src/test/resources/schemas/README.md says"));
        });
        return schema.validate(JSON.valueToTree(manifest)).stream()
                .map(message -> manifest.get("kind") + " " + Manifests.name(manifest) + ": " + message.getMessage())
                .sorted().collect(Collectors.toList());
    }

    /** The problems Skaffold would find in a skaffold.yaml of the given API version ({@code v4beta13}). */
    public static List<String> skaffoldProblems(Object config, String version) {
        JsonSchema schema = CACHE.computeIfAbsent("skaffold/" + version, key -> {
            String resource = "skaffold/" + version + ".json";
            return SKAFFOLD.getSchema(withoutSchemaKeyword(resource, "no Skaffold schema src/test/resources/schemas/"
                    + resource + ": add it as src/test/resources/schemas/README.md says"));
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

    private static JsonNode withoutSchemaKeyword(String resource, String whenMissing) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new AssertionError(whenMissing);
            }
            JsonNode node = JSON.readTree(in);
            // The files name their draft by URLs the validator would fetch or not know; the factory sets the draft.
            ((ObjectNode) node).remove("$schema");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
