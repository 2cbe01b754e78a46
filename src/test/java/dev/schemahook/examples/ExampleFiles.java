package dev.schemahook.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.schemahook.testing.Helm;
import dev.schemahook.testing.TempDirs;

/** Where the examples' tests find the repository, the todo example and the schemahook chart it depends on. */
final class ExampleFiles {

    /** Surefire and failsafe run in the project's base directory, the repository root. */
    static final Path REPOSITORY = Helm.repository();

    static final Path TODO = REPOSITORY.resolve("examples/todo");

    private ExampleFiles() {
    }

    /** The schemahook chart the example depends on: {@code chart/}, or -Dschemahook.chart.dir. */
    static Path chart() {
        String configured = System.getProperty("schemahook.chart.dir");
        Path chart = configured != null && !configured.isBlank() ? Path.of(configured) : Helm.CHART;
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new AssertionError("the schemahook chart is missing at " + chart + ": the todo example depends on it"
                    + " (examples/todo/chart/Chart.yaml, repository file://../../../chart); merge the chart or set"
                    + " -Dschemahook.chart.dir=/path/to/chart");
        }
        return chart;
    }

    /**
     * The example laid out as in the repository ({@code chart/} and {@code examples/todo/}) under a fresh
     * directory, so that {@code helm dependency build} resolves file://../../../chart and writes charts/ there,
     * never into the working tree, and two Helm versions can run side by side.
     */
    static Path copyOfExample(Path directory) {
        TempDirs.copy(chart(), directory.resolve("chart"));
        TempDirs.copy(TODO, directory.resolve("examples/todo"));
        // Packed dependencies of an earlier build in the working tree; the test builds its own.
        TempDirs.delete(directory.resolve("chart/charts"));
        TempDirs.delete(directory.resolve("examples/todo/charts"));
        return directory.resolve("examples/todo");
    }
}
