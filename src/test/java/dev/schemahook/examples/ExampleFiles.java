package dev.schemahook.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the examples' tests find the repository, the schemahook chart and the shared schemas. */
final class ExampleFiles {

    /** Surefire and failsafe run in the project's base directory, the repository root. */
    static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    static final Path TODO = REPOSITORY.resolve("examples/todo");

    private ExampleFiles() {
    }

    /** The schemahook chart the example depends on: {@code chart/}, or -Dschemahook.chart.dir. */
    static Path chart() {
        String configured = System.getProperty("schemahook.chart.dir");
        Path chart = configured != null && !configured.isBlank() ? Path.of(configured) : REPOSITORY.resolve("chart");
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new AssertionError("the schemahook chart is missing at " + chart + ": the todo example depends on it"
                    + " (examples/todo/chart/Chart.yaml, repository file://../../../chart); merge the chart or set"
                    + " -Dschemahook.chart.dir=/path/to/chart");
        }
        return chart;
    }

    /** The shared schemas beside the repository ({@code ../shared/schemas}), or -Dschemahook.schemas.dir. */
    static Path schemas() {
        String configured = System.getProperty("schemahook.schemas.dir");
        Path schemas = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : REPOSITORY.resolve("../shared/schemas").normalize();
        if (!Files.isDirectory(schemas)) {
            throw new AssertionError("schemas not found at " + schemas
                    + ": check out the shared schemas beside the repository or set -Dschemahook.schemas.dir");
        }
        return schemas;
    }

    /**
     * The example laid out as in the repository ({@code chart/} and {@code examples/todo/}) under a fresh
     * directory, so that {@code helm dependency build} resolves file://../../../chart and writes charts/ there,
     * never into the working tree, and two Helm versions can run side by side.
     */
    static Path copyOfExample(Path directory) {
        copy(chart(), directory.resolve("chart"));
        copy(TODO, directory.resolve("examples/todo"));
        return directory.resolve("examples/todo");
    }

    static void copy(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.startsWith("charts")) {
                    continue; // packed dependencies of an earlier build; the test builds its own
                }
                Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
