package org.gilbench.workload;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Ping-pong (lesson 5, seeds 000, 001, 004): two parties pass a counter back and forth, each adding one,
 * until it reaches a limit — with threads over a queue, and with processes, which share nothing and
 * must talk. The seeds' ping/pong processes with a {@code multiprocessing.Queue} stop together; with a
 * global variable each counts on its own copy (that half of the lesson is {@link LostUpdate}'s
 * forked-process run).
 *
 * <p>One round trip = the counter goes from this side to the other and back, each side adding 1. The
 * {@link Channel}s, by {@link #NAMES}:
 * <ul>
 *   <li>{@code thread-queue}: a second platform thread, two {@link LinkedBlockingQueue}s — Python's
 *       {@code queue.Queue} between threads (a lock and a condition; a waiting {@code get} blocks).</li>
 *   <li>{@code process-pipe}: a child JVM, the counter over its stdin and stdout — the seeds'
 *       {@code multiprocessing.Pipe()} between parent and child (8 bytes each way, one flush each).</li>
 *   <li>{@code process-relay}: <em>both</em> parties are child JVMs and every message goes through the
 *       parent: ping child, parent, pong child, parent — a queue held by a third process, as
 *       {@code multiprocessing.Manager().Queue()} is (seed 002's managers). Two pipe round trips per
 *       round trip.</li>
 * </ul>
 * Left out: pickling (a counter is 8 bytes here; a pickled int is ~15) and the {@code multiprocessing.Queue}
 * feeder thread. The child JVMs start when the channel opens (outside any measurement) and end when it
 * closes, or by themselves when the parent dies (end of stdin).
 */
public final class PingPong {

    /** The lesson's name: the {@code --workloads} name and the experiment's, beside the four workloads. */
    public static final String NAME = "ping-pong";
    public static final String THREAD_QUEUE = "thread-queue";
    public static final String PROCESS_PIPE = "process-pipe";
    public static final String PROCESS_RELAY = "process-relay";
    /** Every channel, in the order the report shows them. */
    public static final List<String> NAMES = List.of(THREAD_QUEUE, PROCESS_PIPE, PROCESS_RELAY);

    /** How long a party may take to answer or to go away: longer means it hangs. */
    static final long WAIT_SECONDS = 10;

    private PingPong() {
    }

    /** The other party, reached over some channel. */
    public interface Channel extends AutoCloseable {

        /**
         * Sends {@code counter} and returns what comes back: {@code counter + 1} for one party on the
         * other side, {@code counter + 2} for the relay (two parties).
         *
         * @throws IllegalStateException if the other side died, hung or answered wrongly
         */
        long roundTrip(long counter) throws InterruptedException;

        /** How much one round trip adds to the counter. */
        int increment();

        /** Ends the other party's thread or process, waiting a bounded time. Idempotent. */
        @Override
        void close();
    }

    /**
     * Opens channel {@code name}.
     *
     * @throws IllegalArgumentException naming the bad name and the known ones
     */
    public static Channel open(String name) {
        return switch (name) {
            case THREAD_QUEUE -> new ThreadQueue();
            case PROCESS_PIPE -> new ProcessPipe(List.of(Pong.start()));
            case PROCESS_RELAY -> new ProcessPipe(startBoth());
            default -> throw new IllegalArgumentException("unknown " + NAME + " channel '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static List<Pong> startBoth() {
        Pong first = Pong.start();
        try {
            return List.of(first, Pong.start());
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /**
     * The seeds' game: pass the counter until it reaches {@code limit}, checking every answer; returns
     * the number of round trips.
     */
    public static long play(Channel channel, long limit) throws InterruptedException {
        long counter = 0;
        long trips = 0;
        while (counter < limit) {
            long back = channel.roundTrip(counter);
            if (back != counter + channel.increment()) {
                throw new IllegalStateException(NAME + ": sent " + counter + ", got back " + back);
            }
            counter = back + 1; // this side's turn: it adds one too
            trips++;
        }
        return trips;
    }

    /** {@code thread-queue}: a pong thread over two queues. */
    static final class ThreadQueue implements Channel {
        private final BlockingQueue<Long> ping = new LinkedBlockingQueue<>();
        private final BlockingQueue<Long> pong = new LinkedBlockingQueue<>();
        private final Thread other;

        ThreadQueue() {
            other = Thread.ofPlatform().daemon(true).name("gilbench-pong").start(() -> {
                try {
                    while (true) {
                        pong.put(ping.take() + 1);
                    }
                } catch (InterruptedException e) {
                    // close(): end
                }
            });
        }

        @Override
        public long roundTrip(long counter) throws InterruptedException {
            ping.put(counter);
            Long back = pong.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (back == null) {
                throw new IllegalStateException("ping-pong: the pong thread did not answer in " + WAIT_SECONDS + " s");
            }
            return back;
        }

        @Override
        public int increment() {
            return 1;
        }

        @Override
        public void close() {
            other.interrupt();
            try {
                other.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code process-pipe} (one child) and {@code process-relay} (two, the parent passing between them). */
    static final class ProcessPipe implements Channel {
        private final List<Pong> parties;

        ProcessPipe(List<Pong> parties) {
            this.parties = parties;
        }

        @Override
        public long roundTrip(long counter) {
            long value = counter;
            for (Pong party : parties) {
                value = party.exchange(value);
            }
            return value;
        }

        @Override
        public int increment() {
            return parties.size();
        }

        @Override
        public void close() {
            parties.forEach(Pong::close);
        }
    }

    /**
     * A child JVM that answers every counter on its stdin with counter + 1 on its stdout, until end of
     * stdin. {@link #main} is the child; the instance is the parent's handle on it.
     */
    public static final class Pong {
        private final Process process;
        private final DataOutputStream out;
        private final DataInputStream in;

        private Pong(Process process) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        }

        /** Starts a pong child on this JVM's own java and class path, and checks it answers. */
        static Pong start() {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Its messages must not land on stdout, the message stream; lean start-up flags.
                    "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr",
                    "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), Pong.class.getName()));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                throw new IllegalStateException("ping-pong: could not start a child JVM: " + e.getMessage(), e);
            }
            Pong pong = new Pong(process);
            try {
                pong.exchange(-1); // the first answer says it is up
            } catch (RuntimeException e) {
                pong.close();
                throw e;
            }
            return pong;
        }

        long exchange(long value) {
            try {
                out.writeLong(value);
                out.flush();
                long back = in.readLong();
                if (back != value + 1) {
                    throw new IllegalStateException("ping-pong child (pid " + process.pid() + ") answered " + back
                            + " to " + value);
                }
                return back;
            } catch (EOFException e) {
                throw new IllegalStateException("ping-pong child (pid " + process.pid() + ") exited", e);
            } catch (IOException e) {
                throw new IllegalStateException("ping-pong child (pid " + process.pid() + "): " + e.getMessage(), e);
            }
        }

        void close() {
            try {
                out.close(); // end of stdin: the child exits
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** The child: counter in, counter + 1 out, until end of stdin. */
        public static void main(String[] args) {
            FileOutputStream messages = new FileOutputStream(FileDescriptor.out);
            System.setOut(System.err); // nothing but answers on stdout
            DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(messages));
            try {
                while (true) {
                    out.writeLong(in.readLong() + 1);
                    out.flush();
                }
            } catch (IOException e) {
                // EOF: the parent closed stdin or died. halt: nothing to clean up, and quick.
                Runtime.getRuntime().halt(0);
            }
        }
    }
}
