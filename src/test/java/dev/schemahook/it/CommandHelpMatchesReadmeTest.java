package dev.schemahook.it;

import dev.schemahook.testing.RunResult;
import dev.schemahook.testing.Runner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help text is the reference for each command's options; the README's options table, with its Commands column,
 * must say the same. Both directions: an option help lists and the table does not, and the other way round.
 */
@DisplayName("each command's --help and the README's options table name the same options")
class CommandHelpMatchesReadmeTest {
    private static final List<String> COMMANDS = List.of("migrate", "info", "validate", "baseline", "repair", "await",
            "verify", "analyze", "drift", "serve");
    /** An option line of picocli's help: "  -h, --help" or "      --url=URL"; descriptions are indented further. */
    private static final Pattern HELP_OPTION = Pattern.compile("^(?: {2}-\\w, | {6})(--[a-z][a-z-]*)");
    private static final Pattern README_FLAG = Pattern.compile("--[a-z][a-z-]*");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"migrate", "info", "validate", "baseline", "repair", "await", "verify", "analyze", "drift", "serve"})
    @DisplayName("lists in --help exactly the options the README gives the command")
    void helpMatchesReadme(String command) throws IOException {
        // serve's options are the serve application's; the runner has only its name (ServeOutsideRunnerTest).
        RunResult help = command.equals("serve") ? Runner.serve(Map.of(), command, "--help")
                : Runner.run(Map.of(), command, "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();

        Set<String> fromHelp = new TreeSet<>();
        help.stdout().lines().map(HELP_OPTION::matcher).filter(Matcher::find).forEach(m -> fromHelp.add(m.group(1)));

        assertThat(fromHelp).as("the help of " + command + " lists options").contains("--help", "--url");
        assertThat(fromHelp).as("options of '" + command + " --help' (left) against the README's table for "
                + command).containsExactlyInAnyOrderElementsOf(readmeOptions(command));
    }

    /** The flags of the README's options table whose Commands column names {@code command}. */
    static Set<String> readmeOptions(String command) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf("| Flag | Commands | Variable | Default | Meaning |");
        assertThat(header).as("the README's options table").isNotNegative();
        Set<String> options = new TreeSet<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            // An escaped \| (as in text\|json) stays inside its cell.
            String[] cells = line.split("(?<!\\\\)\\|");
            String flagCell = cells[1].trim();
            String commandsCell = cells[2].trim();
            if (flagCell.isEmpty()) {
                assertThat(commandsCell).as("a variable-only row names no command: " + line).isEmpty();
                continue;
            }
            if (takes(commandsCell, command, line)) {
                Matcher flag = README_FLAG.matcher(flagCell);
                assertThat(flag.find()).as("a flag in " + line).isTrue();
                options.add(flag.group());
            }
        }
        return options;
    }

    /** "all", "all but X" or a comma-separated list of commands, each of them a real one. */
    private static boolean takes(String commandsCell, String command, String line) {
        if (commandsCell.equals("all")) {
            return true;
        }
        if (commandsCell.startsWith("all but ")) {
            String excluded = commandsCell.substring("all but ".length());
            assertThat(COMMANDS).as("a command in " + line).contains(excluded);
            return !excluded.equals(command);
        }
        List<String> named = Arrays.stream(commandsCell.split(",")).map(String::trim).toList();
        assertThat(COMMANDS).as("commands in " + line).containsAll(named);
        return named.contains(command);
    }
}
