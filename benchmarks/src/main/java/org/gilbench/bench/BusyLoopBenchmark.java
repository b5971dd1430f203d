package org.gilbench.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.BusyLoop;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code busy-loop} (seed 002:490-529): {@code cpu_count()} threads of {@code x = x ^ 1}, each for a
 * {@code windowMillis} window. The answer is the CPU utilisation: the secondary metric {@code cpuPercent}
 * is this JVM's CPU time plus its child JVMs' ({@code process.child-cpu-ns}) over the operation's wall
 * time, like the {@code 102%} the seed read off Activity Monitor; ModelProfiler's {@code cpu.util} is the
 * same over JMH's iteration.
 *
 * <p>The seed: CPython <b>102%</b> on 4 cores; "Java would reach 400%". Expect on 2 cores:
 * {@code thread-pool} / {@code virtual-thread} / {@code forked-process} ≈ 200%, {@code gil-emulated}
 * ≈ 100%, {@code serial} / {@code event-loop} 100% (and {@code tasks} x window long). {@code tasks=0}
 * means {@code availableProcessors()}, the seed's {@code multiprocessing.cpu_count()}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BusyLoopBenchmark -p model=thread-pool,gil-emulated,forked-process -p workers=2
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BusyLoopBenchmark extends ModelBenchmark {

    /** Spinning threads; 0: {@code availableProcessors()} (the seed's {@code cpu_count()}). */
    @Param({"0"})
    public int tasks;

    /** Each spinner's wall-clock window, ms. */
    @Param({"1000"})
    public long windowMillis;

    private BusyLoop workload;
    private com.sun.management.OperatingSystemMXBean os;

    /** The CPU % of the last operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public double cpuPercent;
    }

    @Setup(Level.Trial)
    public void buildWorkload() {
        if (tasks < 0) {
            throw new IllegalArgumentException("bad value for param tasks: " + tasks + " (allowed: 0 for cpu_count(), or >= 1)");
        }
        workload = new BusyLoop(tasks == 0 ? BusyLoop.seedThreads() : tasks, windowMillis);
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    /** The spinners, each verified to have run; records CPU time over wall time, children included. */
    @Benchmark
    public long spin(Cpu cpu) throws Exception {
        long childStart = childCpu();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long steps = Verified.run(executionModel, workload);
        long wall = System.nanoTime() - wallStart;
        long used = os.getProcessCpuTime() - cpuStart + childCpu() - childStart;
        cpu.cpuPercent = 100.0 * used / wall;
        return steps;
    }

    private long childCpu() {
        return executionModel.counters().getOrDefault(ModelProfiler.CHILD_CPU_NS, 0L);
    }
}
