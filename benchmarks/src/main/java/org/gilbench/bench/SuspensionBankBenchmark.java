package org.gilbench.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gilbench.model.Model;
import org.gilbench.workload.SuspensionBank;
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
 * {@code suspension-bank}: the seeds' "coroutines need no locks" (001:274, 002:680), examined — lesson 5's
 * bank account (100 deposits of 1, 10 ms of I/O each) with the sleep between the read and the write
 * ({@code suspension=between}, the seed's deposit) or after the write ({@code after}). Secondary metrics
 * {@code balance} and {@code trueBalance}, as LostUpdateBenchmark's.
 *
 * <p>Expect ({@code workers=16}): {@code event-loop} + {@code between}: ~7 of 100, as a pool of 16 threads
 * (every coroutine that runs during an await reads the same balance); {@code event-loop} + {@code after}:
 * 100, no lock — nothing can run between the read and its write; {@code gil-emulated} + {@code after}: 100
 * too (the GIL switches only at check points and blocking calls); {@code thread-pool} + {@code after}:
 * usually 100, but not guaranteed. Every operation checks LostUpdate's invariants, and for serial,
 * event-loop and gil-emulated with {@code after} that not one update was lost.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SuspensionBankBenchmark -p model=event-loop,gil-emulated,thread-pool \
 *     -p workers=16 -p suspension=between,after -p lock=false,true
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SuspensionBankBenchmark extends ModelBenchmark {

    /** The models that cannot switch between a read and its write when no blocking call lies there. */
    static final Set<String> NO_SWITCH_WITHOUT_A_CALL = Set.of(Model.SERIAL.label(), Model.EVENT_LOOP.label(),
            Model.GIL_EMULATED.label());

    /** Where the deposit's sleep lies: {@code between} the read and the write, or {@code after} the write. */
    @Param({"between"})
    public String suspension;

    /** {@code with lock:} / {@code async with lock:} around each deposit. */
    @Param({"false"})
    public boolean lock;

    /** Deposits of 1 (the seed: 100). */
    @Param({"100"})
    public int deposits;

    private SuspensionBank.Suspension where;

    /** The final balance of the last operation, and what it should be. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Balance {
        public long balance;
        public long trueBalance;
    }

    @Setup(Level.Trial)
    public void parseSuspension() {
        where = SuspensionBank.Suspension.named(suspension);
    }

    /** A fresh account per operation; the invariants verified, and exactness where the model guarantees it. */
    @Benchmark
    public long bank(Balance outcome) throws Exception {
        SuspensionBank bank = new SuspensionBank(deposits, SuspensionBank.SEED_DEPOSIT_MILLIS, where, lock);
        bank.verify(executionModel.run(bank.tasks()));
        if (where == SuspensionBank.Suspension.AFTER && NO_SWITCH_WITHOUT_A_CALL.contains(model)) {
            bank.verifyExact();
        }
        outcome.balance = bank.balance();
        outcome.trueBalance = bank.trueBalance();
        return outcome.balance;
    }
}
