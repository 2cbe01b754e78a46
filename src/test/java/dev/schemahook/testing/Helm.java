package dev.schemahook.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Helm CLI the chart and example tests run, found through -Dschemahook.helm3 / -Dschemahook.helm4 or in the
 * folder -Dschemahook.helm.dir that the build has .ci/install-helm fill. Every test that renders a chart runs
 * against both {@link #all()}.
 */
public final class Helm {

    /** The Helm releases the chart supports. */
    public enum Release {
        HELM_3("v3.17.2", "schemahook.helm3"),
        HELM_4("v4.1.4", "schemahook.helm4");

        final String version;
        final String property;

        Release(String version, String property) {
            this.version = version;
            this.property = property;
        }
    }

    /** What one helm command did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }

        public Manifests manifests() {
            return Manifests.parse(assertSuccess().stdout);
        }
    }

    /** Surefire runs the tests in the project's base directory, the repository root. */
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    /** Keeps the user's Helm configuration, repositories and cluster out of the tests. */
    private static final Path HELM_HOME = isolatedHome();

    /** The chart under test. */
    public static final Path CHART = REPOSITORY.resolve("chart");

    /** The release name every render uses. */
    public static final String RELEASE = "shop";

    private final Release release;
    private final Path binary;

    private Helm(Release release, Path binary) {
        this.release = release;
        this.binary = binary;
    }

    /** Both Helm CLIs; fails (never skips) when one is missing. */
    public static Stream<Helm> all() {
        return Arrays.stream(Release.values()).map(Helm::of);
    }

    public static Helm of(Release release) {
        String configured = System.getProperty(release.property);
        Path binary = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : installDirectory().resolve(release.version).resolve("helm");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Helm " + release.version + " not found at " + binary + ": run .ci/install-helm "
                    + installDirectory() + " (or set -D" + release.property + "=/path/to/helm)");
        }
        return new Helm(release, binary);
    }

    /**
     * Where .ci/install-helm installed the CLIs: the build passes the same -Dschemahook.helm.dir to the installer and to
     * the tests; a test started without the build (an IDE) falls back to the installer's default under user.home.
     */
    static Path installDirectory() {
        String configured = System.getProperty("schemahook.helm.dir");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "schemahook", "helm");
    }

    /**
     * The application chart of src/test/resources/chart/parent with this chart unpacked in its charts/ folder, as
     * {@code helm dependency build} leaves it, laid out once in {@code folder}.
     */
    public static Path parentChart(Path folder) {
        Path parent = folder.resolve("shop");
        if (!Files.isDirectory(parent)) {
            TempDirs.copy(REPOSITORY.resolve("src/test/resources/chart/parent"), parent);
            TempDirs.copy(CHART, parent.resolve("charts/schemahook"));
        }
        return parent;
    }

    public static Path repository() {
        return REPOSITORY;
    }

    /** Runs helm with the given arguments in the repository root. */
    public Result run(String... args) {
        return run(List.of(args));
    }

    public Result run(List<String> args) {
        return runIn(REPOSITORY, args);
    }

    /** Runs helm in another directory, for charts laid out elsewhere whose relative paths must resolve there. */
    public Result runIn(Path directory, String... args) {
        return runIn(directory, List.of(args));
    }

    public Result runIn(Path directory, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            Path out = Files.createTempFile(HELM_HOME, "helm", ".out");
            Path err = Files.createTempFile(HELM_HOME, "helm", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().put("HELM_CONFIG_HOME", HELM_HOME.resolve("config").toString());
                builder.environment().put("HELM_CACHE_HOME", HELM_HOME.resolve("cache").toString());
                builder.environment().put("HELM_DATA_HOME", HELM_HOME.resolve("data").toString());
                builder.environment().put("KUBECONFIG", HELM_HOME.resolve("kubeconfig").toString());
                Process process = builder.start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
                }
                return new Result(command, process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** {@code helm template} of the chart with the given extra arguments (--set, -f, ...). */
    public Result template(String... args) {
        return templateOf(CHART, args);
    }

    public Result templateOf(Path chart, String... args) {
        List<String> command = new ArrayList<>(List.of("template", RELEASE, chart.toString(), "--namespace", "shop"));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /**
     * {@code helm dependency build} of a chart, as skaffold and the release workflow run it before rendering:
     * run in the chart's directory, so that a {@code file://} repository resolves against it.
     */
    public Result dependencyBuild(Path chart) {
        return runIn(chart, "dependency", "build", ".");
    }

    /** Renders the chart and parses every document; fails when helm fails. */
    public Manifests render(String... args) {
        return template(args).manifests();
    }

    /** A --set that configures a database, for scenarios about something else. */
    public static String[] withDatabase(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--set";
        all[1] = "database.url=jdbc:postgresql://db:5432/shop,database.existingSecret.name=shop-db";
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private static Path isolatedHome() {
        return TempDirs.newDirectory("helm-home");
    }

    @Override
    public String toString() {
        return "helm " + release.version;
    }
}
