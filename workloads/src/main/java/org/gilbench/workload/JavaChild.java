package org.gilbench.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one main class of this code base, for the experiments that need a second process
 * of their own: socket-io's server ({@link DelayServer}), daemon-threads' program ({@link DaemonThreads}).
 * It runs on this JVM's own {@code java.home} and {@code java.class.path} with lean start-up flags, as
 * {@code forked-process}'s children do, and its stdout is read line by line with bounded waits.
 *
 * <p>No child outlives its handle: {@link #close()} closes the child's stdin (each main here exits at
 * end of stdin, so a parent that dies any way at all still ends it), waits {@link #EXIT_WAIT}, then kills
 * it. Its two reader threads ({@code gilbench-child-out-<pid>}, {@code -err-}) end with the child.
 */
public final class JavaChild implements AutoCloseable {

    /** How long close() waits for the child to exit after end of stdin, and again after a kill. */
    public static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    /** HotSpot's own messages go to stderr: stdout carries the child's answers. Lean start-up. */
    private static final List<String> FLAGS = List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** Lines of stderr kept for the message of a failure. */
    private static final int STDERR_TAIL = 20;
    /** Marks the end of stdout in the line queue. */
    private static final String EOF = new String("<eof>");

    private final String what;
    private final Process process;
    private final long startNanos;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Thread outReader;
    private final Thread errReader;
    private volatile long exitNanos;

    private JavaChild(String what, Process process, long startNanos) {
        this.what = what;
        this.process = process;
        this.startNanos = startNanos;
        this.outReader = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "child-out-" + process.pid())
                .unstarted(this::readStdout);
        this.errReader = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "child-err-" + process.pid())
                .unstarted(this::readStderr);
        outReader.start();
        errReader.start();
        process.onExit().thenRun(() -> exitNanos = System.nanoTime());
    }

    /**
     * Starts {@code java <flags> <jvmArgs> -cp <this class path> <main> <args>}.
     *
     * @param what    the child's role, for messages (e.g. {@code "socket-io server"})
     * @param jvmArgs extra JVM options, e.g. {@code -Xmx64m}
     * @throws IllegalStateException if the JVM cannot be started
     */
    public static JavaChild start(String what, Class<?> main, List<String> jvmArgs, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        long start = System.nanoTime();
        try {
            return new JavaChild(what, new ProcessBuilder(command).start(), start);
        } catch (IOException e) {
            throw new IllegalStateException(what + ": could not start a child JVM: " + e.getMessage(), e);
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child died or close() destroyed it: the queue's EOF says so
        } finally {
            lines.add(EOF);
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // as above
        }
    }

    /**
     * The next line of the child's stdout, waiting at most {@code timeout}.
     *
     * @return the line, or null at end of stdout (the child exited or closed it)
     * @throws IllegalStateException if no line came within {@code timeout}, naming the child and its stderr
     */
    public String readLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException(what + " (pid " + process.pid() + "): no output within "
                    + timeout.toMillis() + " ms" + stderrNote());
        }
        if (line == EOF) {
            lines.add(EOF); // stays at end of stdout for any later call
            return null;
        }
        return line;
    }

    /** Writes {@code text} to the child's stdin and flushes. */
    public void send(String text) {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException(what + " (pid " + process.pid() + "): cannot write: " + e.getMessage()
                    + stderrNote(), e);
        }
    }

    /**
     * Waits for the child to exit by itself, at most {@code timeout}.
     *
     * @return its exit code
     * @throws IllegalStateException if it is still running then (it is killed first)
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            kill();
            throw new IllegalStateException(what + " (pid " + process.pid() + "): still running after "
                    + timeout.toMillis() + " ms; killed" + stderrNote());
        }
        return process.exitValue();
    }

    /** When this JVM saw the child exit ({@link System#nanoTime()}), or 0 while it runs. */
    public long exitNanos() {
        return exitNanos;
    }

    /** When the child was started ({@link System#nanoTime()}, just before the fork). */
    public long startNanos() {
        return startNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the child wrote on stderr, for a failure's message ("" when none). */
    public String stderrNote() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "; its stderr ends: " + String.join(" | ", stderrTail);
        }
    }

    private void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the child's stdin (it exits by itself), waits {@link #EXIT_WAIT}, kills it if it did not
     * exit, and waits for the reader threads. Idempotent.
     *
     * @throws IllegalStateException if the child survived even the kill
     */
    @Override
    public void close() {
        boolean interrupted = false;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed or gone
        }
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
            outReader.join(EXIT_WAIT.toMillis());
            errReader.join(EXIT_WAIT.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            throw new IllegalStateException(what + " (pid " + process.pid() + ") still alive after close");
        }
    }
}
