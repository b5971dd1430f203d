package org.gilbench.model;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;

/**
 * Test tasks that run inside a child JVM (shipped by Java serialization) and misbehave on purpose.
 * Each answers {@link #ANSWER} if it survives.
 */
final class ChildTasks {

    static final long ANSWER = 42;

    private ChildTasks() {
    }

    /** A misbehaving task: shipped by serialization, answering {@link #ANSWER} if it ever returns. */
    interface Misbehaving extends Task, Serializable {
        @Override
        default long expected() {
            return ANSWER;
        }
    }

    /** Counts its runs by appending one byte to {@code dir/index}: a counter a child JVM can reach. */
    record CountedInFile(int index, String dir) implements Task, Serializable {
        @Override
        public long run(Interpreter in) {
            try {
                Files.write(Path.of(dir, Integer.toString(index)), new byte[] {1},
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return (long) index * index;
        }

        @Override
        public long expected() {
            return (long) index * index;
        }

        @Override
        public String describe() {
            return "counted-in-file #" + index;
        }
    }

    /** Writes its last words to stderr and exits with {@code code}, as a crashing worker would. */
    record Exit(int code, String lastWords) implements Misbehaving {
        @Override
        public long run(Interpreter in) {
            System.err.println(lastWords);
            System.err.flush();
            Runtime.getRuntime().halt(code);
            return ANSWER;
        }

        @Override
        public String describe() {
            return "exit(" + code + ")";
        }
    }

    /** Kills its own JVM with SIGKILL: a crash with no chance to say anything. */
    record KillSelf() implements Misbehaving {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            System.err.println("about to be SIGKILLed");
            try {
                new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(60_000);
            return ANSWER;
        }

        @Override
        public String describe() {
            return "kill -9 self";
        }
    }

    /** Writes text straight onto the protocol stream (bypassing System.out), then waits. */
    record Garbage(String text) implements Misbehaving {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            try {
                FileOutputStream raw = new FileOutputStream(FileDescriptor.out);
                raw.write(text.getBytes(StandardCharsets.US_ASCII));
                raw.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(60_000);
            return ANSWER;
        }

        @Override
        public String describe() {
            return "garbage";
        }
    }

    /** Never answers: sleeps {@code millis}, ignoring interrupts. */
    record Hang(long millis) implements Misbehaving {
        @Override
        public long run(Interpreter in) {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    // ignored on purpose: a hung task does not cooperate
                }
            }
            return ANSWER;
        }

        @Override
        public String describe() {
            return "hang " + millis + " ms";
        }
    }

    /** Prints to System.out in the child, which must not reach the protocol stream. */
    record Chatty() implements Misbehaving {
        @Override
        public long run(Interpreter in) {
            System.out.println("chatty task says hello on System.out");
            System.out.flush();
            return ANSWER;
        }

        @Override
        public String describe() {
            return "chatty";
        }
    }
}
