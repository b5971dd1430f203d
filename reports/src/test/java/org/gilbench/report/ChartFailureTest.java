package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gilbench.report.chart.ChartFile;
import org.gilbench.report.chart.ChartStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chart that fails is named with its reason; the other charts are still written. */
class ChartFailureTest {

    @TempDir
    Path tmp;

    @Test
    void oneFailingChartDoesNotStopTheOthers() throws IOException {
        try (ChartFile.Painter painter = new ChartFile.Painter()) {
            painter.submit("broken", () -> {
                throw new IllegalArgumentException("Series data cannot be less or equal to zero for a logarithmic Y-Axis!");
            }, List.of("footer"), List.of(), tmp);
            painter.submit("fine", () -> {
                XYChart c = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).build();
                c.addSeries("s", new double[] {1, 2}, new double[] {1, 2});
                return List.of(c);
            }, List.of("footer"), List.of(), tmp);
            Map<String, String> failed = painter.awaitAll();
            assertEquals(List.of("broken"), List.copyOf(failed.keySet()));
            assertTrue(failed.get("broken").contains("logarithmic"), failed.toString());
            assertTrue(Files.size(tmp.resolve("fine.png")) > 0);
            assertTrue(Files.notExists(tmp.resolve("broken.png")));
        }
    }
}
