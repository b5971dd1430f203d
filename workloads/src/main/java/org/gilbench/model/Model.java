package org.gilbench.model;

import java.util.List;
import java.util.function.Function;
import org.gilbench.workload.Labels;

/**
 * The execution models by their user-facing names — the same in the CLI, the JMH {@code model}
 * param, the JSON and the charts — with what the runner's plan needs to know about each to choose its
 * cells and estimate their cost (how many workers run in parallel, what a task costs beyond its work,
 * which pool sizes the sleep-io sweep uses). Adding a model means one constant here (its name constant,
 * its factory, its traits) and one class; benchmarks iterate over {@link #NAMES} and need no change.
 *
 * <p>Every name is a compile-time constant ({@link #SERIAL_NAME}, ...), so JMH {@code @Param} defaults,
 * the runner and the report refer to it instead of spelling it; {@code ModelNamesTest} fails on a
 * spelled name anywhere else.
 */
public enum Model {
    /** The calling thread, one task after another: parallelism 1, one worker, the baseline. */
    SERIAL(Model.SERIAL_NAME, Serial::new, 10),
    /** A fixed pool of platform threads: the seeds' {@code ThreadPoolExecutor(max_workers)}; parallel up to the cores. */
    THREAD_POOL(Model.THREAD_POOL_NAME, ThreadPool::new, 10),
    /**
     * One virtual thread per task, at most {@code workers} running at once: parallel up to the cores; sleeping
     * tasks cost a few microseconds each.
     */
    VIRTUAL_THREAD(Model.VIRTUAL_THREAD_NAME, VirtualThreads::new, 6),
    /**
     * Child JVMs: the seeds' {@code ProcessPoolExecutor} ({@code start=pool}) or a {@code Process} per task.
     * Parallel, but each worker starts a JVM and every task is a pipe round trip.
     */
    FORKED_PROCESS(Model.FORKED_PROCESS_NAME, ForkedProcess::new, 100),
    /**
     * Platform threads under an emulation of CPython's GIL: {@code ThreadPoolExecutor} as CPython runs it.
     * One runs at a time, plus the switching.
     */
    GIL_EMULATED(Model.GIL_EMULATED_NAME, GilEmulated::new, 10),
    /**
     * One thread of control, tasks suspended at blocking calls, no preemption: {@code asyncio}. CPU-bound
     * tasks run one after another (parallelism 1, like serial, whatever {@code workers} says); a sleep is a
     * timer, one task per sleep, like virtual threads.
     */
    EVENT_LOOP(Model.EVENT_LOOP_NAME, EventLoop::new, 6),
    /**
     * Seed 002's task_master/task_worker on gRPC: worker JVMs (local, or on other machines) that take tasks
     * from a master over a loopback or network stream. Parallel like forked-process, each worker a JVM start
     * (with gRPC: ~1 s) and every task a gRPC round trip. Lives in the distributed module, opened by name.
     */
    DISTRIBUTED(Model.DISTRIBUTED_NAME, Model::openDistributed, 300);

    // The names, once. Qualified above (Model.X_NAME): an enum constant may not name a later field by its
    // simple name, and a constant variable is inlined, so there is no initialisation order to worry about.
    public static final String SERIAL_NAME = "serial";
    public static final String THREAD_POOL_NAME = "thread-pool";
    public static final String VIRTUAL_THREAD_NAME = "virtual-thread";
    public static final String FORKED_PROCESS_NAME = "forked-process";
    public static final String GIL_EMULATED_NAME = "gil-emulated";
    public static final String EVENT_LOOP_NAME = "event-loop";
    public static final String DISTRIBUTED_NAME = "distributed";

    /**
     * The distributed model's class: in the distributed module, which depends on this one (gRPC and netty stay
     * off the class path of forked-process's child JVMs), so it is found by name, in the jars that carry it.
     */
    static final String DISTRIBUTED_CLASS = "org.gilbench.distributed.Distributed";

    /** Every model's name, in the order reports list them. */
    public static final List<String> NAMES = Labels.of(values(), Model::label);

    /** An emulated GIL's switching overhead on CPU-bound work (measured ~1.1-1.2x serial here). */
    public static final double GIL_OVERHEAD = 1.2;
    /** Trial setup per child JVM of a process pool (start, handshake), ms. */
    public static final double PROCESS_START_MS = 300;
    /** Trial setup per worker JVM of the distributed model: a JVM that loads gRPC and netty (~1 s measured here). */
    public static final double DISTRIBUTED_START_MS = 1000;

    private final String label;
    private final Function<ModelSpec, ExecutionModel> factory;
    private final double perTaskMicros;

    Model(String label, Function<ModelSpec, ExecutionModel> factory, double perTaskMicros) {
        this.label = label;
        this.factory = factory;
        this.perTaskMicros = perTaskMicros;
    }

