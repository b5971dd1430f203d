package org.gilbench.cpython;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending an interpreter and everything it started (a ProcessPoolExecutor's workers): no orphans. */
final class Processes {

    /** How long a polite SIGTERM gets before SIGKILL. */
    static final long GRACE_MILLIS = 2_000;

    private Processes() {
    }

    /**
     * Destroys the children first (seen while the parent lives: once it is gone they are re-parented
     * and out of reach), then the process; forcibly after {@link #GRACE_MILLIS}. Keeps the interrupt
     * status.
     */
    static void destroyTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        // Children started after the list was taken.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
