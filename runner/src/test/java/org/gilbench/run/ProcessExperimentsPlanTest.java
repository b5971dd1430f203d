package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gilbench.model.Model;
import org.gilbench.report.lesson.ProcessLessons;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.Test;

/** Issue 21's plan entries: their selection, rounds (two forks for every verdict cell) and quick budget. */
class ProcessExperimentsPlanTest {

    /** The group's quick-profile budget (issue 21): every cell of it, rounds and fork starts included. */
    static final double QUICK_BUDGET_SECONDS = 75;

    /** The verdicts' entries: measured in two rounds in quick, so each judged cell has two forks. */
    private static final Set<String> JUDGED = Set.of(ProcessLessons.QUEUE_WRITER_READER,
            ProcessLessons.FORK_COPIES_GLOBALS, ProcessLessons.SHARED_MEMORY_COUNTER, ProcessLessons.POOL_WAVES,
            ProcessLessons.POOL_WAVES_APPLY);

    private static final Plan.ParamDefaults BUILD = Plan.fromBenchmarkList();

    private static Plan plan(Profile profile, List<String> workloads) {
        return Plan.build(new Selection(profile, 2, Model.NAMES, workloads, List.of()), Experiments.ALL, BUILD);
    }

    /** The estimated seconds of the group's cells over the profile's rounds. */
    static double quickSeconds(Plan p) {
        double sum = 0;
        for (int r = 1; r <= Profile.QUICK.defaultRounds(); r++) {
            final int round = r;
            sum += p.cells().stream().filter(c -> ProcessLessons.PLAN_ENTRIES.contains(c.experiment()))
                    .filter(c -> c.inRound(round)).mapToDouble(Cell::estimateSeconds).sum();
        }
        return sum;
    }

    @Test
    void everyEntryIsALessonsPlanEntryAndSelectedByItsName() {
        Plan all = plan(Profile.QUICK, Experiments.workloadNames());
        Set<String> planned = all.cells().stream().map(Cell::experiment).collect(Collectors.toSet());
        for (String entry : ProcessLessons.PLAN_ENTRIES) {
            if (entry.startsWith("cpython.")) { // a CPython cell's benchmark: planned by CPythonPlan (CPythonPlanTest)
                continue;
            }
            assertTrue(planned.contains(entry), entry + " planned in quick: " + planned);
        }
        // Seed 001's sum: a tenth of the seed's n in quick (80 MB), the seed's 10^8 in full; shared and shipped alike.
        for (String entry : List.of(ProcessLessons.SHARED_MEMORY_RANGE_SUM, ProcessLessons.SHIPPED_RANGE_SUM)) {
            assertEquals(Set.of("10000000"), all.cells().stream().filter(c -> c.experiment().equals(entry))
                    .map(c -> c.params().get("n")).collect(Collectors.toSet()), entry);
            assertEquals(Set.of("100000000"), plan(Profile.FULL, Experiments.workloadNames()).cells().stream()
                    .filter(c -> c.experiment().equals(entry)).map(c -> c.params().get("n")).collect(Collectors.toSet()), entry);
        }
        assertFalse(plan(Profile.QUICK, Workload.NAMES).cells().stream()
                .anyMatch(c -> ProcessLessons.PLAN_ENTRIES.contains(c.experiment())), "--workloads chooses them");
    }

    @Test
    void verdictCellsHaveTwoRoundsTheRestOne() {
        for (Cell c : plan(Profile.QUICK, Experiments.workloadNames()).cells()) {
            if (ProcessLessons.PLAN_ENTRIES.contains(c.experiment())) {
                assertEquals(JUDGED.contains(c.experiment()) ? 2 : 1, c.rounds(), c.id());
            }
        }
    }

    @Test
    void theGroupFitsItsQuickBudget() {
        double seconds = quickSeconds(plan(Profile.QUICK, Experiments.workloadNames()));
        assertTrue(seconds > 0 && seconds <= QUICK_BUDGET_SECONDS, "issue 21's cells estimated at " + seconds + " s");
    }
}
