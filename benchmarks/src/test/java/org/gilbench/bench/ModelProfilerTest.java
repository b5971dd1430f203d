package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gilbench.model.ExecutionModel;
import org.junit.jupiter.api.Test;

/** The profiler's arithmetic and the registry it reads; the end-to-end path is in the smoke test. */
class ModelProfilerTest {

    @Test
    void cpuUtilIsPercentOfOneCore() {
        assertEquals(100.0, ModelProfiler.cpuUtil(1_000, 1_000), 1e-9);
        assertEquals(389.0, ModelProfiler.cpuUtil(3_890, 1_000), 1e-9);
        assertEquals(0.0, ModelProfiler.cpuUtil(5, 0), 1e-9);
    }

    @Test
    void deltasWithinOneModel() {
        var start = new OpenModels.Snapshot(3, Map.of("gil.switches", 10L, "gil.wait-ns", 500L));
        var end = new OpenModels.Snapshot(3, Map.of("gil.switches", 25L, "gil.wait-ns", 700L));
        assertEquals(Map.of("gil.switches", 15L, "gil.wait-ns", 200L), ModelProfiler.deltas(start, end));
    }

    @Test
    void aModelOpenedDuringTheIterationCountsFromZero() {
        var start = new OpenModels.Snapshot(3, Map.of("gil.switches", 10L));
        var end = new OpenModels.Snapshot(4, Map.of("gil.switches", 7L));
        assertEquals(Map.of("gil.switches", 7L), ModelProfiler.deltas(start, end));
    }

    @Test
    void unitsFollowTheCounterNames() {
        assertEquals("ns", ModelProfiler.unit("process.child-cpu-ns"));
        assertEquals("bytes", ModelProfiler.unit("process.bytes-sent"));
        assertEquals("counts", ModelProfiler.unit("gil.switches"));
    }

    @Test
    void closedModelLeavesItsFinalCounters() {
        ExecutionModel model = OpenModels.open("serial", 1, "");
        long generation = OpenModels.snapshot().generation();
        OpenModels.close(model);
        assertEquals(generation, OpenModels.snapshot().generation());
        assertTrue(OpenModels.snapshot().counters().isEmpty());
    }

    @Test
    void badModelNamesAndOptionsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> OpenModels.open("threads", 1, ""));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("serial"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenModels.open("serial", 1, "nonsense"));
        assertThrows(IllegalArgumentException.class, () -> OpenModels.open("serial", 2, ""));
    }
}
