package dev.schemahook.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native build as far as it goes without GraalVM: {@code ./mvnw package -Dnative} with
 * {@code quarkus.native.sources-only} (the native-sources-check profile, into target/native-sources-check) writes
 * exactly what Mandrel would get: the arguments, the class path, and the reflection, resource and service
 * registrations. This checks them. Whether native-image then succeeds, and how the binary behaves, only the release
 * workflow finds out (it builds Dockerfile.native and runs the runner's tests against the binary).
 */
@DisplayName("the native build, up to native-image")
class NativeImageSourcesIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final Path OUTPUT = REPOSITORY.resolve("target/native-sources-check/native-sources");

    private static List<String> arguments;
    private static Path runnerJar;
    private static List<Path> classPath;
    private static Map<String, JsonNode> reflection;
    private static List<String> resources;

    @BeforeAll
    static void buildUpToNativeImage() throws Exception {
        if (Boolean.getBoolean("schemahook.native-sources.reuse") && Files.exists(OUTPUT.resolve("native-image.args"))) {
            // For working on these checks: the output of an earlier build, said so loudly.
            System.err.println("[tests] native sources REUSED from " + OUTPUT + ", not rebuilt");
        } else {
            build();
        }
        readOutput();
    }

    private static void build() throws Exception {
        // Beside the build's output in target/, not in the system's temporary folder: the suite leaves nothing behind.
        Path log = REPOSITORY.resolve("target/native-sources-check.log");
        long start = System.nanoTime();
        Process build = new ProcessBuilder(REPOSITORY.resolve("mvnw").toString(), "-B", "-ntp", "package", "-Dnative",
                "-Dnative-sources-check").directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("the native sources build took longer than 15 minutes; its log: " + log);
        }
        String output = Files.readString(log);
        assertThat(build.exitValue()).as("the native sources build failed:\n%s",
                output.substring(Math.max(0, output.length() - 6000))).isZero();
        System.err.printf("[tests] native sources built in %.0f s into %s%n", (System.nanoTime() - start) / 1e9, OUTPUT);
    }

    private static void readOutput() throws IOException {
        arguments = Arrays.asList(Files.readString(OUTPUT.resolve("native-image.args")).strip().split("\\s+"));
        runnerJar = OUTPUT.resolve(arguments.get(arguments.indexOf("-jar") + 1));
        try (Stream<Path> jars = Files.list(OUTPUT.resolve("lib"))) {
            classPath = Stream.concat(Stream.of(runnerJar), jars.sorted()).toList();
        }
        reflection = new HashMap<>();
        for (JsonNode entry : json(entry(runnerJar, "META-INF/native-image/reflect-config.json"))) {
            reflection.put(entry.get("name").asText(), entry);
        }
        resources = new ArrayList<>();
        for (JsonNode include : json(entry(runnerJar, "META-INF/native-image/resource-config.json")).path("resources")
                .path("includes")) {
            resources.add(include.get("pattern").asText());
        }
    }

    @Test
    @DisplayName("allows https, so that TLS to the database works without a Quarkus datasource")
    void enablesTls() {
        String protocols = arguments.stream().filter(a -> a.startsWith("--enable-url-protocols=")).findFirst()
                .orElseThrow(() -> new AssertionError("no --enable-url-protocols in " + arguments));

        assertThat(protocols.substring(protocols.indexOf('=') + 1).split(",")).contains("https");
        assertThat(arguments).noneMatch(a -> a.contains("EnableAllSecurityServices=false"));
    }

    @Test
    @DisplayName("leaves the embedded PostgreSQL out: not on the class path, not registered, replaced where it is called")
    void leavesTheEmbeddedServerOut() throws Exception {
        assertThat(classPath).extracting(p -> p.getFileName().toString())
                .noneMatch(name -> name.contains("zonky") || name.contains("commons-compress") || name.contains("tukaani"));
        // With nothing of it on the class path, any reachable use of it would fail native-image at link time.
        assertThat(arguments).contains("--link-at-build-time");

        Map<String, List<String>> mentions = new LinkedHashMap<>();
        for (Path jar : classPath) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : list(zip)) {
                    String name = entry.getName();
                    assertThat(name).as("in %s", jar.getFileName()).doesNotStartWith("io/zonky/");
                    boolean registration = name.startsWith("META-INF/native-image/") || name.startsWith("META-INF/services/");
                    boolean generated = jar.equals(runnerJar) && name.startsWith("io/quarkus/") && name.endsWith(".class");
                    boolean ours = jar.equals(runnerJar) && name.startsWith("dev/schemahook/") && name.endsWith(".class");
                    if (!registration && !generated && !ours) {
                        continue;
                    }
                    String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                    // Class names as bytecode and registrations spell them; "io.zonky" alone is also a log category
                    // of application.properties, which the generated configuration carries as text.
                    Map<String, String> needles = Map.of("io/zonky/", "io/zonky", "io.zonky.test", "io/zonky",
                            "dev/schemahook/database/EmbeddedPostgresServer", "EmbeddedPostgresServer",
                            "dev.schemahook.database.EmbeddedPostgresServer", "EmbeddedPostgresServer");
                    needles.forEach((needle, what) -> {
                        if (text.contains(needle) && !mentions.computeIfAbsent(what, k -> new ArrayList<>()).contains(name)) {
                            mentions.get(what).add(name);
                        }
                    });
                }
            }
        }
        assertThat(mentions.getOrDefault("io/zonky", List.of())).as("classes and registrations that name the embedded server's library")
                .allMatch(name -> name.startsWith("dev/schemahook/database/EmbeddedPostgresServer"));
        assertThat(mentions.getOrDefault("EmbeddedPostgresServer", List.of())).as("what names EmbeddedPostgresServer")
                .allMatch(name -> name.startsWith("dev/schemahook/database/EmbeddedPostgresServer")
                        || name.equals("dev/schemahook/cli/RunnerCommand.class"));
        assertThat(methodsNaming("dev.schemahook.cli.RunnerCommand", "dev/schemahook/database/EmbeddedPostgresServer"))
                .containsExactly("runOnEmbedded");

        // ... and that one method is what native-image replaces with the usage error.
        Class<?> substitution = Class.forName("dev.schemahook.cli.NativeRunnerWithoutEmbeddedServer");
        Class<?> runnerCommand = Class.forName("dev.schemahook.cli.RunnerCommand");
        assertThat(substitution.getAnnotation(TargetClass.class).value()).isEqualTo(runnerCommand);
        Method replaced = Arrays.stream(runnerCommand.getDeclaredMethods()).filter(m -> m.getName().equals("runOnEmbedded"))
                .findFirst().orElseThrow();
        Method replacement = substitution.getDeclaredMethod("runOnEmbedded", replaced.getParameterTypes());
        assertThat(replacement.isAnnotationPresent(Substitute.class)).isTrue();
        assertThat(replacement.getReturnType()).isEqualTo(replaced.getReturnType());
        assertThat(entry(runnerJar, "dev/schemahook/cli/NativeRunnerWithoutEmbeddedServer.class")).isNotEmpty();
    }

    @Test
    @DisplayName("registers every class the runner or its libraries load by name, and the resources and services they read")
    void registersWhatIsLoadedByName() throws Exception {
        // Instantiated by name: class -> who does it (the source line that makes it so).
        Map<String, String> instantiated = new LinkedHashMap<>();
        instantiated.put("org.postgresql.Driver", "Flyway's DriverDataSource: ClassUtils.instantiate(driverClass)");
        instantiated.put("dev.schemahook.migration.FlywayLogCreator", "Flyway's LogFactory, from FlywayFactory's loggers(...)");
        instantiated.put("org.postgresql.ssl.DefaultJavaSSLFactory", "pgjdbc SocketFactoryFactory: sslfactory= by name");
        instantiated.put("org.postgresql.ssl.NonValidatingFactory", "pgjdbc SocketFactoryFactory: sslfactory= by name");
        instantiated.put("org.postgresql.ssl.SingleCertValidatingFactory", "pgjdbc SocketFactoryFactory: sslfactory= by name");
        // Flyway's plugins, found through ServiceLoader: every one its service files name.
        for (Path jar : classPath) {
            String services = entry(jar, "META-INF/services/org.flywaydb.core.extensibility.Plugin");
            services.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(plugin -> instantiated.put(plugin, "ServiceLoader, " + jar.getFileName()));
        }
        assertThat(instantiated).containsKey("org.flywaydb.database.postgresql.PostgreSQLDatabaseType");
        List<String> missing = new ArrayList<>();
        instantiated.forEach((name, why) -> {
            JsonNode entry = reflection.get(name);
            boolean constructors = entry != null && (entry.path("allDeclaredConstructors").asBoolean()
                    || entry.path("allPublicConstructors").asBoolean() || entry.path("methods").toString().contains("<init>"));
            if (!constructors) {
                missing.add(name + " (" + why + ")");
            }
        });
        // Filled field by field by Jackson from FlywayFactory's configuration(Map) ("flyway.postgresql.transactional.lock"):
        // ClassicConfiguration.configure(Map) converts the map into each configuration extension with an ObjectMapper.
        List<String> boundByJackson = new ArrayList<>(List.of("org.flywaydb.database.postgresql.TransactionalModel"));
        for (String plugin : instantiated.keySet()) {
            if (plugin.startsWith("org.flywaydb.") && org.flywaydb.core.extensibility.ConfigurationExtension.class
                    .isAssignableFrom(Class.forName(plugin, false, getClass().getClassLoader()))) {
                boundByJackson.add(plugin);
            }
        }
        assertThat(boundByJackson).contains("org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension");
        for (String name : boundByJackson) {
            JsonNode entry = reflection.get(name);
            if (entry == null || !entry.path("allDeclaredFields").asBoolean() || !entry.path("allDeclaredMethods").asBoolean()) {
                missing.add(name + " (Jackson, from configuration(Map))");
            }
        }
        // picocli reads every command and option class reflectively.
        for (Class<?> type : commandLineClasses()) {
            if (!reflection.containsKey(type.getName())) {
                missing.add(type.getName() + " (picocli)");
            }
        }
        assertThat(missing).as("loaded by name but not registered for reflection").isEmpty();

        assertThat(resources).contains(
                "\\Qorg/postgresql/driverconfig.properties\\E", // pgjdbc's Driver reads its defaults
                "\\QMETA-INF/services/org.flywaydb.core.extensibility.Plugin\\E"); // Flyway's plugin register
        // The generated arguments turn GraalVM's own ServiceLoader support off: Quarkus registers each service.
        assertThat(arguments).contains("-H:-UseServiceLoaderFeature");
    }

    @Test
    @DisplayName("is built by the Mandrel image Quarkus expects, pinned by digest in Dockerfile.native")
    void pinsTheBuilderQuarkusExpects() throws IOException {
        String dockerfile = Files.readString(REPOSITORY.resolve("Dockerfile.native"));
        String graalvm = Files.readString(OUTPUT.resolve("graalvm.version")).strip();
        String major = graalvm.split("\\.")[0];

        Matcher builder = Pattern.compile("(?m)^ARG BUILDER_IMAGE=quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image"
                + ":jdk-(\\d+)@sha256:[0-9a-f]{64}$").matcher(dockerfile);
        assertThat(builder.find()).as("ARG BUILDER_IMAGE=...mandrel-builder-image:jdk-N@sha256:<digest>").isTrue();
        assertThat(builder.group(1)).as("the builder's JDK, against Quarkus's GraalVM %s", graalvm).isEqualTo(major);
        assertThat(dockerfile).contains("FROM ${BUILDER_IMAGE} AS build")
                .contains("native-image --version | grep -q 'Mandrel-" + major + "\\.'")
                .containsPattern("(?m)^ARG RUNTIME_IMAGE=quay\\.io/quarkus/ubi9-quarkus-micro-image:2\\.0$")
                .contains("FROM ${RUNTIME_IMAGE}");
        // /code belongs to the build user before WORKDIR: classic builder, Podman and Buildah create it root-owned.
        assertThat(dockerfile.indexOf("install -d -o 1001 -g 0")).isPositive()
                .isLessThan(dockerfile.indexOf("WORKDIR /code"));
        assertThat(dockerfile.indexOf("WORKDIR /code")).isLessThan(dockerfile.indexOf("COPY "));
        // The runtime base's digest is resolved by the release workflow, which also runs the tests on the binary.
        String workflow = Files.readString(REPOSITORY.resolve(".github/workflows/release.yml"));
        assertThat(workflow).contains("build-args: RUNTIME_IMAGE=${{ steps.bases.outputs.runtime }}")
                .contains("-Dschemahook.binary=").contains(".ci/startup-rss");
    }

    /** The methods of CLASS whose bytecode names TARGET, from javap (the JDK's own disassembler). */
    private static List<String> methodsNaming(String className, String target) throws Exception {
        Path javap = Path.of(System.getProperty("java.home"), "bin", "javap");
        Process process = new ProcessBuilder(javap.toString(), "-c", "-p", "-classpath", runnerJar.toString(), className)
                .redirectErrorStream(true).start();
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(listing).isZero();
        List<String> methods = new ArrayList<>();
        String current = null;
        Pattern declaration = Pattern.compile("^ {2}\\S.*?([\\w$]+)\\(.*\\);$");
        for (String line : listing.lines().toList()) {
            Matcher matcher = declaration.matcher(line);
            if (matcher.matches()) {
                current = matcher.group(1);
            } else if (current != null && line.contains(target) && !methods.contains(current)) {
                methods.add(current);
            }
        }
        return methods;
    }

    /** The classes of dev.schemahook.cli that picocli builds its command tree from: commands and their mixins. */
    private static List<Class<?>> commandLineClasses() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        try (ZipFile zip = new ZipFile(runnerJar.toFile())) {
            for (ZipEntry entry : list(zip)) {
                String name = entry.getName();
                // Quarkus's generated beans and proxies (SchemahookMain_Bean, ...) exist in the runner jar only.
                if (!name.startsWith("dev/schemahook/cli/") || !name.endsWith(".class") || name.contains("$")
                        || !Files.exists(REPOSITORY.resolve("target/classes").resolve(name))) {
                    continue;
                }
                Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""));
                boolean command = type.isAnnotationPresent(picocli.CommandLine.Command.class);
                boolean options = Arrays.stream(type.getDeclaredFields()).anyMatch(f ->
                        f.isAnnotationPresent(picocli.CommandLine.Option.class)
                                || f.isAnnotationPresent(picocli.CommandLine.Mixin.class));
                if (command || options) {
                    types.add(type);
                }
            }
        }
        assertThat(types).extracting(Class::getSimpleName).contains("SchemahookCommand", "MigrateCommand", "ConnectionOptions");
        return types;
    }

    private static List<ZipEntry> list(ZipFile zip) {
        List<ZipEntry> entries = new ArrayList<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            entries.add(all.nextElement());
        }
        return entries;
    }

    /** A file of a jar as text, or "" when it has none. */
    private static String entry(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                return "";
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }
}
