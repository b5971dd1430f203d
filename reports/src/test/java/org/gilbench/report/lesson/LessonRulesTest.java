package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each lesson declares its evidence in the runner's names and states its rule from its own constants. */
class LessonRulesTest {

    @Test
    void everyLessonNamesItsEvidenceInThePlansNamesAndHasAUniqueId() {
        Set<String> ids = new HashSet<>();
        for (Lesson lesson : Lessons.ALL) {
            assertTrue(ids.add(lesson.id()), "two lessons named " + lesson.id());
            List<String> evidence = lesson.evidence();
            assertFalse(evidence.isEmpty(), lesson.id() + " reads no cell");
            assertEquals(evidence.size(), Set.copyOf(evidence).size(), lesson.id() + " lists a cell twice: " + evidence);
            for (String name : evidence) {
                assertTrue(PlanEntries.ALL.contains(name), lesson.id() + ": '" + name + "' is no plan entry, CPython cell"
                        + " or step; known: " + PlanEntries.ALL);
            }
        }
    }

    @Test
    void rulesQuoteTheThresholdsTheVerdictsUse() {
        // Each expected fragment is built from the lesson's constant, so a changed threshold changes both.
        assertRule(new SleepsOverlapLesson(), "±" + Math.round((SleepsOverlapLesson.SAME_BAND - 1) * 100) + "%");
        assertRule(new SleepsOverlapLesson(), SleepsOverlapLesson.FLOOR_FACTOR + "×");
        assertRule(new SwitchingCostLesson(), "above " + Math.round(SwitchingCostLesson.CONVOY_FACTOR) + "×");
        assertRule(new SwitchIntervalLesson(), "±" + Math.round((SwitchIntervalLesson.THROUGHPUT_BAND - 1) * 100) + "%");
        assertRule(new SwitchIntervalLesson(), ", " + Math.round(SwitchIntervalLesson.TRACK_BAND) + "]");
        assertRule(new GilTimelineLesson(), GilTimelineLesson.SHORT_SLICE + "–" + Math.round(GilTimelineLesson.LONG_SLICE));
        assertRule(new SharedStateLesson(), "≥ " + SharedStateLesson.MIN_RUNS + " runs");
        assertRule(new ProcessesTalkLesson(), "below " + String.format(java.util.Locale.ROOT, "%.2f",
                ProcessesTalkLesson.CROSSED_CPU_SHARE));
        assertRule(new ProcessesTalkLesson(), "above " + Math.round(ProcessesTalkLesson.MIN_ROUND_TRIP_US) + " µs");
        assertRule(new GilThreadsLesson(), "below " + Math.round(Rules.ONE_CORE_PERCENT) + " %");
        assertRule(new ProcessesLesson(), Math.round(ProcessesLesson.CHILD_WORK_SHARE * 100) + " %");
        assertRule(new SwitchingCostLesson(), "below " + Math.round(SwitchingCostLesson.LATE_INTERVALS) + " switch intervals");
        assertRule(new SleepsOverlapLesson(), String.format(java.util.Locale.ROOT, "%.2f ms",
                SleepsOverlapLesson.CPYTHON_RETAKE_MS));
        for (Lesson lesson : List.of(new GilThreadsLesson(), new ProcessesLesson(), new SleepsOverlapLesson(),
                new SwitchingCostLesson(), new SwitchIntervalLesson(), new SharedStateLesson(), new ProcessesTalkLesson(),
                new EventLoopLesson())) {
            assertRule(lesson, "fewer than " + Rules.MIN_FORKS);
            assertRule(lesson, "not-measured");
        }
        assertRule(new EventLoopLesson(), Math.round(EventLoopLesson.SLEEPS_DOMINATE) + "× its sleeps' floor");
        assertRule(new GilThreadsLesson(), Math.round(Rules.TOO_WIDE) + "× end to end");
        for (Lesson lesson : Lessons.ALL) {
            assertFalse(lesson.rule().isBlank(), lesson.id());
            assertFalse(lesson.rule().contains("\n"), lesson.id() + "'s rule must be one list item");
        }
    }

    private static void assertRule(Lesson lesson, String fragment) {
        assertTrue(lesson.rule().contains(fragment), lesson.id() + "'s rule lacks '" + fragment + "': " + lesson.rule());
    }
}
