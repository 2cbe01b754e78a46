package dev.schemahook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A runner test whose outcome can differ between PostgreSQL majors: SQL and its errors, locks and lock_timeout,
 * CREATE INDEX CONCURRENTLY, what analyze observes. {@code ./mvnw verify} runs every runner test on PostgreSQL 17 and
 * these again on PostgreSQL 14 (the failsafe execution {@code postgres-14} selects the tag {@value #TAG}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AcrossPostgresVersions.TAG)
public @interface AcrossPostgresVersions {
    String TAG = "postgres-versions";
}
