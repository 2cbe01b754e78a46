package dev.schemahook.chart;

import static dev.schemahook.testing.Helm.withDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.schemahook.config.Durations;
import dev.schemahook.testing.EveryHelm;
import dev.schemahook.testing.Helm;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json admits a duration exactly when the runner's parser ({@link Durations}) reads its form: a
 * differential test of the schema's pattern against the parser on generated inputs, and of Helm's own validation on a
 * sample. The parser also refuses a well-formed duration over 100 years, whose parts' sum no pattern can bound: such a
 * value passes the schema and the Job exits 2 with the limit, before any database work (UsageErrorsTest).
 */
@DisplayName("The chart's duration values")
class ChartDurationSchemaTest {

    /** Every value the runner reads as a duration, as JSON pointers into values.schema.json's properties. */
    private static final List<String> DURATIONS = List.of("database.waitTimeout", "migration.lockTimeout",
            "migration.statementTimeout", "migration.migrationLockTimeout", "await.timeout");

    /** Pieces of the notations, their letters in both cases, and characters around and between them. */
    private static final String[] PIECES = {"0", "1", "5", "9", "12", "007", "ms", "MS", "Ms", "s", "S", "m", "M", "h", "H",
            "d", "D", "p", "P", "t", "T", "pt", "PT", ".", ",", "+", "-", " ", "\t", "\n", "\u000b", "\u0000", "\u00a0",
            "\u2028", "x", "y", "w", "W", "us", "µs", "e", "_", ":"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The one duration pattern of values.schema.json; every duration value uses it. */
    private static String schemaPattern() throws IOException {
        JsonNode schema = JSON.readTree(Helm.CHART.resolve("values.schema.json").toFile());
        Set<String> patterns = new LinkedHashSet<>();
        for (String key : DURATIONS) {
            JsonNode node = schema;
            for (String part : key.split("\\.")) {
                node = node.path("properties").path(part);
            }
            JsonNode alternatives = node.path("anyOf");
            assertThat(alternatives.isArray()).as(key + " is a string or an integer").isTrue();
            patterns.add(alternatives.get(0).path("pattern").asText());
            assertThat(alternatives.get(1).path("type").asText()).isEqualTo("integer");
        }
        assertThat(patterns).as("one pattern for every duration").hasSize(1);
        return patterns.iterator().next();
    }

    /**
     * The pattern as Helm's validators apply it: Go's regexp (gojsonschema in Helm 3, santhosh-tekuri/jsonschema in
     * Helm 4), where {@code $} is the end of the text. Java's {@code $} also matches before a final line terminator,
     * so it is read as {@code \z} here.
     */
    private static Pattern asHelmReadsIt(String pattern) {
        assertThat(pattern).startsWith("^").endsWith("$");
        return Pattern.compile(pattern.substring(0, pattern.length() - 1) + "\\z");
    }

    /** Whether the runner reads {@code text} as a duration; one it reads but refuses as too long counts as read. */
    private static boolean runnerAccepts(String text) {
        try {
            Durations.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return tooLong(e);
        }
    }

    private static boolean tooLong(IllegalArgumentException refusal) {
        return refusal.getMessage().endsWith("is longer than the longest duration taken, 36500d");
    }

    /** Random strings of up to 12 characters: amounts stay below 13 digits, where the runner's arithmetic is exact. */
    private static List<String> generated(int count) {
        Random random = new Random(20261130);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (text.length() <= 12) {
                inputs.add(text.toString());
            }
        }
        return inputs;
    }

