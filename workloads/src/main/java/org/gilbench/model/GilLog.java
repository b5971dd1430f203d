package org.gilbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GIL's own events, for drawing who held it when (Beazley's picture): a bounded log a {@link Gil}
 * writes on its slow paths only — a thread asking for the GIL and waiting, taking it, a waiter's drop
 * request, a forced drop at a check point, a voluntary release around a blocking call. The holder's
 * check point ({@code poll()}) never touches it.
 *
 * <p>Off by default: a GIL made without a log ({@code new Gil(mode, interval, unit, ticks)}) tests one
 * final field for null on each slow path, nothing more. With a log, every event is one atomic increment
 * and three array stores into arrays allocated up front; once {@link #capacity()} events are recorded,
 * further events are counted in {@link #dropped()} and not stored, so memory stays bounded whatever
 * the run does. Timestamps are {@link System#nanoTime()} relative to the log's creation.
 */
public final class GilLog {

    /** What happened. */
    public enum Kind {
        /** The thread found the GIL taken and starts waiting for it (CPython: {@code take_gil}'s loop). */
        WAIT,
        /** The thread took the GIL (after waiting or not). */
        TAKE,
        /** A waiter timed out with no switch and asked the holder to drop ({@code gil_drop_request}); the thread is the waiter. */
        DROP_REQUEST,
        /** The holder dropped the GIL at a check point: an honoured request, or a tick release with a waiter. */
        FORCED_DROP,
        /** The holder released the GIL voluntarily: before a blocking call, or at its end. */
        RELEASE
    }

    /** One event: when (ns since the log began), which thread (an index into {@link #threadNames()}), what. */
    public record Event(long nanos, int thread, Kind kind) {
    }

    private final long origin = System.nanoTime();
    private final long[] nanos;
    private final int[] threads;
    private final byte[] kinds;
    private final AtomicInteger next = new AtomicInteger();
    private final List<String> names = new ArrayList<>();

    /** @param capacity the most events kept, >= 1 (each costs 13 bytes, allocated now) */
    public GilLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("GIL log capacity must be >= 1, got " + capacity);
        }
        nanos = new long[capacity];
        threads = new int[capacity];
        kinds = new byte[capacity];
    }

    /** A number for a thread's name, used in its events. */
    synchronized int register(String name) {
        names.add(name);
        return names.size() - 1;
    }

    /** Records an event now, or counts it as dropped when the log is full. */
    void record(int thread, Kind kind) {
        long now = System.nanoTime() - origin;
        int i = next.getAndIncrement();
        if (i < nanos.length) {
            nanos[i] = now;
            threads[i] = thread;
            kinds[i] = (byte) kind.ordinal();
        }
    }

    public int capacity() {
        return nanos.length;
    }

    /** Events that did not fit. */
    public long dropped() {
        return Math.max(0, next.get() - (long) nanos.length);
    }

    /** The registered threads' names, by the number events carry. */
    public synchronized List<String> threadNames() {
        return List.copyOf(names);
    }

    /**
     * The events recorded so far, in time order. Read it once the threads that write it are done (or
     * accept that an event being written concurrently may be missing).
     */
    public List<Event> events() {
        int n = Math.min(next.get(), nanos.length);
        List<Event> out = new ArrayList<>(n);
        Kind[] all = Kind.values();
        for (int i = 0; i < n; i++) {
            out.add(new Event(nanos[i], threads[i], all[kinds[i]]));
        }
        // Slots are claimed in order but filled a few ns apart: sort by time (stable per thread).
        out.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return out;
    }
}
