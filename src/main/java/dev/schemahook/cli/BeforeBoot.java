package dev.schemahook.cli;

import dev.schemahook.migration.EarlyAnswer;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * What the run learned before Quarkus started, handed to the full run as one immutable value: the command it could
 * parse alone (migrate or await), what the look at the schema history found, or the usage error the command line is.
 *
 * @param command migrate or await when their arguments parsed without the whole command tree; null otherwise
 * @param answer the up-to-date answer (the run is then over), or whether the history showed work to do
 * @param usageError what the whole command tree refuses in these arguments (the run is then over); null when they parse
 */
record BeforeBoot(String command, EarlyAnswer answer, CommandLine.ParameterException usageError) {
    /** Nothing was parsed or looked at: the full run starts from the arguments. */
    static final BeforeBoot NOTHING = new BeforeBoot(null, EarlyAnswer.NONE, null);

    /** Left to the full run: help, which prints the whole tree, and serve, which decides its port before the boot. */
    private static final Set<String> PARSED_AFTER_BOOT = Set.of("help", "serve");

    /**
     * Most releases have nothing to migrate. migrate and await answer an up-to-date database here, before Quarkus and
     * its extensions start, which is most of a no-op run's time. Everything else, every error included, is left to the
     * full run, which decides and reports it. Each answer given here is held to Flyway's own (UpToDateAgreesWithFlywayIT).
     */
    static BeforeBoot look(String[] withCommand) {
        // The two commands whose no-op answer is the common case; every other command boots Quarkus.
        Function<EarlyAnswer, RunnerCommand> create = constructor(withCommand[0]);
        if (create == null) {
            return new BeforeBoot(null, EarlyAnswer.NONE, usageError(withCommand));
        }
        RunnerCommand command = create.apply(EarlyAnswer.NONE);
        try {
            CommandLine commandLine = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
            // Help is printed by the whole command tree, with its names.
            if (commandLine.parseArgs(arguments(withCommand)).isUsageHelpRequested()) {
                return NOTHING;
            }
        } catch (CommandLine.ParameterException e) {
            return new BeforeBoot(null, EarlyAnswer.NONE, usageError(withCommand));
        } catch (Exception | LinkageError e) {
            return NOTHING;
        }
        try {
            return new BeforeBoot(withCommand[0], command.answerBeforeBoot(), null);
        } catch (Exception | LinkageError e) {
            return new BeforeBoot(withCommand[0], EarlyAnswer.NONE, null);
        }
    }

    /**
     * A command line picocli refuses (an unknown command or option, a value that does not convert, a required option
     * missing) is refused by the same whole command tree the full run builds, only before Quarkus starts, which is most
     * of such a run's time: the same error, the same exit code (UsageErrorsTest, CommandUnusedOptionTest). The command
     * is parsed alone first, as migrate's is above, so a command line that parses costs no more than that; only a
     * refused one pays for the whole tree, whose names the message carries. Null when the arguments parse, for help and
     * serve, and when anything but a usage error goes wrong here: the full run decides then, as before.
     */
    private static CommandLine.ParameterException usageError(String[] withCommand) {
        if (withCommand[0].startsWith("-") || PARSED_AFTER_BOOT.contains(withCommand[0])) {
            return null;
        }
        try {
            Class<?> alone = subcommand(withCommand[0]);
            if (alone != null) {
                try {
                    new CommandLine(alone).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(arguments(withCommand));
                    return null;
                } catch (CommandLine.ParameterException refused) {
                    // Refused alone: the whole tree below says it with its names.
                }
            }
            new CommandLine(SchemahookCommand.class).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(withCommand);
            return null;
        } catch (CommandLine.ParameterException e) {
            return e;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /** The class of the named command, from the tree's own list; null for a name the tree does not know. */
    private static Class<?> subcommand(String name) {
        for (Class<?> subcommand : SchemahookCommand.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            CommandLine.Command command = subcommand.getAnnotation(CommandLine.Command.class);
            if (command != null && Arrays.asList(command.name()).contains(name)) {
                return subcommand;
            }
        }
        return null;
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
