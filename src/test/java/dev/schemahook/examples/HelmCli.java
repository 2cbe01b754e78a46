package dev.schemahook.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Helm CLI the example tests run: Helm 3 and Helm 4, found through -Dschemahook.helm3 / -Dschemahook.helm4 or in
 * the cache that .ci/install-helm fills. Missing binaries fail the test with the command that installs them.
 */
final class HelmCli {

    /** What one helm command did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    private final String version;
    private final Path binary;

    private HelmCli(String version, Path binary) {
        this.version = version;
        this.binary = binary;
    }

    /** Helm 3 and Helm 4, for parameterized tests. */
    static Stream<HelmCli> both() {
        return Stream.of(of("v3.17.2", "schemahook.helm3"), of("v4.1.4", "schemahook.helm4"));
    }

    private static HelmCli of(String version, String property) {
        String configured = System.getProperty(property);
        Path binary = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "schemahook", "helm", version, "helm");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Helm " + version + " not found at " + binary
                    + ": run .ci/install-helm (or set -D" + property + "=/path/to/helm)");
        }
        return new HelmCli(version, binary);
    }

    /** Runs helm in {@code directory} with a Helm home of its own, so the user's repositories and cluster stay out. */
    Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Path home = Files.createTempDirectory("helm-home");
            Path out = home.resolve("stdout");
            Path err = home.resolve("stderr");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
                builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
                builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
                builder.environment().put("KUBECONFIG", home.resolve("kubeconfig").toString());
                Process process = builder.start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
                }
                return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                ExampleFiles.delete(home);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    @Override
    public String toString() {
        return "helm " + version;
    }
}
