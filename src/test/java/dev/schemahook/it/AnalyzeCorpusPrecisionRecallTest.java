package dev.schemahook.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus in {@code src/test/resources/corpus}: migration sets written in several styles (ORM-generated, careful
 * expand and contract, schema-qualified with functions and partitions, big-bang releases, repeatables), each with the
 * findings a reviewer expects in {@code <set>.expected}. analyze runs once per set on the shared server, with
 * {@code --rows 0} (some files add NOT NULL columns that fail on a filled table: the rule is what is scored); precision and
 * recall per rule are printed, and each must stay at or above the floor the README reports.
 */
@DisplayName("analyze on the corpus: precision and recall per rule")
class AnalyzeCorpusPrecisionRecallTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    /** Reported on every brief lock; informational, not a risk a reviewer lists. */
    private static final Set<String> NOT_SCORED = Set.of("blocking-lock");
    /** The lowest precision and recall any rule may have; the README's table has the measured values. */
    private static final double FLOOR = 0.75;

    private record Score(int truePositives, int falsePositives, int falseNegatives) {
        Score plus(Score other) {
            return new Score(truePositives + other.truePositives, falsePositives + other.falsePositives,
                    falseNegatives + other.falseNegatives);
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    @Test
    @DisplayName("every rule finds what a reviewer expects on 200+ migrations in five styles, and little else")
    void precisionAndRecallPerRule() throws IOException {
        List<Path> sets;
        try (Stream<Path> entries = Files.list(CORPUS)) {
            sets = entries.filter(Files::isDirectory).sorted().toList();
        }
        long start = System.nanoTime();
        int migrations = 0;
        Map<String, Score> scores = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Path set : sets) {
            try (Stream<Path> files = Files.list(set)) {
                migrations += (int) files.count();
            }
            Set<String> expected = new HashSet<>();
            for (String line : Files.readAllLines(CORPUS.resolve(set.getFileName() + ".expected"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    expected.add(set.getFileName() + "/" + line.trim());
                }
            }
            RunResult result = Runner.run(PostgresServer.shared().createDatabase().env(), "analyze", "--locations",
                    "filesystem:" + set.toAbsolutePath(), "--output", "json", "--fail-on", "none", "--rows", "0");
            assertThat(result.exitCode()).as(set + ": " + result).isZero();
            Set<String> found = new HashSet<>();
            for (JsonNode migration : JsonDocument.parse(result.stdout()).get("migrations")) {
                for (JsonNode finding : migration.get("findings")) {
                    if (!NOT_SCORED.contains(finding.get("rule").asText())) {
                        found.add(set.getFileName() + "/" + migration.get("filepath").asText() + ":"
                                + finding.get("line").asInt() + " " + finding.get("rule").asText());
                    }
                }
            }
            Set<String> rules = new HashSet<>();
            expected.forEach(e -> rules.add(e.substring(e.lastIndexOf(' ') + 1)));
            found.forEach(f -> rules.add(f.substring(f.lastIndexOf(' ') + 1)));
            for (String rule : rules) {
                int tp = 0;
                int fp = 0;
                int fn = 0;
                for (String f : found) {
                    if (f.endsWith(" " + rule)) {
                        if (expected.contains(f)) {
                            tp++;
                        } else {
                            fp++;
                            misses.add("unexpected " + f);
                        }
                    }
                }
                for (String e : expected) {
                    if (e.endsWith(" " + rule) && !found.contains(e)) {
                        fn++;
                        misses.add("missed     " + e);
                    }
                }
                scores.merge(rule, new Score(tp, fp, fn), Score::plus);
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        StringBuilder table = new StringBuilder("[corpus] " + migrations + " migrations in " + sets.size() + " sets, "
                + seconds + " s\n| Rule | Expected | Found | Precision | Recall |\n|---|---|---|---|---|\n");
        scores.forEach((rule, s) -> table.append(String.format("| `%s` | %d | %d | %.2f | %.2f |%n", rule,
                s.truePositives() + s.falseNegatives(), s.truePositives() + s.falsePositives(), s.precision(), s.recall())));
        misses.stream().sorted().forEach(m -> table.append("[corpus] ").append(m).append('\n'));
        System.err.println(table);

        assertThat(migrations).isGreaterThanOrEqualTo(200);
        assertThat(scores).as(table.toString()).allSatisfy((rule, s) -> {
            assertThat(s.precision()).as(rule + " precision").isGreaterThanOrEqualTo(FLOOR);
            assertThat(s.recall()).as(rule + " recall").isGreaterThanOrEqualTo(FLOOR);
        });
    }
}
