package dev.schemahook.cli;

import dev.schemahook.error.ExitCode;
import dev.schemahook.error.SchemahookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code schemahook serve} in the runner: only its name. The status service is an application of its own (serve/), a
 * second executable beside the runner in the same image (/usr/local/bin/schemahook-serve), so that the runner's
 * commands start no HTTP server, health check or metrics registry; the serve application compiles the runner's
 * sources with its own ServeCommand in place of this one.
 */
@Command(name = "serve",
        description = "The read-only HTTP status service (health, Prometheus metrics, info and drift as JSON). It is not"
                + " part of this runner: /usr/local/bin/schemahook-serve, beside it in the image, runs it.")
final class ServeCommand implements Callable<Integer> {
    static final String ELSEWHERE = "serve is not part of this runner: run /usr/local/bin/schemahook-serve serve, the"
            + " program beside it in the image (or java -jar serve/target/quarkus-app/quarkus-run.jar serve)";

    /** Whatever serve's options were: the answer is the same, and it is not a complaint about them. */
    @Unmatched
    List<String> arguments;

    /**
     * Before Quarkus boots ({@link SchemahookMain#main}): serve ends here, in a few milliseconds, with the usage error
     * (exit 2); {@code serve --help} prints the same line on stdout and exits 0, as every help does.
     */
    static void beforeBoot(String[] withCommand) {
        if (!withCommand[0].equals("serve")) {
            return;
        }
        if (Arrays.stream(withCommand).anyMatch(arg -> arg.equals("-h") || arg.equals("--help"))) {
            System.out.println(ELSEWHERE);
            System.exit(ExitCode.SUCCESS.code());
        }
        System.exit(ExitPath.fail("serve", null, SchemahookMain.outputFormat(withCommand),
                new SchemahookException(ExitCode.USAGE, ELSEWHERE)));
    }

    /** Not reached: {@link #beforeBoot} has ended every serve run before the command tree exists. */
    @Override
    public Integer call() {
        throw new SchemahookException(ExitCode.USAGE, ELSEWHERE);
    }
}
