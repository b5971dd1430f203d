package org.gilbench.report.chart;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes charts as PNG (2x pixels, 144 dpi, for slides) and SVG, with a footer naming the machine and
 * any noise warning: charts get pasted without the text around them.
 *
 * <p>XChart has no footer and its grid export is 72-dpi PNG only, so each chart is painted into one
 * {@link Graphics2D} (an image or a {@link VectorGraphics2D}) side by side, and the footer drawn below.
 */
public final class ChartFile {

    public static final int SCALE = 2;
    public static final int DPI = 72 * SCALE;
    private static final int FOOTER_LINE = 15;
    private static final int MAX_WARNING_LINES = 2;
    private static final String WARNING = "⚠ ";

    private ChartFile() {
    }

    /**
     * Paints and encodes charts on up to two threads: encoding a 2x PNG and an SVG is most of the
     * report's time, and the charts are independent. Charts are built first, on the caller's thread;
     * each one is handed over whole and never touched again by the caller.
     */
    public static final class Painter implements AutoCloseable {

        private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())),
                r -> {
                    Thread t = new Thread(r, "gilbench-report-painter");
                    t.setDaemon(true);
                    return t;
                });
        private final java.util.Map<String, java.util.concurrent.Future<?>> pending = new java.util.LinkedHashMap<>();

        /**
         * Builds and draws one chart on the pool. {@code panels} is called there, so a chart whose data
         * breaks XChart (e.g. a 0 on a log axis) fails alone.
         */
        public void submit(String name, java.util.function.Supplier<? extends List<? extends Chart<?, ?>>> panels,
                           List<String> info, List<String> warnings, Path dir) {
            pending.put(name, pool.submit(() -> {
                save(panels.get(), info, warnings, dir, name);
                return null;
            }));
        }

        /** Waits for every chart; returns the ones that failed, by name, with the reason in one line. */
        public java.util.Map<String, String> awaitAll() throws IOException {
            java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<String, java.util.concurrent.Future<?>> e : pending.entrySet()) {
                try {
                    e.getValue().get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing the charts", ie);
                } catch (java.util.concurrent.ExecutionException ee) {
                    Throwable cause = ee.getCause();
                    failed.put(e.getKey(), String.valueOf(cause).replace('\n', ' '));
                }
            }
            return failed;
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}: the charts in one row, then the footer. */
    public static void save(List<? extends Chart<?, ?>> charts, List<String> info, List<String> warnings, Path dir,
                     String name) throws IOException {
        List<String> lines = footerLines(info, warnings);
        int width = 0;
        int height = 0;
        for (Chart<?, ?> c : charts) {
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        int total = height + 8 + lines.size() * FOOTER_LINE;

        BufferedImage image = new BufferedImage(width * SCALE, total * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.scale(SCALE, SCALE);
        paint(g, charts, lines, width, height, total);
        g.dispose();
        writePng(image, dir.resolve(name + ".png"));

        VectorGraphics2D vg = new VectorGraphics2D();
        paint(vg, charts, lines, width, height, total);
        Document svg = Processors.get("svg").getDocument(vg.getCommands(), new PageSize(0, 0, width, total));
        try (OutputStream out = Files.newOutputStream(dir.resolve(name + ".svg"))) {
            svg.writeTo(out);
        }
    }

    private static void paint(Graphics2D g, List<? extends Chart<?, ?>> charts, List<String> lines, int width,
                              int height, int total) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, total);
        int x = 0;
        for (Chart<?, ?> c : charts) {
            Graphics2D sub = (Graphics2D) g.create();
            sub.translate(x, 0);
            sub.setClip(0, 0, c.getWidth(), c.getHeight());
            c.paint(sub, c.getWidth(), c.getHeight());
            sub.dispose();
            x += c.getWidth();
        }
        g.setFont(ChartStyle.FOOTER);
        FontMetrics fm = g.getFontMetrics();
        int y = height + 4 + fm.getAscent();
        for (int i = 0; i < lines.size(); i++) {
            g.setColor(lines.get(i).startsWith(WARNING) ? new Color(0xA0, 0x40, 0x00) : ChartStyle.GREY);
            g.drawString(fit(lines.get(i), fm, width - 20), 10, y);
            y += FOOTER_LINE;
        }
    }

    /** The machine lines, then at most {@link #MAX_WARNING_LINES} warnings (the report lists them all). */
    public static List<String> footerLines(List<String> info, List<String> warnings) {
        List<String> lines = new ArrayList<>(info);
        for (int i = 0; i < warnings.size() && i < MAX_WARNING_LINES; i++) {
            boolean last = i == MAX_WARNING_LINES - 1 && warnings.size() > MAX_WARNING_LINES;
            lines.add(WARNING + warnings.get(i) + (last ? "  (+" + (warnings.size() - MAX_WARNING_LINES)
                    + " more in report.md)" : ""));
        }
        return lines;
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 10 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /** PNG with a pHYs chunk saying 144 dpi, so slides and documents size it as the 1x chart. */
    private static void writePng(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            // Flat-colour charts: a low deflate level is several times faster and barely bigger.
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            String dotsPerMetre = Integer.toString((int) Math.round(DPI / 0.0254));
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", dotsPerMetre);
            phys.setAttribute("pixelsPerUnitYAxis", dotsPerMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(meta, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }
}
