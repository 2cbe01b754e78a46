package dev.schemahook.error;

import java.util.Optional;

/**
 * Whether the process was asked to stop (SIGTERM, SIGINT), and by which signal. A signal belongs to the whole process,
 * so this is the one piece of process-wide state: the signal handler sets it, and every layer turns the failure that
 * the stop caused (a cancelled statement, an interrupted wait) into exit 9 instead of reporting it as what it looks like.
 */
public final class Interruption {
    private static volatile String signal;

    private Interruption() {
    }

    /** Records the first stop request; later ones change nothing. */
    public static synchronized void requested(String signalName) {
        if (signal == null) {
            signal = signalName;
        }
    }

    public static Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** Exit 9 with a message that says what was stopped, what the server undid, and that a retry is safe. */
    public static SchemahookException stopped(String what, Throwable cause) {
        return new SchemahookException(ExitCode.INTERRUPTED, "stopped by " + signal().orElse("a signal") + " " + what
                + "; safe to retry", cause);
    }
}
