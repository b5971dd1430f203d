package org.gilbench.report.lesson;

import java.util.List;

/**
 * The lessons of the distributed master/worker on gRPC (issue 20), a part of {@link Lessons#ALL}, and the names of their plan
 * entries (the runner's entries use these constants).
 */
public final class DistributedLessons {

    private DistributedLessons() {
    }

    /** One tiny task's round trip under thread-pool, forked-process and distributed (TaskRoundTripBenchmark). */
    public static final String ROUND_TRIP = "distributed-round-trip";
    /** CPython's seed 002 on BaseManager (cpython/distributed_managers.py). */

    /** This group's lessons, in report order. */
    static final List<Lesson> ALL = List.of(new DistributedLesson());

    /** This group's plan-entry names, for {@link PlanEntries#ALL}. */
    public static final List<String> PLAN_ENTRIES = List.of(ROUND_TRIP);
}
