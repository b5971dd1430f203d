package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.Set;
import org.gilbench.model.Model;
import org.gilbench.report.chart.ChartStyle;
import org.junit.jupiter.api.Test;

/** Model looks come from the Model enum's order and a palette: distinct, CPython grey, never missing. */
class StyleTest {

    @Test
    void everyModelHasItsOwnColourAndMarkerInEnumOrder() {
        Set<Color> colours = new HashSet<>();
        Set<Class<?>> markers = new HashSet<>();
        for (Model m : Model.values()) {
            ChartStyle.Look look = ChartStyle.look(m.label());
            colours.add(look.colour());
            markers.add(look.marker().getClass());
            assertEquals(m.ordinal(), ChartStyle.order(m.label()));
        }
        assertEquals(Model.values().length, colours.size());
        assertEquals(Model.values().length, markers.size());
        assertEquals(Color.BLACK, ChartStyle.look("serial").colour());
    }

    @Test
    void cpythonModelsAreGreyAndUnknownNamesStillGetALook() {
        Color c = ChartStyle.look("cpython-threads").colour();
        assertTrue(c.getRed() == c.getGreen() && c.getGreen() == c.getBlue(), "not grey: " + c);
        assertNotNull(ChartStyle.look("a-model-nobody-registered").marker());
        assertTrue(ChartStyle.order("cpython-threads") < ChartStyle.order("a-model-nobody-registered"));
    }
}
