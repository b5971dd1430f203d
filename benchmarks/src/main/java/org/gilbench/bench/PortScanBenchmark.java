package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.PortScan;
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
 * {@code port-scan} (seed 004:204-246, {@code Pool(16)}, 16 blocks): connect attempts to every port of a
 * free loopback range, {@code open} of them listening (trial setup opens them); every block must find
 * exactly its listening ports, or the operation fails. Run over {@code workers} = 1, 2, 4, 16: what the
 * pool size buys.
 *
 * <p>Expect: a refused connect on loopback is ~30–60 µs of system calls and no waiting, so the scan is
 * CPU-bound in the kernel and a pool buys at most the core count: measured (2-core VM, busy) thread-pool
 * 111 / 86 / 83 ms at 1 / 2 / 16 workers, gil-emulated 139 / 121 / 126 (each connect releases the GIL, as
 * CPython's {@code connect_ex} does, so the kernel work overlaps), event-loop ~125, forked-process
 * 146 / 206 / 276 at 1 / 2 / 4 (more child JVMs, more contention); CPython 3.11 threads ~95 at any pool
 * size, {@code Pool} 115-190. The seed's LAN, where a filtered port costs its whole 1 s time-out, is the
 * I/O-bound case: socket-io shows it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PortScanBenchmark -p model=thread-pool,gil-emulated \
 *     -p workers=1,2,4,16 -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class PortScanBenchmark extends ModelBenchmark {

    /** Ports in the range (one of the seed's blocks: 4096). */
    @Param({"4096"})
    public int ports;

    /** Listening ports among them. */
    @Param({"8"})
    public int open;

    /** Tasks, one contiguous block each (the seed: 16 {@code apply_async} calls). */
    @Param({"16"})
    public int blocks;

    private PortScan.Listeners listeners;
    private PortScan scan;

    @Setup(Level.Trial)
    public void openListeners() {
        listeners = PortScan.Listeners.open(ports, open);
        scan = PortScan.over(listeners, blocks);
    }

    @TearDown(Level.Trial)
    public void closeListeners() {
        if (listeners != null) {
            listeners.close();
        }
    }

    /** The whole range scanned; each block's set of open ports verified. */
    @Benchmark
    public long portScan() throws Exception {
        return Verified.run(executionModel, scan);
    }
}
