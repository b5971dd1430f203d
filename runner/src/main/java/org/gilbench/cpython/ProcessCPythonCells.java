package org.gilbench.cpython;

/** The CPython cells beside the process experiments (queues between processes, shared memory, start-up, own copies, pool waves) (issue 21), added to {@link CPythonPlan}'s cells. */
final class ProcessCPythonCells {

    private ProcessCPythonCells() {
    }

    /** Adds this group's cells for one interpreter ({@code full}: the full profile). */
    static void add(CPythonPlan.Builder b, Python python, int cores, boolean full) {
    }
}
