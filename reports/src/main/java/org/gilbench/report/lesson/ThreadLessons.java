package org.gilbench.report.lesson;

import java.util.List;

/**
 * The lessons of threads and real I/O (sockets, port scan, downloads, deadlock, thread-local, daemons, the responsive loop, the busy loop, the event-loop bank) (issue 22), a part of {@link Lessons#ALL}, and the names of their plan
 * entries (the runner's entries use these constants).
 */
public final class ThreadLessons {

    private ThreadLessons() {
    }

    /** This group's lessons, in report order. */
    static final List<Lesson> ALL = List.of();

    /** This group's plan-entry names, for {@link PlanEntries#ALL}. */
    static final List<String> PLAN_ENTRIES = List.of();
}
