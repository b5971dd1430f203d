package org.gilbench.workload;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code shared-memory} (seed 004:293, seed 001:388-427; SEEDS.md 7.7, 1.5): memory that child
 * processes map instead of receive. Two experiments, each a {@link Workload} whose tasks carry only the
 * shared file's path, so {@code forked-process} ships a few hundred bytes per task, not the data:
 * <ul>
 *   <li>{@link #arraySum}: seed 001's {@code range-sum} with the numbers 1..n in a mapped file, each task
 *       summing its slice <em>in place</em> — what the seed's children get from {@code fork()} (the
 *       parent's list, shared copy-on-write; its timer starts after the 8th {@code start()}) and what
 *       {@code multiprocessing.Array} gives any start method. Beside it, {@link RangeSum#materialised}
 *       ships each slice through the pipe, as {@code Process(args=(number_list[i:j],))} pickles it under
 *       spawn.</li>
 *   <li>{@link #counter}: {@code parties} tasks each adding 1 to one shared counter {@code increments}
 *       times — seed 004's {@code Value} (listed at 004:293, no program): {@code counter.value += 1}
 *       loses updates between processes as {@code balance += 1} does between threads, and
 *       {@code with counter.get_lock():} makes it exact. The lost count is the answer.</li>
 * </ul>
 *
 * <p>The counter's {@link Locking}, and why {@code lock} is the honest analogue of {@code get_lock()}:
 * {@code Value('i', 0)} lives in shared memory and its lock is a POSIX semaphore <em>in shared memory
 * too</em> ({@code SemLock}): taking it when free is one atomic instruction, no system call. So
 * {@code lock} is a lock word in the mapped file taken by compare-and-set ({@link SharedFile.Lock}).
 * {@code file-lock} ({@link FileChannel#lock}, POSIX {@code fcntl}) is also correct across processes but
 * costs two system calls per increment, a price {@code get_lock()} does not pay. {@code atomic}
 * ({@code getAndAdd} on the mapped long, one {@code lock xadd}) is what C or Java would write; Python has
 * no such operation on a {@code Value}. {@code none} is {@code counter.value += 1}: a read, then a
 * write, with nothing between two processes' reads and writes.
 *
 * <p>The shared long is read and written through a {@link java.lang.invoke.VarHandle} in opaque mode
 * (every access really happens, no ordering with other memory), as {@link LostUpdate} does: plain
 * access would let the JIT keep the counter in a register for the whole loop, and the race would vanish
 * by compilation. Tasks check the interpreter at each loop's back-edge only (CPython 3.10+: a
 * {@code Value}'s getter and setter are C calls, no switch between them), so under {@code gil-emulated}
 * threads never lose an update — processes do.
 *
 * <p>Left out: copy-on-write (the mapped pages are shared for writing too; fork() would copy a page on
 * the first write) and the reference counts CPython writes into every int it reads (which is why the
 * seed's fork()ed children do copy their slices' pages, lazily, inside its timer).
 */
public final class SharedMemory {

    public static final String NAME = "shared-memory";
    /** Four processes, the seeds' {@code Pool(4)}; suite-defined (seed 004 shows no program for Value). */
    public static final int DEFAULT_PARTIES = 4;
    /**
     * Increments per party: enough that two children's loops overlap (~5–50 ms each, contended), few
     * enough that a locked run stays well under a second. The lost count needs only one run to be
     * exact: with a lock or atomically it must be 0, without one anything in 0..total-1.
     */
    public static final int DEFAULT_INCREMENTS = 1_000_000;

    /** How the counter's read-modify-write is protected. */
    public enum Locking {
        NONE("none"), LOCK("lock"), FILE_LOCK("file-lock"), ATOMIC("atomic");

        private final String label;

        Locking(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Locking named(String label) {
            return Labels.named(values(), Locking::label, "shared-memory locking", label);
        }
    }

    private SharedMemory() {
    }

    /** The numbers 1..n written into a new shared file (~8n bytes), in {@code chunks} slices. */
    public static ArraySum arraySum(long n, int chunks) {
        return new ArraySum(n, chunks);
    }

    /** A new shared counter at 0 and {@code parties} tasks of {@code increments} increments each. */
    public static Counter counter(int parties, int increments, Locking locking) {
        return new Counter(parties, increments, locking);
    }

    // --- the range sum over shared memory ---------------------------------------------------------

    /** {@code range-sum} over a mapped file; close it to delete the file. */
    public static final class ArraySum implements Workload, AutoCloseable {
        private final long n;
        private final Path file;
        private final List<Task> tasks;

        private ArraySum(long n, int chunks) {
            if (n < 1 || n > Integer.MAX_VALUE / Long.BYTES) {
                throw new IllegalArgumentException("bad value for n: " + n + " (allowed: 1.."
                        + Integer.MAX_VALUE / Long.BYTES + ": one mapping holds at most 2 GB)");
            }
            if (chunks < 1 || chunks > n) {
                throw new IllegalArgumentException("bad value for chunks: " + chunks + " (allowed: 1.." + n + ")");
            }
            this.n = n;
            this.file = SharedFile.create(RangeSum.NAME, n * Long.BYTES);
            try {
                ByteBuffer numbers = SharedFile.map(file);
                for (int i = 0; i < n; i++) {
                    numbers.putLong(i * Long.BYTES, i + 1L); // the seed's number_list, in shared memory
                }
            } catch (RuntimeException e) {
                SharedFile.delete(file);
                throw e;
            }
            List<Task> list = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                long from = n * c / chunks;                   // element index, inclusive
                long to = n * (c + 1) / chunks;               // exclusive
                list.add(new MappedSlice(c, file.toString(), (int) from, (int) to, RangeSum.sumOfRange(from + 1, to)));
            }
            this.tasks = List.copyOf(list);
        }

        public long n() {
            return n;
        }

        /** The expected total, n(n+1)/2. */
        public long expectedTotal() {
            return RangeSum.sumOfRange(1, n);
        }

        /** The shared file (for tests). */
        Path file() {
            return file;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Task> tasks() {
            return tasks;
        }

        @Override
        public String summarize(long[] results) {
            long total = 0;
            for (long r : results) {
                total += r;
            }
            return "sum 1.." + n + " over shared memory = " + total;
        }

        @Override
        public void close() {
            SharedFile.delete(file);
        }
    }

    /**
     * Elements {@code [from, to)} of the shared numbers, summed where they lie. Ships its path and bounds;
     * {@code expected} comes from the range the slice should hold, not from the memory.
     */
    record MappedSlice(int index, String file, int from, int to, long expected) implements Task, Serializable {
        @Override
        public long run(Interpreter in) {
            ByteBuffer numbers = SharedFile.map(Path.of(file));
            long sum = 0;
            for (int start = from; start < to; start += RangeSum.STRIP) {
                int end = Math.min(to, start + RangeSum.STRIP);
                for (int i = start; i < end; i++) {
                    sum += numbers.getLong(i * Long.BYTES);
                }
                in.poll(RangeSum.WORK_PER_POLL_ARRAY);
            }
            return sum;
        }

        @Override
        public String describe() {
            return NAME + " slice #" + index + " (elements " + from + ".." + (to - 1) + ")";
        }
    }

    // --- the shared counter -----------------------------------------------------------------------

    /** Offsets in the counter's file: the counter, the lock word, the file-lock's region; apart, one cache line each. */
    static final int COUNTER = 0;
    static final int LOCK_WORD = 64;
    static final int FILE_LOCK_REGION = 128;
    private static final int COUNTER_FILE_BYTES = 4096;

    /** A shared counter and the tasks that increment it; reset before each run, close to delete the file. */
    public static final class Counter implements Workload, AutoCloseable {
        private final Path file;
        private final ByteBuffer memory;
        private final int parties;
        private final int increments;
        private final Locking locking;
        private final List<Task> tasks;

        private Counter(int parties, int increments, Locking locking) {
            if (parties < 1 || parties > 1024) {
                throw new IllegalArgumentException("bad value for parties: " + parties + " (allowed: 1..1024)");
            }
            if (increments < 1) {
                throw new IllegalArgumentException("bad value for increments: " + increments + " (allowed: >= 1)");
            }
            this.parties = parties;
            this.increments = increments;
            this.locking = locking;
            this.file = SharedFile.create("counter", COUNTER_FILE_BYTES);
            this.memory = SharedFile.map(file);
            List<Task> list = new ArrayList<>(parties);
            for (int p = 0; p < parties; p++) {
                list.add(new Increment(p, file.toString(), increments, locking));
            }
            this.tasks = List.copyOf(list);
        }

        /** Sets the counter back to 0: call before every run. */
        public void reset() {
            SharedFile.LONGS.setVolatile(memory, COUNTER, 0L);
        }

        /** The counter as it is now (after a run: its final value). */
        public long value() {
            return (long) SharedFile.LONGS.getVolatile(memory, COUNTER);
        }

        /** parties x increments: the value with no update lost. */
        public long total() {
            return (long) parties * increments;
        }

        /** Updates lost in the last run: {@code total() - value()}. */
        public long lost() {
            return total() - value();
        }

        public Locking locking() {
            return locking;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Task> tasks() {
            return tasks;
        }

        @Override
        public String summarize(long[] results) {
            return parties + " x " + increments + " increments, " + locking.label() + ": " + value() + " (lost " + lost() + ")";
        }

        /**
         * Every party reports its increments; with any locking the counter is exactly {@link #total()};
         * without, it is in 1..total (updates can only be lost, and the last write is some party's).
         *
         * @throws IllegalStateException saying which invariant broke
         */
        @Override
        public void verify(long[] results) {
            Workload.super.verify(results);
            long value = value();
            if (locking != Locking.NONE && value != total()) {
                throw new IllegalStateException(NAME + ": counter " + value + " with locking " + locking.label()
                        + ", expected " + total() + " (" + lost() + " updates lost through a lock)");
            }
            if (value < 1 || value > total()) {
                throw new IllegalStateException(NAME + ": counter " + value + " outside 1.." + total());
            }
        }

        @Override
        public void close() {
            Increment.forget(file.toString());
            SharedFile.delete(file);
        }
    }

    /** {@code for _ in range(increments): counter.value += 1}, protected as {@code locking} says. Returns increments. */
    record Increment(int index, String file, int increments, Locking locking) implements Task, Serializable {

        /** Per JVM and file: the open channel for file locks, and the lock that keeps this JVM's threads apart. */
        private static final ConcurrentHashMap<String, FileLocking> FILE_LOCKS = new ConcurrentHashMap<>();

        @Override
        public long run(Interpreter in) {
            ByteBuffer memory = SharedFile.map(Path.of(file));
            switch (locking) {
                case NONE -> {
                    for (int i = 0; i < increments; i++) {
                        add(memory);
                        in.poll();
                    }
                }
                case LOCK -> {
                    SharedFile.Lock lock = new SharedFile.Lock(memory, LOCK_WORD);
                    for (int i = 0; i < increments; i++) {
                        lock.lock(in);
                        try {
                            add(memory);
                        } finally {
                            lock.unlock();
                        }
                        in.poll();
                    }
                }
                case FILE_LOCK -> {
                    FileLocking locks = FILE_LOCKS.computeIfAbsent(file, FileLocking::open);
                    for (int i = 0; i < increments; i++) {
                        locks.run(in, () -> add(memory));
                        in.poll();
                    }
                }
                case ATOMIC -> {
                    for (int i = 0; i < increments; i++) {
                        SharedFile.LONGS.getAndAdd(memory, COUNTER, 1L);
                        in.poll();
                    }
                }
            }
            return increments;
        }

        /** {@code counter.value += 1}: read, then write; another process may write in between. */
        private static void add(ByteBuffer memory) {
            long v = (long) SharedFile.LONGS.getOpaque(memory, COUNTER);
            SharedFile.LONGS.setOpaque(memory, COUNTER, v + 1);
        }

        @Override
        public long expected() {
            return increments;
        }

        @Override
        public String describe() {
            return NAME + " counter party #" + index + " (" + increments + " x " + locking.label() + ")";
        }

        static void forget(String file) {
            FileLocking locks = FILE_LOCKS.remove(file);
            if (locks != null) {
                locks.close();
            }
        }
    }

    /**
     * {@link FileLock}s on one region of a file, for the threads of this JVM and other processes alike:
     * the JVM holds a file lock for the whole process, so its own threads are kept apart by a
     * {@link ReentrantLock} first (a second {@code lock()} from this JVM would throw
     * {@code OverlappingFileLockException}, not wait).
     */
    private static final class FileLocking {
        private final FileChannel channel;
        private final ReentrantLock threads = new ReentrantLock();

        private FileLocking(FileChannel channel) {
            this.channel = channel;
        }

        static FileLocking open(String file) {
            try {
                return new FileLocking(FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE));
            } catch (IOException e) {
                throw new IllegalStateException(NAME + ": cannot open " + file + " for file locks: " + e.getMessage(), e);
            }
        }

        void run(Interpreter in, Runnable body) {
            if (!threads.tryLock()) {
                in.beforeBlocking();
                try {
                    threads.lock();
                } finally {
                    in.afterBlocking();
                }
            }
            try {
                FileLock lock;
                in.beforeBlocking(); // fcntl(F_SETLKW) may sleep in the kernel: a blocking call
                try {
                    lock = channel.lock(FILE_LOCK_REGION, Long.BYTES, false);
                } finally {
                    in.afterBlocking();
                }
                try {
                    body.run();
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new IllegalStateException(NAME + ": file lock failed: " + e.getMessage(), e);
            } finally {
                threads.unlock();
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held: the locks went with their releases
            }
        }
    }
}
