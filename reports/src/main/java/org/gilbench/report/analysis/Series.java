package org.gilbench.report.analysis;

import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.read.Measurement;

/**
 * One line on a chart: an execution model with its options ({@code gil-emulated} with
 * {@code interval=5ms} is a different line from the default). Colour, marker and dash come from the
 * model alone ({@link ChartStyle}), so a model looks the same on every chart.
 */
public record Series(String model, String options) implements Comparable<Series> {

    public static Series of(Measurement m) {
        return new Series(m.model(), m.options());
    }

    public String label() {
        return options.isBlank() ? model : model + " (" + options + ")";
    }

    @Override
    public int compareTo(Series o) {
        int c = Integer.compare(ChartStyle.order(model), ChartStyle.order(o.model));
        if (c == 0) {
            c = model.compareTo(o.model);
        }
        return c != 0 ? c : options.compareTo(o.options);
    }
}
