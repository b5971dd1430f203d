package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.ThreadLocals.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each thread sees only its own student, every way, under every model, with the threads interleaving. */
class ThreadLocalsTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void everyThreadSeesItsOwnStudentEveryWayUnderEveryModel() throws Exception {
        for (Model model : java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList()) { // distributed: its own module's tests
            try (ExecutionModel m = model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 3))) {
                for (Style style : Style.values()) {
                    // 6 students on 3 workers, each sleeping every 400 accesses: they interleave on shared threads.
                    ThreadLocals w = new ThreadLocals(style, 6, 2000, 400);
                    w.verify(m.run(w.tasks()));
                }
            }
        }
        assertTrue(ThreadLocals.GLOBAL_DICT.isEmpty(), "step 2's entries are removed: " + ThreadLocals.GLOBAL_DICT);
        assertNull(ThreadLocals.LOCAL_SCHOOL.get());
    }

    @Test
    void aTaskThatSawAnotherStudentFails() {
        ThreadLocals w = new ThreadLocals(Style.THREAD_LOCAL, 2, 100, 0);
        long alice = ThreadLocals.expectedHash(1, 100);
        long bob = ThreadLocals.expectedHash(2, 100);
        w.verify(new long[] {alice, bob});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.verify(new long[] {bob, bob}));
        assertTrue(e.getMessage().contains("Alice"), e.getMessage());
    }

    @Test
    void theSeedsStudentsComeFirstAndBadParametersNameThemselves() {
        ThreadLocals w = new ThreadLocals(Style.PASS_DOWN, 3, 1, 0);
        assertTrue(w.tasks().get(0).describe().contains("Alice"));
        assertTrue(w.tasks().get(1).describe().contains("Bob"));
        assertEquals(3, w.totalAccesses());
        assertEquals("unknown thread-local style 'global' (known: pass-down, thread-dict, thread-local)",
                assertThrows(IllegalArgumentException.class, () -> Style.named("global")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ThreadLocals(Style.PASS_DOWN, 0, 1, 0));
    }
}
