package dev.schemahook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders of the tests: one per test JVM, deleted when it exits, for what the testing package writes
 * (each runner's stdout and stderr, Helm's isolated home); and copying and deleting trees for tests that lay out
 * charts. JUnit's {@code @TempDir} folders are JUnit's to delete.
 */
public final class TempDirs {

    private TempDirs() {
    }

    /** A new folder inside this JVM's temporary folder, gone when the JVM exits. */
    public static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(Root.PATH, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + Root.PATH, e);
        }
    }

    /** Created on first use, so that a test JVM that needs none leaves nothing behind either. */
    private static final class Root {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path root = Files.createTempDirectory("schemahook-tests");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root), "delete " + root));
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the tests' temporary folder", e);
            }
        }
    }

    public static void copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
