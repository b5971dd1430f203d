package org.gilbench.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.DelayServer;
import org.gilbench.workload.SocketIo;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code socket-io}: sleep-io's "downloads" over real sockets — {@code tasks} TCP requests over loopback to
 * a {@link DelayServer} that answers each after {@code millis} ms. Beside {@code SleepIoBenchmark} with the
 * same params: does blocking on a socket behave like sleeping, and where does it stop?
 *
 * <p>The server (trial setup) runs in its own child JVM, a single NIO selector thread: each side then
 * holds one file descriptor per open connection against its own limit (20,000 here). It closes each
 * connection first, so TIME_WAIT stays on its side and 10,000 requests per operation do not exhaust
 * the client's 28,232 ephemeral ports. Its CPU is not in {@code cpu.util}: {@code serverCpuMillis} has it.
 *
 * <p>Expect ceil(tasks / k) x millis for k concurrent downloads, as sleep-io, plus ~0.1 ms of connection
 * set-up per request and the hand-offs: under {@code gil-emulated} each download releases and retakes the
 * GIL three times (connect, send, receive); under {@code event-loop} each is an await on the JDK's poller.
 * At 10,000 tasks a thread per connection ({@code thread-pool}, {@code gil-emulated} with 10,000 workers)
 * pays for 10,000 stacks, virtual threads and the event loop for 10,000 sockets only. Measured (2-core VM,
 * busy): a request costs its client ~0.1–0.2 ms of CPU on virtual threads and the event loop, ~0.3 ms on
 * platform threads, and the server ~0.04 ms, where a sleep costs ~0.01 ms: at 10 tasks socket-io is
 * sleep-io + ~10 ms, at 1,000 ~250–350 ms against ~120, at 10,000 2–6 s against 0.15–1.8 s — CPU-bound in
 * connection handling, not in the wait (no accept-queue overflow in those runs). Every reply is
 * checked: it names its request, carries the server's answer, and came after at least {@code millis}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SocketIoBenchmark -p model=virtual-thread,event-loop \
 *     -p workers=10000 -p tasks=10,1000,10000 -p millis=100 -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class SocketIoBenchmark extends ModelBenchmark {

    /** Concurrent downloads (as sleep-io: 8 by default; the issue asks for 10, 1,000 and 10,000). */
    @Param({"8"})
    public int tasks;

    /** How long the server waits before each reply, in ms. */
    @Param({"100"})
    public long millis;

    private DelayServer.Remote server;
    private SocketIo workload;

    /**
     * Where 10,000 connections stop behaving like sleeps: connects whose SYN was dropped by the server's
     * full accept queue (somaxconn, 4096 here) wait 1 s (then 3 s) for the retry. {@code listenOverflows} is
     * the kernel's count during the operation (machine-wide; -1 where unreadable), {@code slowConnects} the
     * connects of this JVM that took over 0.5 s (0 under forked-process, whose children count their own).
     * JMH sums EVENTS counters over the iterations: read the per-operation values from {@code rawData}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Queue {
        public long listenOverflows;
        public long slowConnects;
        /** The server JVM's CPU during the operation, ms (-1 where unknown): not in cpu.util, which is this JVM's. */
        public double serverCpuMillis;
        /**
         * This JVM's CPU during the operation, ms (every thread: the clients, the carriers, JIT, GC, and the kernel's
         * loopback work charged to them): with {@code serverCpuMillis}, the machine's CPU per operation, which the
         * report compares with the operation's wait to tell a cell bound by the cores from one bound by the wait.
         */
        public double clientCpuMillis;
    }

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Setup(Level.Trial)
    public void startServer() {
        server = DelayServer.inChildJvm();
        workload = SocketIo.fixed(server.port(), tasks, millis);
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Every reply verified; returns the sum of the server's answers (a checksum). */
    @Benchmark
    public long socketIo(Queue queue) throws Exception {
        long overflows = DelayServer.listenOverflows();
        long slow = SocketIo.slowConnects();
        long serverCpu = server.cpuNanos();
        long clientCpu = OS.getProcessCpuTime();
        long sum = Verified.run(executionModel, workload);
        long clientCpuAfter = OS.getProcessCpuTime();
        queue.listenOverflows = overflows < 0 ? -1 : DelayServer.listenOverflows() - overflows;
        queue.slowConnects = SocketIo.slowConnects() - slow;
        queue.serverCpuMillis = serverCpu < 0 ? -1 : (server.cpuNanos() - serverCpu) / 1e6;
        queue.clientCpuMillis = clientCpu < 0 ? -1 : (clientCpuAfter - clientCpu) / 1e6;
        return sum;
    }
}
