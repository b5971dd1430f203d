package org.gilbench.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;

/**
 * Hand measurements for issue 20's closing note (not a JMH benchmark, not a test): prime-check at 1
 * and 2 workers under {@code distributed} and {@code forked-process} beside {@code serial}; the
 * per-task round trip (p50 / p99) of a thread pool's queue, forked-process's pipe and distributed's
 * gRPC stream; worker start; forked-process's child start with and without gRPC in its jar.
 *
 * <pre>
 * ./mvnw -B -q -pl distributed -am package -DskipTests
 * java -cp distributed/target/test-classes:distributed/target/distributed.jar org.gilbench.distributed.DistributedMeasure \
 *      all|ab|prime|rtt|slices|start ROUNDS TRIPS WORKER_JAR [CHILD_CLASS_PATH ...]
 * </pre>
 * Child and worker JVMs start on {@code java.class.path}; it is pointed at the given jars so that they
 * start as they would from a shaded benchmark jar (with the AOT cache forked-process makes for jars).
 */
public final class DistributedMeasure {

    private DistributedMeasure() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int trips = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        String workerJar = args.length > 3 ? args[3] : System.getProperty("java.class.path");
        List<String> classPaths = args.length > 4 ? List.of(args).subList(4, args.length) : List.of(workerJar);
        String original = System.getProperty("java.class.path");
        System.setProperty("java.class.path", workerJar);
        Task tiny = new CountLoop(1, 1).tasks().get(0);
        if (mode.equals("ab")) {
            // Interleaved: serial, forked-process and distributed open at once, one round of each in turn,
            // so that the machine's load (shared, drifting) weighs on all three alike.
            Workload primes = new PrimeCheck(PrimeCheck.Variant.SEED);
            for (int workers : new int[] {1, 2}) {
                try (ExecutionModel serial = Model.SERIAL.open(ModelSpec.of(1));
                        ExecutionModel forked = Model.FORKED_PROCESS.open(ModelSpec.of(workers));
                        Distributed distributed = new Distributed(ModelSpec.of(workers))) {
                    List<ExecutionModel> models = List.of(serial, forked, distributed);
                    double[][] ms = new double[3][rounds];
                    for (ExecutionModel model : models) {
                        times(model, primes, 0); // warm-up
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < 3; k++) {
                            ms[k][r] = times(models.get(k), primes, 1, false)[0];
                        }
                    }
                    for (int k = 0; k < 3; k++) {
                        report(models.get(k).describe(), workers, ms[k]);
                    }
                    double[] s = ms[0].clone();
                    Arrays.sort(s);
                    for (int k = 1; k < 3; k++) {
                        double[] x = ms[k].clone();
                        Arrays.sort(x);
                        System.out.printf("  speedup over serial (medians) %s: %.2fx%n", models.get(k).describe(),
                                s[rounds / 2] / x[rounds / 2]);
                    }
                }
            }
        }
        if (mode.equals("slices")) {
            // range-sum's materialised slices: the elements travel (8 bytes each), over a pipe or gRPC.
            RangeSum sum = RangeSum.materialised(trips, 8);
            for (int workers : new int[] {1, 2}) {
                try (ExecutionModel forked = Model.FORKED_PROCESS.open(ModelSpec.of(workers));
                        Distributed distributed = new Distributed(ModelSpec.of(workers))) {
                    report("range-sum materialised n=" + trips + " " + forked.describe(), workers, times(forked, sum, rounds));
                    report("range-sum materialised n=" + trips + " " + distributed.describe(), workers, times(distributed, sum, rounds));
                }
            }
        }
        if (mode.equals("all") || mode.equals("prime")) {
            Workload primes = new PrimeCheck(PrimeCheck.Variant.SEED);
            try (ExecutionModel serial = Model.SERIAL.open(ModelSpec.of(1))) {
                report("serial", 1, times(serial, primes, rounds));
            }
            for (int workers : new int[] {1, 2}) {
                try (ExecutionModel forked = Model.FORKED_PROCESS.open(ModelSpec.of(workers))) {
                    report(forked.describe(), workers, times(forked, primes, rounds));
                }
                try (Distributed distributed = new Distributed(ModelSpec.of(workers))) {
                    report(distributed.describe(), workers, times(distributed, primes, rounds));
                }
            }
        }
        if (mode.equals("all") || mode.equals("rtt")) {
            // One tiny task at a time (count to 1): what a task costs the model beyond its work.
            try (ExecutionModel pool = Model.THREAD_POOL.open(ModelSpec.of(1))) {
                roundTrip("thread-pool (a thread queue)", pool, tiny, trips);
            }
            try (ExecutionModel forked = Model.FORKED_PROCESS.open(ModelSpec.of(1))) {
                roundTrip("forked-process (a pipe)", forked, tiny, trips);
            }
            try (Distributed distributed = new Distributed(ModelSpec.of(1))) {
                roundTrip("distributed (gRPC on loopback)", distributed, tiny, trips);
            }
            try (Distributed distributed = new Distributed(ModelSpec.parse(1, "tls=self-signed"))) {
                roundTrip("distributed (gRPC + TLS on loopback)", distributed, tiny, trips);
            }
        }
        if (mode.equals("all") || mode.equals("start")) {
            // Worker start: one worker at a time, so the figure is one JVM's, not a crowd's.
            for (int r = 0; r < rounds; r++) {
                try (Distributed distributed = new Distributed(ModelSpec.of(1))) {
                    Map<String, Long> c = distributed.counters();
                    System.out.printf("distributed worker start (%s): %.1f ms%n", workerJar, c.get("process.start-ns") / 1e6);
                }
            }
            // forked-process's child start on each class path given (e.g. without gRPC, with it shaded in,
            // with it in a second jar behind the first).
            for (String cp : classPaths) {
                System.setProperty("java.class.path", cp);
                for (String cache : new String[] {"off", "auto"}) {
                    try (ExecutionModel warm = Model.FORKED_PROCESS.open(ModelSpec.parse(1, "cache=" + cache))) {
                        warm.run(List.of(tiny)); // trains the AOT cache for this class path once (cache=auto)
                    }
                    try (ExecutionModel perTask = Model.FORKED_PROCESS.open(ModelSpec.parse(1, "start=per-task;cache=" + cache))) {
                        perTask.run(java.util.Collections.nCopies(rounds, tiny));
                        Map<String, Long> c = perTask.counters();
                        System.out.printf("forked-process child start, class path %s, %s: %.1f ms mean over %d%n",
                                cp, perTask.describe().replaceAll(".*cache=", "cache="),
                                c.get("process.start-ns") / 1e6 / c.get("process.starts"), c.get("process.starts"));
                    }
                }
            }
        }
        System.setProperty("java.class.path", original);
    }

    private static double[] times(ExecutionModel model, Workload w, int rounds) throws Exception {
        return times(model, w, rounds, true);
    }

    private static double[] times(ExecutionModel model, Workload w, int rounds, boolean warmUp) throws Exception {
        if (warmUp) {
            w.verify(model.run(w.tasks())); // warm-up: the JIT in every worker
            w.verify(model.run(w.tasks()));
        }
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long begin = System.nanoTime();
            long[] results = model.run(w.tasks());
            ms[r] = (System.nanoTime() - begin) / 1e6;
            w.verify(results);
        }
        return ms;
    }

    private static void report(String model, int workers, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("prime-check %s workers=%d: median %.1f ms, min %.1f, max %.1f (%d rounds)%n", model, workers,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static void roundTrip(String what, ExecutionModel model, Task task, int trips) throws Exception {
        List<Task> one = List.of(task);
        for (int i = 0; i < trips; i++) { // warm-up: the JIT on both sides of the channel
            check(model.run(one), task);
        }
        List<Double> micros = new ArrayList<>(trips);
        for (int i = 0; i < trips; i++) {
            long begin = System.nanoTime();
            long[] r = model.run(one);
            micros.add((System.nanoTime() - begin) / 1e3);
            check(r, task);
        }
        micros.sort(null);
        System.out.printf("round trip %s: p50 %.1f us, p99 %.1f us, mean %.1f us (%d trips)%n", what,
                micros.get(trips / 2), micros.get((int) (trips * 0.99)),
                micros.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), trips);
    }

    private static void check(long[] r, Task task) {
        if (r.length != 1 || r[0] != task.expected()) {
            throw new IllegalStateException("wrong answer " + Arrays.toString(r) + " for " + task.describe());
        }
    }
}
