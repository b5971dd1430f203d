package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * workloads' {@code ContractCoverageTest} for the one model it cannot open: {@link Model#DISTRIBUTED}, found
 * by class name, opens this module's {@link Distributed} (whose contract test is {@link DistributedContractTest}),
 * and its bad options come back as the model's own one-line errors, not wrapped by the reflective lookup.
 */
class DistributedCoverageTest {

    @Test
    void theModelConstantOpensThisModulesModel() {
        assertTrue(Model.DISTRIBUTED.onClassPath());
        assertEquals(Model.DISTRIBUTED, Model.named(Distributed.NAME));
        // The contract test exists and tests this class (not a neighbour): it constructs Distributed itself.
        assertEquals(DistributedContractTest.class.getPackageName(), Distributed.class.getPackageName());
        try (ExecutionModel m = Model.DISTRIBUTED.open(ModelSpec.of(1))) {
            assertInstanceOf(Distributed.class, m);
        }
    }

    @Test
    void badOptionsSurfaceAsTheModelsOwnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.DISTRIBUTED.open(ModelSpec.parse(1, "speed=fast")));
        assertTrue(e.getMessage().contains("speed"), e.getMessage());
    }
}
