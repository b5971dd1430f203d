package org.gilbench.model;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;

/** {@code serial}: the calling thread runs the tasks one after another — the baseline of every speedup. */
final class Serial implements ExecutionModel {

    Serial(ModelSpec spec) {
        spec.requireOnly(Model.SERIAL_NAME, Set.of());
        if (spec.workers() != 1) {
            throw new IllegalArgumentException("serial runs with workers=1, got " + spec.workers());
        }
    }

    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        long[] results = new long[tasks.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = Tasks.call(tasks.get(i), Interpreter.FREE);
        }
        return results;
    }

    @Override
    public String describe() {
        return Model.SERIAL_NAME;
    }

    @Override
    public void close() {
    }
}
