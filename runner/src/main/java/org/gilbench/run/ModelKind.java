package org.gilbench.run;

import java.util.List;
import org.gilbench.model.Model;

/**
 * What the plan needs to know about an execution model to choose its cells and estimate their cost:
 * how many workers run in parallel, what a task costs beyond its work, which pool sizes the sleep-io
 * sweep uses. Derived from the model's name; a model this enum does not know yet (a new
 * {@code org.gilbench.model.Model} constant) is planned like a pool of platform threads, so it is measured
 * without a runner change, only with a rougher estimate.
 */
enum ModelKind {
    /** One task after another: parallelism 1, one worker, the baseline. */
    SERIAL(10),
    /** Platform threads: parallel up to the cores. */
    THREADS(10),
    /** Virtual threads: parallel up to the cores; sleeping tasks cost a few microseconds each. */
    VIRTUAL_THREADS(6),
    /** Child JVMs: parallel, but each worker starts a JVM and every task is a pipe round trip. */
    PROCESSES(100),
    /** Threads under an emulated GIL: one runs at a time, plus the switching. */
    GIL(10),
    /**
     * One thread of control ({@code asyncio}): CPU-bound tasks one after another (parallelism 1, like
     * serial, whatever {@code workers} says); a sleep is a timer, one task per sleep, like virtual threads.
     */
    EVENT_LOOP(6);

    /** An emulated GIL's switching overhead on CPU-bound work (measured ~1.1-1.2x serial here). */
    static final double GIL_OVERHEAD = 1.2;
    /** Trial setup per child JVM of a process pool (start, handshake), ms. */
    static final double PROCESS_START_MS = 300;

    private final double perTaskMicros;

    ModelKind(double perTaskMicros) {
        this.perTaskMicros = perTaskMicros;
    }

    /** The kind of a model by its name ({@code Model.NAMES}); a name this enum does not know: like threads. */
    static ModelKind of(String model) {
        Model m;
        try {
            m = Model.named(model);
        } catch (IllegalArgumentException e) {
            return THREADS;
        }
        return switch (m) {
            case SERIAL -> SERIAL;
            case VIRTUAL_THREAD -> VIRTUAL_THREADS;
            case FORKED_PROCESS -> PROCESSES;
            case GIL_EMULATED -> GIL;
            case EVENT_LOOP -> EVENT_LOOP;
            default -> THREADS;
        };
    }

    /** Workers that run CPU-bound tasks at the same time, given the cores and the number of tasks. */
    int parallelism(int workers, int cores, int tasks) {
        if (this == SERIAL || this == GIL || this == EVENT_LOOP) {
            return 1;
        }
        return Math.max(1, Math.min(Math.min(workers, cores), tasks));
    }

    /** CPU-bound work's cost relative to running it on as many cores as {@link #parallelism} says. */
    double cpuFactor() {
        return this == GIL ? GIL_OVERHEAD : 1.0;
    }

    /** Trial setup of the model inside the fork, ms. */
    double setupMs(int workers) {
        return this == PROCESSES ? PROCESS_START_MS * workers : 0;
    }

    /** Cost of one sleeping task beyond its sleep: creating, queueing, waking (a round trip for children). */
    double perTaskMicros() {
        return perTaskMicros;
    }

    boolean isProcesses() {
        return this == PROCESSES;
    }

    /**
     * Whether the quick profile measures this model at 1 worker too (its overhead against serial): for
     * platform threads and child JVMs, whose overheads differ in kind, and for the event loop, whose point is
     * that 1 worker and the cores take the same time; virtual threads at 1 worker run like a pool of one, and
     * a GIL at any worker count runs one thread at a time, so the core count is enough.
     */
    boolean quickOneWorker() {
        return this == THREADS || this == PROCESSES || this == EVENT_LOOP;
    }

    boolean isSerial() {
        return this == SERIAL;
    }

    /**
     * Pool sizes of the sleep-io sweep: serial one; virtual threads and the event loop unbounded (a million:
     * one task per sleep); a few child JVMs (seed 004's Pool(4)); platform threads at a typical and a large
     * size.
     */
    List<Integer> sleepPools(Profile profile) {
        boolean full = profile == Profile.FULL;
        return switch (this) {
            case SERIAL -> List.of(1);
            case VIRTUAL_THREADS, EVENT_LOOP -> List.of(1_000_000);
            case PROCESSES -> full ? List.of(4, 16) : List.of(4);
            case THREADS, GIL -> full ? List.of(16, 1000, 10_000) : List.of(16, 1000);
        };
    }
}
