package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SerialTest extends ExecutionModelContract {

    @Override
    ExecutionModel open(int workers) {
        return Model.SERIAL.open(ModelSpec.of(1));
    }

    @Test
    void serialRejectsMoreWorkers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.SERIAL.open(ModelSpec.of(2)));
        assertEquals("serial runs with workers=1, got 2", e.getMessage());
    }
}
