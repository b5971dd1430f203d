package org.gilbench.distributed;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Workload;

/**
 * Seed 002's {@code task_master.py} as a command: opens the {@code distributed} model, runs one workload
 * a few times through it, verifies every answer and prints the time of each round — a way to try the
 * model by hand, e.g. with workers on a second machine:
 *
 * <pre>
 * # machine A (the master): waits for 2 workers, then runs prime-check 3 times
 * java -cp distributed.jar org.gilbench.distributed.MasterMain --workers 2 \
 *      --options "remote=2;bind=0.0.0.0;tls=self-signed" --workload prime-check --rounds 3
 * # machine B: the command the master printed, with the key file and certificate copied over
 * java -cp distributed.jar org.gilbench.distributed.WorkerMain --master A:5000 --key-file run.key --tls-ca master-ca.pem
 * </pre>
 *
 * <p>Prints {@code port N} and {@code local workers: PID ...} once the workers joined, one line per
 * round, then the model's counters. With {@code --hold} it then waits for its stdin to end before
 * closing (tests use it to kill a master in the middle of its life). Exit: 0 every answer verified,
 * 1 a wrong answer or a failed run, 2 bad usage.
 */
public final class MasterMain {

    private MasterMain() {
    }

    public static void main(String[] args) throws IOException {
        int workers = 2;
        String options = "";
        String workload = PrimeCheck.NAME;
        int rounds = 3;
        boolean hold = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--workers" -> workers = Integer.parseInt(value(args, ++i, "--workers"));
                    case "--options" -> options = value(args, ++i, "--options");
                    case "--workload" -> workload = value(args, ++i, "--workload");
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, "--rounds"));
                    case "--hold" -> hold = true;
                    case "--help", "-h" -> {
                        System.out.println("usage: MasterMain [--workers N] [--options \"k=v;k=v\"] [--workload "
                                + String.join("|", Workload.NAMES) + "] [--rounds R] [--hold]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i]
                            + "' (known: --workers, --options, --workload, --rounds, --hold, --help)");
                }
            }
            if (rounds < 0) {
                throw new IllegalArgumentException("bad --rounds " + rounds + " (expected 0 or more)");
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("gilbench master: " + e.getMessage());
            System.exit(2);
            return;
        }
        Workload w;
        Distributed model;
        try {
            w = Workload.named(workload);
            model = new Distributed(ModelSpec.parse(workers, options));
        } catch (IllegalArgumentException e) {
            System.err.println("gilbench master: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("gilbench master: " + e.getMessage());
            System.exit(1);
            return;
        }
        int code = 0;
        try {
            System.out.println("port " + model.port());
            System.out.println("local workers: " + String.join(" ", model.localPids().stream().map(String::valueOf).toList()));
            Map<String, Long> open = model.counters();
            long starts = open.get("process.starts");
            System.out.println(model.describe() + ": " + open.get("distributed.workers-joined") + " workers joined"
                    + (starts == 0 ? "" : String.format("; local worker start %.0f ms each", open.get("process.start-ns") / 1e6 / starts)));
            for (int r = 1; r <= rounds; r++) {
                long begin = System.nanoTime();
                long[] results = model.run(w.tasks());
                double ms = (System.nanoTime() - begin) / 1e6;
                w.verify(results);
                System.out.printf("%s round %d: %.1f ms, verified (%s)%n", w.name(), r, ms, w.summarize(results));
            }
            System.out.println(model.counters());
            System.out.flush();
            if (hold) {
                while (System.in.read() >= 0) {
                    // wait for the end of stdin
                }
            }
        } catch (ExecutionException | IllegalStateException e) {
            System.err.println("gilbench master: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        } finally {
            model.close();
        }
        System.exit(code);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
