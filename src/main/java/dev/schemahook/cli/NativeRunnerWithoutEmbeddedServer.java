package dev.schemahook.cli;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import dev.schemahook.config.ConnectionConfig;
import dev.schemahook.config.MigrationConfig;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;

import java.util.Map;

/**
 * The native image's replacement of the one method that starts the embedded server: a usage error (exit 2) that names
 * --url and the JVM image. Read by native-image alone; the JVM never loads it.
 */
@TargetClass(RunnerCommand.class)
final class NativeRunnerWithoutEmbeddedServer {
    @Alias
    native String embeddedUnavailable();

    @Substitute
    int runOnEmbedded(ConnectionConfig connectionConfig, MigrationConfig migrationConfig, Map<String, String> environment) {
        throw new SchemahookException(ExitCode.USAGE, embeddedUnavailable());
    }
}
