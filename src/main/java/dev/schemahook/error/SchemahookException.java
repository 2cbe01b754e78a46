package dev.schemahook.error;

/**
 * A failure the user can act on: it carries the exit code and a one-line message that names the problem and the fix.
 * Every layer throws it; the command line turns it into the error output in one place.
 */
public class SchemahookException extends RuntimeException {
    private final ExitCode exitCode;

    public SchemahookException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SchemahookException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
