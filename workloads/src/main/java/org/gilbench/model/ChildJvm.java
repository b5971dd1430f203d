package org.gilbench.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.gilbench.workload.Task;

/**
 * The parent's handle on one {@link Child} JVM: starts it, ships tasks and reads answers over its pipes,
 * drains its stderr on a thread of its own (keeping the last lines for error messages) and ends it.
 * Used by one dispatcher thread at a time; {@link #kill()} may be called from any thread.
 */
final class ChildJvm {

    /** Lines of stderr kept for error messages. */
    static final int STDERR_LINES = 20;
    /** Longer stderr lines (garbage, a huge message) are cut to this. */
    private static final int MAX_LINE = 500;
    /** How long a child that was told to exit (stdin closed) or killed may take to go away. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    /** What all children of one model add up: the {@code process.*} counters. */
    static final class Counters {
        final LongAdder starts = new LongAdder();
        final LongAdder startNanos = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final LongAdder bytesReceived = new LongAdder();
        final LongAdder childCpuNanos = new LongAdder();
    }

    private final int id;
    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final Thread stderrDrainer;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Counters counters;
    private final ScheduledExecutorService watchdog;
    private volatile boolean timedOut;
    private volatile boolean broken;
    private long lastCpuNanos;

    private ChildJvm(int id, Process process, Counters counters, ScheduledExecutorService watchdog) {
        this.id = id;
        this.process = process;
        this.counters = counters;
        this.watchdog = watchdog;
        this.out = new DataOutputStream(new BufferedOutputStream(
                Protocol.counting(process.getOutputStream(), counters.bytesSent), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(
                Protocol.counting(process.getInputStream(), counters.bytesReceived), 1 << 16));
        this.stderrDrainer = Thread.ofPlatform().daemon(true)
                .name(Threads.PREFIX + "forked-stderr-" + process.pid())
                .start(this::drainStderr);
    }

    /**
     * Starts a child and waits for its HELLO frame; the wall time from {@code start()} to HELLO is
     * added to {@code process.start-ns}.
     *
     * @throws ChildProcessException if it cannot start, exits, writes garbage or stays silent past
     *     {@code timeout} (then it is killed)
     */
    static ChildJvm start(int id, List<String> command, Counters counters, ScheduledExecutorService watchdog,
            Duration timeout) {
        long begin = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ChildProcessException("child JVM #" + id + " could not be started (" + command.get(0) + "): "
                    + e.getMessage(), null, List.of(), e);
        }
        ChildJvm child = new ChildJvm(id, process, counters, watchdog);
        ScheduledFuture<?> alarm = child.alarm(timeout);
        try {
            int magic = child.in.readInt();
            if (magic != Protocol.MAGIC) {
                throw child.garbage(String.format("expected HELLO 0x%08X, got 0x%08X", Protocol.MAGIC, magic), null);
            }
            int version = child.in.readInt();
            if (version != Protocol.VERSION) {
                throw child.garbage("protocol version " + version + ", expected " + Protocol.VERSION, null);
            }
            child.reportCpu(child.in.readLong());
        } catch (IOException e) {
            throw child.died("failed to start", timeout, e);
        } finally {
            alarm.cancel(false);
        }
        counters.starts.increment();
        counters.startNanos.add(System.nanoTime() - begin);
        return child;
    }

    /**
     * Ships one task and waits for its answer, at most {@code timeout} (then the child is killed).
     *
     * @throws ExecutionException if the task threw in the child; its exception is the cause, and the
     *     child stays usable
     * @throws ChildProcessException if the child died, wrote garbage or hung; it is then unusable
     */
    long run(Task task, Duration timeout) throws ExecutionException {
        ScheduledFuture<?> alarm = alarm(timeout);
        try {
            Protocol.writeTask(task, out);
            out.flush();
            int tag = in.read();
            switch (tag) {
                case Protocol.RESULT -> {
                    long value = in.readLong();
                    reportCpu(in.readLong());
                    return value;
                }
                case Protocol.FAILED -> {
                    String summary = in.readUTF();
                    byte[] serialized = Protocol.readBytes(in);
                    reportCpu(in.readLong());
                    Throwable cause = remoteException(summary, serialized);
                    throw new ExecutionException(task.describe() + " failed in child JVM #" + id
                            + " (pid " + process.pid() + "): " + summary, cause);
                }
                case -1 -> throw new EOFException("end of stream");
                default -> throw garbage(String.format("frame tag 0x%02X, expected RESULT or FAILED", tag), task);
            }
        } catch (IOException e) {
            throw died("running " + task.describe(), timeout, e);
        } finally {
            alarm.cancel(false);
        }
    }

