package dev.schemahook.it;

import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive of classes the PostgreSQL passes start their runners with (.ci/train-runner-archive): most of the time
 * of those passes is runner JVMs starting, so a build whose archive went missing must fail here, not get slower.
 */
@DisplayName("the class-data archive of the runner tests")
class RunnerClassDataArchiveTest {
    private static final String SHARED_ARCHIVE_OPTION = "-XX:SharedArchiveFile=";
    private static final String EXAMPLE = "filesystem:" + Path.of("examples/todo/migrations").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    @DisplayName("gives a runner that migrates a database most of its classes, and the runner says nothing about it")
    void mostClassesComeFromTheArchive() throws IOException {
        Assumptions.assumeFalse(Runner.nativeBinary(), "the native runner has no JVM and no class-data archive");
        Assumptions.assumeTrue(System.getProperty("schemahook.test.runner.jvm-options", "").contains(SHARED_ARCHIVE_OPTION),
                "this pass starts its runners without a class-data archive (-Dschemahook.test.runner.jvm-options)");
        assertThat(Runner.defaultJvmOptions())
                .as("the archive the build trained is left out; the line '[tests] runner:' above says why")
                .anyMatch(option -> option.startsWith(SHARED_ARCHIVE_OPTION));
        TestDatabase database = PostgresServer.shared().createDatabase();
        Path classLoads = temp.resolve("class-load.log");
        List<String> options = new ArrayList<>(Runner.defaultJvmOptions());
        options.add("-Xlog:class+load=info:file=" + classLoads);

        RunResult result = Runner.runWithJvmOptions(database.env(), options, List.of("migrate", "--locations", EXAMPLE));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout() + result.stderr()).as(result.toString()).doesNotContainPattern("\\[cds[],]");
        List<String> loaded = Files.readAllLines(classLoads).stream().filter(line -> line.contains(" source: ")).toList();
        // "shared objects file" is the JDK's own archive, "(top)" the one trained on the runner, which maps on top of it.
        long shared = loaded.stream().filter(line -> line.contains(" source: shared objects file")).count();
        long trained = loaded.stream().filter(line -> line.contains(" source: shared objects file (top)")).count();
        assertThat(shared).as("classes from either archive, of %d loaded", loaded.size())
                .isGreaterThan(loaded.size() * 6L / 10);
        assertThat(trained).as("classes from the trained archive, of %d loaded", loaded.size())
                .isGreaterThan(loaded.size() * 4L / 10);
    }
}
