package org.gilbench.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gilbench.workload.Task;

/**
 * The main class of a {@link ForkedProcess} child JVM: the worker process of the seeds'
 * {@code ProcessPoolExecutor}, with its own interpreter.
 *
 * <p>Usage (started by the parent, not by hand): {@code java -cp … org.gilbench.model.Child --model
 * serial|gil-emulated}. The child opens {@code Model.named(model)} with one worker
 * — its own interpreter, with its own GIL under {@code gil-emulated} — writes a HELLO frame, then reads
 * task frames from stdin and answers each with a RESULT or FAILED frame on stdout (see {@link Protocol}).
 *
 * <p>Rules that keep the parent safe:
 * <ul>
 *   <li>stdout carries protocol frames only: {@code System.out} is pointed at stderr before anything
 *       else runs, and the parent starts the JVM with its own messages on stderr;</li>
 *   <li>the main thread only reads stdin, tasks run on another thread, so end of stdin (the parent
 *       closed it, or died, even by SIGKILL) ends the child at once, even in the middle of a task;</li>
 *   <li>bad usage or an unknown model: one line on stderr, exit 2; a malformed frame from the parent:
 *       one line on stderr, exit 3.</li>
 * </ul>
 */
public final class Child {

    /** Exit code for bad arguments (e.g. an unknown model). */
    static final int EXIT_USAGE = 2;
    /** Exit code for a malformed frame on stdin. */
    static final int EXIT_PROTOCOL = 3;

    private Child() {
    }

    public static void main(String[] args) {
        FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err); // whatever a task or library prints must not land between frames
        if (args.length != 2 || !args[0].equals("--model")) {
            usage("expected --model NAME, got " + String.join(" ", args));
        }
        String modelName = args[1];
        ExecutionModel model = null;
        try {
            model = Model.named(modelName).open(ModelSpec.of(1));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        new Child().serve(model, protocolOut);
    }

    private static void usage(String problem) {
        System.err.println("gilbench child: " + problem);
        System.exit(EXIT_USAGE);
    }

    private void serve(ExecutionModel model, FileOutputStream protocolOut) {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(protocolOut, 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        try {
            out.writeInt(Protocol.MAGIC);
            out.writeInt(Protocol.VERSION);
            out.writeLong(cpuNanos());
            out.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent is gone already
        }
        // One task thread, so the main thread is always reading and sees EOF at once. A platform thread:
        // the child's model (gil-emulated) may want a real OS thread, as a Python worker has.
        ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("gilbench-child-task").factory());
        Protocol.TaskReader reader = new Protocol.TaskReader(in);
        while (true) {
            Task task;
            try {
                task = reader.read();
            } catch (IOException e) {
                System.err.println("gilbench child: bad frame from the parent: " + e.getMessage());
                System.exit(EXIT_PROTOCOL);
                return;
            }
            if (task == null) {
                // End of stdin: the parent closed it or died. halt(), not exit(): there are no hooks to
                // run, and exit() first asks System.Logger whether to log Runtime.exit, which loads the
                // logging machinery — 30-40 ms per child measured here, against ~3 ms for halt(). An
                // AOT training run still writes its cache (the JVM does that in halt's exit path too).
                Runtime.getRuntime().halt(0);
            }
            runner.execute(() -> answer(model, task, out));
        }
    }

    private static void answer(ExecutionModel model, Task task, DataOutputStream out) {
        try {
            long value;
            try {
                value = model.run(List.of(task))[0];
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof ExecutionException inner && inner.getCause() != null
                        ? inner.getCause() : e.getCause() != null ? e.getCause() : e;
                Protocol.writeFailure(cause, cpuNanos(), out);
                return;
            } catch (RuntimeException | Error e) {
                Protocol.writeFailure(e, cpuNanos(), out);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Protocol.writeFailure(e, cpuNanos(), out);
                return;
            }
            Protocol.writeResult(value, cpuNanos(), out);
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // stdout closed: the parent is gone
        }
    }

