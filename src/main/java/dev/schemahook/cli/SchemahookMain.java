package dev.schemahook.cli;

import dev.schemahook.config.OutputFormat;
import dev.schemahook.migration.FlywayWarmUp;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import dev.schemahook.error.Secrets;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The entry point: picks the command (migrate by default), runs it, and maps every failure to one exit code. */
@QuarkusMain
public class SchemahookMain implements QuarkusApplication {
    private static final Logger LOG = Logger.getLogger(SchemahookMain.class);
    private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

    /**
     * What the run learned before Quarkus started, written once by {@link #main} before the boot and read by {@link
     * #run}: Quarkus creates this class itself (CDI), so an immutable value crosses the boot here or nowhere.
     */
    private static BeforeBoot beforeBoot = BeforeBoot.NOTHING;

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        StopSignals.install(error -> reportWithoutCommand(args, error));
        BeforeBoot known = BeforeBoot.look(withDefaultCommand(args));
        if (known.answered()) {
            return;
        }
        if (Interruption.signal().isPresent()) {
            // Stopped during the answer before boot, which only reads: nothing to undo, nothing to start.
            if (StopSignals.claimReport()) {
                reportWithoutCommand(args, Interruption.stopped("before the run started: nothing was changed", null));
                StopSignals.reported();
            }
            System.exit(ExitCode.INTERRUPTED.code());
        }
        if (known.usageError() != null) {
            // As the full run would have: a stop during the look above was reported first.
            System.exit(handleUsageError(known.usageError(), withDefaultCommand(args)));
        }
        if (known.parsed()) {
            FlywayWarmUp.start();
        }
        // The log format must be chosen before Quarkus configures logging, so it is read here, not by picocli.
        if ("json".equalsIgnoreCase(optionValue(args, "--log-format", "SCHEMAHOOK_LOG_FORMAT"))) {
            System.setProperty("quarkus.log.console.json.enabled", "true");
        }
        // The one point where the runner and the serve application differ: each has its own ServeCommand.
        ServeCommand.beforeBoot(withDefaultCommand(args));
        beforeBoot = known;
        Quarkus.run(SchemahookMain.class, args);
    }

    @Override
    public int run(String... args) {
        // Again: in a native image Quarkus has installed its own INT and TERM handlers by now (see StopSignals).
        StopSignals.install(error -> reportWithoutCommand(args, error));
        if (Interruption.signal().isPresent()) {
            if (StopSignals.claimReport()) {
                reportWithoutCommand(args, Interruption.stopped("while the runner started: nothing was changed", null));
                StopSignals.reported();
            }
            return ExitCode.INTERRUPTED.code();
        }
        String[] withCommand = withDefaultCommand(args);
        BeforeBoot known = beforeBoot;
        CommandLine commandLine = (known.parsed() ? known.commandLine() : new CommandLine(SchemahookCommand.class, factory))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(SchemahookMain::handleFailure)
                .setParameterExceptionHandler(SchemahookMain::handleUsageError);
        try {
            return commandLine.execute(known.parsed() ? BeforeBoot.arguments(withCommand) : withCommand);
        } catch (OutOfMemoryError e) {
            // Outside a migration (FlywayRun reports those with the file): starting the embedded server, reading
            // the files. The heap is free again once the failed work has unwound.
            SchemahookException error = new SchemahookException(ExitCode.OUT_OF_MEMORY, "the runner ran out of memory"
                    + " with a " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap: nothing was committed; raise the"
                    + " chart's resources.limits.memory (or -Xmx); a retry with the same limit fails again", e);
            reportWithoutCommand(args, error);
            return error.exitCode().code();
        } finally {
            // A stop interrupts this thread to end its waits; the flag must not reach Quarkus's shutdown, which waits too.
            Thread.interrupted();
        }
    }

    /** The value of {@code --name VALUE} or {@code --name=VALUE}, else the environment variable, else null. */
    static String givenValue(String[] args, String name, String environmentVariable) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        String value = System.getenv(environmentVariable);
        return value == null || value.isBlank() ? null : value;
    }

    /** Without a command, {@code migrate} runs: {@code schemahook --url ...} is {@code schemahook migrate --url ...}. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_FLAGS.contains(args[0]))) {
            return args;
        }
        List<String> withMigrate = new ArrayList<>(List.of("migrate"));
        withMigrate.addAll(Arrays.asList(args));
        return withMigrate.toArray(String[]::new);
    }

    /** Every failure of a command that ran: the one exit path with the command's format and database. */
    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        SchemahookException error;
        if (failure instanceof SchemahookException known) {
            error = known;
        } else if (failure instanceof CommandLine.TypeConversionException usage) {
            error = new SchemahookException(ExitCode.USAGE, usage.getMessage());
        } else {
            LOG.debug("unexpected failure", failure);
            error = new SchemahookException(ExitCode.INTERNAL_ERROR, "unexpected " + failure.getClass().getSimpleName()
                    + ": " + failure.getMessage() + "; this is a bug in schemahook, please report it", failure);
        }
        if (Interruption.signal().isPresent()) {
            if (error.exitCode() != ExitCode.INTERRUPTED) {
                error = Interruption.stopped("while " + commandLine.getCommandName() + " ran: " + error.getMessage(), error);
            }
            if (!StopSignals.claimReport()) {
                return error.exitCode().code(); // the signal thread has reported it already
            }
        }
        int exitCode = commandLine.getCommand() instanceof RunnerCommand command
                ? ExitPath.fail(command.operation(), command.database(), command.format(), error)
                : ExitPath.fail(commandLine.getCommandName(), null, OutputFormat.TEXT, error);
        StopSignals.reported();
        return exitCode;
    }

    /** A stopped run's error when no command object can print it: before or while Quarkus starts. */
    private static void reportWithoutCommand(String[] args, SchemahookException error) {
        ExitPath.fail(withDefaultCommand(args)[0], null, outputFormat(args), error);
    }

    private static int handleUsageError(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        String reason = problem.getMessage();
        if (problem instanceof CommandLine.UnmatchedArgumentException && command.getParent() == null) {
            reason = "unknown command '" + args[0] + "': use one of " + String.join(", ", command.getSubcommands().keySet());
        }
        String message = Secrets.redact(reason) + "; see '" + command.getCommandSpec().qualifiedName() + " --help'";
        return ExitPath.fail(command.getCommandName(), null, outputFormat(args),
                new SchemahookException(ExitCode.USAGE, message));
    }

    /** --output as given, read from the arguments when picocli has not parsed them (or could not). */
    static OutputFormat outputFormat(String[] args) {
        return "json".equalsIgnoreCase(optionValue(args, "--output", "SCHEMAHOOK_OUTPUT"))
                ? OutputFormat.JSON : OutputFormat.TEXT;
    }

    /** The value of {@code --name VALUE} or {@code --name=VALUE}, else the environment variable. */
    static String optionValue(String[] args, String name, String environmentVariable) {
        String value = givenValue(args, name, environmentVariable);
        return value == null ? OutputFormat.TEXT.name().toLowerCase(Locale.ROOT) : value;
    }
}
