package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.LostUpdate;
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
 * {@code lost-update} (lesson 5, seeds 000–002): shared state without and with a lock, under every
 * execution model. The score is the time of one run; the answer is a <em>distribution</em>, recorded as
 * secondary metrics, one value per measured operation in the JSON's {@code rawData}:
 * <ul>
 *   <li>{@code balance} — the final balance as the benchmark's own process sees it;</li>
 *   <li>{@code trueBalance} — what it would be with no update lost: the deposits made in this process
 *       (0 under forked-process, whose children each change their own copy), 0 for change_it;</li>
 *   <li>{@code highestWritten} — the bank only: the highest balance any deposit wrote, in any process
 *       (under forked-process, how far a child's copy got).</li>
 * </ul>
 * Every operation verifies the invariant: with the lock, balance == trueBalance; without it, a bank
 * balance in 0..trueBalance. A broken lock fails the run.
 *
 * <p>Expect (CPython measured here): bank, pool of 16, no lock: 7 (100 / 16 deposits per wave, ~7
 * waves), ~70 ms; with the lock: 100, ~1.0 s (CPython 1.07 s). serial: 100 either way. forked-process:
 * 0 in the parent. {@code change_it} without the lock, 10 runs: CPython 2.7: 4 non-zero; 3.9: 1;
 * 3.11/3.13: none. Here: thread-pool and virtual-thread can race whenever the two threads really run
 * at once (on a loaded 2-core VM they seldom do: 1–2 of 10 runs measured); gil-emulated with
 * {@code checks=back-edge} (3.10+) never, by construction; with {@code checks=bytecode} it can, in
 * either mode, when a switch falls inside a read-write window (measured 1–2 of 10); serial,
 * event-loop and forked-process never (forked: each child changes its own copy).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LostUpdateBenchmark.changeIt -p model=gil-emulated -p workers=2 \
 *     -p options=mode=ticks -p checks=bytecode,back-edge -p lock=false
 * java -jar benchmarks/target/benchmarks.jar LostUpdateBenchmark.bankAccount -p model=thread-pool \
 *     -p workers=16 -p lock=false,true
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class LostUpdateBenchmark extends ModelBenchmark {

    /** {@code with lock:} around each read-modify-write (the seeds' {@code threading.Lock}). */
    @Param({"false"})
    public boolean lock;

    /**
     * change_it only: where a GIL may switch — {@code bytecode} (CPython 2.7–3.9: also between a read
     * and its write) or {@code back-edge} (3.10+: only at the loop's end). Pair {@code bytecode} with
     * {@code options=mode=ticks} for 2.7, {@code back-edge} with the default interval mode for 3.10+.
     */
    @Param({"back-edge"})
    public String checks;

    /**
     * change_it: iterations per thread. The seed's 100,000 last ~35–50 ms in CPython 3.11 here, so its
     * two threads overlap; Java does 100,000 in ~0.4 ms, before the second pool thread has even started
     * (measured: 0 of 10 runs race under thread-pool). The default is therefore scaled to the seed's
     * duration, 3,000,000 (~10–20 ms), as count-loop scales seed 003's count; {@code -p
     * iterations=100000} runs the seed's count.
     */
    @Param({"3000000"})
    public int iterations;

    /** Bank: the number of deposits of 1 (the seed: 100). */
    @Param({"100"})
    public int deposits;

    private LostUpdate.Checks checkPoints;

    /** The outcome of the last operation, reported by JMH as secondary metrics (one op per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long balance;
        public long trueBalance;
        public long highestWritten;

        @Setup(Level.Iteration)
        public void clear() {
            balance = 0;
            trueBalance = 0;
            highestWritten = 0;
        }
    }

    @Setup(Level.Trial)
    public void parseChecks() {
        checkPoints = LostUpdate.Checks.named(checks);
    }

    /**
     * The bank account: {@code deposits} x {@code new = balance + 1; sleep(10 ms); balance = new}. A fresh
     * account per operation (built inside it: 100 small objects, nothing next to 10 ms sleeps).
     */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long bankAccount(Outcome outcome) throws Exception {
        LostUpdate bank = LostUpdate.bank(deposits, LostUpdate.SEED_DEPOSIT_MILLIS, lock);
        long[] results = executionModel.run(bank.tasks());
        bank.verify(results);
        return record(outcome, bank, LostUpdate.highestWritten(results));
    }

    /** Seed 001's {@code change_it(5)} and {@code change_it(8)}, one task each, {@code iterations} times. */
    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 10)
    public long changeIt(Outcome outcome) throws Exception {
        LostUpdate change = LostUpdate.changeIt(LostUpdate.SEED_CHANGES, iterations, lock, checkPoints);
        change.verify(executionModel.run(change.tasks()));
        return record(outcome, change, 0);
    }

    private static long record(Outcome outcome, LostUpdate workload, long highestWritten) {
        outcome.balance = workload.balance();
        outcome.trueBalance = workload.trueBalance();
        outcome.highestWritten = highestWritten;
        return outcome.balance;
    }
}
