package org.gilbench.model;

import java.util.List;
import java.util.function.Function;
import org.gilbench.workload.Labels;

/**
 * The execution models by their user-facing names — the same in the CLI, the JMH {@code model}
 * param, the JSON and the charts. Adding a model means one constant here and one class; benchmarks
 * iterate over {@link #NAMES} and need no change.
 */
public enum Model {
    /** The calling thread, one task after another. */
    SERIAL("serial", Serial::new),
    /** A fixed pool of platform threads: the seeds' {@code ThreadPoolExecutor(max_workers)}. */
    THREAD_POOL("thread-pool", ThreadPool::new),
    /** One virtual thread per task, at most {@code workers} running at once. */
    VIRTUAL_THREAD("virtual-thread", VirtualThreads::new),
    /** Child JVMs: the seeds' {@code ProcessPoolExecutor} ({@code start=pool}) or a {@code Process} per task. */
    FORKED_PROCESS("forked-process", ForkedProcess::new),
    /** Platform threads under an emulation of CPython's GIL: {@code ThreadPoolExecutor} as CPython runs it. */
    GIL_EMULATED("gil-emulated", GilEmulated::new),
    /** One thread of control, tasks suspended at blocking calls, no preemption: {@code asyncio}. */
    EVENT_LOOP("event-loop", EventLoop::new);

    /** Every model's name, in the order reports list them. */
    public static final List<String> NAMES = Labels.of(values(), Model::label);

    private final String label;
    private final Function<ModelSpec, ExecutionModel> factory;

    Model(String label, Function<ModelSpec, ExecutionModel> factory) {
        this.label = label;
        this.factory = factory;
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
}
