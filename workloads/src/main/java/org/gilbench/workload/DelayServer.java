package org.gilbench.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * socket-io's server: a "download site" on 127.0.0.1 that answers each request after the delay the
 * request asks for. One platform thread runs an NIO selector and a timer heap (no thread per
 * connection), so it holds thousands of connections at once.
 *
 * <p>Protocol, one request per connection, text lines as a teacher can type them into {@code nc}:
 * <pre>
 * client → server   "&lt;index&gt; &lt;millis&gt;\n"       index >= 0, 0 <= millis <= 600000
 * server → client   "&lt;index&gt; &lt;answer&gt;\n"       after millis ms; answer = {@link #answer(long)}
 * </pre>
 * then the <em>server</em> closes, like an HTTP/1.0 download read to its end. Closing first puts the
 * connection's TIME_WAIT on the server's side (the four-tuple of its listening port), so the client's
 * ephemeral port is free again at once: with the client closing first, every request would leave its
 * port in TIME_WAIT for 60 s, and 10,000 requests per operation would exhaust Linux's 28,232 ephemeral
 * ports (32768–60999) in the third operation. A malformed request is answered with "error ..." and closed.
 *
 * <p>Limits (the 2-core reference VM): file descriptors — one per open connection, on each side; the
 * hard limit there is 20,000 per process, so the benchmark runs the server in its own child JVM
 * ({@link #inChildJvm()}: the client JVM holds up to 10,000 and the server 10,000); the accept backlog
 * — the kernel clamps it to {@code net.core.somaxconn} (4096): a connect that finds the accept queue
 * full has its SYN dropped and retried after 1 s, which would show as a one-second straggler.
 */
public final class DelayServer implements AutoCloseable {

    /** Requests are short; anything longer is malformed. */
    private static final int MAX_REQUEST = 64;
    /** Asked of the kernel, which clamps it to somaxconn. */
    private static final int BACKLOG = 65_535;
    /** The longest delay a request may ask for: 10 minutes. */
    public static final long MAX_MILLIS = 600_000;
    /** How long the child JVM may take to announce its port. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /**
     * The server JVM compiles with C1 only. Its loop is a thin layer over syscalls (accept, read, write, close,
     * epoll), which C2 cannot speed up; but with C2 on, its compiler threads kept recompiling the NIO paths for
     * thousands of connections and took 30–90 ms of CPU per 1,000-connection operation, in step with the
     * clients on a 2-core machine (measured: the server's CPU per 1,000 connections fell from 80–110 ms to
     * 40–50 ms, the operation from 186–260 ms to 164–177 ms, the selector thread's own time unchanged).
     */
    static final List<String> JVM_FLAGS = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1");
    /** How long close() waits for the selector thread. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread loop;
    private final PriorityQueue<Reply> due = new PriorityQueue<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** The most replies ever waiting at once: how many downloads really overlapped. Selector thread writes. */
    private volatile int mostWaiting;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A reply waiting for its time. */
    private record Reply(long dueNanos, SocketChannel channel, ByteBuffer bytes) implements Comparable<Reply> {
        @Override
        public int compareTo(Reply o) {
            return Long.compare(dueNanos, o.dueNanos);
        }
    }

    /** A connection still reading its request. */
    private static final class Request {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST);
    }

    private DelayServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        loop = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "delay-server").unstarted(this::serve);
        loop.start();
    }

    /** A server in this JVM, on its own selector thread ({@code gilbench-delay-server}). */
    public static DelayServer inThisJvm() {
        try {
            return new DelayServer();
        } catch (IOException e) {
            throw new UncheckedIOException("socket-io: cannot open the server on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * A server in a child JVM of its own, so that its connections count against its own file-descriptor
     * limit, not the benchmark's; it exits when {@link Remote#close()} closes its stdin.
     */
    public static Remote inChildJvm() {
        JavaChild child = JavaChild.start("socket-io server", DelayServer.class, JVM_FLAGS, List.of());
        try {
            String line = child.readLine(START_WAIT);
            if (line == null || !line.startsWith("port ")) {
                throw new IllegalStateException("socket-io server (pid " + child.pid() + ") said '" + line
                        + "' instead of its port" + child.stderrNote());
            }
            return new Remote(child, Integer.parseInt(line.substring(5).trim()));
        } catch (InterruptedException e) {
            child.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("socket-io: interrupted while starting the server", e);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** A server in a child JVM: its port, and close() to end it. */
    public record Remote(JavaChild child, int port) implements AutoCloseable {

        /**
         * The server JVM's CPU time so far (user + system, as the kernel counts it in ticks of ~10 ms), or -1
         * where the platform cannot say. Its selector thread, and the kernel's loopback work done on its behalf.
         */
        public long cpuNanos() {
            return ProcessHandle.of(child.pid()).flatMap(h -> h.info().totalCpuDuration())
                    .map(Duration::toNanos).orElse(-1L);
        }

        @Override
        public void close() {
            child.close();
        }
    }

    /**
     * Linux's count of connections dropped because a listener's accept queue was full
     * ({@code TcpExt ListenOverflows} in {@code /proc/net/netstat}; machine-wide), or -1 where it cannot be
     * read. Each such drop costs its client a SYN retransmission: 1 s, then 3 s, 7 s, ...
     */
    public static long listenOverflows() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).trim().split("\\s+");
                String[] values = lines.get(i + 1).trim().split("\\s+");
                for (int k = 1; k < Math.min(names.length, values.length); k++) {
                    if (names[0].equals("TcpExt:") && names[k].equals("ListenOverflows")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: unknown
        }
        return -1;
    }

    /** The answer to request {@code index}: splitmix64's finaliser, so a wrong or stale reply cannot match. */
    public static long answer(long index) {
        long z = index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int port() {
        return ((InetSocketAddress) listenerAddress()).getPort();
    }

    private java.net.SocketAddress listenerAddress() {
        try {
            return listener.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests answered so far. */
    public long served() {
        return served.get();
    }

    /**
     * The most requests ever waiting for their reply at the same moment: 1 if the clients sent them one
     * after another, up to the task count if they all overlapped (each waits {@code millis} here).
     */
    public int mostWaiting() {
        return mostWaiting;
    }

    /** Malformed requests and connections that failed. */
    public long rejected() {
        return rejected.get();
    }

    private void serve() {
        try {
            while (!closed) {
                long wait = 0; // 0: select until something happens
                Reply next = due.peek();
                if (next != null) {
                    long nanos = next.dueNanos - System.nanoTime();
                    if (nanos <= 0) {
                        sendDue();
                        continue;
                    }
                    wait = Math.max(1, (nanos + 999_999) / 1_000_000); // rounded up: never early
                }
                selector.select(wait);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read(key);
                    } else if (key.isWritable()) {
                        write(key);
                    }
                }
                selector.selectedKeys().clear();
                sendDue();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key);
            }
            try {
                selector.close();
                listener.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel c; (c = listener.accept()) != null; ) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, new Request());
        }
    }

    private void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Request request = (Request) key.attachment();
        try {
            int n = channel.read(request.buffer);
            ByteBuffer b = request.buffer;
            int end = indexOf(b, (byte) '\n');
            if (end < 0) {
                if (n < 0 || !b.hasRemaining()) {
                    reject(key, "error: expected '<index> <millis>\\n'");
                }
                return;
            }
            String line = new String(b.array(), 0, end, StandardCharsets.US_ASCII).trim();
            String[] parts = line.split(" ");
            long index;
            long millis;
            try {
                index = Long.parseLong(parts[0]);
                millis = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
            } catch (NumberFormatException e) {
                index = -1;
                millis = -1;
            }
            if (index < 0 || millis < 0 || millis > MAX_MILLIS) {
                reject(key, "error: bad request '" + line + "' (expected '<index> <millis>', 0 <= millis <= "
                        + MAX_MILLIS + ")");
                return;
            }
            key.interestOps(0); // nothing more to read: the reply waits for its time
            byte[] reply = (index + " " + answer(index) + "\n").getBytes(StandardCharsets.US_ASCII);
            due.add(new Reply(System.nanoTime() + millis * 1_000_000L, channel, ByteBuffer.wrap(reply)));
            if (due.size() > mostWaiting) {
                mostWaiting = due.size();
            }
        } catch (IOException e) {
            rejected.incrementAndGet();
            closeQuietly(key);
        }
    }

    private static int indexOf(ByteBuffer b, byte what) {
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == what) {
                return i;
            }
        }
        return -1;
    }

    private void reject(SelectionKey key, String message) {
        rejected.incrementAndGet();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            channel.write(ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // the client is gone
        }
        closeQuietly(key);
    }

    /** Writes every reply whose time has come; a reply that does not fit the socket buffer waits for OP_WRITE. */
    private void sendDue() throws IOException {
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().dueNanos - now <= 0) {
            Reply r = due.poll();
            SelectionKey key = r.channel.keyFor(selector);
            if (key == null || !key.isValid()) {
                continue;
            }
            key.attach(r.bytes);
            write(key);
        }
    }

    private void write(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer bytes = (ByteBuffer) key.attachment();
        try {
            channel.write(bytes);
            if (bytes.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            served.incrementAndGet();
        } catch (IOException e) {
            rejected.incrementAndGet();
        }
        closeQuietly(key); // the server closes first: TIME_WAIT stays on its side (see the class comment)
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * Stops the selector thread (waiting at most 5 s) and closes every connection and the listener.
     *
     * @throws IllegalStateException if the thread did not stop, or if the server had failed
     */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            loop.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            throw new IllegalStateException("socket-io server: selector thread still running after "
                    + STOP_WAIT.toSeconds() + " s");
        }
        if (failure != null) {
            throw new IllegalStateException("socket-io server failed: " + failure, failure);
        }
    }

    /**
     * The child JVM: starts a server, prints {@code port <n>}, serves until end of stdin (the parent
     * closed it, or died), then exits.
     */
    public static void main(String[] args) throws IOException {
        try (DelayServer server = inThisJvm()) {
            System.out.println("port " + server.port());
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            while (stdin.readLine() != null) {
                // nothing is expected on stdin: only its end
            }
        }
    }
}
