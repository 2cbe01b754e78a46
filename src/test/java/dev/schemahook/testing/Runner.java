package dev.schemahook.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the packaged runner as a user does: {@code java -jar target/quarkus-app/quarkus-run.jar ARGS} with an
 * environment of the test's choosing (nothing of the test JVM's SCHEMAHOOK_* or PG* variables leaks in). With the
 * system property {@code schemahook.binary}, the native executable it names instead (the release workflow's run).
 */
public final class Runner {
    private static final Path JAR = Path.of(System.getProperty("schemahook.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final String JAVA = System.getProperty("schemahook.test.java",
            ProcessHandle.current().info().command().orElse("java"));

    private static final String BINARY = System.getProperty("schemahook.binary", "");

    private static final String SHARED_ARCHIVE_OPTION = "-XX:SharedArchiveFile=";

    /**
     * JVM options for a runner started without options of its own ({@code -Dschemahook.test.runner.jvm-options}, split
     * on spaces): the build passes {@code -XX:TieredStopAtLevel=1}, which compiles with C1 alone. A runner lives for
     * a second or two, most of it in start-up, where C2 compiles code that never runs long enough to pay back; the
     * option changes how fast the JVM compiles, never what the program does. It also passes
     * {@code -XX:SharedArchiveFile=} with the archive {@code .ci/train-runner-archive} trained: the JVM maps the
     * classes it holds instead of parsing and verifying them, the same classes from the same jars. A JVM that cannot
     * map it prints a warning and runs without it, and the tests read that output: so the archive is kept only when
     * a runner of this java, these options and this jar maps it silently, and is otherwise left out entirely (the
     * line this class prints says why). The Java 25 pass passes none: there the runner starts as {@code java -jar}
     * with nothing else. A test that passes its own options (the image's {@code jvm.options}, a small heap) gets
     * exactly those.
     */
    private static final DefaultOptions DEFAULTS = withUsableArchive(splitOptions(
            System.getProperty("schemahook.test.runner.jvm-options", "")));
    private static final List<String> DEFAULT_JVM_OPTIONS = DEFAULTS.options();

    /**
     * Whether this JVM ignores SIGINT. A POSIX shell ignores it for the commands of a background job ({@code ./mvnw
     * verify &}, {@code nohup}), a process inherits that, and the JVM installs no handler for a signal ignored when it
     * starts: a runner started from here would then ignore Ctrl-C, as a user's runner in a background job does. The
     * runners start as from a terminal instead, through {@code env --default-signal=INT}, so that the tests of SIGINT
     * test the runner, not how the build was started.
     */
    private static final boolean INTERRUPT_IGNORED = interruptIgnored();

    static {
        System.err.println("[tests] runner: " + (INTERRUPT_IGNORED ? "env --default-signal=INT " : "") + (nativeBinary() ? BINARY
                : String.join(" ", JAVA, String.join(" ", DEFAULT_JVM_OPTIONS), "-jar", JAR.toString()).replace("  ", " "))
                + DEFAULTS.archiveLeftOut());
    }

    private Runner() {
    }

    public static RunResult run(Map<String, String> env, String... args) {
        return run(env, List.of(args));
    }

    public static RunResult run(Map<String, String> env, List<String> args) {
        Launched launched = start(env, args);
        return launched.await(180);
    }

    /** Runs the jar with JVM options before {@code -jar}, as the JVM image's ENTRYPOINT does. */
    public static RunResult runWithJvmOptions(Map<String, String> env, List<String> jvmOptions, List<String> args) {
        return start(env, jvmOptions, args).await(180);
    }

    /** The java command the runner is started with (the test JVM's own unless schemahook.test.java says otherwise). */
    public static String java() {
        return JAVA;
    }

    /** The JVM options a runner started without options of its own gets: the archive only when it maps silently. */
    public static List<String> defaultJvmOptions() {
        return DEFAULT_JVM_OPTIONS;
    }

    public static Path jar() {
        return JAR;
    }

    /** Whether the runner under test is the native executable of {@code -Dschemahook.binary}, not the jar. */
    public static boolean nativeBinary() {
        return !BINARY.isEmpty();
    }

    /** For a test of the embedded server, which only the JVM build has: reported as skipped for the native runner. */
    public static void assumeEmbeddedServer() {
        Assumptions.assumeFalse(nativeBinary(), "the embedded PostgreSQL is part of the JVM build only;"
                + " EmbeddedServerTest checks what the native runner answers instead");
    }

    public static Launched start(Map<String, String> env, List<String> args) {
        return start(env, nativeBinary() ? List.of() : DEFAULT_JVM_OPTIONS, args);
    }

    private static boolean interruptIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2L) != 0; // bit 1: SIGINT (2)
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: the signal tests run as they are.
        }
        return false;
    }

    private static List<String> splitOptions(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /**
     * The options as given when the archive they name maps without a word, else without the archive option. The check
     * starts the runner once with {@code -Xshare:on}, which refuses to start where the runner's default would warn.
     */
    private static DefaultOptions withUsableArchive(List<String> options) {
        List<String> withoutArchive = options.stream().filter(option -> !option.startsWith(SHARED_ARCHIVE_OPTION)).toList();
        if (withoutArchive.size() == options.size() || nativeBinary()) {
            return new DefaultOptions(options, "");
        }
        String archive = options.stream().filter(option -> option.startsWith(SHARED_ARCHIVE_OPTION)).findFirst()
                .orElseThrow().substring(SHARED_ARCHIVE_OPTION.length());
        String problem = archiveProblem(options, Path.of(archive));
        return problem.isEmpty() ? new DefaultOptions(options, "")
                : new DefaultOptions(withoutArchive, " (class-data archive " + archive + " left out: " + problem + ")");
    }

    /** The default JVM options, and why the archive they named was left out (empty when it was not). */
    private record DefaultOptions(List<String> options, String archiveLeftOut) {
    }

    private static String archiveProblem(List<String> options, Path archive) {
        if (!Files.isRegularFile(archive)) {
            return "missing; the build trains it in pre-integration-test";
        }
        if (!Files.exists(JAR)) {
            return JAR + " is missing";
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xshare:on"));
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toString(), "--version"));
        try {
            Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return "the JVM that maps it did not finish within 60s";
            }
            return check.exitValue() == 0 && !output.contains("cds") ? ""
                    : "this JVM does not map it silently: " + output.strip().replace('\n', ' ');
        } catch (IOException e) {
            return "the JVM that maps it did not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Launched start(Map<String, String> env, List<String> jvmOptions, List<String> args) {
        if (nativeBinary() && !jvmOptions.isEmpty()) {
            throw new IllegalStateException("JVM options " + jvmOptions + " for the native runner " + BINARY);
        }
        if (nativeBinary() ? !Files.isExecutable(Path.of(BINARY)) : !Files.exists(JAR)) {
            throw new IllegalStateException((nativeBinary() ? BINARY : JAR) + " is missing: run the tests with ./mvnw verify");
        }
        List<String> program = new ArrayList<>();
        if (nativeBinary()) {
            program.add(BINARY);
        } else {
            program.add(JAVA);
            program.addAll(jvmOptions);
            program.addAll(List.of("-jar", JAR.toString()));
        }
        return launch("run", program, env, args);
    }

    /**
     * Starts {@code program ARGS} as a user does: from a terminal (see {@link #INTERRUPT_IGNORED}), with the test's
     * environment and nothing of this JVM's SCHEMAHOOK_* or PG* variables, its output and termination log in files.
     */
    private static Launched launch(String name, List<String> program, Map<String, String> env, List<String> args) {
        try {
            Path directory = TempDirs.newDirectory(name);
            Path stdout = directory.resolve("stdout");
            Path stderr = directory.resolve("stderr");
            Path termination = directory.resolve("termination-log");
            List<String> command = new ArrayList<>();
            if (INTERRUPT_IGNORED) {
                command.addAll(List.of("env", "--default-signal=INT"));
            }
            command.addAll(program);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(variable -> variable.startsWith("SCHEMAHOOK_") || variable.startsWith("PG"));
            environment.put("SCHEMAHOOK_TERMINATION_LOG", termination.toString());
            environment.putAll(new HashMap<>(env));
            return new Launched(builder.start(), stdout, stderr, termination);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The serve application's jar ({@code -Dschemahook.serve.jar}; the build builds serve/ before these tests): serve
     * is an application of its own, so that the runner carries no HTTP server. Also for the runner's other commands in
     * that application, which must open no port either.
     */
    private static final Path SERVE_JAR = Path.of(System.getProperty("schemahook.serve.jar",
            "serve/target/quarkus-app/quarkus-run.jar"));

    public static Path serveJar() {
        return SERVE_JAR;
    }

    /** Runs the serve application's jar to its end, as {@link #run} runs the runner's. */
    public static RunResult serve(Map<String, String> env, String... args) {
        return startServe(env, List.of(args)).await(180);
    }

    /**
     * Starts the serve application's jar ({@code java -jar serve/target/quarkus-app/quarkus-run.jar ARGS}) with the
     * runner's default JVM options but its class-data archive (trained on the runner's jar, whose class path the
     * serve jar's is not: the JVM would warn and run without it) and environment rules; always the jar, also when the
     * runner under test is native.
     */
    public static Launched startServe(Map<String, String> env, List<String> args) {
        if (!Files.exists(SERVE_JAR)) {
            throw new IllegalStateException(SERVE_JAR + " is missing: run the tests with ./mvnw verify, which builds serve/"
                    + " (not with -Dserve.build.skip)");
        }
        List<String> program = new ArrayList<>(List.of(JAVA));
        DEFAULT_JVM_OPTIONS.stream().filter(option -> !option.startsWith(SHARED_ARCHIVE_OPTION)).forEach(program::add);
        program.addAll(List.of("-jar", SERVE_JAR.toString()));
        return launch("serve", program, env, args);
    }

    /** A runner process that is still running, or was. */
    public record Launched(Process process, Path stdout, Path stderr, Path termination) {
        public RunResult await(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the runner did not finish within " + seconds + "s:\n" + read(stderr));
                }
                return new RunResult(process.exitValue(), read(stdout), read(stderr), read(termination));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        public String stderrSoFar() {
            return read(stderr);
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
