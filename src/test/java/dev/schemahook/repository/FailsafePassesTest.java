package dev.schemahook.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.schemahook.testing.AcrossJavaVersions;
import dev.schemahook.testing.AcrossPostgresVersions;
import dev.schemahook.testing.Helm;

/**
 * The PostgreSQL 14 and Java 25 passes select runner tests by JUnit tag; a tag that no class carries, or a pom that
 * names another, would make a pass run nothing and still succeed.
 */
@DisplayName("the PostgreSQL 14 and Java 25 passes of ./mvnw verify")
class FailsafePassesTest {
    private static final Path ROOT = Helm.repository();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"postgres-14, " + AcrossPostgresVersions.TAG + ", AcrossPostgresVersions",
            "java-25, " + AcrossJavaVersions.TAG + ", AcrossJavaVersions"})
    @DisplayName("select the tag of their annotation, which runner tests carry")
    void selectATagThatRunnerTestsCarry(String execution, String tag, String annotation) throws Exception {
        assertThat(groupsOf(execution)).as("failsafe execution %s's <groups>", execution).isEqualTo(tag);
        assertThat(runnerTestsAnnotatedWith(annotation)).as("runner tests annotated @%s", annotation).isNotEmpty();
    }

    private static String groupsOf(String execution) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element element = (Element) executions.item(i);
            NodeList ids = element.getElementsByTagName("id");
            if (ids.getLength() > 0 && execution.equals(ids.item(0).getTextContent().trim())) {
                NodeList groups = element.getElementsByTagName("groups");
                return groups.getLength() == 0 ? null : groups.item(0).getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no execution " + execution);
    }

    private static List<Path> runnerTestsAnnotatedWith(String annotation) {
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/test/java/dev/schemahook"))) {
            return files.filter(file -> file.toString().endsWith("Test.java") || file.toString().endsWith("IT.java"))
                    .filter(file -> read(file).lines().anyMatch(line -> line.strip().equals("@" + annotation)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
