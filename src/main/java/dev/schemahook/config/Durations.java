package dev.schemahook.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write: {@code 120s}, {@code 2m}, {@code 1h30m}, {@code 500ms}, {@code 0} or ISO-8601. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Duration LONGEST = Duration.ofDays(36_500);

    private Durations() {
    }

    public static Duration parse(String text) {
        try {
            return requireAtMostLongest(text, parseAny(text));
        } catch (ArithmeticException | NumberFormatException e) { // digits alone: too many of them
            throw tooLong(text);
        }
    }

    private static Duration parseAny(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher parts = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (parts.find() && parts.start() == end) {
            long amount = Long.parseLong(parts.group(1));
            total = total.plus(switch (parts.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = parts.end();
        }
        if (end == 0 || end != value.length()) {
            throw invalid(text);
        }
        return total;
    }

    /** Deadlines are counted in nanoseconds, which overflow after 292 years: far beyond any wait a user means. */
    private static Duration requireAtMostLongest(String text, Duration duration) {
        if (duration.compareTo(LONGEST) > 0) {
            throw tooLong(text);
        }
        return duration;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("'" + text + "' is longer than the longest duration taken, "
                + LONGEST.toDays() + "d");
    }

    /** The shortest form users write, e.g. {@code 2m} or {@code 1500ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write it as 120s, 2m, 1h, 500ms or PT2M");
    }
}
