package dev.schemahook.migration;

import java.util.Optional;

/**
 * What the look before Quarkus started found: the answer when the database is up to date; else whether it read the
 * history and found work to do (pending, edited, missing, failed, or no history yet), which the full run then need not
 * check again. A history that cannot be read after connecting counts as work to do: the full run's own look would not
 * read it either, and Flyway reports it.
 *
 * @param upToDate the whole run's result, when there is nothing to do
 * @param workToDo whether the history was read and something is not current
 */
public record EarlyAnswer(Optional<OperationResult> upToDate, boolean workToDo) {
    /** Nothing was looked at before the run: the run reads the history itself. */
    public static final EarlyAnswer NONE = new EarlyAnswer(Optional.empty(), false);
}
