package org.gilbench.cpython;

/** The CPython cells beside threads and real I/O (sockets, port scan, downloads, deadlock, thread-local, daemons, the responsive loop, the busy loop, the event-loop bank) (issue 22), added to {@link CPythonPlan}'s cells. */
final class ThreadCPythonCells {

    private ThreadCPythonCells() {
    }

    /** Adds this group's cells for one interpreter ({@code full}: the full profile). */
    static void add(CPythonPlan.Builder b, Python python, int cores, boolean full) {
    }
}
