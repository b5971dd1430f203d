package org.gilbench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code socket-io}: sleep-io's "downloads" over real sockets — each task is one TCP request over
 * loopback to a {@link DelayServer} that answers after {@code millis} ms. Does blocking on a socket
 * behave like sleeping, and where does it stop?
 *
 * <p>One download is three blocking calls, each bracketed as CPython brackets {@code sock.connect},
 * {@code sock.sendall} and {@code sock.recv} with {@code Py_BEGIN_ALLOW_THREADS}: under {@code
 * gil-emulated} the GIL is released around each and taken again after it (three hand-offs per request, where a
 * sleep has one); under {@code event-loop} each is an await. There the task is a virtual thread, and a
 * virtual thread's socket call does not block its carrier: the JDK makes the socket non-blocking,
 * registers it with its poller (epoll on Linux) and parks the virtual thread until it is ready — the
 * selector asyncio's streams wait in. So the event loop never blocks on a socket, as it never blocks on a
 * sleep; what it leaves out is asyncio's single OS thread (the poller and carriers are JDK threads).
 *
 * <p>Expect: as sleep-io, ceil(tasks / k) x millis for k concurrent downloads, plus per request a
 * connection set-up (~50–100 µs of kernel work on loopback) and the server's reply. A thread per
 * connection is where it stops: 10,000 platform threads each hold a stack and a socket; virtual threads
 * and the event loop hold only the socket. Each task checks the reply belongs to its request (index and
 * {@link DelayServer#answer}) and that at least {@code millis} passed.
 *
 * <p>Limits: see {@link DelayServer} (file descriptors, ephemeral ports, the accept backlog). A
 * {@code forked-process} child connects to the same server: the task carries only the port.
 */
public final class SocketIo implements Workload {

    public static final String NAME = "socket-io";
    /** As sleep-io: 8 downloads of 100 ms. */
    public static final int DEFAULT_TASKS = 8;
    public static final int DEFAULT_MILLIS = 100;
    /** Connecting to loopback is immediate unless the accept queue is full (SYN retried after 1 s, 3 s, ...). */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Added to the delay for the read's time-out: a reply later than this means a lost request. */
    static final int READ_SLACK_MS = 30_000;
    /** A connect slower than this had its SYN dropped (a full accept queue) and retried after 1 s. */
    static final long SLOW_CONNECT_NANOS = 500_000_000L;
    /** Connects in this JVM slower than {@link #SLOW_CONNECT_NANOS} (child JVMs count their own). */
    private static final LongAdder SLOW_CONNECTS = new LongAdder();

    private final List<Task> tasks;
    private final String shape;

    private SocketIo(List<Task> tasks, String shape) {
        this.tasks = List.copyOf(tasks);
        this.shape = shape;
    }

    /**
     * {@code count} downloads of {@code millis} ms each from the server on 127.0.0.1:{@code port}.
     *
     * @throws IllegalArgumentException for a bad port, count or delay
     */
    public static SocketIo fixed(int port, int count, long millis) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("socket-io: port must be in 1..65535, got " + port);
        }
        if (count < 1) {
            throw new IllegalArgumentException("socket-io: tasks must be >= 1, got " + count);
        }
        if (millis < 0 || millis > DelayServer.MAX_MILLIS) {
            throw new IllegalArgumentException("socket-io: millis must be in 0.." + DelayServer.MAX_MILLIS + ", got "
                    + millis);
        }
        List<Task> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Download(i, port, millis));
        }
        return new SocketIo(list, count + " x " + millis + " ms over 127.0.0.1:" + port);
    }

    /**
     * Connects made in this JVM so far that took more than 0.5 s: each one's SYN was dropped, almost
     * always by a full accept queue at the server ({@link DelayServer#listenOverflows()}), and sent again.
     */
    public static long slowConnects() {
        return SLOW_CONNECTS.sum();
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
        return results.length + " downloads (" + shape + ")";
    }

    /** One blocking socket call, bracketed like CPython's {@code Py_BEGIN_ALLOW_THREADS}. */
    @FunctionalInterface
    interface BlockingCall<T> {
        T call() throws IOException;
    }

    static <T> T blocking(Interpreter in, BlockingCall<T> call) throws IOException {
        in.beforeBlocking();
        try {
            return call.call();
        } finally {
            in.afterBlocking();
        }
    }

    /**
     * One download: connect, send {@code "<index> <millis>\n"}, read the reply to its end (the server
     * closes). Returns the server's answer after checking it names this request and that at least
     * {@code millis} passed; -1 if it came too early (the server did not wait).
     */
    public record Download(int index, int port, long millis) implements Task, Serializable {
        @Override
        public long run(Interpreter in) {
            long start = System.nanoTime();
            String reply;
            try (Socket socket = new Socket()) {
                InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                blocking(in, () -> {
                    long connectStart = System.nanoTime(); // the connect alone, not the wait for a GIL after it
                    socket.connect(server, CONNECT_TIMEOUT_MS);
                    if (System.nanoTime() - connectStart > SLOW_CONNECT_NANOS) {
                        SLOW_CONNECTS.increment();
                    }
                    return null;
                });
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis + READ_SLACK_MS));
                byte[] request = (index + " " + millis + "\n").getBytes(StandardCharsets.US_ASCII);
                blocking(in, () -> {
                    socket.getOutputStream().write(request);
                    return null;
                });
                InputStream input = socket.getInputStream();
                reply = new String(blocking(in, input::readAllBytes), StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(describe() + ": " + e.getMessage(), e);
            }
            long elapsed = System.nanoTime() - start;
            String[] parts = reply.split(" ");
            if (parts.length != 2 || !parts[0].equals(Integer.toString(index))) {
                throw new IllegalStateException(describe() + ": the server replied '" + reply + "'");
            }
            return elapsed >= millis * 1_000_000L ? Long.parseLong(parts[1]) : -1;
        }

        @Override
        public long expected() {
            return DelayServer.answer(index);
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + millis + " ms from 127.0.0.1:" + port + ")";
        }
    }
}
