package dev.schemahook.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.schemahook.testing.Helm;

/**
 * A clean clone must build and test with nothing beside it: no tracked file may point at a file outside the
 * repository, by a relative path that climbs out of it ({@code ../something} from the root) or by an absolute path
 * into the folder the clone sits in or the user's home.
 */
@DisplayName("the repository is self-contained")
class RepositorySelfContainedTest {
    private static final Path ROOT = Helm.repository().toAbsolutePath().normalize();
    /** A run of {@code ../} not preceded by a path character, and the path after it. */
    private static final Pattern CLIMB = Pattern.compile("(?<![\\w./$}-])((?:\\.\\./)+)([\\w.@-]*)");
    /** Prefixes that make the relative path after them relative to the file: Maven's basedir, Helm's file://. */
    private static final Pattern RELATIVE_TO_THE_FILE = Pattern.compile("\\$\\{(?:project\\.)?basedir}/|file://");
    /** Build output and tools' caches that a clone does not carry, when the files are listed without git. */
    private static final Set<String> NOT_TRACKED = Set.of(".git", "target", "node_modules", ".idea", ".vscode", ".tools",
            "charts");

    @Test
    @DisplayName("no tracked file references a file outside the repository")
    void noTrackedFileReferencesOutside() {
        List<String> problems = new ArrayList<>();
        List<Path> files = trackedFiles();
        assertThat(files).as("tracked files").hasSizeGreaterThan(50).contains(ROOT.resolve("pom.xml"));
        for (Path file : files) {
            text(file).ifPresent(text -> problems.addAll(outsideReferences(file, text)));
        }
        assertThat(problems).as("references outside the repository (a clean clone has nothing beside it: copy what is"
                + " needed into the repository, or have the build fetch it)").isEmpty();
    }

    @Test
    @DisplayName("finds a folder beside the clone, a path from the user's home, and lets paths inside the repository be")
    void findsWhatItLooksFor() {
        Path readme = ROOT.resolve("README.md");
        Path example = ROOT.resolve("examples/todo/chart/Chart.yaml");
        String home = System.getProperty("user.home");

        assertThat(outsideReferences(readme, "schemas in `../schemas/kubernetes`")).hasSize(1);
        assertThat(outsideReferences(example, "repository: file://../../../../other/chart")).hasSize(1);
        assertThat(outsideReferences(readme, "read " + ROOT.getParent().resolve("schemas/kubernetes"))).hasSize(1);
        assertThat(outsideReferences(readme, "helm at " + home + "/.cache/helm")).hasSize(1);
        assertThat(outsideReferences(example, "repository: file://../../../chart")).isEmpty();
        assertThat(outsideReferences(ROOT.resolve("bench/flyway-cli/pom.xml"), "${project.basedir}/../target/lib"))
                .isEmpty();
        assertThat(outsideReferences(readme, "see docs/../README.md, wait ... or src/main/../../pom.xml")).isEmpty();
    }

    /** What in {@code text}, the content of {@code file}, points outside the repository. */
    static List<String> outsideReferences(Path file, String text) {
        List<String> problems = new ArrayList<>();
        String where = ROOT.relativize(file).toString();
        Matcher climb = CLIMB.matcher(RELATIVE_TO_THE_FILE.matcher(text).replaceAll(" "));
        while (climb.find()) {
            Path target = file.getParent().resolve(climb.group(1) + climb.group(2)).normalize();
            if (!target.startsWith(ROOT)) {
                problems.add(where + ": " + climb.group() + " climbs out of the repository to " + target);
            }
        }
        for (Path outside : outsideFolders()) {
            if (Pattern.compile("(?<![\\w.-])" + Pattern.quote(outside + "/")).matcher(text).find()) {
                problems.add(where + ": names " + outside + "/, a folder of the machine that built it");
            }
        }
        return problems;
    }

    /** The folder the clone sits in and the user's home, unless the repository lies inside the home (then only the first). */
    private static List<Path> outsideFolders() {
        List<Path> folders = new ArrayList<>();
        Path parent = ROOT.getParent();
        if (parent != null && parent.getNameCount() > 0) {
            folders.add(parent);
        }
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (home.getNameCount() > 0 && !ROOT.startsWith(home)) {
            folders.add(home);
        }
        return folders;
    }

    /** git's list of tracked files; a source archive without .git: every file but build output and caches. */
    private static List<Path> trackedFiles() {
        if (Files.isDirectory(ROOT.resolve(".git")) || Files.isRegularFile(ROOT.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (git.waitFor(1, TimeUnit.MINUTES) && git.exitValue() == 0) {
                    return Stream.of(listing.split("\0")).filter(name -> !name.isEmpty()).map(ROOT::resolve)
                            .filter(Files::isRegularFile).toList();
                }
            } catch (IOException e) {
                // No git on the path: list the files as without .git.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted listing the tracked files", e);
            }
        }
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> ROOT.relativize(path).toString().isEmpty() || Stream.iterate(ROOT.relativize(path),
                            p -> p != null, Path::getParent).noneMatch(p -> NOT_TRACKED.contains(p.getFileName().toString())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as UTF-8 text; empty for a binary file. */
    private static java.util.Optional<String> text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
