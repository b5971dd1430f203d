package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.Set;
import org.gilbench.model.Model;
import org.gilbench.report.chart.ChartStyle;
import org.junit.jupiter.api.Test;

/** Model looks are keyed by name (legends follow the Model enum's order): distinct, CPython grey, never missing. */
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

    @Test
    void everyModelHasALookOfItsOwnKeyedByNameNotTheSpareOne() {
        // A model added to the enum without its own entry would take the spare look: caught here.
        ChartStyle.Look spare = ChartStyle.look("a-model-nobody-registered");
        for (Model m : Model.values()) {
            assertNotEquals(spare, ChartStyle.look(m.label()), m.label() + " has no look of its own");
        }
        // Keyed by name: the same look whatever the model's position (gil-emulated is Okabe-Ito vermillion).
        assertEquals(new Color(0xD5, 0x5E, 0x00), ChartStyle.look(Model.GIL_EMULATED.label()).colour());
    }
}
