package org.gilbench.model;

import java.util.List;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;

/**
 * How many switch intervals each CPU-bound workload's longest task lasts here and in CPython: the time
 * scale that decides whether a GIL result can show switching at all (a task shorter than one interval
 * never gets switched out). Data for the report (docs/gil.md, "Time scale"); measured on the 2-core
 * reference machine, CPython 3.11.7, at the default 5 ms interval.
 */
public final class GilTimeScale {

    private GilTimeScale() {
    }

    /**
     * One workload's longest task.
     *
     * @param workload      the user-facing workload name
     * @param task          which task is the longest
     * @param javaMs        its duration here, serial, ms
     * @param cpythonMs     the same work in CPython 3.11, ms
     * @param note          what the number means for the GIL results
     */
    public record Row(String workload, String task, double javaMs, double cpythonMs, String note) {

        /** Switch intervals (5 ms) the task lasts here. */
        public double javaIntervals() {
            return javaMs / (Gil.DEFAULT_INTERVAL_US / 1000.0);
        }

        /** Switch intervals (5 ms) the task lasts in CPython. */
        public double cpythonIntervals() {
            return cpythonMs / (Gil.DEFAULT_INTERVAL_US / 1000.0);
        }
    }

    /** The rows, one per CPU-bound workload. */
    public static List<Row> rows() {
        return List.of(
                new Row(PrimeCheck.NAME, "is_prime(115797848077099), ~10.8 M trial divisions", 21, 400,
                        "~4 intervals here vs ~80 in CPython: a switch or two per task, not dozens"),
                new Row(CountLoop.NAME, "calc(10^7) (the benchmarks use 10^8: ~190 ms, ~38 intervals)", 19, 440,
                        "the seed task is ~4 intervals here; the benchmark task is made 10x longer"),
                new Row(RangeSum.NAME, "a 12.5 M-number chunk (streamed; CPython: sum() of a list slice)", 3.6, 90,
                        "shorter than one interval here: the GIL never switches inside a task; in CPython sum()"
                                + " is C code that holds the GIL throughout (no check point), so it never switches"
                                + " either"));
    }
}
