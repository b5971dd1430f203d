package org.gilbench.report.chart;

import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Chart 3, the headline figure: CPU-bound scaling (chart 1) and I/O-bound scaling (chart 2) side by
 * side in one image, the two halves of the seeds' story: threads do not help CPU-bound Python, they
 * help I/O-bound Python fine.
 */
public final class HeadlineChart {

    private HeadlineChart() {
    }

    /** The two panels, left and right; {@link ChartFile} paints them into one image. */
    public static List<XYChart> create(XYChart cpu, XYChart io) {
        return List.of(cpu, io);
    }
}
