package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void namesRoundTrip() {
        for (String name : Model.NAMES) {
            assertEquals(name, Model.named(name).label());
        }
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.named("threads"));
        assertEquals("unknown model 'threads' (known: " + String.join(", ", Model.NAMES) + ")", e.getMessage());
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(0));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(1, "interval"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Model.THREAD_POOL.open(ModelSpec.parse(2, "speed=fast")));
        assertEquals("unknown option 'speed' for model thread-pool (known: none)", unknown.getMessage());
        assertEquals(ModelSpec.parse(1, "a=1;b=2"), ModelSpec.parse(1, "a=1, b=2"));
        ModelSpec spec = ModelSpec.parse(1, "a=12; b=x");
        assertEquals(12, spec.number("a", 0, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> spec.number("b", 0, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> spec.number("a", 0, 20, 100));
        assertThrows(IllegalArgumentException.class, () -> spec.choice("b", "y", Set.of("y", "z")));
        assertEquals("y", spec.choice("c", "y", Set.of("y", "z")));
    }
}
