package dev.schemahook.examples;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.JsonDocument;
import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM image's start-up training (src/main/docker/train-startup with jvm.options), run here as the image build runs
 * it, with the runner's JVM: Java 25's AOT cache, as in the image, when that JVM is 25 or newer (the java-25
 * execution of ./mvnw verify); an AppCDS archive, the same mechanism's older form, on Java 17.
 */
@AcrossJavaVersions
@DisplayName("The JVM image's start-up training")
class JvmImageTrainingIT {
    private static final Path JVM_OPTIONS = ExampleFiles.REPOSITORY.resolve("src/main/docker/jvm.options");

    @TempDir
    Path temp;

    @Test
    @DisplayName("trains an archive on a no-op release, which the next release starts from with the image's JVM options")
    void trainsTheArchiveTheRunnerStartsFrom() throws Exception {
        boolean aot = javaFeatureVersion() >= 25;
        Path archive = temp.resolve(aot ? "app.aot" : "app.jsa");

        ProcessBuilder training = new ProcessBuilder("sh", "src/main/docker/train-startup", "target/quarkus-app",
                Runner.java(), "@" + JVM_OPTIONS, "-XX:TieredStopAtLevel=1",
                (aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive)
                .directory(ExampleFiles.REPOSITORY.toFile()).redirectErrorStream(true);
        training.environment().put("TRAINING_PORT", String.valueOf(freePort()));
        Process process = training.start();
        String trainingOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(trainingOutput).isZero();
        assertThat(archive).isNotEmptyFile();

        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(Files.createDirectory(temp.resolve("migrations")))
                .add("V1__a.sql", "CREATE TABLE a (id int);");
        Map<String, String> env = new HashMap<>(database.env());
        String useArchive = (aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
        List<String> migrate = List.of("migrate", "--locations", migrations.location());
        assertThat(Runner.runWithJvmOptions(env, List.of("@" + JVM_OPTIONS, useArchive), migrate).exitCode()).isZero();

        Path classes = temp.resolve("classes.log");
        RunResult noOp = Runner.runWithJvmOptions(env,
                List.of("@" + JVM_OPTIONS, useArchive, "-Xlog:class+load=info:file=" + classes), migrate);

        assertThat(noOp.exitCode()).as(noOp.toString()).isZero();
        assertThat(noOp.stdout()).contains("is up to date at version 1");
        assertThat(noOp.stderr()).as("the JVM took the archive without a word").isEmpty();
        assertThat(Files.readString(classes)).as("the runner's classes come from the trained archive")
                .containsPattern("dev\\.schemahook\\.cli\\.SchemahookMain source: shared objects file")
                .containsPattern("org\\.postgresql\\.Driver source: shared objects file");
    }

    @Test
    @DisplayName("keeps stdout one JSON document when the archive is missing: the JVM's complaint goes to stderr")
    void missingArchiveKeepsStdoutClean() throws Exception {
        boolean aot = javaFeatureVersion() >= 25;
        TestDatabase database = PostgresServer.shared().createDatabase();
        Migrations migrations = Migrations.in(Files.createDirectory(temp.resolve("migrations")))
                .add("V1__a.sql", "CREATE TABLE a (id int);");
        String missing = (aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + temp.resolve("missing");

        RunResult result = Runner.runWithJvmOptions(database.env(), List.of("@" + JVM_OPTIONS, missing),
                List.of("migrate", "--locations", migrations.location(), "--output", "json"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JsonDocument.parse(result.stdout()).get("migrationsExecuted").asInt()).isEqualTo(1);
        assertThat(result.stdout().strip()).startsWith("{").endsWith("}");
        if (aot) {
            assertThat(result.stderr()).contains("[error][aot]");
        }
    }

    private static int javaFeatureVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Runner.java(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String settings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher version = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(settings);
        assertThat(version.find()).as(settings).isTrue();
        return Integer.parseInt(version.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
