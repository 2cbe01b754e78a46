package dev.schemahook.cli;

import dev.schemahook.database.RunSessions;
import dev.schemahook.error.ExitCode;
import dev.schemahook.error.Interruption;
import dev.schemahook.error.SchemahookException;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT: a pod is stopped at its Job's deadline, on deletion, eviction and node drain. The JVM's default
 * answer is to run the shutdown hooks and exit 143 at once, while the server goes on running the migration's statement
 * with its locks held. Instead: record the stop, cancel the run's statements on the server from a fresh connection and
 * interrupt the main thread, whose failure then reports exit 9 after Flyway rolled back and the migration lock was
 * released. Should the main thread not have reported within {@link #CANCEL_GRACE}, the run's sessions are terminated;
 * within {@link #TERMINATE_GRACE} more, this thread reports and exits itself. A stop therefore takes at most about
 * CANCEL_GRACE + TERMINATE_GRACE plus two control-connection timeouts of 2 s: 10 s, documented in the README.
 *
 * <p>Quarkus 3.33 in JVM mode handles no signal itself: {@code ApplicationLifecycleManager.registerHooks} installs
 * signal handlers only when {@code ImageMode.current() == NATIVE_RUN}, and otherwise a shutdown hook that stops the
 * application without waiting for {@code run} (core/runtime/src/main/java/io/quarkus/runtime/
 * ApplicationLifecycleManager.java, registerHooks and registerSignalHandlers). A {@code sun.misc.Signal} handler keeps the
 * JVM from starting its shutdown, so that hook never runs on a signal. In a native image Quarkus installs its own INT
 * and TERM handlers (exit 128+n) when it starts; {@link #install} runs again once Quarkus has started to take them back.
 */
final class StopSignals {
    /** How long the main thread has to report after its statements were cancelled. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(3);
    /** How long it has after the run's sessions were terminated. */
    static final Duration TERMINATE_GRACE = Duration.ofSeconds(3);

    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static final CountDownLatch MAIN_REPORTED = new CountDownLatch(1);
    private static volatile Thread main;
    private static volatile RunSessions sessions;
    private static volatile Consumer<SchemahookException> reporter;

    private StopSignals() {
    }

    /**
     * Takes SIGTERM and SIGINT for the calling thread's run; {@code reportWithoutRun} prints the error when the run
     * cannot (it has not started, or does not answer).
     */
    static void install(Consumer<SchemahookException> reportWithoutRun) {
        main = Thread.currentThread();
        reporter = reportWithoutRun;
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), StopSignals::stop);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // A platform without the signal, or a JVM started with -Xrs: the default behaviour stays.
            }
        }
    }

    /** The run's database sessions, to cancel and end on a stop; null when it has none (yet). */
    static void watch(RunSessions runSessions) {
        sessions = runSessions;
    }

    /**
     * Claims the one report of a stopped run; false when it was printed already. The main thread calls it from the
     * error handler, the signal thread when the main thread did not answer in time.
     */
    static boolean claimReport() {
        return REPORTED.compareAndSet(false, true);
    }

    /** The main thread has printed the stopped run's error: the process exits next. */
    static void reported() {
        MAIN_REPORTED.countDown();
    }

    private static void stop(Signal signal) {
        if (Interruption.signal().isPresent()) {
            return; // a second Ctrl-C or a repeated TERM: the first stop is under way and bounded
        }
        Interruption.requested("SIG" + signal.getName());
        RunSessions running = sessions;
        if (running != null) {
            running.cancelRunning();
        }
        Thread thread = main;
        if (thread != null) {
            thread.interrupt(); // ends the waits: for the database, for the migration lock, await's polling
        }
        if (awaitReport(CANCEL_GRACE)) {
            return;
        }
        if (running != null) {
            running.terminateAll();
        }
        if (awaitReport(TERMINATE_GRACE)) {
            return;
        }
        if (claimReport()) {
            reporter.accept(Interruption.stopped("before the run could report: its database sessions were ended, so"
                    + " the server rolled back whatever was open and released the migration lock", null));
        } else {
            awaitReport(TERMINATE_GRACE); // the main thread is printing the report right now
        }
        exit();
    }

    private static boolean awaitReport(Duration timeout) {
        try {
            return MAIN_REPORTED.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exits 9 with the shutdown hooks (the embedded server stops); halts if they hang. */
    private static void exit() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(TERMINATE_GRACE.toMillis());
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
        }, "schemahook-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(ExitCode.INTERRUPTED.code());
    }
}