    /** The exception the task threw in the child, rebuilt from its serialized form when possible. */
    private static Throwable remoteException(String summary, byte[] serialized) {
        if (serialized.length > 0) {
            try {
                if (Protocol.deserialize(serialized) instanceof Throwable t) {
                    return t;
                }
            } catch (IOException | RuntimeException e) {
                // fall through: the summary still says what happened
            }
        }
        return new RuntimeException(summary);
    }

    /** True once the child died, hung or misbehaved: the model replaces it. */
    boolean broken() {
        return broken;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes stdin: a healthy child exits at once (EOF). Does not wait. */
    void endInput() {
        try {
            out.close();
        } catch (IOException e) {
            // the child is already gone: nothing to tell it
        }
    }

    /**
     * Waits up to {@code wait} for the child to exit after {@link #endInput()}, then kills it; returns
     * its exit code.
     */
    int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        joinDrainer();
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Tells the child to exit and waits for it: the seed's {@code p.join()}. */
    void close() {
        endInput();
        int code = awaitExit(EXIT_WAIT);
        if (process.isAlive()) {
            throw new IllegalStateException("child JVM #" + id + " (pid " + process.pid() + ") still alive "
                    + EXIT_WAIT.toSeconds() + " s after SIGKILL");
        }
        if (code != 0 && !broken) {
            throw new ChildProcessException("child JVM #" + id + " (pid " + process.pid()
                    + ") exited abnormally after its last task", code, stderrTail(), null);
        }
    }

    /** SIGKILL, from any thread (interrupts, the shutdown hook). The reader then sees end of stream. */
    void kill() {
        broken = true;
        process.destroyForcibly();
    }

    List<String> stderrTail() {
        synchronized (stderrTail) {
            return new ArrayList<>(stderrTail);
        }
    }

    private ScheduledFuture<?> alarm(Duration timeout) {
        return watchdog.schedule(() -> {
            timedOut = true;
            kill();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void reportCpu(long cpuNanos) {
        // Cumulative in the child; only growth is added (a child's clock never goes back, but be sure).
        if (cpuNanos > lastCpuNanos) {
            counters.childCpuNanos.add(cpuNanos - lastCpuNanos);
            lastCpuNanos = cpuNanos;
        }
    }

    /** The child wrote something that is not a frame: kill it (nothing it says can be trusted now). */
    private ChildProcessException garbage(String what, Task task) {
        kill();
        int code = awaitExit(EXIT_WAIT);
        return new ChildProcessException("child JVM #" + id + " (pid " + process.pid() + ") wrote garbage on its"
                + " protocol stream" + (task == null ? "" : " running " + task.describe()) + " (" + what
                + "); killed it", code < 0 ? null : code, stderrTail(), null);
    }

    /** The pipe broke or ended: the child exited, crashed, or was killed by the watchdog. */
    private ChildProcessException died(String doing, Duration timeout, IOException e) {
        broken = true;
        if (timedOut) {
            int code = awaitExit(EXIT_WAIT);
            return new ChildProcessException("child JVM #" + id + " (pid " + process.pid() + ") " + doing
                    + ": no answer within " + timeout.toSeconds() + " s (task-timeout-s); killed it",
                    code < 0 ? null : code, stderrTail(), e);
        }
        // Give it a moment to finish dying, so the exit code and its last words are known.
        int code = awaitExit(EXIT_WAIT);
        return new ChildProcessException("child JVM #" + id + " (pid " + process.pid() + ") " + doing
                + ": it " + (code < 0 ? "stopped answering" : "exited") + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")",
                code < 0 ? null : code, stderrTail(), e);
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (line.length() > MAX_LINE) {
                    line = line.substring(0, MAX_LINE) + "...";
                }
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the stream closed under us: the child is gone
        }
    }

    private void joinDrainer() {
        try {
            stderrDrainer.join(EXIT_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
