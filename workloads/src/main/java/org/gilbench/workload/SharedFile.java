package org.gilbench.workload;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Memory that several processes map: a file in {@code /dev/shm} (RAM, never written to disk), or in
 * {@code java.io.tmpdir} where there is no {@code /dev/shm}, mapped with {@link FileChannel#map} — what
 * {@code multiprocessing.Value}, {@code Array} and {@code shared_memory.SharedMemory} put in shared
 * anonymous or {@code /dev/shm} memory. Every process that maps the file sees the same physical pages:
 * no copy, no pipe.
 *
 * <p>Files are named {@code gilbench-shm-<pid>-<n>-<what>}; {@link #create} deletes the files of
 * processes that no longer run (a JVM killed by SIGKILL cannot delete its own, and a file in
 * {@code /dev/shm} holds RAM until it is deleted). Each JVM maps a path once and keeps the mapping
 * ({@link #map}): a child JVM of a pool maps the parent's file on its first task and reuses it, as a
 * Python worker inherits a {@code Value} once.
 *
 * <p>{@link Lock} is a lock whose state lives in the mapped memory itself, the analogue of the POSIX
 * semaphore behind {@code Value.get_lock()}.
 */
final class SharedFile {

    private static final Path SHM = Path.of("/dev/shm");
    private static final String PREFIX = "gilbench-shm-";
    private static final AtomicLong COUNT = new AtomicLong();
    /** This JVM's mappings, by path: mapped once, reused by every task. */
    private static final ConcurrentHashMap<Path, MappedByteBuffer> MAPPED = new ConcurrentHashMap<>();
    /** Files this JVM created and has not deleted yet, for the shutdown hook. */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

    /** Longs in a mapped buffer, in native order; supports CAS and getAndAdd on direct buffers. */
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OWN.forEach(SharedFile::delete), "gilbench-shm-cleanup"));
    }

    private SharedFile() {
    }

    /** Where the files go: {@code /dev/shm} when it is a writable directory, else the temp dir. */
    static Path directory() {
        return Files.isDirectory(SHM) && Files.isWritable(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates a zero-filled file of {@code bytes} bytes (sparse until written) and returns its path.
     *
     * @throws IllegalStateException if it cannot be created
     */
    static Path create(String what, long bytes) {
        Path dir = directory();
        removeStale(dir);
        Path file = dir.resolve(PREFIX + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet() + "-" + what);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            OWN.add(file);
            channel.truncate(0);
            if (bytes > 0) {
                channel.write(ByteBuffer.allocate(1), bytes - 1); // sets the size; pages stay unallocated
            }
        } catch (IOException e) {
            throw new IllegalStateException("shared memory: cannot create " + file + " (" + bytes + " bytes): "
                    + e.getMessage(), e);
        }
        return file;
    }

    /**
     * This JVM's mapping of the whole file, read-write, in native byte order (mapped on first use).
     *
     * @throws IllegalStateException if the file cannot be mapped (missing, larger than 2 GB)
     */
    static ByteBuffer map(Path file) {
        MappedByteBuffer mapped = MAPPED.computeIfAbsent(file, f -> {
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size()); // stays valid after close
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("shared memory: cannot map " + f + ": " + e.getMessage(), e);
            }
        });
        // A view per caller: position and limit are per view, the bytes are shared.
        return mapped.duplicate().order(ByteOrder.nativeOrder());
    }

    /** Deletes the file and forgets this JVM's mapping of it (the pages go once every process unmaps). */
    static void delete(Path file) {
        MAPPED.remove(file);
        OWN.remove(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // removed at the next create() of any JVM, once this one is gone
        }
    }

    /** Deletes {@code gilbench-shm-<pid>-...} files whose pid no longer runs. */
    private static void removeStale(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith(PREFIX)) {
                    continue;
                }
                int dash = name.indexOf('-', PREFIX.length());
                try {
                    long pid = Long.parseLong(name.substring(PREFIX.length(), dash < 0 ? name.length() : dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(f);
                    }
                } catch (NumberFormatException | IOException e) {
                    // not ours, or gone already
                }
            }
        } catch (IOException e) {
            // a stale file costs memory, not correctness
        }
    }

    /**
     * A lock in shared memory: one long at {@code offset} of a mapped buffer, 0 when free, the owner's
     * token when held, taken by compare-and-set. It imitates the POSIX semaphore that
     * {@code multiprocessing.Lock} and {@code Value.get_lock()} keep in shared memory: taking a free lock
     * costs one atomic instruction and no system call, and any process that maps the memory can take it.
     * Left out: the semaphore's sleep in the kernel (futex) — a waiter here spins, then yields, then parks
     * in steps of {@link #PARK_NANOS}; and the semaphore's release when its owner dies — a process killed
     * while holding this lock leaves it held (the callers' deadlines catch that).
     */
    static final class Lock {
        /** Spins before yielding, yields before parking: a holder keeps it for well under a microsecond. */
        private static final int SPINS = 100;
        private static final int YIELDS = 100;
        static final long PARK_NANOS = 20_000;

        private final ByteBuffer memory;
        private final int offset;

        Lock(ByteBuffer memory, int offset) {
            if (offset % Long.BYTES != 0) {
                throw new IllegalArgumentException("shared lock: offset must be a multiple of 8, got " + offset);
            }
            this.memory = memory;
            this.offset = offset;
        }

        /** The holder's mark: its pid and thread, never 0, so a release by another holder is caught. */
        private static long token() {
            return ProcessHandle.current().pid() << 24 | (Thread.currentThread().threadId() & 0xFFFFFF) | 1L << 62;
        }

        /** Takes the lock; a wait that must park is a blocking call for {@code in} (a GIL drops itself). */
        void lock(Interpreter in) {
            long token = token();
            for (int i = 0; i < SPINS; i++) {
                if (LONGS.compareAndSet(memory, offset, 0L, token)) {
                    return;
                }
                Thread.onSpinWait();
            }
            for (int i = 0; i < YIELDS; i++) {
                if (LONGS.compareAndSet(memory, offset, 0L, token)) {
                    return;
                }
                Thread.yield();
            }
            in.beforeBlocking();
            try {
                while (!LONGS.compareAndSet(memory, offset, 0L, token)) {
                    LockSupport.parkNanos(PARK_NANOS);
                }
            } finally {
                in.afterBlocking();
            }
        }

        void unlock() {
            long token = token();
            if (!LONGS.compareAndSet(memory, offset, token, 0L)) {
                throw new IllegalStateException("shared lock at offset " + offset + " released by a non-owner (token "
                        + token + ", held by " + (long) LONGS.getVolatile(memory, offset) + ")");
            }
        }
    }
}
