package org.gilbench.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof org.gilbench.bench.ModelProfiler}) adding to every iteration:
 * <ul>
 *   <li>{@code cpu.util} in %: CPU time used during the iteration divided by its wall time, like the
 *       {@code 101%} / {@code 389%} that {@code time} printed in the seed. 100 = one core busy. The CPU
 *       time is this JVM's ({@code getProcessCpuTime}: every thread, JIT and GC included) plus the
 *       {@code process.child-cpu-ns} the model's child JVMs reported, so the forked-process model is
 *       not flattered by hiding its work in children;</li>
 *   <li>one metric per model counter ({@code gil.switches}, {@code process.bytes-sent}, ...): its
 *       increase during the iteration. With SingleShotTime (the suite's mode) an iteration is one
 *       operation, so these are per operation.</li>
 * </ul>
 *
 * <p>It runs inside the forked benchmark JVM and reads the model the benchmark registered in
 * {@link OpenModels}. The wall time spans JMH's iteration bracket, a millisecond or so more than the
 * operation, so {@code cpu.util} of very short operations reads slightly low. Children reaped by the
 * kernel are not counted separately ({@code /proc/self/stat}'s cutime): the contract is that children
 * report their own CPU time through the model, so nothing is counted twice.
 */
public final class ModelProfiler implements InternalProfiler {

    /** The label of the CPU metric, as the report reads it. */
    public static final String CPU_UTIL = "cpu.util";
    /** The counter carrying the children's CPU time, added to this JVM's. */
    static final String CHILD_CPU_NS = "process.child-cpu-ns";

    private final com.sun.management.OperatingSystemMXBean os;
    private long wallStart;
    private long cpuStart;
    private OpenModels.Snapshot countersStart = OpenModels.Snapshot.NONE;

    public ModelProfiler() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean)
                || bean.getProcessCpuTime() < 0) {
            throw new IllegalStateException("ModelProfiler: this JVM cannot report process CPU time");
        }
        this.os = bean;
    }

    @Override
    public String getDescription() {
        return "gilbench: cpu.util (% of one core, child JVMs included) and the open model's counters per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        countersStart = OpenModels.snapshot();
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long wall = System.nanoTime() - wallStart;
        long cpu = os.getProcessCpuTime() - cpuStart;
        OpenModels.Snapshot countersEnd = OpenModels.snapshot();
        Map<String, Long> deltas = deltas(countersStart, countersEnd);

        List<Result> results = new ArrayList<>();
        long childCpu = deltas.getOrDefault(CHILD_CPU_NS, 0L);
        results.add(new ScalarResult(CPU_UTIL, cpuUtil(cpu + childCpu, wall), "%", AggregationPolicy.AVG));
        deltas.forEach((name, delta) -> results.add(new ScalarResult(name, delta, unit(name), AggregationPolicy.AVG)));
        return results;
    }

    /** CPU time over wall time, in % of one core. */
    static double cpuUtil(long cpuNanos, long wallNanos) {
        return wallNanos <= 0 ? 0 : 100.0 * cpuNanos / wallNanos;
    }

    /**
     * Each counter's increase from {@code start} to {@code end}. A model opened during the iteration (a
     * new generation) counted from zero; counters are cumulative, so a decrease can only mean a model
     * bug and is reported as 0 rather than as a negative count.
     */
    static Map<String, Long> deltas(OpenModels.Snapshot start, OpenModels.Snapshot end) {
        Map<String, Long> base = start.generation() == end.generation() ? start.counters() : Map.of();
        Map<String, Long> deltas = new TreeMap<>();
        end.counters().forEach((name, value) -> deltas.put(name, Math.max(0, value - base.getOrDefault(name, 0L))));
        return deltas;
    }

    /** The unit a counter is reported in, from its name (contract 1: {@code *-ns}, {@code *bytes*}). */
    static String unit(String counter) {
        if (counter.endsWith("-ns")) {
            return "ns";
        }
        if (counter.contains("bytes")) {
            return "bytes";
        }
        return "counts";
    }
}
