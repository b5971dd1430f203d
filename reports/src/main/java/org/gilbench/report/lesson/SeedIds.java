package org.gilbench.report.lesson;

import java.util.List;

/**
 * Every experiment of the five seed chapters, by the id the seeds table and summary.json use (issue 21's list,
 * ../shared/SEEDS.md for each one's seed files and lines), in the order the table lists them: CPU-bound work,
 * I/O, pools, thread lifecycle, shared state, the GIL, processes, the distributed master/worker, the event loop.
 */
public final class SeedIds {

    public static final List<String> ALL = List.of(
            "prime-check", "range-sum", "count-loop", "busy-loop",
            "sleep-downloads", "port-scan",
            "pool-waves",
            "daemon-threads", "responsiveness",
            "bank-account", "change-it", "deadlock", "thread-local",
            "gil-switching",
            "fork-copies-globals", "subprocess", "process-start", "queue-writer-reader", "pipe", "shared-memory",
            "ping-pong",
            "distributed-master-worker",
            "event-loop");

    private SeedIds() {
    }
}
