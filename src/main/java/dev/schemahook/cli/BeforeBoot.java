package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.function.Function;

/**
 * What the run learned before Quarkus started, handed to the full run as one immutable value: the command it could
 * parse alone (migrate or await), and what the look at the schema history found.
 *
 * @param command migrate or await when their arguments parsed without the whole command tree; null otherwise
 * @param answer the up-to-date answer (the run is then over), or whether the history showed work to do
 */
record BeforeBoot(String command, EarlyAnswer answer) {
    /** Nothing was parsed or looked at: the full run starts from the arguments. */
    static final BeforeBoot NOTHING = new BeforeBoot(null, EarlyAnswer.NONE);

    /**
     * Most releases have nothing to migrate. migrate and await answer an up-to-date database here, before Quarkus and
     * its extensions start, which is most of a no-op run's time. Everything else, every error included, is left to the
     * full run, which decides and reports it. Each answer given here is held to Flyway's own (UpToDateAgreesWithFlywayIT).
     */
    static BeforeBoot look(String[] withCommand) {
        // The two commands whose no-op answer is the common case; every other command boots Quarkus.
        Function<EarlyAnswer, RunnerCommand> create = constructor(withCommand[0]);
        if (create == null) {
            return NOTHING;
        }
        RunnerCommand command = create.apply(EarlyAnswer.NONE);
        try {
            CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
            // Help and usage errors are printed by the whole command tree, with its names.
            if (commandLine.parseArgs(arguments(withCommand)).isUsageHelpRequested()) {
                return NOTHING;
            }
        } catch (Exception | LinkageError e) {
            return NOTHING;
        }
        try {
            return new BeforeBoot(withCommand[0], command.answerBeforeBoot());
        } catch (Exception | LinkageError e) {
            return new BeforeBoot(withCommand[0], EarlyAnswer.NONE);
        }
    }

    /** The run is over: the up-to-date answer was printed. */
    boolean answered() {
        return answer.upToDate().isPresent();
    }

    /** The command line parsed without the whole command tree, so the full run need not build it. */
    boolean parsed() {
        return command != null;
    }

    /**
     * The full run's command line: the command parsed again alone (a fraction of building the whole tree by reflection)
     * into a command object that knows what was found.
     */
    CommandLine commandLine() {
        return new CommandLine(constructor(command).apply(answer));
    }

    /** The arguments after the command's name. */
    static String[] arguments(String[] withCommand) {
        return Arrays.copyOfRange(withCommand, 1, withCommand.length);
    }

    private static Function<EarlyAnswer, RunnerCommand> constructor(String command) {
        return switch (command) {
            case "migrate" -> MigrateCommand::new;
            case "await" -> AwaitCommand::new;
            default -> null;
        };
    }
}
