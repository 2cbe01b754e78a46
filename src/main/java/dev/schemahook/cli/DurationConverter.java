package dev.schemahook.cli;

import dev.schemahook.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Reads {@code 120s}, {@code 2m}, {@code PT2M} from flags and environment variables. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
