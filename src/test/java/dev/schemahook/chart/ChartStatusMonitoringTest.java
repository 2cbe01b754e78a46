package dev.schemahook.chart;

import static dev.schemahook.testing.Manifests.labels;
import static dev.schemahook.testing.Manifests.list;
import static dev.schemahook.testing.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;
import dev.schemahook.testing.JsonSchemas;
import dev.schemahook.testing.Manifests;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The optional ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1), validated against the strict schemas of
 * the Prometheus Operator's CRDs the repository carries. No Prometheus runs here: the alert expressions are checked
 * for balanced brackets, known aggregations and metric names of the serve contract only.
 */
@DisplayName("With the status service's ServiceMonitor and PrometheusRule")
class ChartStatusMonitoringTest {

    /** The metric names `schemahook serve` exposes (the shared contract of serve). */
    static final Set<String> CONTRACT_METRICS = Set.of("schemahook_schema_version_info", "schemahook_migrations",
            "schemahook_drift_differences", "schemahook_drift_comparable", "schemahook_last_migration_age_seconds",
            "schemahook_database_up", "schemahook_refresh_errors_total", "schemahook_last_refresh_success_timestamp_seconds");

    /** The PromQL words the alerts may use besides metric names. */
    private static final Set<String> PROMQL_WORDS = Set.of("max", "min", "sum", "by");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\([^()]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static Manifests render(Helm helm, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--set";
        all[1] = "status.enabled=true";
        System.arraycopy(args, 0, all, 2, args.length);
        return helm.render(Helm.withDatabase(all));
    }

    /** The rules of the only group, as alert name → rule. */
    private static Map<String, Map<String, Object>> alerts(Manifests manifests) {
        List<Map<String, Object>> groups = list(manifests.single("PrometheusRule", "shop-schemahook-status"), "spec.groups");
        assertThat(groups).hasSize(1);
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Map<String, Object> rule : Manifests.<Map<String, Object>>list(groups.get(0), "rules")) {
            alerts.put((String) rule.get("alert"), rule);
        }
        return alerts;
    }

    /** The metric names an expression selects; fails on unbalanced brackets or a word no alert should use. */
    static List<String> metricNames(String expr) {
        Deque<Character> open = new ArrayDeque<>();
        String outsideStrings = STRING.matcher(expr).replaceAll("\"\"");
        for (char c : outsideStrings.toCharArray()) {
            if (c == '(' || c == '{') {
                open.push(c);
            } else if (c == ')' || c == '}') {
                assertThat(open).as("unbalanced %s in %s", c, expr).isNotEmpty();
                assertThat(open.pop()).as("mismatched %s in %s", c, expr).isEqualTo(c == ')' ? '(' : '{');
            }
        }
        assertThat(open).as("unclosed bracket in %s", expr).isEmpty();
        String words = GROUPING.matcher(LABEL_MATCHERS.matcher(outsideStrings).replaceAll(" ")).replaceAll(" by ");
        List<String> metrics = new ArrayList<>();
        Matcher identifier = IDENTIFIER.matcher(words);
        while (identifier.find()) {
            String word = identifier.group();
            if (!PROMQL_WORDS.contains(word)) {
                metrics.add(word);
            }
        }
        assertThat(expr).as("a comparison with a number").matches(".*\\)\\s*(>|==)\\s*[0-9]+$");
        return metrics;
    }

    @EveryHelm
    @DisplayName("renders neither unless asked, and each on its own switch")
    void rendersEachOnItsOwnSwitch(Helm helm) {
        assertThat(render(helm).kinds()).doesNotContain("ServiceMonitor", "PrometheusRule");
        assertThat(render(helm, "--set", "status.serviceMonitor.enabled=true").kinds())
                .contains("ServiceMonitor").doesNotContain("PrometheusRule");
        assertThat(render(helm, "--set", "status.prometheusRule.enabled=true").kinds())
                .contains("PrometheusRule").doesNotContain("ServiceMonitor");
    }

    @EveryHelm
    @DisplayName("scrapes /q/metrics on port http of the status Service with the configured interval and labels")
    void scrapesTheStatusService(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.serviceMonitor.enabled=true,status.serviceMonitor.interval=1m",
                "--set", "status.serviceMonitor.scrapeTimeout=10s,status.serviceMonitor.labels.release=kube-prometheus-stack");

        Map<String, Object> monitor = manifests.single("ServiceMonitor", "shop-schemahook-status");
        assertThat(labels(monitor)).containsEntry("release", "kube-prometheus-stack");
        assertThat(list(monitor, "spec.endpoints")).containsExactly(
                Map.of("port", "http", "path", "/q/metrics", "interval", "1m", "scrapeTimeout", "10s"));
        assertThat(map(monitor, "spec.selector.matchLabels"))
                .isEqualTo(map(manifests.single("Service", "shop-schemahook-status"), "spec.selector"));
        assertThat(labels(manifests.single("Service", "shop-schemahook-status")))
                .containsAllEntriesOf(map(monitor, "spec.selector.matchLabels"));
        assertThat(list(monitor, "spec.namespaceSelector.matchNames")).containsExactly("shop");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("alerts on a database behind the image, a failed migration, drift and an unreachable database")
    void alertsOnTheContractConditions(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.prometheusRule.enabled=true,status.prometheusRule.labels.release=prom",
                "--set", "status.prometheusRule.alerts.migrationFailed.for=0s,status.prometheusRule.alerts.drift.severity=ticket");

