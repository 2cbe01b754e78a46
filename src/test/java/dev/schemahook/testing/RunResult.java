package dev.schemahook.testing;

/** What one run of the runner left behind: its exit code, stdout, stderr and termination message. */
public record RunResult(int exitCode, String stdout, String stderr, String terminationMessage) {

    /** stdout and stderr together, for assertions that a secret appears nowhere. */
    public String everything() {
        return stdout + "\n" + stderr + "\n" + terminationMessage;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
