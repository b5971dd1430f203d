package org.gilbench.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The cells of one run, from {@link Experiments#ALL} and a {@link Selection}, with the benchmarks' default
 * params filled in (so each cell's key is the one the JMH JSON will carry), and what was left out.
 *
 * @param leftOut one line per cell or benchmark not measured, and why
 * @param notes   lines the plan prints under its total (steps that are not cells, the interpreters found)
 */
public record Plan(Selection selection, List<Cell> cells, List<String> leftOut, List<String> notes) {

    /**
     * A benchmark's params and their default values as this build declares them, or empty when the build
     * has no such benchmark.
     */
    public interface ParamDefaults extends Function<String, Optional<Map<String, String[]>>> {
    }

    public Plan {
        cells = List.copyOf(cells);
        leftOut = List.copyOf(leftOut);
        notes = List.copyOf(notes);
    }

    public Plan(Selection selection, List<Cell> cells, List<String> leftOut) {
        this(selection, cells, leftOut, List.of());
    }

    /** The same plan with lines printed under its total (e.g. the GIL timeline step, the interpreters). */
    public Plan withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new Plan(selection, cells, leftOut, all);
    }

    public static Plan build(Selection selection, List<Experiment> experiments, ParamDefaults defaults) {
        List<Cell> cells = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Experiment e : experiments) {
            List<Cell> planned = e.cells(selection, leftOut);
            if (planned.isEmpty()) {
                continue;
            }
            Optional<Map<String, String[]>> declared = JmhCellRunner.KIND.equals(e.runner())
                    ? defaults.apply(e.benchmark()) : Optional.of(Map.of());
            if (declared.isEmpty()) {
                leftOut.add(e.name() + ": this build has no benchmark " + e.benchmark() + " (" + planned.size()
                        + " cells)");
                continue;
            }
            for (Cell c : planned) {
                cells.add(withDefaults(c, declared.get()));
            }
        }
        return new Plan(selection, cells, leftOut);
    }

    /** The cell with every declared param it does not set, at its (single) default value. */
    static Cell withDefaults(Cell c, Map<String, String[]> declared) {
        TreeMap<String, String> params = new TreeMap<>();
        declared.forEach((name, values) -> {
            if (!c.params().containsKey(name)) {
                if (values.length != 1) {
                    throw new IllegalStateException("plan entry " + c.experiment() + " must set param " + name
                            + " of " + c.benchmark() + " (it has several defaults)");
                }
                params.put(name, values[0]);
            }
        });
        params.putAll(c.params());
        return new Cell(c.id(), c.experiment(), c.runner(), c.benchmark(), params, c.iterations(),
                c.estimateSeconds(), c.description(), c.rounds());
    }

    /** The params of every benchmark in this build's {@code META-INF/BenchmarkList}. */
    public static ParamDefaults fromBenchmarkList() {
        Map<String, Map<String, String[]>> byName = new HashMap<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of())) {
            byName.put(entry.getUsername(), entry.getParams().orElse(Map.of()));
        }
        return name -> Optional.ofNullable(byName.get(name));
    }

    /** The estimated wall time of round {@code round} (1-based): every cell it measures, once. */
    public double roundSeconds(int round) {
        return cells.stream().filter(c -> c.inRound(round)).mapToDouble(Cell::estimateSeconds).sum();
    }

    /** The estimated wall time of rounds {@code from}..{@code to} (1-based, inclusive). */
    public double seconds(int from, int to) {
        double sum = 0;
        for (int r = from; r <= to; r++) {
            sum += roundSeconds(r);
        }
        return sum;
    }

    public Optional<Cell> cell(String id) {
        return cells.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The plan as {@code --dry-run} and the run's start print it. */
    public void print(PrintStream out, int rounds, double budgetMinutes) {
        Selection s = selection;
        out.printf("Plan: profile %s, %d CPUs, %d rounds (every cell once per round, in a fresh fork, shuffled)%n",
                s.profile().label(), s.cores(), rounds);
        out.printf("      models: %s; workloads: %s%n", String.join(", ", s.models()), String.join(", ", s.workloads()));
        Map<String, List<Cell>> byExperiment = new LinkedHashMap<>();
        for (Cell c : cells) {
            byExperiment.computeIfAbsent(c.experiment(), k -> new ArrayList<>()).add(c);
        }
        int i = 0;
        for (Map.Entry<String, List<Cell>> e : byExperiment.entrySet()) {
            List<Cell> group = e.getValue();
            double seconds = group.stream().mapToDouble(Cell::estimateSeconds).sum();
            int measured = group.get(0).roundsOf(rounds);
            out.printf("  %2d. %-22s %3d cells  ~%4.0f s per round  (%s per fork%s)%n", ++i, e.getKey(), group.size(),
                    seconds, group.get(0).iterations(), measured < rounds ? "; " + (measured == 1 ? "round 1 only"
                    : "rounds 1-" + measured) : "");
            for (Cell c : group) {
                out.printf("        %-48s ~%5.1f s  %s%n", c.id(), c.estimateSeconds(), c.description());
            }
        }
        for (String line : leftOut) {
            out.println("  not run: " + line);
        }
        out.printf("Total: %d cells, %d rounds (%d attempts), estimated %s (min:s) of benchmarks, plus the build (~1.5 min"
                + " when needed) and the report; then extra forks where a lesson is too-noisy while the budget"
                + " (%.1f min, whole run) lasts%n", cells.size(), rounds, cells.stream().mapToInt(c -> c.roundsOf(rounds)).sum(),
                Progress.clock(seconds(1, rounds)), budgetMinutes);
        for (String line : notes) {
            out.println("  " + line);
        }
    }
}
