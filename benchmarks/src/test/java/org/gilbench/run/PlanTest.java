package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.model.Model;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.Test;

/** The plan: which cells each profile measures, the selection, keys with defaults, new models. */
class PlanTest {

    private static final Plan.ParamDefaults BUILD = Plan.fromBenchmarkList();

    private static Plan plan(Profile profile, int cores, List<String> models, List<String> workloads, List<Integer> workers) {
        return Plan.build(new Selection(profile, cores, models, workloads, workers), Experiments.ALL, BUILD);
    }

    private static List<String> ids(Plan plan) {
        return Cell.ids(plan.cells());
    }

    @Test
    void quickProfileOnTwoCoresMeasuresEachLessonsCells() {
        Plan p = plan(Profile.QUICK, 2, Model.NAMES, Workload.NAMES, List.of());
        List<String> ids = ids(p);
        // prime-check: serial, 1 worker for threads and processes, the cores for every model.
        assertTrue(ids.containsAll(List.of("prime-check-serial-w1", "prime-check-thread-pool-w1",
                "prime-check-thread-pool-w2", "prime-check-forked-process-w1", "prime-check-gil-emulated-w2",
                "prime-check-virtual-thread-w2")), ids.toString());
        assertFalse(ids.contains("prime-check-gil-emulated-w1"), ids.toString());
        assertFalse(ids.contains("count-loop-thread-pool-w1"), "count-loop only at the cores: " + ids);
        assertFalse(ids.contains("range-sum-compute-virtual-thread-w2"), "range-sum: share or ship: " + ids);
        assertTrue(ids.contains("sleep-io-virtual-thread-w1000000-t100000-100ms"), ids.toString());
        assertFalse(ids.stream().anyMatch(id -> id.contains("t1000000")), "a million sleeps only in full");
        assertTrue(p.leftOut().stream().anyMatch(l -> l.startsWith("sleep-io serial workers=1 100 ms: tasks 1000,100000")),
                p.leftOut().toString());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "ids are unique: they name files");
        assertEquals(36, ids.size(), ids.toString());
    }

    @Test
    void quickProfileFitsItsMeasurementBudget() {
        // Not a timing: the plan's own estimate. 3 rounds of the quick cells must leave room in 10 minutes for the
        // build (~1.5 min), the report, and the other lessons' cells (~2 min).
        Plan p = plan(Profile.QUICK, 2, Model.NAMES, Workload.NAMES, List.of());
        double seconds = p.seconds(1, Profile.QUICK.defaultRounds());
        assertTrue(seconds <= 5.5 * 60, "quick profile estimated at " + seconds + " s");
    }

    @Test
    void cellsCarryEveryDefaultParamSoKeysMatchTheJmhJson() {
        Plan p = plan(Profile.QUICK, 2, List.of("serial"), List.of("prime-check"), List.of());
        Cell serial = p.cells().get(0);
        assertEquals("org.gilbench.bench.PrimeCheckBenchmark.primeCheck{model=serial,options=,variant=seed,workers=1}",
                serial.key());
        assertEquals(60.0, serial.limitSeconds(), "at least a minute");
    }

    @Test
    void selectionNarrowsThePlan() {
        Plan p = plan(Profile.QUICK, 2, List.of("serial", "thread-pool"), List.of("prime-check"), List.of(1, 3));
        assertEquals(List.of("prime-check-serial-w1", "prime-check-thread-pool-w1", "prime-check-thread-pool-w3"), ids(p));
    }

    @Test
    void fullProfileSweepsToTwiceTheCoresAndStartsAJvmPerTask() {
        Plan p = plan(Profile.FULL, 2, List.of("forked-process"), List.of("prime-check"), List.of());
        assertEquals(List.of("prime-check-forked-process-w1", "prime-check-forked-process-w2",
                "prime-check-forked-process-w4", "prime-check-forked-process-per-task-w1",
                "prime-check-forked-process-per-task-w2", "prime-check-forked-process-per-task-w4"),
                ids(p).stream().filter(id -> id.startsWith("prime-check")).toList());
        assertTrue(ids(p).contains("process-start-child-lean-aot"), "full: every child setting");
        assertEquals("start=per-task", p.cells().get(3).params().get("options"));
    }

    @Test
    void aModelTheRunnerDoesNotKnowIsPlannedLikeThreads() {
        Plan p = plan(Profile.QUICK, 2, List.of("event-loop"), List.of("prime-check", "sleep-io"), List.of());
        assertTrue(ids(p).containsAll(List.of("prime-check-event-loop-w1", "prime-check-event-loop-w2",
                "sleep-io-event-loop-w16-t10-100ms")), ids(p).toString());
    }

    @Test
    void aBenchmarkMissingFromTheBuildIsLeftOutAndSaidSo() {
        Plan.ParamDefaults none = name -> Optional.empty();
        Plan p = Plan.build(new Selection(Profile.QUICK, 2, List.of("serial"), List.of("prime-check"), List.of()),
                Experiments.ALL, none);
        assertTrue(p.cells().isEmpty());
        assertTrue(p.leftOut().get(0).contains("this build has no benchmark"), p.leftOut().toString());
    }

    @Test
    void anEntryMustSetAParamWithSeveralDefaults() {
        Cell c = new Cell("x", "x", "jmh", "B.m", Cell.paramsOf(), Cell.Iterations.singleShot(1, 1), 1, "");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Plan.withDefaults(c, Map.of("model", new String[] {"a", "b"})));
        assertTrue(e.getMessage().contains("must set param model"), e.getMessage());
    }

    @Test
    void extrasAreOnlyPlannedWithWhatTheyShow() {
        List<String> ids = ids(plan(Profile.QUICK, 2, List.of("serial", "thread-pool"), Workload.NAMES, List.of()));
        assertFalse(ids.stream().anyMatch(id -> id.startsWith("gil-convoy") || id.startsWith("process-start")), ids.toString());
        List<String> withGil = new ArrayList<>(ids(plan(Profile.QUICK, 2, List.of("gil-emulated"), List.of("sleep-io"),
                List.of())));
        assertTrue(withGil.contains("gil-convoy-competitors-1"), withGil.toString());
    }
}
