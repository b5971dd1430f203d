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
    COUNT_LOOP(CountLoop.NAME, () -> new CountLoop(CountLoop.SEED_TASKS, CountLoop.SEED_ITERATIONS)),
    // issue 22
    /**
     * sleep-io's downloads as real TCP requests to a loopback delay server. Its tasks name the server's
     * port, so it has no server-free default: {@code SocketIoBenchmark} opens the server (a child JVM) and
     * builds it with {@link SocketIo#fixed}; {@link #create()} says so instead of returning tasks that
     * would connect nowhere.
     */
    SOCKET_IO(SocketIo.NAME, null),
    /**
     * Seed 004's port scan over a loopback range with listeners at fixed positions: the listeners must be
     * open first ({@code PortScanBenchmark}, {@link PortScan#over}), so, like socket-io, no default here.
     */
    PORT_SCAN(PortScan.NAME, null),
    /** Seeds 000/001's three downloads of 3, 5, 6 s (as published), at 1/20 scale. */
    DOWNLOADS(Downloads.NAME, () -> Downloads.of(Downloads.Draws.PUBLISHED, Downloads.DEFAULT_MILLIS_PER_SECOND));

    /** Every workload name, in the order the report shows them. */
    public static final List<String> NAMES = Labels.of(values(), WorkloadKind::label);

    private final String label;
    private final Supplier<Workload> factory;

    /** @param factory null when the workload needs a resource opened first (see {@link #create()}) */
    WorkloadKind(String label, Supplier<Workload> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** The user-facing name, e.g. {@code prime-check}. */
    public String label() {
        return label;
    }

    /**
     * A new instance with the seed's defaults (its task list built eagerly).
     *
     * @throws IllegalStateException for socket-io and port-scan, whose tasks need a server or listeners
     */
    public Workload create() {
        if (factory == null) {
            throw new IllegalStateException(label + " needs a resource opened first (a server, listeners): build it"
                    + " with its class's factory, as its benchmark does");
        }
        return factory.get();
    }

    /** @throws IllegalArgumentException {@code unknown workload '<name>' (known: prime-check, ...)} */
    public static WorkloadKind named(String name) {
        return Labels.named(values(), WorkloadKind::label, "workload", name);
    }
}
