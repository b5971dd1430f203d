package org.gilbench.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * A child JVM of {@code forked-process} failed as a process: it crashed, exited, wrote garbage on its
 * protocol stream, or hung past its deadline and was killed. Carries the exit code (when it had one) and
 * the last lines of its stderr, which the message also shows. A task that merely <em>threw</em> in a
 * healthy child is reported with that exception instead, as {@code multiprocessing} re-raises it.
 */
public final class ChildProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Integer exitCode;
    private final List<String> stderrTail;

    ChildProcessException(String problem, Integer exitCode, List<String> stderrTail, Throwable cause) {
        super(problem + (exitCode == null ? "" : "; exit code " + exitCode)
                + (stderrTail.isEmpty() ? "; stderr was empty" : "; last stderr lines:\n  " + String.join("\n  ", stderrTail)),
                cause);
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** The child's exit code, empty if it had not exited when the failure was reported. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** The last lines the child wrote to stderr, oldest first. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
