package dev.schemahook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree: {@code schemahook [command] [options]}; without a command, {@code migrate} runs. */
@Command(name = "schemahook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Migrates PostgreSQL with the migrations baked into this image. Without a command, runs migrate.",
        subcommands = {MigrateCommand.class, InfoCommand.class, ValidateCommand.class, BaselineCommand.class,
                RepairCommand.class, AwaitCommand.class, VerifyCommand.class, AnalyzeCommand.class, DriftCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success or nothing to do, 1 a migration failed, 2 usage or configuration error,",
                "3 database not reachable in time, 4 validation failed, 5 lock not acquired in time,",
                "6 unsafe migration (analyze, verify), 7 authentication or permission failure, 8 await timed out,",
                "9 stopped by SIGTERM/SIGINT (rolled back, safe to retry), 10 connection lost (rolled back, safe to retry),",
                "11 out of memory (nothing committed; raise the memory limit), 12 drifted (drift),",
                "13 database not at the snapshot's version (drift), 70 internal error."})
final class SchemahookCommand {
}