    /**
     * Strings built from the notations' grammar, most of them valid, then one character in three of them inserted,
     * deleted or replaced, so that many inputs lie just across the border.
     */
    private static List<String> nearlyValid(int count) {
        Random random = new Random(14);
        String[] units = {"ms", "s", "m", "h", "d", "MS", "S", "M", "H", "D"};
        String[] iso = {"D", "H", "M", "S"};
        String alphabet = "0123456789smhdptSMHDPT.,+- \t\nx";
        List<String> inputs = new ArrayList<>();
        while (inputs.size() < count) {
            StringBuilder text = new StringBuilder();
            switch (random.nextInt(3)) {
                case 0 -> text.append(random.nextInt(100_000));
                case 1 -> {
                    for (int part = 0, parts = 1 + random.nextInt(3); part < parts; part++) {
                        text.append(random.nextInt(1000)).append(units[random.nextInt(units.length)]);
                    }
                }
                default -> {
                    text.append(random.nextBoolean() ? "P" : "p");
                    boolean time = false;
                    for (String unit : iso) {
                        if (random.nextInt(3) == 0) {
                            continue;
                        }
                        if (!unit.equals("D") && !time) {
                            text.append(random.nextBoolean() ? "T" : "t");
                            time = true;
                        }
                        text.append(random.nextInt(5) == 0 ? "-" : "").append(random.nextInt(100));
                        if (unit.equals("S") && random.nextBoolean()) {
                            text.append(random.nextBoolean() ? "." : ",").append(random.nextInt(1000));
                        }
                        text.append(random.nextBoolean() ? unit : unit.toLowerCase());
                    }
                }
            }
            if (random.nextInt(3) == 0 && text.length() > 0) {
                int at = random.nextInt(text.length());
                char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, replacement);
                    case 1 -> text.deleteCharAt(at);
                    default -> text.setCharAt(at, replacement);
                }
            }
            if (random.nextInt(10) == 0) {
                text.insert(0, ' ').append('\t');
            }
            inputs.add(text.toString());
        }
        return inputs;
    }

    /** Inputs chosen by hand: each notation, its edges, and near misses. */
    private static final List<String> CHOSEN = List.of("0", "00", "120", "120s", "2m", "1h30m", "30m1h", "2d", "1d12h",
            "500ms", "5s500ms", "1s1s", "5MS", "1H30M", " 5s ", "\t5s\n", "PT5S", "pt5s", "PT1M30S", "PT1.5S", "PT1,5S",
            "PT1.S", "PT0.123456789S", "PT0.1234567891S", "P2D", "P1DT2H", "P1DT", "PT", "P", "PT-5S", "P-1D", "PT+5S",
            "-PT5S", "+PT5S", "P1M", "P1Y", "P1W", "PT1H1H", "PT5M1H", "5 s", "5sec", "5", "-5s", "+5s", "1.5s", "5s ms",
            "", " ", "ms", "s", "5ms5", "5\u00a0s", "5s\u2028", "\u00a05s", "5e3s", "0x10s", "１s");

    @Test
    @DisplayName("accepts exactly the durations the runner accepts, on chosen and on 30,000 generated inputs")
    void acceptsExactlyWhatTheRunnerAccepts() throws IOException {
        Pattern schema = asHelmReadsIt(schemaPattern());
        List<String> inputs = new ArrayList<>(CHOSEN);
        inputs.addAll(generated(20_000));
        inputs.addAll(nearlyValid(10_000));
        Map<String, String> disagreements = new TreeMap<>();
        int accepted = 0;

        for (String input : inputs) {
            boolean runner = runnerAccepts(input);
            accepted += runner ? 1 : 0;
            if (schema.matcher(input).find() != runner) {
                disagreements.put(JSON.writeValueAsString(input), runner ? "runner accepts, schema refuses" : "schema accepts, runner refuses");
            }
        }

        assertThat(disagreements).isEmpty();
        // A generator that only produced refused strings would prove nothing.
        assertThat(accepted).as("accepted inputs").isGreaterThan(5_000);
        assertThat(inputs.size() - accepted).as("refused inputs").isGreaterThan(1_000);
    }

    @EveryHelm
    @DisplayName("lets Helm accept and refuse the same durations as the runner")
    void helmAgreesWithTheRunner(Helm helm) {
        List<String> disagreements = new ArrayList<>();
        for (String input : List.of("1h30m", "2d", "30m1h", "5MS", " 5s ", "PT1.5S", "pt5s", "P1DT2H", "PT-5S", "120",
                "P1M", "PT", "5 seconds", "1.5s", "-5s", "5s\u2028", "5e3s")) {
            boolean helmAccepts = helm.template(withDatabase("--set-string", "await.timeout=" + input)).exitCode() == 0;
            if (helmAccepts != runnerAccepts(input)) {
                disagreements.add(input + (helmAccepts ? ": Helm accepts, the runner refuses" : ": the runner accepts, Helm refuses"));
            }
        }

        assertThat(disagreements).isEmpty();
    }

    @EveryHelm
    @DisplayName("accepts a whole number of seconds written as a YAML integer, as the runner reads its text")
    void acceptsAWholeNumberOfSeconds(Helm helm) {
        assertThat(helm.render(withDatabase("--set", "database.waitTimeout=25")).jobEnv())
                .containsEntry("SCHEMAHOOK_WAIT_TIMEOUT", "25");
        assertThat(runnerAccepts("25")).isTrue();
        assertThat(helm.template(withDatabase("--set", "database.waitTimeout=-1")).exitCode()).isNotZero();
    }
}
