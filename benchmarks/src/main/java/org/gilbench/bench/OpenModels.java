package org.gilbench.bench;

import java.util.Map;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;

/**
 * The execution model the running benchmark has open, so that {@link ModelProfiler} (which JMH runs in
 * the same forked JVM, but which cannot see benchmark state) can read its counters.
 *
 * <p>A benchmark opens its model with {@link #open} in trial-level setup and closes it with
 * {@link #close} in trial-level teardown. JMH runs the trial setup inside the first iteration and the
 * teardown inside the last one, so the profiler may look before the model is open or after it is
 * closed: {@link #snapshot()} then returns the last counters seen (a closed model's final values), and a
 * generation number tells the profiler that the model changed under it.
 */
public final class OpenModels {

    /** What the profiler reads: the model's generation (one per {@link #open}) and its counters. */
    public record Snapshot(long generation, Map<String, Long> counters) {
        static final Snapshot NONE = new Snapshot(0, Map.of());
    }

    private static final Object LOCK = new Object();
    private static ExecutionModel current;
    private static long generation;
    private static Snapshot lastClosed = Snapshot.NONE;

    private OpenModels() {
    }

    /**
     * Opens {@code model} with {@code workers} and {@code options} (the three JMH params of every
     * benchmark) and registers it.
     *
     * @throws IllegalArgumentException for an unknown model, bad workers or options (JMH reports it
     *     and, with {@code -foe true}, stops the run)
     * @throws IllegalStateException if another model is still open (a benchmark forgot to close it)
     */
    public static ExecutionModel open(String model, int workers, String options) {
        ExecutionModel opened = Model.named(model).open(ModelSpec.parse(workers, options));
        synchronized (LOCK) {
            if (current != null) {
                ExecutionModel stale = current;
                current = null;
                stale.close();
                opened.close();
                throw new IllegalStateException("a model is already open: " + stale.describe());
            }
            current = opened;
            generation++;
        }
        return opened;
    }

    /** Closes {@code model} (if it is the registered one, unregisters it, keeping its final counters). */
    public static void close(ExecutionModel model) {
        if (model == null) {
            return;
        }
        synchronized (LOCK) {
            if (current == model) {
                lastClosed = new Snapshot(generation, Map.copyOf(model.counters()));
                current = null;
            }
        }
        model.close();
    }

    /** The open model's counters, or the last closed one's; empty before any model was opened. */
    public static Snapshot snapshot() {
        synchronized (LOCK) {
            return current != null ? new Snapshot(generation, Map.copyOf(current.counters())) : lastClosed;
        }
    }
}
