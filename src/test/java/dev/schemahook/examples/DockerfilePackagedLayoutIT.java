package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The runner images after ./mvnw package (and serve/'s, which verify builds before this test)")
class DockerfilePackagedLayoutIT {

    @Test
    @DisplayName("find every file they copy from target/quarkus-app, and the copied jar runs")
    void findEveryPackagedFileTheyCopy() throws IOException, InterruptedException {
        assertThat(ExampleFiles.REPOSITORY.resolve("target/quarkus-app/quarkus-run.jar"))
                .as("an integration test: failsafe runs it after package; run ./mvnw package before selecting it with -Dtest")
                .isRegularFile();
        List<String> missing = new ArrayList<>();
        for (String path : DockerfileContractTest.RUNNER_DOCKERFILES) {
            for (String source : DockerfileContractTest.Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path)).copySources()) {
                if (!Files.exists(ExampleFiles.REPOSITORY.resolve(source))) {
                    missing.add(path + ": " + source);
                }
            }
        }
        assertThat(missing).isEmpty();

        Process help = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                "target/quarkus-app/quarkus-run.jar", "--help").directory(ExampleFiles.REPOSITORY.toFile())
                .redirectErrorStream(true).start();
        String output = new String(help.getInputStream().readAllBytes());
        assertThat(help.waitFor()).as(output).isZero();
        assertThat(output).contains("migrate", "await");
    }

    @Test
    @DisplayName("start serve from the JVM image's launcher, with /deployments laid out as the image lays it out")
    void launchServeAsTheJvmImageDoes(@TempDir Path deployments) throws IOException, InterruptedException {
        Path serveApp = ExampleFiles.REPOSITORY.resolve("serve/target/quarkus-app");
        assertThat(serveApp.resolve("quarkus-run.jar")).as("serve/ is built before the integration tests").isRegularFile();
        // Dockerfile.jvm: jvm.options and serve/target/quarkus-app/ copied into /deployments, the launcher beside them.
        Files.copy(ExampleFiles.REPOSITORY.resolve("src/main/docker/jvm.options"), deployments.resolve("jvm.options"));
        Files.createSymbolicLink(deployments.resolve("serve"), serveApp.toAbsolutePath());
        Path launcher = deployments.resolve("schemahook-serve");
        Files.writeString(launcher, Files.readString(ExampleFiles.REPOSITORY.resolve(DockerfileContractTest.SERVE_LAUNCHER))
                .replace("/deployments/", deployments.toAbsolutePath() + "/"));
        assertThat(Files.readString(launcher)).doesNotContain("/deployments/");
        launcher.toFile().setExecutable(true);

        Process help = new ProcessBuilder(launcher.toString(), "serve", "--help").redirectErrorStream(true).start();
        String output = new String(help.getInputStream().readAllBytes());
        assertThat(help.waitFor()).as(output).isZero();
        // serve's own help, not the runner's stub that points elsewhere.
        assertThat(output).contains("--http-port", "--refresh").doesNotContain("not part of this runner");
    }
}
