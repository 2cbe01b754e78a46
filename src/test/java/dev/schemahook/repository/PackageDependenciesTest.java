package dev.schemahook.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.schemahook.testing.Helm;

/**
 * Data flows one way: cli -> (config, database, migration, safety, drift) -> report, with error/ below everything. Read from
 * the sources' imports and qualified names, so a forbidden edge or a cycle fails the build on the commit that adds it.
 */
@DisplayName("the packages depend on each other in one direction")
class PackageDependenciesTest {
    /** The runner's sources and the serve application's own (serve/ compiles the runner's with them). */
    private static final List<Path> SOURCES = List.of(Helm.repository().resolve("src/main/java/dev/schemahook"),
            Helm.repository().resolve("serve/src/main/java/dev/schemahook"));

    /** What each package may use of ours; report/ is rendered by cli/ alone, error/ uses nothing of ours. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "error", Set.of(),
            "config", Set.of("error"),
            "database", Set.of("config", "error"),
            "migration", Set.of("config", "database", "error"),
            "safety", Set.of("config", "database", "migration", "error"),
            "drift", Set.of("database", "error"),
            "report", Set.of("migration", "safety", "drift", "error"),
            // serve's HTTP endpoints and metrics show what cli read and rendered: they call no service themselves.
            "serve", Set.of("error"),
            "cli", Set.of("config", "database", "migration", "safety", "drift", "report", "serve", "error"));

    /** {@code dev.schemahook.<package>.<Class>} in an import or in code, static imports included. */
    private static final Pattern OURS = Pattern.compile("\\bdev\\.schemahook\\.([a-z]+)\\.([A-Z]\\w*)");
    private static final Pattern PICOCLI = Pattern.compile("\\bpicocli\\.");
    private static final Pattern PRINTS = Pattern.compile("\\bSystem\\.(out|err)\\b|\\.printStackTrace\\(");
    /** Services are what a command calls; another layer that needs their data uses the layer's small classes. */
    private static final Pattern SERVICE = Pattern.compile("\\b([A-Z]\\w*Service)\\b");

    @Test
    @DisplayName("every package uses only the packages below it")
    void everyEdgeIsAllowed() {
        List<Source> sources = sources();
        assertThat(sources).as("main sources").hasSizeGreaterThan(40);
        assertThat(packages(sources)).as("packages").isEqualTo(ALLOWED.keySet().stream().collect(TreeSet::new, Set::add,
                Set::addAll));
        assertThat(forbiddenEdges(sources)).as("uses outside " + ALLOWED).isEmpty();
    }

    @Test
    @DisplayName("no package depends on itself through others")
    void noCycles() {
        assertThat(cycles(graph(sources()))).isEmpty();
    }

    @Test
    @DisplayName("nothing below cli knows picocli or prints")
    void onlyCliPrints() {
        assertThat(printingBelowCli(sources())).isEmpty();
    }

    @Test
    @DisplayName("a service is called by cli alone (and by its own package)")
    void servicesAreCalledByCli() {
        assertThat(servicesUsedBelowCli(sources())).isEmpty();
    }

    @Test
    @DisplayName("finds a forbidden import, a cycle, printing, picocli and a foreign service in sources that have them")
    void findsWhatItLooksFor() {
        List<Source> sources = List.of(
                new Source("error", "Bad.java", "import dev.schemahook.report.TextReport;"),
                new Source("report", "TextReport.java", "import dev.schemahook.error.ExitCode;\n"
                        + "String s = dev.schemahook.migration.MigrationRecord.class.getName();"),
                new Source("migration", "Loud.java", "void f() { System.out.println(); }\nimport picocli.CommandLine;"),
                new Source("migration", "MigrationService.java", "public final class MigrationService {}"),
                new Source("safety", "Uses.java", "new dev.schemahook.migration.MigrationService(a, b, c);"));

        assertThat(forbiddenEdges(sources)).containsExactly("error -> report (Bad.java: TextReport)");
        assertThat(cycles(graph(sources))).containsExactly("error -> report -> error");
        assertThat(printingBelowCli(sources)).containsExactly("migration/Loud.java: System.out",
                "migration/Loud.java: picocli.");
        assertThat(servicesUsedBelowCli(sources)).containsExactly("safety/Uses.java: MigrationService");
        assertThat(graph(sources).get("report")).containsExactly("error", "migration");
    }

    private record Source(String pkg, String file, String text) {
    }

    private static List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> {
                    Path relative = root.relativize(f);
                    String pkg = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                    try {
                        sources.add(new Source(pkg, relative.getFileName().toString(), Files.readString(f)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static Set<String> packages(List<Source> sources) {
        Set<String> packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
        return packages;
    }

    private static List<String> forbiddenEdges(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        for (Source source : sources) {
            Matcher use = OURS.matcher(source.text());
            while (use.find()) {
                String target = use.group(1);
                if (!target.equals(source.pkg()) && !ALLOWED.getOrDefault(source.pkg(), Set.of()).contains(target)) {
                    problems.add(source.pkg() + " -> " + target + " (" + source.file() + ": " + use.group(2) + ")");
                }
            }
        }
        return problems;
    }

    private static Map<String, Set<String>> graph(List<Source> sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source source : sources) {
            Set<String> targets = graph.computeIfAbsent(source.pkg(), p -> new TreeSet<>());
            Matcher use = OURS.matcher(source.text());
            while (use.find()) {
                if (!use.group(1).equals(source.pkg())) {
                    targets.add(use.group(1));
                }
            }
        }
        return graph;
    }

    /** Each cycle once, as the path from its alphabetically first package back to it. */
    private static Set<String> cycles(Map<String, Set<String>> graph) {
        Set<String> cycles = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        return cycles;
    }

    private static void walk(Map<String, Set<String>> graph, String start, List<String> path, Set<String> cycles) {
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                if (path.stream().allMatch(p -> p.compareTo(start) >= 0)) {
                    cycles.add(String.join(" -> ", path) + " -> " + start);
                }
            } else if (!path.contains(next)) {
                path.add(next);
                walk(graph, start, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static List<String> printingBelowCli(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        for (Source source : sources) {
            if (source.pkg().equals("cli")) {
                continue;
            }
            for (Pattern pattern : List.of(PRINTS, PICOCLI)) {
                Matcher found = pattern.matcher(source.text());
                if (found.find()) {
                    problems.add(source.pkg() + "/" + source.file() + ": " + found.group());
                }
            }
        }
        return problems;
    }

    private static List<String> servicesUsedBelowCli(List<Source> sources) {
        Set<String> services = new TreeSet<>();
        Map<String, String> home = new TreeMap<>();
        for (Source source : sources) {
            if (source.file().endsWith("Service.java")) {
                String name = source.file().replace(".java", "");
                services.add(name);
                home.put(name, source.pkg());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Source source : sources) {
            if (source.pkg().equals("cli")) {
                continue;
            }
            Set<String> used = new TreeSet<>();
            Matcher service = SERVICE.matcher(source.text());
            while (service.find()) {
                String name = service.group(1);
                if (services.contains(name) && !home.get(name).equals(source.pkg())) {
                    used.add(name);
                }
            }
            used.forEach(name -> problems.add(source.pkg() + "/" + source.file() + ": " + name));
        }
        return problems;
    }
}
