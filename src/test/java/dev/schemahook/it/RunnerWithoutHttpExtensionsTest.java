package dev.schemahook.it;

import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: migrate, await and the other commands pay nothing for serve's HTTP server, health checks and metrics, which
 * Quarkus would initialise on every boot. They live in the serve application alone; a dependency change that brings one
 * back into the runner fails here.
 */
@DisplayName("the runner's packaged jar")
class RunnerWithoutHttpExtensionsTest {
    /** Jars of Quarkus's fast-jar layout (lib/main, group.artifact-version.jar) that serve's extensions bring. */
    private static final Pattern HTTP_EXTENSION = Pattern.compile("^(io\\.quarkus\\.quarkus-(vertx-http|rest|resteasy"
            + "|smallrye-health|micrometer|kubernetes)[\\w.-]*|io\\.smallrye\\.smallrye-health[\\w.-]*"
            + "|io\\.micrometer\\.[\\w.-]*|io\\.vertx\\.vertx-web[\\w.-]*)\\.jar$");

    @Test
    @DisplayName("holds no HTTP server, REST, health, metrics or Kubernetes extension")
    void noHttpExtensions() throws IOException {
        assertThat(httpJars(Runner.jar())).isEmpty();
    }

    @Test
    @DisplayName("the serve application's does: the names above are the ones those extensions bring")
    void serveHasThem() throws IOException {
        assertThat(httpJars(Runner.serveJar())).anyMatch(jar -> jar.startsWith("io.quarkus.quarkus-vertx-http-"))
                .anyMatch(jar -> jar.startsWith("io.quarkus.quarkus-rest-"))
                .anyMatch(jar -> jar.startsWith("io.quarkus.quarkus-smallrye-health-"))
                .anyMatch(jar -> jar.startsWith("io.quarkus.quarkus-micrometer-"))
                .anyMatch(jar -> jar.startsWith("io.micrometer."));
    }

    private static List<String> httpJars(Path jar) throws IOException {
        Path libraries = jar.toAbsolutePath().getParent().resolve("lib/main");
        assertThat(libraries).as("the fast-jar layout beside " + jar).isDirectory();
        try (Stream<Path> files = Files.list(libraries)) {
            List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
            assertThat(names).as("libraries of " + jar).anyMatch(name -> name.startsWith("io.quarkus.quarkus-core-"));
            return names.stream().filter(name -> HTTP_EXTENSION.matcher(name).matches()).toList();
        }
    }
}
