package dev.schemahook.cli;

/**
 * A group of options a command declares as a picocli mixin. Each command lists the groups it uses, so it accepts and
 * lists only those; {@link RunnerCommand} lets every declared group fill in its part of the run's configuration.
 */
interface OptionGroup {
    void applyTo(RunConfiguration configuration);
}
