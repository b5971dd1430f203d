package org.gilbench.cpython;

/** The CPython cells beside the distributed master/worker on gRPC (issue 20), added to {@link CPythonPlan}'s cells. */
final class DistributedCPythonCells {

    private DistributedCPythonCells() {
    }

    /** Adds this group's cells for one interpreter ({@code full}: the full profile). */
    static void add(CPythonPlan.Builder b, Python python, int cores, boolean full) {
    }
}
