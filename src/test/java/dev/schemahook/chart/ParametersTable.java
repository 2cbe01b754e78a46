package dev.schemahook.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * Generates the parameters table of chart/README.md from the {@code ## @section} and {@code ## @param} comments
 * of chart/values.yaml (the readme-generator-for-helm format), and rewrites the README between
 * {@code <!-- parameters:start -->} and {@code <!-- parameters:end -->} when run:
 * {@code ./mvnw -q test-compile exec:java -Dexec.mainClass=dev.schemahook.chart.ParametersTable -Dexec.classpathScope=test}
 */
public final class ParametersTable {

    static final String START = "<!-- parameters:start -->";
    static final String END = "<!-- parameters:end -->";

    private static final Pattern SECTION = Pattern.compile("^\\s*## @section (.+)$");
    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code @param}: the dotted key, its description and its section. */
    record Parameter(String key, String description, String section) {
    }

    private final List<Parameter> parameters;
    private final Map<String, Object> values;

    private ParametersTable(List<Parameter> parameters, Map<String, Object> values) {
        this.parameters = parameters;
        this.values = values;
    }

    static ParametersTable read(Path valuesFile) throws IOException {
        String text = Files.readString(valuesFile, StandardCharsets.UTF_8);
        List<Parameter> parameters = new ArrayList<>();
        String section = null;
        for (String line : text.split("\n")) {
            Matcher sectionMatch = SECTION.matcher(line);
            Matcher paramMatch = PARAM.matcher(line);
            if (sectionMatch.matches()) {
                section = sectionMatch.group(1).trim();
            } else if (paramMatch.matches()) {
                if (section == null) {
                    throw new IllegalStateException("@param " + paramMatch.group(1) + " comes before any @section");
                }
                parameters.add(new Parameter(paramMatch.group(1), paramMatch.group(2).trim(), section));
            }
        }
        Map<String, Object> values = new Yaml().load(text);
        return new ParametersTable(parameters, values);
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** Whether values.yaml has the dotted key (with a null value counting as present). */
    boolean hasKey(String key) {
        Object node = values;
        for (String part : key.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = map.get(part);
        }
        return true;
    }

    private Object valueOf(String key) {
        Object node = values;
        for (String part : key.split("\\.")) {
            node = ((Map<?, ?>) node).get(part);
        }
        return node;
    }

    /**
     * The keys of values.yaml that no @param documents: every leaf (a scalar, an empty map or list) must be
     * documented itself or by a @param on one of its parents.
     */
    List<String> undocumentedKeys() {
        TreeSet<String> documented = new TreeSet<>();
        parameters.forEach(parameter -> documented.add(parameter.key()));
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(values, "", documented, undocumented);
        return undocumented;
    }

    private static void collectUndocumented(Object node, String prefix, TreeSet<String> documented, List<String> out) {
        if (!prefix.isEmpty() && documented.contains(prefix)) {
            return;
        }
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = prefix.isEmpty() ? entry.getKey().toString() : prefix + "." + entry.getKey();
                collectUndocumented(entry.getValue(), key, documented, out);
            }
        } else {
            out.add(prefix);
        }
    }

    /** The Markdown tables, one per section, in the order of values.yaml. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        String section = null;
        for (Parameter parameter : parameters) {
            if (!parameter.section().equals(section)) {
                section = parameter.section();
                out.append(out.length() == 0 ? "" : "\n")
                        .append("### ").append(section).append("\n\n")
                        .append("| Name | Description | Value |\n")
                        .append("| ---- | ----------- | ----- |\n");
            }
            out.append("| `").append(parameter.key()).append("` | ")
                    .append(escape(parameter.description())).append(" | ")
                    .append(escape(render(valueOf(parameter.key())))).append(" |\n");
        }
        return out.toString();
    }

    private static String render(Object value) {
        if (value == null) {
            return "`nil`";
        }
        if (value instanceof String text) {
            return text.isEmpty() ? "`\"\"`" : "`" + text + "`";
        }
        try {
            return "`" + JSON.writeValueAsString(value) + "`";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    /** The README with the generated table between the markers. */
    static String rewrite(String readme, String table) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("README lacks the markers " + START + " and " + END);
        }
        return readme.substring(0, start + START.length()) + "\n\n" + table + "\n" + readme.substring(end);
    }

    public static void main(String[] args) throws IOException {
        Path chart = args.length > 0 ? Path.of(args[0]) : Path.of("chart");
        ParametersTable table = read(chart.resolve("values.yaml"));
        Path readme = chart.resolve("README.md");
        String current = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = rewrite(current, table.markdown());
        if (!updated.equals(current)) {
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
            System.out.println("Updated the parameters table in " + readme);
        } else {
            System.out.println("The parameters table in " + readme + " is up to date");
        }
    }
}
