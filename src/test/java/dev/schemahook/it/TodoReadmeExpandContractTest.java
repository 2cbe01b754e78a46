package dev.schemahook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.schemahook.testing.Migrations;
import dev.schemahook.testing.PostgresServer;
import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import dev.schemahook.testing.TestDatabase;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations the todo example's README writes with here-documents (section 3's V4, section 5's expand and
 * contract), applied the way the example's two hook Jobs apply them: the packaged runner with --phase pre, the old
 * release's pods still writing, then --phase post.
 */
@DisplayName("the todo README's expand and contract release")
class TodoReadmeExpandContractTest {
    private static final Pattern HERE_DOCUMENT =
            Pattern.compile("cat > migrations/(V[0-9]+__\\w+\\.sql) <<'SQL'\\n(.*?)\\nSQL\\n", Pattern.DOTALL);

    @TempDir
    Path temp;
    TestDatabase database;

    @BeforeEach
    void setUp() {
        database = PostgresServer.shared().createDatabase();
    }

    private static Map<String, String> readmeMigrations() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher matcher = HERE_DOCUMENT.matcher(Files.readString(Path.of("examples/todo/README.md")));
        while (matcher.find()) {
            files.put(matcher.group(1), matcher.group(2) + "\n");
        }
        return files;
    }

    private Migrations release(String name, List<String> readmeFiles) throws IOException {
        Migrations folder = Migrations.in(temp.resolve(name));
        try (Stream<Path> files = Files.list(Path.of("examples/todo/migrations"))) {
            for (Path file : files.toList()) {
                folder.add(file.getFileName().toString(), Files.readString(file));
            }
        }
        Map<String, String> readme = readmeMigrations();
        for (String file : readmeFiles) {
            assertThat(readme).as("here-documents of examples/todo/README.md").containsKey(file);
            folder.add(file, readme.get(file));
        }
        return folder;
    }

    private RunResult migrate(Migrations folder, String phase) {
        RunResult result = Runner.run(database.env(), "migrate", "--phase", phase, "--locations", folder.location());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    @DisplayName("keeps the old release's queries working between the phases and loses none of its writes")
    void keepsTheOldReleaseWorkingBetweenThePhases() throws IOException {
        Migrations withDueDate = release("with-due-date", List.of("V4__add_due_date.sql"));
        migrate(withDueDate, "all");
        database.execute("INSERT INTO todo (title, due_date) VALUES ('before the release', DATE '2026-12-01')");

        Migrations next = release("due-at", List.of("V4__add_due_date.sql", "V5__add_due_at.sql", "V6__drop_due_date.sql"));
        migrate(next, "pre");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3", "4", "5");

        // The rollout: an old pod writes due_date only; new pods read due_at.
        database.execute("INSERT INTO todo (title, due_date) VALUES ('by an old pod', DATE '2026-12-24')");
        assertThat(database.query("SELECT title, due_date FROM todo ORDER BY id")).containsExactly(
                List.of("before the release", "2026-12-01"), List.of("by an old pod", "2026-12-24"));
        assertThat(database.queryOne("SELECT count(*) FROM todo WHERE due_at IS NOT NULL")).isEqualTo("1");

        migrate(next, "post");
        assertThat(database.appliedVersions()).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(database.query("SELECT title, due_at::date FROM todo ORDER BY id")).containsExactly(
                List.of("before the release", "2026-12-01"), List.of("by an old pod", "2026-12-24"));
        assertThat(database.queryOne("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'todo' AND column_name = 'due_date'")).isEqualTo("0");
    }
}
