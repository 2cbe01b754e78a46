package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runner images after ./mvnw package")
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
}
