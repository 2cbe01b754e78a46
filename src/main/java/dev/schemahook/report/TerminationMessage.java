package dev.schemahook.report;

import dev.schemahook.error.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the run's summary where Kubernetes reads a container's termination message, so that
 * {@code kubectl describe pod} shows what happened without the logs.
 */
public final class TerminationMessage {
    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    static final int LIMIT = 4096;
    private static final Path DEFAULT = Path.of("/dev/termination-log");

    private TerminationMessage() {
    }

    /** Never throws: the result is printed by then, and a run must not be reported twice. */
    public static void write(String summary, Map<String, String> environment) {
        try {
            String configured = environment.get("SCHEMAHOOK_TERMINATION_LOG");
            Path path = configured == null || configured.isBlank() ? DEFAULT : Path.of(configured);
            if (path.equals(DEFAULT) && !Files.isWritable(path)) {
                return;
            }
            Files.write(path, truncate(Secrets.redact(summary.replace('\n', ' ').trim())));
        } catch (IOException | RuntimeException e) {
            // The termination message is a convenience (a path that is not one included); the logs and the exit
            // code still tell the story.
        }
    }

    static byte[] truncate(String summary) {
        byte[] bytes = summary.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= LIMIT) {
            return bytes;
        }
        String cut = summary;
        while (cut.getBytes(StandardCharsets.UTF_8).length > LIMIT - 3) {
            cut = cut.substring(0, cut.length() - Math.max(1, (cut.getBytes(StandardCharsets.UTF_8).length - LIMIT) / 2));
        }
        return (cut + "...").getBytes(StandardCharsets.UTF_8);
    }
}
