package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.PrimeCheck;
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
 * {@code prime-check}: the seed's {@code executor.map(is_prime, PRIMES)} — 65 trial divisions, 60 of them
 * prime — through each execution model. The seed's headline: 16 CPython threads took 39.2 s at 101% CPU,
 * 16 processes 27.5 s at 389%.
 *
 * <p>Expect on a machine with C cores: thread-pool, virtual-thread and forked-process approach
 * min(workers, C)x the serial time's inverse, bounded by load balance (the largest task is ~5% of the
 * total, see measurements.md: ~1.95x on 2 cores); forked-process pays its pipe round trips; gil-emulated
 * stays at ~1x and ~100% CPU whatever the workers. One operation lasts ~0.3–0.6 s here.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PrimeCheckBenchmark -p model=thread-pool -p workers=1,2 \
 *     -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class PrimeCheckBenchmark extends ModelBenchmark {

    /** {@code seed} (65 numbers, 2..isqrt(n)) or {@code odd-only} (seed 004: 6 numbers, odd divisors). */
    @Param({"seed"})
    public String variant;

    private PrimeCheck workload;

    @Setup(Level.Trial)
    public void buildWorkload() {
        workload = new PrimeCheck(PrimeCheck.Variant.named(variant));
    }

    /** All numbers checked; returns the count of primes (60 for the seed list) after verifying each. */
    @Benchmark
    public long primeCheck() throws Exception {
        return Verified.run(executionModel, workload);
    }
}
