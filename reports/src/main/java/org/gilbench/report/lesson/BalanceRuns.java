package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.contract.Metric;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;

/**
 * One bank or change_it cell of lesson 5 ({@link SharedStateLesson}) as its runs: what it is, every
 * run's final balance (the secondary metric {@code balance} in the JSON's rawData), the true one
 * ({@code trueBalance}), how far a forked child's copy got ({@code highestWritten}) and its time.
 */
public record BalanceRuns(Measurement cell, String label, boolean lock, long[] balances, long trueBalance, long highest,
            Estimate time, boolean cpython) {

    String model() {
        return cell.model();
    }

    boolean forked() {
        return model().equals(ModelNames.FORKED_PROCESS);
    }

    int lost() {
        int n = 0;
        for (long b : balances) {
            if (b != trueBalance) {
                n++;
            }
        }
        return n;
    }

    boolean fallback() {
        return cell.time().disturbed();
    }

    /** Independent forks behind the runs (forks with at least one final balance). */
    int forks() {
        Metric balance = cell.secondary().get("balance");
        if (balance == null) {
            return 0;
        }
        int n = 0;
        for (double[] fork : balance.raw()) {
            n += fork.length > 0 ? 1 : 0;
        }
        return n;
    }

    /** Runs with the deposits really at the same time in one process: concurrent, not forked. */
    boolean concurrentInProcess() {
        return !forked() && !model().equals(ModelNames.SERIAL) && cell.workers() >= SharedStateLesson.MIN_CONCURRENCY;
    }

    /** Every bank or change_it cell with its runs' final balances (cells without the metric are left out). */
    static List<BalanceRuns> of(List<Measurement> cells, boolean cpython) {
        List<BalanceRuns> out = new ArrayList<>();
        for (Measurement m : cells) {
            Metric balance = m.secondary().get("balance");
            if (balance == null) {
                continue;
            }
            double[] values = balance.allValues();
            long[] balances = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                balances[i] = Math.round(values[i]);
            }
            Metric truth = m.secondary().get("trueBalance");
            long trueBalance = truth == null ? (changeIt(m) ? 0 : m.intParam("deposits", 100))
                    : Math.round(Math.max(0, maxOf(truth.allValues(), truth.score())));
            Metric high = m.secondary().get("highestWritten");
            long highest = high == null ? -1 : Math.round(maxOf(high.allValues(), high.score()));
            boolean lock = Boolean.parseBoolean(m.params().getOrDefault("lock", "false").trim());
            out.add(new BalanceRuns(m, labelOf(m, cpython), lock, balances, trueBalance, highest, Estimate.of(m.time()), cpython));
        }
        out.sort(Comparator.comparingInt((BalanceRuns r) -> ModelNames.order(r.model())).thenComparingInt(BalanceRuns::version)
                .thenComparing(BalanceRuns::label).thenComparing(BalanceRuns::lock));
        return out;
    }

    /** CPython's version as major * 1000 + minor (2.7 before 3.9 before 3.11); 0 for the Java models. */
    private static int version(BalanceRuns r) {
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)")
                .matcher(r.cell().params().getOrDefault("python", ""));
        return v.find() ? Integer.parseInt(v.group(1)) * 1000 + Integer.parseInt(v.group(2)) : 0;
    }

    private static double maxOf(double[] values, double fallback) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return values.length == 0 ? fallback : max;
    }

    /** "gil-emulated ticks + bytecode (like 2.7)", "thread-pool ×16", "cpython-threads 3.11". */
    static String labelOf(Measurement m, boolean cpython) {
        if (cpython) {
            String py = m.params().getOrDefault("python", "").replaceFirst("^(\\d+\\.\\d+)\\..*$", "$1");
            return "CPython" + (py.isBlank() ? "" : " " + py) + (m.model().contains("process") ? " processes" : "");
        }
        StringBuilder b = new StringBuilder(m.model());
        boolean change = changeIt(m);
        if (m.model().equals(ModelNames.GIL_EMULATED) && change) {  // where a switch may fall decides change_it's race
            boolean ticks = m.options().contains("mode=ticks");
            String checks = m.params().getOrDefault("checks", "back-edge");
            b.append(ticks ? " ticks" : " interval").append(" + ").append(checks)
                    .append(!checks.equals("back-edge") ? (ticks ? " (like 2.7)" : " (like 3.2–3.9)")
                            : ticks ? "" : " (like 3.10+)");
        } else {
            if (!m.options().isBlank()) {
                b.append(' ').append(m.options());
            }
            String checks = m.params().getOrDefault("checks", "back-edge");
            if (change && !m.model().equals(ModelNames.GIL_EMULATED) && !checks.equals("back-edge")) {
                b.append(" checks=").append(checks);  // no GIL to check; a separate cell all the same
            }
        }
        if (!m.model().equals(ModelNames.SERIAL)) {
            b.append(" ×").append(m.workers());
        }
        return b.toString();
    }

    /** Whether {@code m} is a change_it cell (the JMH benchmark's or CPython's), not the bank. */
    static boolean changeIt(Measurement m) {
        return m.shortName().equals(Workloads.CHANGE_IT_BENCH) || m.benchmark().equals(Workloads.CPYTHON_CHANGE_IT);
    }

    static long min(long[] v) {
        long m = Long.MAX_VALUE;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** "7, 8, 7, 6, 7" (the first 10 runs). */
    static String list(long[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(v.length, 10); i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return b.append(v.length > 10 ? ", …" : "").toString();
    }
}
