package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example declares its one dependency in its Dockerfile: an {@code ADD --checksum=sha256:...} of a jar from Maven
 * Central. The test compiles the example against exactly that file and the JDK, nothing of the test class path.
 */
@DisplayName("The todo example application")
class TodoAppCompileTest {
    /** {@code ADD --checksum=sha256:<hex> [\]<maven central URL of a jar> <target>}, across a line continuation. */
    private static final Pattern DECLARED_JAR = Pattern.compile(
            "ADD\\s+--checksum=sha256:([0-9a-f]{64})\\s+(?:\\\\\\s+)?(https://repo1\\.maven\\.org/maven2/(\\S+\\.jar))\\s");

    @Test
    @DisplayName("compiles for Java 17 from its one source file with nothing but the dependency its Dockerfile declares")
    void compilesFromOneSourceFile(@TempDir Path classes) {
        Compilation compilation = compile(ExampleFiles.TODO.resolve("src/TodoApp.java"), declaredDependency(), classes);

        assertThat(compilation.succeeded()).as(compilation.diagnostics()).isTrue();
        assertThat(classes.resolve("TodoApp.class")).isRegularFile();
    }

    @Test
    @DisplayName("would not compile if it used a library only the test class path has")
    void failsOnAnUndeclaredDependency(@TempDir Path directory) throws IOException {
        String source = read(ExampleFiles.TODO.resolve("src/TodoApp.java"));
        Path variant = Files.createDirectories(directory.resolve("src")).resolve("TodoApp.java");
        Files.writeString(variant, "import com.fasterxml.jackson.databind.ObjectMapper;\n" + source);
        assertThat(System.getProperty("java.class.path")).as("the test class path has Jackson").contains("jackson-databind");

        Compilation compilation = compile(variant, declaredDependency(), Files.createDirectories(directory.resolve("classes")));

        assertThat(compilation.succeeded()).isFalse();
        assertThat(compilation.diagnostics()).contains("com.fasterxml.jackson.databind");
    }

    private record Compilation(boolean succeeded, String diagnostics) {
    }

    /** As the Dockerfile's javac: --release 17 and the declared jar as the whole class path. */
    private static Compilation compile(Path source, Path classPath, Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (var files = compiler.getStandardFileManager(null, null, null)) {
            Boolean compiled = compiler.getTask(diagnostics, files, null,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", classPath.toString(), "-d",
                            classes.toString()),
                    null, files.getJavaFileObjects(source)).call();
            return new Compilation(Boolean.TRUE.equals(compiled), diagnostics.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The jar the Dockerfile declares, found by its Maven Central path in the local Maven repository or on the test
     * class path (the runner ships the same driver), and checked against the Dockerfile's checksum.
     */
    private static Path declaredDependency() {
        String dockerfile = read(ExampleFiles.TODO.resolve("Dockerfile"));
        Matcher declared = DECLARED_JAR.matcher(dockerfile);
        assertThat(declared.find()).as("examples/todo/Dockerfile declares its jar with ADD --checksum=sha256:... from"
                + " Maven Central").isTrue();
        String checksum = declared.group(1);
        String repositoryPath = declared.group(3);
        String fileName = repositoryPath.substring(repositoryPath.lastIndexOf('/') + 1);

        Path localRepository = Path.of(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        Optional<Path> jar = Optional.of(localRepository.resolve(repositoryPath)).filter(Files::isRegularFile)
                .or(() -> Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(Path::of).filter(path -> path.getFileName().toString().equals(fileName)).findFirst());
        assertThat(jar).as(declared.group(2) + ", which examples/todo/Dockerfile declares, is neither in "
                + localRepository + " nor on the runner's class path: the example and the runner should use one"
                + " driver version").isPresent();
        assertThat(sha256(jar.get())).as("the checksum examples/todo/Dockerfile pins for " + fileName)
                .isEqualTo(checksum);
        return jar.get();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
