package org.gilbench.report.lesson;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.gilbench.contract.Estimate;
import org.gilbench.contract.Metric;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;

/**
 * The CPython side of the process lessons (issue 21): the cells the runner measures with the programs of
 * {@code cpython/} through {@code gilbench_process.py} ({@code cpython.process-start}, ...), shown beside the
 * Java cells, never judged. Each program checked every answer before it wrote its record (a wrong answer
 * fails the cell), so a row is shown only for a cell that ran; its counts are the program's own.
 */
final class ProcessCPython {

    private ProcessCPython() {
    }

    /** One column of a CPython table: its heading and its value for a cell. */
    record Column(String heading, Function<Measurement, String> value) {
    }

    /** "CPython 3.11.7" (the interpreter the cell ran in: its {@code python} param). */
    static String python(Measurement m) {
        return "CPython " + m.params().getOrDefault("python", "?");
    }

    /**
     * A Markdown table of the cells: interpreter, what ran, operations, the score per operation with its interval
     * (within the cell's forks), then {@code columns}; "" when there is none.
     */
    static String table(List<Measurement> cells, String intro, String what, Function<Measurement, String> whatOf,
                        String unit, List<Column> columns) {
        if (cells.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder(intro).append("\n\n| interpreter | ").append(what).append(" | forks | operations | ")
                .append(unit).append(" [95% CI] |");
        columns.forEach(c -> t.append(' ').append(c.heading()).append(" |"));
        t.append("\n|---|---|---:|---:|---:|");
        columns.forEach(c -> t.append("---|"));
        t.append('\n');
        for (Measurement m : cells) {
            t.append("| ").append(python(m)).append(" | ").append(Fmt.cell(whatOf.apply(m))).append(" | ")
                    .append(ProcessCells.forks(m)).append(" | ").append(m.time().allValues().length).append(" | ")
                    .append(Fmt.pm(ProcessCells.time(m))).append(" |");
            columns.forEach(c -> t.append(' ').append(Fmt.cell(c.value().apply(m))).append(" |"));
            t.append('\n');
        }
        return t.append('\n').toString();
    }

    /** A secondary metric's estimate (median, interval) scaled by {@code k}, or empty when not recorded. */
    static Optional<Estimate> secondary(Measurement m, String label, double k) {
        Metric metric = m.secondary().get(label);
        return metric == null ? Optional.empty() : Optional.of(Estimate.of(metric).times(k));
    }

    /** A column of a secondary metric's median and interval, scaled by {@code k}. */
    static Column estimate(String heading, String label, double k) {
        return new Column(heading, m -> secondary(m, label, k).map(Fmt::pm).orElse("–"));
    }

    /** A column of a count's distinct values over the operations. */
    static Column counts(String heading, String label) {
        return new Column(heading, m -> ProcessCells.distinct(m, label));
    }
}
