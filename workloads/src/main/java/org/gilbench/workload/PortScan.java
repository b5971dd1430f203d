package org.gilbench.workload;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * {@code port-scan}: seed 004:204-246 — {@code Pool(16)}, {@code apply_async(scan_port, (k * 4096,))}
 * for k = 0..15, each task trying {@code connect_ex((ip, port))} with {@code settimeout(1)} on its block
 * of 4096 ports. Here: a range of loopback ports, a few of them listening ({@link Listeners}, opened by
 * the benchmark), the rest closed; one task per block; every task must find exactly the listening ports
 * of its block.
 *
 * <p>Differences from the seed, on purpose: a fresh socket per port (the seed reuses one, which after a
 * success answers {@code EISCONN} for every later port, so it finds at most one port per block); 127.0.0.1,
 * not a LAN address; a range found free on this machine (not 0–65535, where other programs listen).
 *
 * <p>What to expect: on loopback a closed port answers at once (the kernel replies RST: ~30–60 µs of
 * system calls), so the scan is CPU-bound in the kernel, and a pool buys at most the core count, not 16×;
 * the seed's LAN, where a filtered port costs its whole 1 s time-out, is I/O-bound, which socket-io shows.
 * Each connect is a blocking call bracketed for the GIL ({@code connect_ex} releases it in CPython) and
 * awaited by the event loop.
 *
 * <p>The answer of a task is a fingerprint of the set of open ports it found: (count &lt;&lt; 48) + the sum of
 * {@link DelayServer#answer}(port) mod 2^48, compared with the same over the listening ports of its block.
 */
public final class PortScan implements Workload {

    public static final String NAME = "port-scan";
    /** Seed 004: {@code Pool(16)} and 16 {@code apply_async} calls, one block each. */
    public static final int SEED_POOL = 16;
    public static final int SEED_BLOCKS = 16;
    /** Seed 004: {@code s.settimeout(1)}. On loopback no connect comes near it. */
    public static final int SEED_TIMEOUT_MS = 1000;
    /** The default range: 4096 ports (one of the seed's blocks), 8 of them listening. */
    public static final int DEFAULT_PORTS = 4096;
    public static final int DEFAULT_OPEN = 8;
    /** Ranges are looked for from here up to the ephemeral range (32768), where outgoing sockets take ports. */
    static final int FIRST_CANDIDATE = 20_000;
    static final int EPHEMERAL_START = 32_768;
    /** Fixed so every run opens the same ports of its range. */
    public static final long RANDOM_SEED = 20261122L;

    private final Listeners listeners;
    private final List<Task> tasks;

    private PortScan(Listeners listeners, List<Task> tasks) {
        this.listeners = listeners;
        this.tasks = List.copyOf(tasks);
    }

    /**
     * The scan of {@code listeners}' range in {@code blocks} contiguous blocks (sizes differ by at most 1).
     *
     * @throws IllegalArgumentException if blocks is not in 1..the range's size
     */
    public static PortScan over(Listeners listeners, int blocks) {
        int ports = listeners.count();
        if (blocks < 1 || blocks > ports) {
            throw new IllegalArgumentException("port-scan: blocks must be in 1.." + ports + ", got " + blocks);
        }
        List<Task> list = new ArrayList<>(blocks);
        int start = listeners.first();
        for (int b = 0; b < blocks; b++) {
            int size = ports / blocks + (b < ports % blocks ? 1 : 0);
            long expected = fingerprint(listeners.open().subSet(start, start + size));
            list.add(new Block(b, start, size, SEED_TIMEOUT_MS, expected));
            start += size;
        }
        return new PortScan(listeners, list);
    }

    /** (count &lt;&lt; 48) + the sum of {@link DelayServer#answer}(port) mod 2^48: equal sets, equal prints. */
    static long fingerprint(Iterable<Integer> ports) {
        long count = 0;
        long sum = 0;
        for (int port : ports) {
            count++;
            sum += DelayServer.answer(port);
        }
        return (count << 48) + (sum & 0xFFFF_FFFF_FFFFL);
    }

    /** The ports found open, from a task's answer: the count part of the fingerprint. */
    public static long foundCount(long fingerprint) {
        return fingerprint >>> 48;
    }

    public Listeners listeners() {
        return listeners;
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
        long found = 0;
        for (long r : results) {
            found += foundCount(r);
        }
        return found + " open of " + listeners.count() + " ports " + listeners.first() + ".."
                + (listeners.first() + listeners.count() - 1) + " in " + results.length + " blocks";
    }

    /** Every block found exactly the listening ports of its range. */
    @Override
    public void verify(long[] results) {
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        for (int i = 0; i < results.length; i++) {
            Block b = (Block) tasks.get(i);
            if (results[i] != b.expected) {
                throw new IllegalStateException(NAME + ": " + b.describe() + " found " + foundCount(results[i])
                        + " open ports, expected exactly " + listeners.open().subSet(b.first, b.first + b.count)
                        + (foundCount(results[i]) == foundCount(b.expected) ? " (a different set of the same size)" : ""));
            }
        }
    }

    /**
     * {@code scan_port}: tries every port of the block with a fresh socket and the seed's 1 s time-out.
     * Refused and timed-out connects count as closed; anything else (out of file descriptors, ...) fails.
     */
    public record Block(int index, int first, int count, int timeoutMillis, long expected) implements Task, Serializable {
        @Override
        public long run(Interpreter in) {
            List<Integer> found = new ArrayList<>();
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int port = first; port < first + count; port++) {
                InetSocketAddress address = new InetSocketAddress(loopback, port);
                try (Socket socket = new Socket()) {
                    SocketIo.blocking(in, () -> {
                        socket.connect(address, timeoutMillis);
                        return null;
                    });
                    found.add(port);
                } catch (ConnectException | SocketTimeoutException e) {
                    // closed (refused) or filtered (no answer within the time-out)
                } catch (IOException e) {
                    throw new UncheckedIOException(describe() + ": port " + port + ": " + e.getMessage(), e);
                }
            }
            return fingerprint(found);
        }

        @Override
        public String describe() {
            return NAME + " block #" + index + " (ports " + first + ".." + (first + count - 1) + ")";
        }
    }

    /**
     * The ports the scan must find: {@code open} listeners at fixed positions of a range of {@code count}
     * loopback ports in which nothing else listens, checked by binding every port of it once. A selector
     * thread ({@code gilbench-port-scan-listeners}) accepts and closes every connection, so the listeners'
     * accept queues never fill (a full queue drops SYNs: the port would look filtered).
     */
    public static final class Listeners implements AutoCloseable {

        private static final Duration STOP_WAIT = Duration.ofSeconds(5);

        private final int first;
        private final int count;
        private final TreeSet<Integer> open;
        private final List<ServerSocketChannel> channels;
        private final Selector selector;
        private final Thread acceptor;
        private volatile boolean closed;

        private Listeners(int first, int count, TreeSet<Integer> open, List<ServerSocketChannel> channels)
                throws IOException {
            this.first = first;
            this.count = count;
            this.open = open;
            this.channels = channels;
            this.selector = Selector.open();
            for (ServerSocketChannel c : channels) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_ACCEPT);
            }
            this.acceptor = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "port-scan-listeners")
                    .unstarted(this::acceptAll);
            acceptor.start();
        }

        /**
         * Finds a free range of {@code count} ports between 20000 and 32767 (below the ephemeral range)
         * and listens on {@code open} of them, chosen with a fixed seed.
         *
         * @throws IllegalArgumentException if count is not in 1..12768 or open not in 0..count
         * @throws IllegalStateException if no such range is free on this machine
         */
        public static Listeners open(int count, int open) {
            if (count < 1 || count > EPHEMERAL_START - FIRST_CANDIDATE) {
                throw new IllegalArgumentException("port-scan: ports must be in 1.." + (EPHEMERAL_START - FIRST_CANDIDATE)
                        + ", got " + count);
            }
            if (open < 0 || open > count) {
                throw new IllegalArgumentException("port-scan: open must be in 0.." + count + ", got " + open);
            }
            for (int base = FIRST_CANDIDATE; base + count <= EPHEMERAL_START; base += count) {
                Listeners found = tryRange(base, count, open);
                if (found != null) {
                    return found;
                }
            }
            throw new IllegalStateException("port-scan: no range of " + count + " free loopback ports between "
                    + FIRST_CANDIDATE + " and " + (EPHEMERAL_START - 1));
        }

        private static Listeners tryRange(int base, int count, int open) {
            TreeSet<Integer> chosen = new TreeSet<>();
            SplittableRandom random = new SplittableRandom(RANDOM_SEED);
            while (chosen.size() < open) {
                chosen.add(base + random.nextInt(count));
            }
            List<ServerSocketChannel> listening = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    ServerSocketChannel c = ServerSocketChannel.open();
                    try {
                        c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
                    } catch (BindException e) {
                        c.close();
                        listening.forEach(Listeners::closeQuietly);
                        return null; // something uses a port of this range: try the next one
                    }
                    if (chosen.contains(port)) {
                        listening.add(c);
                    } else {
                        c.close(); // free, and closed again: the scan must find it closed
                    }
                }
                return new Listeners(base, count, chosen, listening);
            } catch (IOException e) {
                listening.forEach(Listeners::closeQuietly);
                throw new UncheckedIOException("port-scan: cannot listen on 127.0.0.1: " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(ServerSocketChannel c) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        private void acceptAll() {
            try {
                while (!closed) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid() && key.isAcceptable()) {
                            for (SocketChannel c; (c = ((ServerSocketChannel) key.channel()).accept()) != null; ) {
                                c.close();
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                // closed under us: end
            }
        }

        /** The first port of the range. */
        public int first() {
            return first;
        }

        /** The ports in the range. */
        public int count() {
            return count;
        }

        /** The listening ports, sorted (a copy). */
        public TreeSet<Integer> open() {
            return new TreeSet<>(open);
        }

        /** Stops the acceptor (waiting at most 5 s) and closes the listeners. */
        @Override
        public void close() {
            closed = true;
            selector.wakeup();
            try {
                acceptor.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channels.forEach(Listeners::closeQuietly);
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
            if (acceptor.isAlive()) {
                throw new IllegalStateException("port-scan: the acceptor thread still runs after close");
            }
        }
    }
}