    /**
     * Whether the model's class is on this class path: always, except {@link #DISTRIBUTED} outside the jars that
     * carry the distributed module (workloads' and benchmarks' own tests).
     */
    public boolean onClassPath() {
        if (this != DISTRIBUTED) {
            return true;
        }
        try {
            Class.forName(DISTRIBUTED_CLASS, false, Model.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Opens the distributed module's model by its class name; one clear line when the module is absent. */
    private static ExecutionModel openDistributed(ModelSpec spec) {
        Class<?> c;
        try {
            c = Class.forName(DISTRIBUTED_CLASS, true, Model.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("model '" + DISTRIBUTED_NAME + "' needs the distributed module on the class path ("
                    + DISTRIBUTED_CLASS + " not found): use runner/target/gilbench.jar or distributed/target/distributed.jar");
        }
        try {
            return (ExecutionModel) c.getConstructor(ModelSpec.class).newInstance(spec);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // The model's own errors (bad options: IllegalArgumentException) surface as they are.
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("model '" + DISTRIBUTED_NAME + "' failed to open: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("model '" + DISTRIBUTED_NAME + "': " + DISTRIBUTED_CLASS + " has no public (ModelSpec) constructor", e);
        }
    }

    /** The user-facing name, e.g. {@code thread-pool}. */
    public String label() {
        return label;
    }

    /**
     * Opens the model; it holds threads or processes until closed.
     *
     * @throws IllegalArgumentException for options the model does not know or bad values
     */
    public ExecutionModel open(ModelSpec spec) {
        return factory.apply(spec);
    }

    /** @throws IllegalArgumentException naming the bad name and the known ones */
    public static Model named(String name) {
        return Labels.named(values(), Model::label, "model", name);
    }

    // The planning traits: the runner estimates a cell's cost from these and chooses the quick profile's cells.

    /** Workers that run CPU-bound tasks at the same time, given the cores and the number of tasks. */
    public int parallelism(int workers, int cores, int tasks) {
        if (this == SERIAL || this == GIL_EMULATED || this == EVENT_LOOP) {
            return 1;
        }
        return Math.max(1, Math.min(Math.min(workers, cores), tasks));
    }

    /** CPU-bound work's cost relative to running it on as many cores as {@link #parallelism} says. */
    public double cpuFactor() {
        return this == GIL_EMULATED ? GIL_OVERHEAD : 1.0;
    }

    /** Trial setup of the model inside the fork, ms. */
    public double setupMs(int workers) {
        if (this == DISTRIBUTED) {
            return DISTRIBUTED_START_MS * workers;
        }
        return isProcess() ? PROCESS_START_MS * workers : 0;
    }

    /** Cost of one sleeping task beyond its sleep: creating, queueing, waking (a round trip for children), µs. */
    public double perTaskMicros() {
        return perTaskMicros;
    }

    /** Whether its workers are child processes (data must be shipped to them; each costs a JVM start). */
    public boolean isProcess() {
        return this == FORKED_PROCESS || this == DISTRIBUTED;
    }

    /**
     * Whether it runs any {@code Task} (false: only the five workloads' task kinds, which cross the wire as
     * fixed messages — distributed refuses the lost-update lessons' shared-balance tasks in one line).
     */
    public boolean runsAnyTask() {
        return this != DISTRIBUTED;
    }

    /** Whether it offers {@code start=per-task} (a new child JVM per task): forked-process only. */
    public boolean startsPerTask() {
        return this == FORKED_PROCESS;
    }

    /** Whether it has one worker by definition (serial: the baseline, measured at 1 worker only). */
    public boolean isSerial() {
        return this == SERIAL;
    }

    /**
     * Whether the quick profile measures this model at 1 worker too (its overhead against serial): for
     * platform threads and child JVMs, whose overheads differ in kind, and for the event loop, whose point is
     * that 1 worker and the cores take the same time; virtual threads at 1 worker run like a pool of one, and
     * a GIL at any worker count runs one thread at a time, so the core count is enough.
     */
    public boolean quickOneWorker() {
        // distributed: not at 1 worker (issue 20's budget, 40 s; its overhead per task is its own entry's round trip).
        return this == THREAD_POOL || this == FORKED_PROCESS || this == EVENT_LOOP;
    }

    /**
     * Pool sizes of the sleep-io sweep, in the full profile or the quick one: serial one; virtual threads and
     * the event loop unbounded (a million: one task per sleep); a few child JVMs (seed 004's Pool(4));
     * platform threads at a typical and a large size.
     */
    public List<Integer> sleepPools(boolean full) {
        return switch (this) {
            case SERIAL -> List.of(1);
            case VIRTUAL_THREAD, EVENT_LOOP -> List.of(1_000_000);
            case FORKED_PROCESS -> full ? List.of(4, 16) : List.of(4);
            // Quick: none (a sleep is a sleep in a worker JVM as in forked-process's; 19 s of issue 20's 40 s budget).
            case DISTRIBUTED -> full ? List.of(4) : List.of();
            case THREAD_POOL, GIL_EMULATED -> full ? List.of(16, 1000, 10_000) : List.of(16, 1000);
        };
    }
}
