package org.gilbench.model;

import java.util.List;
import org.gilbench.workload.SleepIo;

/**
 * A parent JVM for {@link ForkedProcessTest}'s kill tests: opens a 2-child pool, prints
 * {@code children <pid> <pid>} on stdout, then keeps both children busy in a long task until killed.
 */
public final class ForkedParent {

    private ForkedParent() {
    }

    public static void main(String[] args) throws Exception {
        ForkedProcess model = (ForkedProcess) Model.FORKED_PROCESS.open(ModelSpec.of(2));
        List<Long> pids = model.childPids();
        StringBuilder line = new StringBuilder("children");
        pids.forEach(p -> line.append(' ').append(p));
        System.out.println(line);
        System.out.flush();
        model.run(SleepIo.fixed(2, 600_000).tasks()); // ten minutes: the test kills us long before
    }
}
