package org.gilbench.report.analysis;

import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;

/**
 * One line on a chart: an execution model with its options ({@code gil-emulated} with
 * {@code interval=5ms} is a different line from the default). Colour, marker and dash come from the
 * model alone ({@code chart.ChartStyle}), so a model looks the same on every chart.
 */
public record Series(String model, String options) implements Comparable<Series> {

    /** A CPython cell's series carries the interpreter's version in place of options ({@code 3.11.7}). */
    public static Series of(Measurement m) {
        return isCpython(m.model()) ? new Series(m.model(), m.params().getOrDefault("python", ""))
                : new Series(m.model(), m.options());
    }

    /** The baseline models: {@code serial}, and {@code cpython-serial} for the real interpreter's cells. */
    public static boolean isBaseline(String model) {
        return ModelNames.baseline(model);
    }

    /** True for the real interpreter's models (issue 12): {@code cpython-threads}, {@code cpython2-threads} ... */
    public static boolean isCpython(String model) {
        return ModelNames.cpython(model);
    }

    /** "gil-emulated", "gil-emulated (mode=ticks)", or for CPython "CPython 3.11 threads (real)". */
    public String label() {
        if (isCpython(model)) {
            return cpythonLabel(model, options);
        }
        return options.isBlank() ? model : model + " (" + options + ")";
    }

    /** "CPython 3.11 threads (real)" from {@code cpython-threads} and {@code 3.11.7}. */
    public static String cpythonLabel(String model, String version) {
        String kind = model.replaceFirst("^cpython2?-", "").replace("free-threaded", "free-threaded threads");
        String[] v = version.split("\\.");
        String shown = v.length >= 2 ? v[0] + "." + v[1] : version.isBlank() ? (model.startsWith(ModelNames.CPYTHON + "2") ? "2" : "") : version;
        return ("CPython " + shown).trim() + " " + kind + " (real)";
    }

    @Override
    public int compareTo(Series o) {
        int c = Integer.compare(ModelNames.order(model), ModelNames.order(o.model));
        if (c == 0) {
            c = model.compareTo(o.model);
        }
        return c != 0 ? c : options.compareTo(o.options);
    }
}
