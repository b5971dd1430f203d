package org.gilbench.workload;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one of this package's {@code main} classes, on this JVM's own {@code java.home}
 * and class path — Python's <em>spawn</em> start method: a fresh interpreter on the same code, sharing
 * nothing with its parent (Java cannot fork()). Its stdin and stdout are the pipes the parent talks over
 * (the channels {@code forked-process} uses); its stderr goes to the parent's stderr.
 *
 * <p>Shared by the experiments whose children are not {@code forked-process} workers (the queue
 * writers and readers, the pipe's echo). The rules every such child follows ({@link #childStdout()}):
 * nothing but its messages on stdout, and it exits by itself at end of stdin, so a parent that dies in
 * any way (even SIGKILL) still ends it.
 *
 * <p>Ending: {@link #join} is the seeds' {@code p.join()} after closing the child's stdin;
 * {@link #terminate} is {@code p.terminate()} (SIGTERM); both wait a bounded time, then SIGKILL.
 */
final class Spawned {

    /** How long a child may take to start, or to go away once told: longer means it hangs. */
    static final Duration WAIT = Duration.ofSeconds(20);

    /** HotSpot's own messages must not land on stdout, the message stream; lean start-up flags. */
    private static final List<String> FLAGS = List.of(
            "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private final String what;
    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;

    private Spawned(String what, Process process) {
        this.what = what;
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /**
     * Starts {@code main} with {@code args} in a child JVM with a heap of {@code heapMb}.
     *
     * @throws IllegalStateException if the JVM cannot be started
     */
    static Spawned start(String what, Class<?> main, int heapMb, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.add("-Xmx" + heapMb + "m");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Spawned(what, process);
        } catch (IOException e) {
            throw new IllegalStateException(what + ": could not start a child JVM: " + e.getMessage(), e);
        }
    }

    /** The pipe to the child's stdin (buffered: flush after each message). */
    DataOutputStream out() {
        return out;
    }

    /** The pipe from the child's stdout. */
    DataInputStream in() {
        return in;
    }

    String what() {
        return what;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the child's stdin (it exits by itself), without waiting. */
    void endInput() {
        try {
            out.close();
        } catch (IOException e) {
            // already gone: nothing to tell it
        }
    }

    /** The seed's {@code p.join()} after closing its stdin: waits {@link #WAIT}, then kills. */
    void join() {
        endInput();
        awaitExit();
    }

    /** The seed's {@code p.terminate()}: SIGTERM, waits {@link #WAIT}, then SIGKILL. */
    void terminate() {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL, from any thread (a watchdog); readers of its stdout then see end of stream. */
    void kill() {
        process.destroyForcibly();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            in.close();
        } catch (IOException e) {
            // the stream died with the child
        }
    }

    /**
     * In a child's {@code main}, first thing: points {@code System.out} at stderr (whatever a library
     * prints must not land between messages) and returns the real stdout for the messages.
     */
    static FileOutputStream childStdout() {
        FileOutputStream messages = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        return messages;
    }

    /**
     * In a child whose main thread blocks elsewhere (on a FIFO): a daemon thread that halts the JVM at
     * end of stdin, so the child dies with its parent. halt: nothing to clean up, and quick.
     */
    static void exitAtEndOfStdin() {
        Thread.ofPlatform().daemon(true).name("gilbench-stdin-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // a child of this kind gets no input: anything sent is ignored until EOF
                }
            } catch (IOException e) {
                // stdin broke: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        });
    }
}
