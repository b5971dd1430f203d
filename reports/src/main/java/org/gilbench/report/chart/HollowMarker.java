package org.gilbench.report.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import org.knowm.xchart.style.markers.Marker;

/**
 * A model's marker drawn hollow (its shape with a white centre): a point without an interval, or one
 * resting on disturbed attempts only, or an irregular cell (outliers, two clusters). XChart has no
 * outline markers, so the shape is painted and then painted again, smaller, in white.
 */
public final class HollowMarker extends Marker {

    /** The white centre's size relative to the marker: large enough to read as "open" at 9 px. */
    private static final double CENTRE = 0.5;

    private final Marker shape;

    public HollowMarker(Marker shape) {
        this.shape = shape;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
        shape.paint(g, x, y, size);
        Paint colour = g.getPaint();
        g.setPaint(Color.WHITE);
        shape.paint(g, x, y, (int) Math.max(2, Math.round(size * CENTRE)));
        g.setPaint(colour);
    }
}
