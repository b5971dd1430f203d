package org.gilbench.distributed;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Threads of the master and the workers, all named {@code gilbench-distributed-*} and all stopped by
 * their owner's close: gRPC's own shared event loops and executors would otherwise live on for a while
 * after the model is closed (and tests check that nothing named {@code gilbench-} survives a close).
 */
final class Net {

    /** The prefix every thread of this module has, the same as the models in {@code workloads}. */
    static final String PREFIX = "gilbench-distributed-";
    /** How long closing waits for a group or executor to stop: longer means a task ignores interrupts. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * Netty's native transports (epoll, io_uring) are not used (NIO is), but netty probes for them by
     * loading their native library the first time gRPC picks a transport, which costs start-up and makes
     * JDK 24+ print a four-line "restricted method" warning. Set before any netty class loads (every
     * netty use in this module goes through this class first); a value given on the command line wins.
     */
    static final String NO_NATIVE = "io.grpc.netty.shaded.io.netty.transport.noNative";
    /** Likewise for TLS: the JDK's own TLS, not netty's native OpenSSL (BoringSSL) library. */
    static final String NO_OPENSSL = "io.grpc.netty.shaded.io.netty.handler.ssl.noOpenSsl";
    /**
     * Netty 4.2's buffer allocator emits JDK Flight Recorder events; the first one loaded starts JFR's
     * machinery in the JVM (~110 jdk.jfr classes: about half a second of a worker's start, measured with
     * -Xlog:class+load), and would do the same in the benchmark's JVM. Off, unless asked for.
     */
    static final String JFR = "io.grpc.netty.shaded.io.netty.jfr.enabled";

    static {
        for (String property : new String[] {NO_NATIVE, NO_OPENSSL}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
        if (System.getProperty(JFR) == null) {
            System.setProperty(JFR, "false");
        }
    }

    private Net() {
    }

    /** Daemon platform threads {@code gilbench-distributed-<name>-<n>}: a forgotten model cannot keep a JVM alive. */
    static ThreadFactory threads(String name) {
        return Thread.ofPlatform().name(PREFIX + name + "-", 1).daemon(true).factory();
    }

    /** A netty event loop group of {@code n} threads (NIO: runs everywhere, no native transport needed). */
    static EventLoopGroup eventLoops(String name, int n) {
        return new MultiThreadIoEventLoopGroup(n, threads(name), NioIoHandler.newFactory());
    }

    /** Stops a group at once (no quiet period) and waits up to {@link #CLOSE_WAIT} for its threads. */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_WAIT.toMillis() + 1000);
    }

    /** Stops an executor, interrupting its tasks, and waits up to {@link #CLOSE_WAIT}. */
    static void shutdown(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line on stderr, the form every message of this module has (no stack traces). */
    static void log(String line) {
        System.err.println("gilbench distributed: " + line);
    }
}
