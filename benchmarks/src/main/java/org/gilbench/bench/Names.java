package org.gilbench.bench;

import org.gilbench.model.Model;
import org.gilbench.workload.Workload;

/**
 * Prints the user-facing names this build knows, one per line, so that {@code run-bench.sh} can tell
 * which models exist in the jar it is about to run (a model added later needs no script change).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.gilbench.bench.Names models
 * </pre>
 */
public final class Names {

    private Names() {
    }

    public static void main(String[] args) {
        String what = args.length == 1 ? args[0] : "";
        switch (what) {
            case "models" -> Model.NAMES.forEach(System.out::println);
            case "workloads" -> Workload.NAMES.forEach(System.out::println);
            default -> {
                System.err.println("usage: Names models|workloads");
                System.exit(2);
            }
        }
    }
}
