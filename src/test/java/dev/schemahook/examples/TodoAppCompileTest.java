package dev.schemahook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The todo example application")
class TodoAppCompileTest {

    @Test
    @DisplayName("compiles for Java 17 from its one source file with nothing but the PostgreSQL driver")
    void compilesFromOneSourceFile(@TempDir Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        // The test class path holds the same pgJDBC the image downloads (the runner's driver).
        String driver = System.getProperty("java.class.path");
        Boolean compiled;
        try (var files = compiler.getStandardFileManager(null, null, null)) {
            compiled = compiler.getTask(diagnostics, files, null,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", driver, "-d", classes.toString()),
                    null, files.getJavaFileObjects(ExampleFiles.TODO.resolve("src/TodoApp.java"))).call();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThat(compiled).as(diagnostics.toString()).isTrue();
        assertThat(classes.resolve("TodoApp.class")).isRegularFile();
    }
}
