package org.gilbench.report.lesson;

import org.gilbench.workload.PortScan;
import java.util.List;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ModelNames;
import org.gilbench.workload.PingPong;
import org.gilbench.workload.PrimeCheck;

/**
 * Every experiment of the five seed chapters, by the id the seeds table and summary.json use (issue 21's list,
 * ../shared/SEEDS.md for each one's seed files and lines), in the order the table lists them: CPU-bound work,
 * I/O, pools, thread lifecycle, shared state, the GIL, processes, the distributed master/worker, the event loop.
 * Ids that are also a workload's or a model's name use that name's constant (spelled once).
 */
public final class SeedIds {

    public static final List<String> ALL = List.of(
            PrimeCheck.NAME, Workloads.RANGE_SUM, Workloads.COUNT_LOOP, "busy-loop",
            "sleep-downloads", PortScan.NAME,
            "pool-waves",
            "daemon-threads", "responsiveness",
            "bank-account", "change-it", "deadlock", "thread-local",
            "gil-switching",
            "fork-copies-globals", "subprocess", Workloads.PROCESS_START, "queue-writer-reader", "pipe", "shared-memory",
            PingPong.NAME,
            "distributed-master-worker",
            ModelNames.EVENT_LOOP);

    private SeedIds() {
    }
}
