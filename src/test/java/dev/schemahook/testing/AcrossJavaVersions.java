package dev.schemahook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A runner test whose outcome can differ between the Java versions the runner runs on: start-up, the answer before
 * Quarkus boots, the AOT cache of the JVM image. {@code ./mvnw verify} runs every runner test on the build's Java and
 * these again on Java 25 where Temurin 25 is installed (the failsafe execution {@code java-25} selects the tag
 * {@value #TAG}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(AcrossJavaVersions.TAG)
public @interface AcrossJavaVersions {
    String TAG = "java-versions";
}
