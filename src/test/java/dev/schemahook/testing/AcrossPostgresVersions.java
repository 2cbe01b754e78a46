package dev.schemahook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A runner test whose outcome can differ between PostgreSQL majors. {@code ./mvnw verify} runs every runner test on
 * PostgreSQL 17 and these again on PostgreSQL 14 (the failsafe execution {@code postgres-14} selects the tag
 * {@value #TAG}).
 *
 * <p>What qualifies is what the server decides and changes between majors: the SQL it accepts and the errors it
 * reports (MigrateSqlErrorTest), locks and {@code lock_timeout} (MigrateLockRetryTest), {@code CREATE INDEX
 * CONCURRENTLY} (MigrateCreateIndexConcurrentlyTest), the locks and rewrites analyze observes (AnalyzeRulesTest), the
 * catalogs analyze fills tables from and drift reads (AnalyzeTablesWithRowsTest, DriftTest), and Flyway's history
 * table on a new database (MigrateFreshDatabaseTest). What does not qualify is what the runner decides alone or what
 * PostgreSQL 14 and 17 do alike: advisory locks between runners, a session the server ends or a runner killed
 * mid-transaction (rolled back the same way), reading the history of production, and tests that run on the runner's
 * own embedded server, whose major is the command's {@code --postgres-version}, not the pass's (VerifyTest). On a
 * method, only that test of its class runs again (MigrateFreshDatabaseTest: the migrations and the history table on
 * the server, not how the result is printed).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(AcrossPostgresVersions.TAG)
public @interface AcrossPostgresVersions {
    String TAG = "postgres-versions";
}
