package org.gilbench.workload;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * {@code queue-writer-reader} (seeds 002, 004; SEEDS.md 7.5, 7.6): messages between a writer and a
 * reader — processes over the operating system's pipes, threads over a {@link BlockingQueue} beside
 * them — and what one message costs against its size.
 *
 * <p>The seeds' programs: seed 002:248-313, {@code write(q)} puts 'A', 'B', 'C' on a
 * {@code multiprocessing.Queue}, {@code read(q)} loops {@code q.get(True)}, the parent joins the writer
 * and {@code terminate()}s the reader; seed 004:361-424, two writers of three URLs each into one endless
 * reader, terminated after both writers join; seed 004:426-489, {@code Pipe()} between a sender and a
 * receiver. The channels, by {@link #CHANNELS}:
 * <ul>
 *   <li>{@code process-queue}: 1 or 2 writer JVMs and a reader JVM over one named pipe (a FIFO made with
 *       {@code mkfifo}) — a {@code multiprocessing.Queue} is one {@code os.pipe()} whose write end every
 *       writer holds. As {@code Queue.put} does (its {@code _wlock}), a writer holds a lock across each
 *       message's write, so the messages of two writers never interleave: a {@link SharedFile.Lock} in
 *       shared memory, the analogue of the queue's POSIX semaphore. The parent is in neither message
 *       path: it tells the writers how many messages to send (over their stdin) and reads the reader's
 *       acknowledgement (over its stdout).</li>
 *   <li>{@code thread-queue}: the same with writer and reader threads and a {@link LinkedBlockingQueue}
 *       — Python's {@code queue.Queue} between threads. A message is handed over by reference: nothing is
 *       copied, which is the lesson.</li>
 *   <li>{@code process-pipe}: a duplex pipe both ways (seed 004's {@code Pipe()} is duplex by default):
 *       the parent sends each message to an echo JVM over its stdin and reads it back from its stdout,
 *       the channels {@code forked-process} uses. One message = one round trip, the payload copied
 *       through two pipes.</li>
 *   <li>{@code thread-pipe}: the same round trip to an echo thread over two queues.</li>
 * </ul>
 *
 * <p>Every message is checked where it arrives: its writer, its sequence number (consecutive per writer:
 * a lost, repeated or reordered message fails), its length, the sequence number stamped in the payload,
 * and the CRC-32C of the payload against the one its writer computed. Each writer produces every payload
 * afresh (a copy of its template, then the stamp and the CRC) into a buffer it reuses, in every channel,
 * so the channels differ in the transport only: by reference between threads (the buffer goes back to
 * its writer once the reader has checked it, see {@link Message}), copied into and out of the kernel
 * between processes. A batch ends when the reader has the last message of every writer; the parent
 * then checks the count and every writer's next sequence number.
 *
 * <p>Left out: pickling (the payload is bytes already, as a {@code bytes} object pickles to itself plus
 * a few bytes), and {@code multiprocessing.Queue}'s feeder thread (its {@code put} returns before the
 * message is written; here the writer writes it itself, so a full pipe blocks the writer, as the
 * feeder thread is blocked). The reader's {@code terminate()} comes after it acknowledged every message,
 * so none is lost to it (seed 004's Pipe lost 3 of 10 that way: the lesson of 7.6 is not re-measured).
 */
public final class QueueWriterReader {

    public static final String NAME = "queue-writer-reader";
    public static final String THREAD_QUEUE = "thread-queue";
    public static final String PROCESS_QUEUE = "process-queue";
    public static final String THREAD_PIPE = "thread-pipe";
    public static final String PROCESS_PIPE = "process-pipe";
    /** Every channel, in the order the report shows them: queues, then pipes; threads beside processes. */
    public static final List<String> CHANNELS = List.of(THREAD_QUEUE, PROCESS_QUEUE, THREAD_PIPE, PROCESS_PIPE);

    /** Seed 002:248-313: one writer putting 'A', 'B', 'C'. */
    public static final int SEED_MESSAGES = 3;
    /** Seed 004:361-424: two writers into one reader. */
    public static final int SEED_WRITERS = 2;
    /** Seed 004:426-489: url_0 .. url_9 through a Pipe. */
    public static final int SEED_PIPE_MESSAGES = 10;
    /** The payload sizes measured: a number, a line, a pipe's capacity, a megabyte. */
    public static final List<Integer> PAYLOADS = List.of(8, 1024, 64 * 1024, 1024 * 1024);
    public static final int MIN_PAYLOAD = 8;
    public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    /** A batch moves about this many bytes per writer, within {@link #MIN_BATCH}..{@link #MAX_BATCH} messages. */
    static final long BATCH_BYTES = 16L * 1024 * 1024;
    static final int MIN_BATCH = 16;
    static final int MAX_BATCH = 2000;
    /** How long one batch may take: 2000 round trips of 1 MiB take ~2 s here; longer means a hang. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final int HELLO = 0x51554555; // "QUEU"
    private static final int ACK_OK = 1;
    private static final int ACK_ERROR = 2;

    private QueueWriterReader() {
    }

    /**
     * Messages per writer in one batch for {@code payload}-byte messages: ~16 MiB per writer, at least 16
     * and at most 2000 messages (8 B and 1 KiB: 2000; 64 KiB: 256; 1 MiB: 16), so a batch takes tens of
     * milliseconds on any channel and the fixed cost of a batch (one command, one acknowledgement) is
     * spread over many messages.
     */
    public static int batchFor(int payload) {
        requirePayload(payload);
        return (int) Math.max(MIN_BATCH, Math.min(MAX_BATCH, BATCH_BYTES / payload));
    }

    /** A writer-reader pair (or writers and a reader, or an echo) over one channel. */
    public interface Channel extends AutoCloseable {

        /**
         * Sends {@code messages} messages from every writer (or {@code messages} round trips through
         * the echo) and returns once all arrived, every one checked.
         *
         * @return the messages received in this batch: {@code messages * writers()}
         * @throws IllegalStateException naming the first message that was lost, repeated, reordered or
         *     corrupted, or the party that died or hung
         */
        long batch(int messages) throws InterruptedException;

        int writers();

        int payload();

        /** Joins the writers, then terminates the reader (the seeds' order), waiting a bounded time. Idempotent. */
        @Override
        void close();
    }

    /**
     * Opens {@code channel} with {@code writers} writers of {@code payload}-byte messages. Child JVMs start
     * here, outside any measurement.
     *
     * @throws IllegalArgumentException naming the bad channel, writer count or payload and the allowed ones
     */
    public static Channel open(String channel, int writers, int payload) {
        requirePayload(payload);
        boolean pipe = channel.equals(THREAD_PIPE) || channel.equals(PROCESS_PIPE);
        if (writers < 1 || writers > 8 || pipe && writers != 1) {
            throw new IllegalArgumentException("bad value for writers: " + writers + " (allowed: "
                    + (pipe ? "1 for a pipe, which has two ends" : "1..8") + ")");
        }
        return switch (channel) {
            case THREAD_QUEUE -> new ThreadQueue(writers, payload);
            case PROCESS_QUEUE -> new ProcessQueue(writers, payload);
            case THREAD_PIPE -> new ThreadPipe(payload);
            case PROCESS_PIPE -> new ProcessPipe(payload);
            default -> throw new IllegalArgumentException("unknown queue-writer-reader channel '" + channel
                    + "' (known: " + String.join(", ", CHANNELS) + ")");
        };
    }

    private static void requirePayload(int payload) {
        if (payload < MIN_PAYLOAD || payload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("bad value for payload: " + payload + " (allowed: " + MIN_PAYLOAD
                    + ".." + MAX_PAYLOAD + " bytes)");
        }
    }

    // --- messages ---------------------------------------------------------------------------------

    /**
     * A message on the wire: a 24-byte header (int writer, int flags, long seq, int length, int CRC-32C
     * of the payload), then the payload. The payload is the writer's template with the sequence number
     * stamped in its first 8 bytes.
     */
    static final class Frame {
        static final int HEADER = 24;
        static final int LAST = 1;

        private Frame() {
        }

        /** Writer {@code writer}'s template: a pattern no other writer shares. */
        static byte[] template(int writer, int payload) {
            byte[] t = new byte[payload];
            for (int i = 0; i < payload; i++) {
                t[i] = (byte) (writer * 31 + i * 7 + (i >>> 8));
            }
            return t;
        }

        /** Produces a message's payload at {@code at}: the template, then the stamp; returns its CRC-32C. */
        static int produce(ByteBuffer into, int at, byte[] template, long seq) {
            into.put(at, template, 0, template.length);
            into.putLong(at, seq);
            return crc(into, at, template.length);
        }

        static int crc(ByteBuffer buffer, int at, int length) {
            CRC32C crc = new CRC32C();
            crc.update(buffer.slice(at, length));
            return (int) crc.getValue();
        }

        static void putHeader(ByteBuffer into, int writer, boolean last, long seq, int length, int crc) {
            into.putInt(0, writer).putInt(4, last ? LAST : 0).putLong(8, seq).putInt(16, length).putInt(20, crc);
        }

        /**
         * Checks a message that arrived: the header's writer, sequence number and length against what was
         * due, the stamp and the CRC against the payload.
         *
         * @throws IllegalStateException naming what is wrong
         */
        static void check(int writer, long seq, int length, int crc, ByteBuffer payload, int at, long dueSeq,
                int dueLength) {
            if (seq != dueSeq) {
                throw new IllegalStateException("writer " + writer + ": message " + seq + " arrived when " + dueSeq
                        + " was due (" + (seq < dueSeq ? "repeated or reordered" : "lost " + (seq - dueSeq)) + ")");
            }
            if (length != dueLength) {
                throw new IllegalStateException("writer " + writer + " message " + seq + ": length " + length
                        + ", expected " + dueLength);
            }
            long stamp = payload.getLong(at);
            if (stamp != seq) {
                throw new IllegalStateException("writer " + writer + " message " + seq + ": payload stamped " + stamp);
            }
            int actual = crc(payload, at, length);
            if (actual != crc) {
                throw new IllegalStateException("writer " + writer + " message " + seq + ": CRC-32C "
                        + Integer.toHexString(actual) + ", the writer's was " + Integer.toHexString(crc));
            }
        }
    }

    /** What the reader says after a batch: messages received and every writer's next sequence number. */
    record Ack(long received, long[] next, String error) {
    }

    /** The parent's check of an acknowledgement against what the writers were told to send. */
    static long checkAck(String channel, Ack ack, int messages, long[] sent) {
        if (ack.error() != null) {
            throw new IllegalStateException(channel + ": the reader found a bad message: " + ack.error());
        }
        if (ack.received() != (long) messages * sent.length) {
            throw new IllegalStateException(channel + ": the reader received " + ack.received() + " messages, "
                    + messages + " x " + sent.length + " writers were sent");
        }
        for (int w = 0; w < sent.length; w++) {
            if (ack.next()[w] != sent[w]) {
                throw new IllegalStateException(channel + ": writer " + w + " has sent " + sent[w]
                        + " messages in all, the reader has " + ack.next()[w]);
            }
        }
        return ack.received();
    }

    /** The reader's bookkeeping, the same in a thread and in a reader JVM. */
    static final class Tally {
        private final long[] next;
        private final boolean[] done;
        private final int payload;
        private long received;
        private int finished;

        Tally(int writers, int payload) {
            this.next = new long[writers];
            this.done = new boolean[writers];
            this.payload = payload;
        }

        /** Checks one message; returns true when it completed the batch (every writer's last arrived). */
        boolean accept(int writer, boolean last, long seq, int length, int crc, ByteBuffer payloadBytes, int at) {
            if (writer < 0 || writer >= next.length) {
                throw new IllegalStateException("a message from writer " + writer + " (there are " + next.length + ")");
            }
            if (done[writer]) {
                throw new IllegalStateException("writer " + writer + " sent message " + seq + " after its batch's last");
            }
            Frame.check(writer, seq, length, crc, payloadBytes, at, next[writer], payload);
            next[writer]++;
            received++;
            if (last) {
                done[writer] = true;
                finished++;
            }
            return finished == next.length;
        }

        /** The batch's acknowledgement; starts the next batch. */
        Ack close() {
            Ack ack = new Ack(received, next.clone(), null);
            received = 0;
            finished = 0;
            Arrays.fill(done, false);
            return ack;
        }
    }

    // --- threads ----------------------------------------------------------------------------------

    /**
     * A message between threads: handed over by reference. Its payload buffer belongs to the reader until
     * it has checked it, then goes back to its writer's free list ({@code free}), so the writer never
     * writes into a buffer the reader is still reading — and never allocates: a fresh 1 MiB array per
     * message costs 0.1–0.5 ms in the JVM here (G1 allocates it as a humongous object), which would be
     * charged to the threads' transport. A pipe's writer reuses one buffer, since the kernel copies it out.
     */
    record Message(int writer, boolean last, long seq, int crc, ByteBuffer payload, BlockingQueue<ByteBuffer> free) {
        static Message produce(int writer, byte[] template, long seq, boolean last, BlockingQueue<ByteBuffer> free)
                throws InterruptedException {
            ByteBuffer payload = free.take();
            int crc = Frame.produce(payload, 0, template, seq);
            return new Message(writer, last, seq, crc, payload, free);
        }

        /** The reader is done with it: the writer may fill the buffer again. */
        void release() {
            free.add(payload);
        }
    }

    /**
     * A writer's free buffers: as many as fill ~4 MiB (2..1024 of them), so a thread writer can run
     * ahead of its reader about as far as a pipe's writer can (64 KiB in the kernel plus what each side holds).
     */
    static BlockingQueue<ByteBuffer> freeList(int payload) {
        int count = (int) Math.max(2, Math.min(1024, (4L << 20) / payload));
        BlockingQueue<ByteBuffer> free = new LinkedBlockingQueue<>();
        for (int i = 0; i < count; i++) {
            free.add(ByteBuffer.allocate(payload));
        }
        return free;
    }

    /** Threads of one channel: started at open, interrupted and joined (bounded) at close. */
    private abstract static class ThreadChannel implements Channel {
        final List<Thread> threads = new ArrayList<>();
        final BlockingQueue<Object> acks = new LinkedBlockingQueue<>();
        private boolean closed;

        /** Starts a party; its failure is posted as an acknowledgement, so the waiting batch fails at once. */
        void party(String name, InterruptibleBody body) {
            threads.add(Thread.ofPlatform().daemon(true).name("gilbench-" + name).start(() -> {
                try {
                    body.run();
                } catch (InterruptedException e) {
                    // close(): end
                } catch (RuntimeException e) {
                    acks.add(new Ack(-1, new long[0], name + ": " + e.getMessage()));
                }
            }));
        }

        Ack awaitAck() throws InterruptedException {
            Object ack = acks.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (ack == null) {
                throw new IllegalStateException(getClass().getSimpleName() + ": no acknowledgement within "
                        + DEADLINE.toSeconds() + " s");
            }
            return (Ack) ack;
        }

        /** Interrupts and joins the parties, writers first (the seeds' join), the reader last (terminate). */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Thread t : threads) {
                t.interrupt();
                try {
                    t.join(Spawned.WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " still alive " + Spawned.WAIT.toSeconds() + " s after close");
                }
            }
        }
    }

    interface InterruptibleBody {
        void run() throws InterruptedException;
    }

    /** {@code thread-queue}: writer threads, one reader thread, one unbounded queue (Python's {@code queue.Queue()}). */
    static final class ThreadQueue extends ThreadChannel {
        private final int writers;
        private final int payload;
        private final List<BlockingQueue<Integer>> commands = new ArrayList<>();
        private final long[] sent;

        ThreadQueue(int writers, int payload) {
            this.writers = writers;
            this.payload = payload;
            this.sent = new long[writers];
            BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                BlockingQueue<Integer> command = new LinkedBlockingQueue<>();
                commands.add(command);
                byte[] template = Frame.template(writer, payload);
                BlockingQueue<ByteBuffer> free = freeList(payload);
                party("queue-writer-" + w, () -> {
                    long seq = 0;
                    while (true) {
                        int n = command.take();
                        for (int i = 0; i < n; i++, seq++) {
                            queue.put(Message.produce(writer, template, seq, i == n - 1, free));
                        }
                    }
                });
            }
            party("queue-reader", () -> {
                Tally tally = new Tally(writers, payload);
                while (true) {
                    Message m = queue.take();
                    boolean batchDone = tally.accept(m.writer(), m.last(), m.seq(), m.payload().capacity(), m.crc(),
                            m.payload(), 0);
                    m.release();
                    if (batchDone) {
                        acks.add(tally.close());
                    }
                }
            });
        }

        @Override
        public long batch(int messages) throws InterruptedException {
            requireMessages(messages);
            for (int w = 0; w < writers; w++) {
                sent[w] += messages;
                commands.get(w).put(messages);
            }
            return checkAck(THREAD_QUEUE, awaitAck(), messages, sent);
        }

        @Override
        public int writers() {
            return writers;
        }

        @Override
        public int payload() {
            return payload;
        }
    }

    /** {@code thread-pipe}: round trips to an echo thread that checks each message and hands it back. */
    static final class ThreadPipe extends ThreadChannel {
        private final int payload;
        private final byte[] template;
        private final BlockingQueue<Message> there = new LinkedBlockingQueue<>();
        private final BlockingQueue<Message> back = new LinkedBlockingQueue<>();
        /** One buffer: a round trip returns it before the next message is produced. */
        private final BlockingQueue<ByteBuffer> free = new LinkedBlockingQueue<>();
        private long seq;

        ThreadPipe(int payload) {
            this.payload = payload;
            this.template = Frame.template(0, payload);
            free.add(ByteBuffer.allocate(payload));
            party("pipe-echo", () -> {
                long due = 0;
                while (true) {
                    Message m = there.take();
                    Frame.check(0, m.seq(), m.payload().capacity(), m.crc(), m.payload(), 0, due++, payload);
                    back.put(m);
                }
            });
        }

        @Override
        public long batch(int messages) throws InterruptedException {
            requireMessages(messages);
            for (int i = 0; i < messages; i++, seq++) {
                there.put(Message.produce(0, template, seq, false, free));
                Message m = back.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                if (m == null) {
                    Object failure = acks.poll();
                    throw new IllegalStateException(THREAD_PIPE + ": no echo of message " + seq + " within "
                            + DEADLINE.toSeconds() + " s" + (failure instanceof Ack a ? ": " + a.error() : ""));
                }
                Frame.check(0, m.seq(), m.payload().capacity(), m.crc(), m.payload(), 0, seq, payload);
                m.release();
            }
            return messages;
        }

        @Override
        public int writers() {
            return 1;
        }

        @Override
        public int payload() {
            return payload;
        }
    }

    private static void requireMessages(int messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("bad value for messages: " + messages + " (allowed: >= 1)");
        }
    }

    // --- processes --------------------------------------------------------------------------------

    /** Child JVMs of one channel, with a watchdog that kills them all when a wait passes its deadline. */
    private abstract static class ProcessChannel implements Channel {
        final List<Spawned> children = new ArrayList<>();
        private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon(true).name("gilbench-queue-watchdog").unstarted(r));
        private boolean closed;

        Spawned spawn(String what, Class<?> main, int payload, String... args) {
            Spawned child = Spawned.start(what, main, 64 + 4 * payload / (1024 * 1024), args);
            children.add(child);
            return child;
        }

        /** Runs {@code body}; if it takes longer than {@code deadline}, every child is killed, which ends it. */
        <T> T within(Duration deadline, String doing, Callable<T> body) {
            ScheduledFuture<?> alarm = watchdog.schedule(() -> children.forEach(Spawned::kill),
                    deadline.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return body.call();
            } catch (IOException e) {
                boolean late = alarm.isDone();
                throw new IllegalStateException(getClass().getSimpleName() + " " + doing + ": "
                        + (late ? "no answer within " + deadline.toSeconds() + " s, killed the children"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(getClass().getSimpleName() + " " + doing + ": " + e, e);
            } finally {
                alarm.cancel(false);
            }
        }

        static void awaitHello(Spawned child) throws IOException {
            int hello = child.in().readInt();
            if (hello != HELLO) {
                throw new IOException(child.what() + " (pid " + child.pid() + ") said 0x" + Integer.toHexString(hello)
                        + ", not HELLO");
            }
        }

        /** Subclasses: the order the seeds end their parties in. */
        abstract void endChildren();

        void cleanUp() {
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                endChildren();
            } finally {
                children.forEach(Spawned::kill); // no-ops for those already gone
                watchdog.shutdownNow();
                cleanUp();
            }
            List<Long> alive = children.stream().filter(Spawned::isAlive).map(Spawned::pid).toList();
            if (!alive.isEmpty()) {
                throw new IllegalStateException(getClass().getSimpleName() + ": children still alive after close: pids " + alive);
            }
        }
    }

    /** {@code process-queue}: writer JVMs and a reader JVM over one FIFO, a lock in shared memory per write. */
    static final class ProcessQueue extends ProcessChannel {
        private final int writers;
        private final int payload;
        private final Path dir;
        private final Path lock;
        private final Spawned reader;
        private final List<Spawned> writerJvms = new ArrayList<>();
        private final long[] sent;

        ProcessQueue(int writers, int payload) {
            this.writers = writers;
            this.payload = payload;
            this.sent = new long[writers];
            try {
                this.dir = Files.createTempDirectory("gilbench-queue-");
            } catch (IOException e) {
                throw new IllegalStateException(PROCESS_QUEUE + ": cannot make a temp dir: " + e.getMessage(), e);
            }
            Path fifo = dir.resolve("queue");
            this.lock = SharedFile.create("queue-lock", 4096);
            try {
                mkfifo(fifo);
                // The reader first: its open() of the FIFO waits for a writer's, and theirs for its.
                reader = spawn("queue reader", Reader.class, payload, fifo.toString(), Integer.toString(writers),
                        Integer.toString(payload));
                for (int w = 0; w < writers; w++) {
                    writerJvms.add(spawn("queue writer " + w, Writer.class, payload, fifo.toString(), lock.toString(),
                            Integer.toString(w), Integer.toString(payload)));
                }
                within(Spawned.WAIT, "starting", () -> {
                    for (Spawned w : writerJvms) {
                        awaitHello(w);
                    }
                    awaitHello(reader);
                    return null;
                });
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private static void mkfifo(Path fifo) {
            try {
                Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes()).trim();
                if (!p.waitFor(Spawned.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(PROCESS_QUEUE + ": mkfifo hangs");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(PROCESS_QUEUE + ": mkfifo " + fifo + " failed (exit " + p.exitValue()
                            + "): " + output);
                }
            } catch (IOException e) {
                throw new IllegalStateException(PROCESS_QUEUE + ": cannot run mkfifo (a POSIX system is needed): "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(PROCESS_QUEUE + ": interrupted making the FIFO", e);
            }
        }

        @Override
        public long batch(int messages) {
            requireMessages(messages);
            Ack ack = within(DEADLINE, "batch of " + messages, () -> {
                for (int w = 0; w < writers; w++) {
                    sent[w] += messages;
                    DataOutputStream out = writerJvms.get(w).out();
                    out.writeInt(messages);
                    out.flush();
                }
                return readAck(reader.in(), writers);
            });
            return checkAck(PROCESS_QUEUE, ack, messages, sent);
        }

        @Override
        void endChildren() {
            writerJvms.forEach(Spawned::join);       // p.join(): end of stdin, the writer closes its end and exits
            if (reader != null) {
                reader.terminate();                  // p.terminate(): SIGTERM to the endless reader
            }
        }

        @Override
        void cleanUp() {
            SharedFile.delete(lock);
            try {
                Files.deleteIfExists(dir.resolve("queue"));
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // an empty temp dir left behind
            }
        }

        @Override
        public int writers() {
            return writers;
        }

        @Override
        public int payload() {
            return payload;
        }
    }

    static void writeAck(DataOutputStream out, Ack ack) throws IOException {
        if (ack.error() != null) {
            out.writeInt(ACK_ERROR);
            out.writeUTF(ack.error().length() > 2000 ? ack.error().substring(0, 2000) : ack.error());
        } else {
            out.writeInt(ACK_OK);
            out.writeLong(ack.received());
            for (long n : ack.next()) {
                out.writeLong(n);
            }
        }
        out.flush();
    }

    static Ack readAck(DataInputStream in, int writers) throws IOException {
        int kind = in.readInt();
        if (kind == ACK_ERROR) {
            return new Ack(-1, new long[0], in.readUTF());
        }
        if (kind != ACK_OK) {
            throw new IOException("the reader sent 0x" + Integer.toHexString(kind) + ", not an acknowledgement");
        }
        long received = in.readLong();
        long[] next = new long[writers];
        for (int w = 0; w < writers; w++) {
            next[w] = in.readLong();
        }
        return new Ack(received, next, null);
    }

    /**
     * A writer JVM: {@code Writer FIFO LOCK-FILE WRITER PAYLOAD}. Opens the FIFO for writing, says HELLO on
     * stdout, then for every count {@code n} read from stdin writes n messages into the FIFO, each under the
     * shared lock; at end of stdin it closes its end and exits (the seed's writer returning).
     */
    public static final class Writer {
        private Writer() {
        }

        public static void main(String[] args) throws IOException {
            DataOutputStream hello = new DataOutputStream(Spawned.childStdout());
            Path fifo = Path.of(args[0]);
            Path lockFile = Path.of(args[1]);
            int writer = Integer.parseInt(args[2]);
            int payload = Integer.parseInt(args[3]);
            DataInputStream commands = new DataInputStream(new FileInputStream(FileDescriptor.in));
            byte[] template = Frame.template(writer, payload);
            SharedFile.Lock lock = new SharedFile.Lock(SharedFile.map(lockFile), 0);
            // One direct buffer, reused: the kernel copies from it straight into the pipe.
            ByteBuffer frame = ByteBuffer.allocateDirect(Frame.HEADER + payload);
            try (FileChannel queue = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
                hello.writeInt(HELLO);
                hello.flush();
                long seq = 0;
                while (true) {
                    int n;
                    try {
                        n = commands.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    for (int i = 0; i < n; i++, seq++) {
                        int crc = Frame.produce(frame, Frame.HEADER, template, seq);
                        Frame.putHeader(frame, writer, i == n - 1, seq, payload, crc);
                        frame.clear();
                        lock.lock(Interpreter.FREE);
                        try {
                            while (frame.hasRemaining()) {
                                queue.write(frame);
                            }
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            }
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * The reader JVM: {@code Reader FIFO WRITERS PAYLOAD}. Opens the FIFO for reading, says HELLO, then
     * reads and checks messages forever, acknowledging each completed batch on stdout, as the seeds'
     * endless {@code read(q)}; it ends when the parent terminates it (SIGTERM) or goes away (end of stdin).
     * A bad message: an error acknowledgement naming it, exit 1.
     */
    public static final class Reader {
        private Reader() {
        }

        public static void main(String[] args) throws IOException, InterruptedException {
            DataOutputStream acks = new DataOutputStream(new BufferedOutputStream(Spawned.childStdout()));
            Spawned.exitAtEndOfStdin();
            Path fifo = Path.of(args[0]);
            int writers = Integer.parseInt(args[1]);
            int payload = Integer.parseInt(args[2]);
            ByteBuffer frame = ByteBuffer.allocateDirect(Frame.HEADER + payload);
            Tally tally = new Tally(writers, payload);
            try (FileChannel queue = FileChannel.open(fifo, StandardOpenOption.READ)) {
                acks.writeInt(HELLO);
                acks.flush();
                while (true) {
                    frame.clear().limit(Frame.HEADER);
                    if (!readFully(queue, frame)) {
                        break; // every writer closed its end
                    }
                    int writer = frame.getInt(0);
                    boolean last = (frame.getInt(4) & Frame.LAST) != 0;
                    long seq = frame.getLong(8);
                    int length = frame.getInt(16);
                    int crc = frame.getInt(20);
                    try {
                        if (length != payload) {
                            throw new IllegalStateException("writer " + writer + " message " + seq + ": length " + length
                                    + ", expected " + payload);
                        }
                        frame.limit(Frame.HEADER + length);
                        if (!readFully(queue, frame)) {
                            throw new IllegalStateException("writer " + writer + " message " + seq + " cut short");
                        }
                        if (tally.accept(writer, last, seq, length, crc, frame, Frame.HEADER)) {
                            writeAck(acks, tally.close());
                        }
                    } catch (IllegalStateException e) {
                        writeAck(acks, new Ack(-1, new long[0], e.getMessage()));
                        Runtime.getRuntime().halt(1);
                    }
                }
            }
            // The seed's reader blocks in get() forever once the writers are gone: so does this one.
            Thread.sleep(Long.MAX_VALUE);
        }

        /** Fills {@code buffer} to its limit; false at end of stream before the first byte. */
        private static boolean readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
            int start = buffer.position();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    if (buffer.position() == start) {
                        return false;
                    }
                    throw new EOFException("end of stream inside a message");
                }
            }
            return true;
        }
    }

    /** {@code process-pipe}: round trips to an echo JVM over its stdin and stdout. */
    static final class ProcessPipe extends ProcessChannel {
        private final int payload;
        private final Spawned echo;
        private final byte[] template;
        private final ByteBuffer out;
        private final ByteBuffer in;
        private long seq;

        ProcessPipe(int payload) {
            this.payload = payload;
            this.template = Frame.template(0, payload);
            this.out = ByteBuffer.allocate(Frame.HEADER + payload);
            this.in = ByteBuffer.allocate(Frame.HEADER + payload);
            try {
                echo = spawn("pipe echo", Echo.class, payload, Integer.toString(payload));
                within(Spawned.WAIT, "starting", () -> {
                    awaitHello(echo);
                    return null;
                });
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public long batch(int messages) {
            requireMessages(messages);
            return within(DEADLINE, "batch of " + messages, () -> {
                for (int i = 0; i < messages; i++, seq++) {
                    int crc = Frame.produce(out, Frame.HEADER, template, seq);
                    Frame.putHeader(out, 0, false, seq, payload, crc);
                    echo.out().write(out.array());
                    echo.out().flush();
                    echo.in().readFully(in.array()); // end of stream here: the echo found a bad message (its stderr says which)
                    Frame.check(in.getInt(0), in.getLong(8), in.getInt(16), in.getInt(20), in, Frame.HEADER, seq, payload);
                }
                return (long) messages;
            });
        }

        @Override
        void endChildren() {
            if (echo != null) {
                echo.join(); // the sender closes its end: the echo's recv() sees EOF and it exits
            }
        }

        @Override
        public int writers() {
            return 1;
        }

        @Override
        public int payload() {
            return payload;
        }
    }

    /**
     * The echo JVM: {@code Echo PAYLOAD}. Says HELLO, then reads messages from stdin, checks each and
     * writes it back unchanged on stdout, until end of stdin. A bad message: one line on stderr, exit 1
     * (the parent then sees end of stream).
     */
    public static final class Echo {
        private Echo() {
        }

        public static void main(String[] args) throws IOException {
            FileOutputStream stdout = Spawned.childStdout();
            int payload = Integer.parseInt(args[0]);
            ByteBuffer frame = ByteBuffer.allocateDirect(Frame.HEADER + payload);
            FileChannel out = stdout.getChannel();
            FileChannel in = new FileInputStream(FileDescriptor.in).getChannel();
            ByteBuffer hello = ByteBuffer.allocate(4).putInt(0, HELLO);
            out.write(hello);
            long due = 0;
            while (true) {
                frame.clear();
                if (!Reader.readFully(in, frame)) {
                    break;
                }
                try {
                    Frame.check(frame.getInt(0), frame.getLong(8), frame.getInt(16), frame.getInt(20), frame,
                            Frame.HEADER, due++, payload);
                } catch (IllegalStateException e) {
                    System.err.println("gilbench pipe echo: " + e.getMessage());
                    Runtime.getRuntime().halt(1);
                }
                frame.flip();
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
            }
            Runtime.getRuntime().halt(0);
        }
    }
}