        Map<String, Map<String, Object>> alerts = alerts(manifests);
        assertThat(alerts).containsOnlyKeys("SchemahookDatabaseBehindImage", "SchemahookMigrationFailed",
                "SchemahookSchemaDrift", "SchemahookStatusDatabaseDown");
        assertThat(alerts.get("SchemahookDatabaseBehindImage")).containsEntry("for", "30m");
        assertThat((String) alerts.get("SchemahookDatabaseBehindImage").get("expr"))
                .contains("schemahook_migrations{state=\"pending\"").endsWith("> 0");
        assertThat(alerts.get("SchemahookMigrationFailed")).containsEntry("for", "0s");
        assertThat(map(alerts.get("SchemahookMigrationFailed"), "labels")).containsEntry("severity", "critical");
        assertThat((String) alerts.get("SchemahookMigrationFailed").get("expr"))
                .contains("schemahook_migrations{state=\"failed\"").endsWith("> 0");
        assertThat(map(alerts.get("SchemahookSchemaDrift"), "labels")).containsEntry("severity", "ticket");
        assertThat((String) alerts.get("SchemahookSchemaDrift").get("expr"))
                .contains("sum by (namespace, pod) (schemahook_drift_differences{").endsWith("> 0");
        assertThat((String) alerts.get("SchemahookStatusDatabaseDown").get("expr"))
                .contains("schemahook_database_up{").endsWith("== 0");
        assertThat(labels(manifests.single("PrometheusRule"))).containsEntry("release", "prom");
        assertThat(JsonSchemas.kubernetesProblems(manifests)).isEmpty();
    }

    @EveryHelm
    @DisplayName("selects only metric names of the serve contract, scoped to this release's namespace and Service")
    void usesOnlyContractMetricNames(Helm helm) {
        Map<String, Map<String, Object>> alerts = alerts(render(helm, "--set", "status.prometheusRule.enabled=true"));

        Map<String, List<String>> metrics = new HashMap<>();
        alerts.forEach((alert, rule) -> metrics.put(alert, metricNames((String) rule.get("expr"))));
        assertThat(metrics.values()).allSatisfy(names -> assertThat(names).isNotEmpty().isSubsetOf(CONTRACT_METRICS));
        assertThat(alerts.values()).allSatisfy(rule -> assertThat((String) rule.get("expr"))
                .contains("namespace=\"shop\",service=\"shop-schemahook-status\""));

        Map<String, Map<String, Object>> custom = alerts(render(helm, "--set", "status.prometheusRule.enabled=true",
                "--set-string", "status.prometheusRule.selector=job=\"shop-status\""));
        assertThat(custom.values()).allSatisfy(rule -> assertThat((String) rule.get("expr"))
                .contains("job=\"shop-status\"").doesNotContain("service="));
    }

    @Test
    @DisplayName("the expression check refuses a metric name outside the contract and an unbalanced bracket")
    void theExpressionCheckCanFail() {
        assertThat(metricNames("max(schemahook_pending_migrations{state=\"x\"}) > 0")).isNotEmpty()
                .doesNotContainAnyElementsOf(CONTRACT_METRICS);
        assertThat(metricNames("max(sum by (pod) (schemahook_drift_differences{a=\"}\"})) > 0"))
                .containsExactly("schemahook_drift_differences");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> metricNames("max(schemahook_database_up{a=\"b\"} == 0"))
                .isInstanceOf(AssertionError.class);
    }

    @EveryHelm
    @DisplayName("the CRD schemas refuse an unknown field and a malformed duration, so the check is strict")
    void theCrdSchemasAreStrict(Helm helm) {
        Manifests manifests = render(helm, "--set", "status.serviceMonitor.enabled=true,status.prometheusRule.enabled=true");

        Map<String, Object> monitor = manifests.single("ServiceMonitor");
        Map<String, Object> endpoint = Manifests.<Map<String, Object>>list(monitor, "spec.endpoints").get(0);
        endpoint.put("intervall", "30s");
        endpoint.put("interval", "30 seconds");
        assertThat(JsonSchemas.kubernetesProblems(monitor)).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("intervall"))
                .anySatisfy(problem -> assertThat(problem).contains("interval"));

        Map<String, Object> rule = manifests.single("PrometheusRule");
        map(rule, "spec").put("group", List.of());
        assertThat(JsonSchemas.kubernetesProblems(rule)).singleElement().asString().contains("group");
    }
}
