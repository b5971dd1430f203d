package org.gilbench.run;

import java.util.List;
import org.gilbench.model.Model;
import org.gilbench.run.Cell.Iterations;
import org.gilbench.report.lesson.DistributedLessons;

/**
 * The plan entries of the distributed master/worker on gRPC (issue 20), a part of {@link Experiments#ALL}. Their names are the
 * plan-entry constants of the reports' lessons that read them, spelled once.
 */
final class DistributedExperiments {

    private DistributedExperiments() {
    }

    /**
     * One task's round trip: 1 warmup + 2 measured iterations of 1 s (thousands of sampled round trips each: p50
     * and p99 need no second fork, they are a distribution, not a speedup), round 1 only in the quick profile,
     * like ping-pong. Three cells, ~5 s each with the fork and the worker JVM's start.
     */
    private static final Iterations TIMED = Iterations.timed(1, 2, 1);

    static final List<Experiment> ALL = List.of(
            new Experiment.Listed(DistributedLessons.ROUND_TRIP, "org.gilbench.bench.TaskRoundTripBenchmark.roundTrip",
                    "one tiny task's round trip: thread queue, pipe, gRPC loopback",
                    s -> s.hasModel(Model.DISTRIBUTED_NAME),
                    s -> java.util.stream.Stream.of(Model.THREAD_POOL_NAME, Model.FORKED_PROCESS_NAME, Model.DISTRIBUTED_NAME)
                            .filter(s::hasModel).map(m -> (java.util.Map<String, String>) Cell.paramsOf("model", m, "workers", "1")).toList(),
                    params -> 0, TIMED, TIMED, 1, 0));
}
