package org.gilbench.run;

import java.util.List;

/**
 * The plan entries of the process experiments (queues between processes, shared memory, start-up, own copies, pool waves) (issue 21), a part of {@link Experiments#ALL}. Their names are the
 * plan-entry constants of the reports' lessons that read them, spelled once.
 */
final class ProcessExperiments {

    private ProcessExperiments() {
    }

    static final List<Experiment> ALL = List.of();
}
