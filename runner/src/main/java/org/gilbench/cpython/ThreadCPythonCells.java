package org.gilbench.cpython;

import java.util.Set;
import org.gilbench.workload.Downloads;
import org.gilbench.workload.SocketIo;
import org.gilbench.workload.SuspensionBank;

/**
 * The CPython cells beside threads and real I/O (issue 22), added to {@link CPythonPlan}'s cells; run by
 * {@code cpython/gilbench_threads.py} ({@link #SCRIPT}), which needs Python 3.8+.
 *
 * <p>The quick profile's share of issue 22's 90 s is what its Java cells leave (~8 s over three rounds), so
 * it runs the two cells that answer a lesson only CPython can: the asyncio bank with the sleep between the
 * read and the write and after it (lesson 6; 100 deposits, 16 in flight, ~70 ms a run), and 100 asyncio
 * socket downloads of 100 ms from the script's own delay server (lesson 3; ~0.2 s a run plus the server's
 * start). The full profile adds the threads' socket-io (a pool of 16 over 100 downloads), the seeds'
 * downloads in three threads and serially, and the threads' bank with the sleep after the write.
 */
final class ThreadCPythonCells {

    private ThreadCPythonCells() {
    }

    /** The script beside {@code gilbench_cpython.py}. */
    static final String SCRIPT = "gilbench_threads.py";
    /** One thread running an event loop: the script's model that the core driver has not. */
    static final String ASYNCIO = "cpython-asyncio";
    static final Set<String> MODELS = Set.of(ASYNCIO);
    static final String SOCKET_IO = SocketIo.NAME;
    static final String SUSPENSION_BANK = SuspensionBank.NAME;
    static final String DOWNLOADS = Downloads.NAME;
    /** The experiments only the script runs (its sleep-io is asyncio's: routed by the model). */
    static final Set<String> EXPERIMENTS = Set.of(SOCKET_IO, SUSPENSION_BANK, DOWNLOADS);
    /** asyncio.Runner, asyncio.run's behaviour and the script's f-strings: 3.8 and later. */
    static final int MIN_MINOR = 8;

    /** Whether the script (not the core driver) runs a cell of this experiment and model. */
    static boolean runsThisCell(String experiment, String model) {
        return EXPERIMENTS.contains(experiment) || MODELS.contains(model);
    }

    /** The script's own models on an interpreter: asyncio on every Python 3.8+. */
    static boolean runsOn(Python python, String model) {
        return MODELS.contains(model) && usable(python);
    }

    private static boolean usable(Python python) {
        return !python.isPython2() && (python.major() > 3 || python.minor() >= MIN_MINOR);
    }

    /** Adds this group's cells for one interpreter ({@code full}: the full profile). */
    static void add(CPythonPlan.Builder b, Python python, int cores, boolean full) {
        if (!usable(python) || !python.gilEnabled()) {
            return;
        }
        // Lesson 6: 100 deposits with a 10 ms sleep, 16 in flight; ~7 waves of 10 ms.
        for (String where : java.util.List.of("between", "after")) {
            b.add(SUSPENSION_BANK, 0.08, ASYNCIO, 16, "suspension", where, "lock", "none", "tasks", "100", "millis", "10");
        }
        // Lesson 3: the seeds' 100 downloads at once, asyncio streams against the script's delay server: 0.13-0.3 s
        // a run here (1,000 took 0.6 s: CPython's event loop, not the waiting), plus the server's start (~0.35 s,
        // spread over the warm-up and the measured operations).
        b.add(SOCKET_IO, 0.25 + 0.35 / 3, ASYNCIO, 100, "tasks", "100", "millis", "100");
        if (full) {
            b.add(SOCKET_IO, 0.75, "cpython-threads", 16, "tasks", "100", "millis", "100");
            b.add(DOWNLOADS, 0.71, "cpython-serial", 1, "draws", "published", "millisPerSecond", "50");
            b.add(DOWNLOADS, 0.31, "cpython-threads", 3, "draws", "published", "millisPerSecond", "50");
            b.add(SUSPENSION_BANK, 0.08, "cpython-threads", 16, "suspension", "after", "lock", "none", "tasks", "100",
                    "millis", "10");
        }
    }
}
