package org.gilbench.report.lesson;

import java.util.List;

/**
 * The lessons of the process experiments (queues between processes, shared memory, start-up, own copies, pool waves) (issue 21), a part of {@link Lessons#ALL}, and the names of their plan
 * entries (the runner's entries use these constants).
 */
public final class ProcessLessons {

    private ProcessLessons() {
    }

    /** This group's lessons, in report order. */
    static final List<Lesson> ALL = List.of();

    /** This group's plan-entry names, for {@link PlanEntries#ALL}. */
    static final List<String> PLAN_ENTRIES = List.of();
}
