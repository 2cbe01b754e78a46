package dev.schemahook.safety;

import java.util.List;

/**
 * What one migration did on the throwaway database.
 *
 * @param version the version, empty for a repeatable migration
 * @param description the description from the file name
 * @param script the file name
 * @param analysed false when the --against database already has it: applied for the schema, not reported
 * @param transactional whether it ran in one transaction (its locks are observed); false for CONCURRENTLY and the like
 * @param lockTimeout the lock_timeout in effect when it committed, as PostgreSQL shows it ({@code 5s}, {@code 0})
 * @param locks the locks it held on tables and indexes, in the order they were taken
 * @param rewrites the existing tables and indexes it rewrote
 * @param findings what the rules found, in line order
 * @param unfilled the tables that could not be given rows before it ran, each with PostgreSQL's reason
 * @param load what the reader, the writer and the long read transaction saw while it ran; null without --load
 */
public record MigrationAnalysis(String version, String description, String script, boolean analysed,
                                boolean transactional, String lockTimeout, List<ObservedLock> locks,
                                List<Rewrite> rewrites, List<Finding> findings, List<String> unfilled,
                                LoadObservation load) {
}
