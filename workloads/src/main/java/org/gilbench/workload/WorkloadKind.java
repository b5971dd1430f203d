package org.gilbench.workload;

import java.util.List;
import java.util.function.Supplier;

/**
 * The seed workloads by their user-facing names, each built with its seed defaults — the workloads'
 * counterpart of {@code org.gilbench.model.Model}. Adding a workload means one constant here and one
 * class (which declares its name as {@code NAME}, the one place it is spelled); the runner's
 * {@code --workloads}, the benchmarks and the report take it from {@link #NAMES}.
 *
 * <p>{@link LostUpdate} and {@code PingPong} are not here: they are lessons measured by benchmarks of
 * their own, not task lists that every model runs at its seed defaults.
 */
public enum WorkloadKind {
    /** Seed 002's is_prime over its list, repeated 5 times (65 tasks). */
    PRIME_CHECK(PrimeCheck.NAME, () -> new PrimeCheck(PrimeCheck.Variant.SEED)),
    /** Seed 004's sum of 1..1e8 in 8 chunks, streamed (counted, no 800 MB array). */
    RANGE_SUM(RangeSum.NAME, () -> RangeSum.streamed(RangeSum.SEED_N, RangeSum.SEED_CHUNKS)),
    /** The seeds' downloads as sleeps: 8 x 100 ms. */
    SLEEP_IO(SleepIo.NAME, () -> SleepIo.fixed(SleepIo.DEFAULT_TASKS, SleepIo.DEFAULT_MILLIS)),
    /** Seed 003's calc(): 4 counting loops of 10^7. */
    COUNT_LOOP(CountLoop.NAME, () -> new CountLoop(CountLoop.SEED_TASKS, CountLoop.SEED_ITERATIONS));

    /** Every workload name, in the order the report shows them. */
    public static final List<String> NAMES = Labels.of(values(), WorkloadKind::label);

    private final String label;
    private final Supplier<Workload> factory;

    WorkloadKind(String label, Supplier<Workload> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** The user-facing name, e.g. {@code prime-check}. */
    public String label() {
        return label;
    }

    /** A new instance with the seed's defaults (its task list built eagerly). */
    public Workload create() {
        return factory.get();
    }

    /** @throws IllegalArgumentException {@code unknown workload '<name>' (known: prime-check, ...)} */
    public static WorkloadKind named(String name) {
        return Labels.named(values(), WorkloadKind::label, "workload", name);
    }
}
