package org.gilbench.run;

import java.util.List;

/**
 * The plan entries of the distributed master/worker on gRPC (issue 20), a part of {@link Experiments#ALL}. Their names are the
 * plan-entry constants of the reports' lessons that read them, spelled once.
 */
final class DistributedExperiments {

    private DistributedExperiments() {
    }

    static final List<Experiment> ALL = List.of();
}
