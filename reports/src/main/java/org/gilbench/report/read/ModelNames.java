package org.gilbench.report.read;

import org.gilbench.model.Model;

import java.util.List;

/**
 * The model names the report reads in a results folder, each spelled once: the Java models' from the
 * workloads module's {@link Model} (never a literal here), CPython's as the runner's CPython cells name
 * them (runner: {@code org.gilbench.cpython.CPythonPlan}), and the order legends and tables list them in.
 *
 * <p>The Java names are {@link Model}'s compile-time constants; nothing else in the report spells a model's name.
 */
public final class ModelNames {

    public static final String SERIAL = Model.SERIAL_NAME;
    public static final String THREAD_POOL = Model.THREAD_POOL_NAME;
    public static final String VIRTUAL_THREAD = Model.VIRTUAL_THREAD_NAME;
    public static final String FORKED_PROCESS = Model.FORKED_PROCESS_NAME;
    public static final String GIL_EMULATED = Model.GIL_EMULATED_NAME;
    public static final String EVENT_LOOP = Model.EVENT_LOOP_NAME;

    /** The prefix of every CPython cell's model (issue 12: cpython-threads, cpython-processes ...). */
    public static final String CPYTHON = "cpython";
    /** CPython's one-worker baseline of its own speedups. */
    public static final String CPYTHON_SERIAL = CPYTHON + "-serial";
    public static final String CPYTHON_THREADS = CPYTHON + "-threads";
    public static final String CPYTHON_PROCESSES = CPYTHON + "-processes";
    /** python3.13t / 3.14t: threads without a GIL. */
    public static final String CPYTHON_FREE_THREADED = CPYTHON + "-free-threaded";
    /** CPython 2.7's threads under the old (ticks) GIL. */
    public static final String CPYTHON2_THREADS = CPYTHON + "2-threads";
    /** CPython's multiprocessing.managers master/worker (seed 002's distributed processes). */
    public static final String CPYTHON_MANAGERS = CPYTHON + "-managers";

    /** The Java models in the order legends and tables list them: {@link Model}'s order. */
    public static final List<String> JAVA = Model.NAMES;

    /** CPython's drawn models in a fixed order (their looks and side-by-side offsets follow it). */
    public static final List<String> CPYTHON_DRAWN = List.of(CPYTHON_THREADS, CPYTHON_PROCESSES,
            CPYTHON_FREE_THREADED, CPYTHON2_THREADS);

    private ModelNames() {
    }

    /** Whether {@code model} is one of CPython's (a real interpreter, not an emulation). */
    public static boolean cpython(String model) {
        return model.startsWith(CPYTHON);
    }

    /** Whether {@code model} is a speedup baseline: serial or CPython's serial. */
    public static boolean baseline(String model) {
        return model.equals(SERIAL) || model.equals(CPYTHON_SERIAL);
    }

    /** A model's place in legends: the Java models in {@link Model} order, then CPython's, then unknown ones. */
    public static int order(String model) {
        int i = JAVA.indexOf(model);
        return i >= 0 ? i : cpython(model) ? JAVA.size() : JAVA.size() + 1;
    }

    /** A CPython model's place among CPython's drawn models (0 = threads), for side-by-side offsets. */
    public static int cpythonRank(String model) {
        int i = CPYTHON_DRAWN.indexOf(model);
        return i >= 0 ? i : CPYTHON_DRAWN.size();
    }
}