    /**
     * The child's whole-process CPU time (all threads, JIT and GC included) from {@code /proc/self/stat}:
     * utime + stime in clock ticks of 10 ms. {@code OperatingSystemMXBean.getProcessCpuTime()} has the
     * same 10 ms resolution on Linux (it calls times()) and costs ~25 ms of start-up to load. Without /proc
     * (macOS, Windows): {@code ProcessHandle}'s CPU time, see {@link CpuClock#nanos()}.
     *
     * <p>Read with every answer, so it must be cheap while the child's code is still interpreted (a
     * prime-check run is only 65 answers, too few for the JIT): the file stays open, each read is one
     * seek and one read into the same buffer, and the two numbers are parsed from the bytes. Opening the
     * file, decoding a String and {@code split} on every answer cost 0.2–0.4 ms per task (measured in
     * the child, docs/gil.md item 4): ~20 ms of a 0.6 s prime-check operation.
     */
    static long cpuNanos() {
        return CPU.nanos();
    }

    private static final CpuClock CPU = CpuClock.open();

    /** {@code /proc/self/stat}, kept open; {@link #nanos()} is 0 where it cannot be read. */
    static final class CpuClock {
        /** USER_HZ: 100 on every Linux port the JDK supports. */
        private static final long CLOCK_TICKS_PER_SECOND = 100;

        private final RandomAccessFile stat;
        /** The line is ~300 bytes; only its first fields are parsed, so a longer one is still read right. */
        private final byte[] buffer = new byte[1024];

        private CpuClock(RandomAccessFile stat) {
            this.stat = stat;
        }

        /**
         * {@code -Dgilbench.noProc=true} (the runner's, passed on by ChildCommand): behave as on macOS and
         * Windows, where there is no /proc, so the fallback is tested here too.
         */
        static final String NO_PROC_PROPERTY = "gilbench.noProc";

        static CpuClock open() {
            if (Boolean.getBoolean(NO_PROC_PROPERTY)) {
                return new CpuClock(null);
            }
            try {
                return new CpuClock(new RandomAccessFile("/proc/self/stat", "r"));
            } catch (IOException e) {
                return new CpuClock(null);
            }
        }

        /** Where the time comes from: {@code proc-self-stat}, or {@code process-handle} without /proc. */
        String source() {
            return stat != null ? "proc-self-stat" : "process-handle";
        }

        /**
         * Called from the main thread (HELLO) and the task thread (answers), never at once: synchronized anyway.
         * Without /proc: the JDK's {@code ProcessHandle} CPU time (GetProcessTimes on Windows, proc_pidinfo
         * on macOS; no management beans to load), 0 where the OS does not report it.
         */
        synchronized long nanos() {
            if (stat == null) {
                return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
            }
            try {
                stat.seek(0); // the kernel writes the line afresh for a read from offset 0
                int length = stat.read(buffer);
                return ticks(buffer, Math.max(length, 0)) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /**
         * utime + stime from a {@code /proc/<pid>/stat} line: fields 14 and 15, counted from the last
         * {@code ')'} (the command name in field 2 may itself hold spaces and parentheses).
         *
         * @throws IllegalArgumentException if the line is not one
         */
        static long ticks(byte[] line, int length) {
            int close = length - 1;
            while (close >= 0 && line[close] != ')') {
                close--;
            }
            long utime = 0;
            long stime = 0;
            int field = 2;
            for (int i = close + 1; close >= 0 && i < length && field <= 15; i++) {
                byte c = line[i];
                if (c == ' ') {
                    field++;
                } else if (field == 14 || field == 15) {
                    if (c < '0' || c > '9') {
                        throw new IllegalArgumentException("not a /proc stat line: field " + field + " has '" + (char) c + "'");
                    }
                    if (field == 14) {
                        utime = utime * 10 + (c - '0');
                    } else {
                        stime = stime * 10 + (c - '0');
                    }
                }
            }
            if (field < 15) {
                throw new IllegalArgumentException("not a /proc stat line: " + (close < 0 ? "no ')'" : "only " + field + " fields"));
            }
            return utime + stime;
        }
    }
}
