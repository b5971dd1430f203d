package org.gilbench.model;

import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Workload;

/**
 * A parent JVM for {@link AotCacheTest}, run from a jar: opens a one-child pool with the AOT cache,
 * prints its description, runs and verifies a small workload, prints {@code ok}.
 */
public final class AotProbe {

    private AotProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (ExecutionModel model = Model.FORKED_PROCESS.open(ModelSpec.parse(1, "cache=auto"))) {
            System.out.println(model.describe());
            Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
            w.verify(model.run(w.tasks()));
            System.out.println("ok");
        }
    }
}
