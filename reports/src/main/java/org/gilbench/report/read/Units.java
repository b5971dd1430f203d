package org.gilbench.report.read;

import java.util.Locale;

/**
 * JMH's score units, normalised to milliseconds per operation.
 *
 * <p>Benchmarks choose their own units ({@code ms/op} for a prime list, {@code s/op} for a sleep sweep,
 * {@code us/op} for a tiny task) and modes ({@code avgt}, {@code ss}, {@code sample} give time per
 * operation; {@code thrpt} gives operations per time). Every time in the report is in ms/op so models
 * measured with different settings land on one axis.
 */
public final class Units {

    private Units() {
    }

    /**
     * How to turn a score in {@code unit} into ms/op: {@code ms = factor * score} for time units, or
     * {@code ms = factor / score} for throughput units ({@link Conversion#inverted}).
     *
     * @throws IllegalArgumentException naming the unit and the known ones
     */
    public static Conversion toMillisPerOp(String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        int slash = u.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("unit '" + unit + "' is not a time per operation"
                    + " (known: ns/op, us/op, ms/op, s/op, min/op and their ops/<time> inverses)");
        }
        String left = u.substring(0, slash);
        String right = u.substring(slash + 1);
        if (right.equals("op")) {
            return new Conversion(millisIn(left, unit), false);
        }
        if (left.equals("ops")) {
            return new Conversion(millisIn(right, unit), true);
        }
        throw new IllegalArgumentException("unit '" + unit + "' is not a time per operation"
                + " (known: ns/op, us/op, ms/op, s/op, min/op and their ops/<time> inverses)");
    }

    private static double millisIn(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "ns" -> 1e-6;
            case "us", "µs" -> 1e-3;
            case "ms" -> 1.0;
            case "s" -> 1e3;
            case "min" -> 60e3;
            case "h", "hr" -> 3600e3;
            default -> throw new IllegalArgumentException("unit '" + unit + "': unknown time unit '"
                    + timeUnit + "' (known: ns, us, ms, s, min)");
        };
    }

    /** A unit conversion to ms/op; throughput scores are inverted. */
    public record Conversion(double factor, boolean inverted) {

        public double apply(double score) {
            return inverted ? factor / score : factor * score;
        }
    }

    /** A count as 1, 10, 100, 1k, 10k, 100k, 1M (axis ticks, series labels). */
    public static String count(double v) {
        if (v >= 1e6 && v % 1e6 == 0) {
            return (long) (v / 1e6) + "M";
        }
        if (v >= 1e3 && v % 1e3 == 0) {
            return (long) (v / 1e3) + "k";
        }
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
