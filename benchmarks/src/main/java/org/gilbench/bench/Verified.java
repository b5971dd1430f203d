package org.gilbench.bench;

import java.util.concurrent.ExecutionException;
import org.gilbench.model.ExecutionModel;
import org.gilbench.workload.Workload;

/** The one measured operation every benchmark performs: run a workload through a model, check it. */
final class Verified {

    private Verified() {
    }

    /**
     * Runs every task of {@code workload} through {@code model}, verifies each answer and returns their
     * sum (returned so the JIT cannot drop the work, and handy as a checksum).
     *
     * @throws IllegalStateException naming the first wrong answer: JMH records the failure and, with
     *     {@code -foe true}, stops the run, so a broken model can never produce a score
     */
    static long run(ExecutionModel model, Workload workload) throws ExecutionException, InterruptedException {
        long[] results = model.run(workload.tasks());
        workload.verify(results);
        long sum = 0;
        for (long r : results) {
            sum += r;
        }
        return sum;
    }
}
