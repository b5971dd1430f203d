package org.gilbench.workload;

/**
 * Names of the threads the workloads of this package start themselves (servers, watchers, readers):
 * the same prefix as the execution models' threads, so the tests that look for leftovers find them too.
 */
final class ThreadNames {

    /** Every thread started here has a name beginning with this (the models' {@code Threads.PREFIX}). */
    static final String PREFIX = "gilbench-";

    private ThreadNames() {
    }
}
