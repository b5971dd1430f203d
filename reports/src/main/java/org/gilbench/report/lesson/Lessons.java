package org.gilbench.report.lesson;

import java.util.List;

/**
 * THE list of lessons, in report order. Add a new lesson here (one line); the report numbers the
 * sections 1, 2, 3 ... in this order and writes each lesson's verdict into summary.json under its
 * seed lesson number ({@link Lesson#number()}), so two sections may serve one seed lesson.
 */
public final class Lessons {

    public static final List<Lesson> ALL;

    /** The lessons before this round's groups. */
    private static final List<Lesson> CORE = List.of(
            new GilThreadsLesson(),        // seed lesson 1: CPU-bound threads under the GIL
            new ProcessesLesson(),         // seed lesson 2: processes scale and pay
            new SleepsOverlapLesson(),     // seed lesson 3: sleeps overlap
            new SwitchingCostLesson(),     // seed lesson 4: switching has a cost (the convoy)
            new GilTimelineLesson(),       // seed lesson 4: the GIL timeline (Beazley's picture)
            new SwitchIntervalLesson(),    // seed lesson 4: the switch-interval sweep and the time scale
            new SharedStateLesson(),       // seed lesson 5: shared state needs a lock; processes share nothing
            new ProcessesTalkLesson(),     // seed lesson 5: processes must talk (ping-pong round trips)
            new EventLoopLesson());        // seed lesson 6: the event loop

    static {
        // This round's groups (issues 20-22), each in its own file.
        ALL = java.util.stream.Stream.of(CORE, ProcessLessons.ALL, ThreadLessons.ALL, DistributedLessons.ALL)
                .flatMap(List::stream).toList();
    }

    private Lessons() {
    }
}
