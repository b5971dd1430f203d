package org.gilbench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a plan is built for: the profile, this machine's CPUs, and the user's choice of models, workloads
 * and worker counts (all of them by default).
 *
 * @param workers the CPU-bound sweep's worker counts; empty = the profile's sweep
 */
public record Selection(Profile profile, int cores, List<String> models, List<String> workloads, List<Integer> workers) {

    public Selection {
        models = List.copyOf(models);
        workloads = List.copyOf(workloads);
        workers = List.copyOf(workers);
    }

    boolean hasModel(String model) {
        return models.contains(model);
    }

    boolean hasWorkload(String workload) {
        return workloads.contains(workload);
    }

    /**
     * Worker counts of a CPU-bound sweep. {@code --workers} wins; otherwise the full profile sweeps 1, 2, 4,
     * .., 2 x cores (past the cores too: oversubscription), and the quick one measures what the lessons
     * compare: 1 worker (the model's overhead against serial) and the core count (its speedup), or only the
     * cores when {@code coresOnly}.
     */
    List<Integer> sweep(boolean coresOnly) {
        if (!workers.isEmpty()) {
            return workers;
        }
        if (profile == Profile.FULL) {
            return powersUpTo(2 * cores);
        }
        return coresOnly ? List.of(cores) : List.copyOf(new TreeSet<>(List.of(1, cores)));
    }

    /** 1, 2, 4, ... below n, then n itself. */
    static List<Integer> powersUpTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int w = 1; w < n; w *= 2) {
            out.add(w);
        }
        out.add(n);
        return out;
    }
}
