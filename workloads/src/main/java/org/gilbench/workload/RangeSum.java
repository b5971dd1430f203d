package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code range-sum}: the sum of 1..N (seed 001, example 2; N = 100,000,000, answer 5000000050000000),
 * split into {@code chunks} contiguous slices, one task per slice, whose partial sums add up.
 *
 * <p>Two forms, as the seed's two timings suggest:
 * <ul>
 *   <li>{@link Form#STREAMED}: each task sums its range of numbers directly; no data exists to ship;</li>
 *   <li>{@link Form#ARRAY}: the numbers are first materialised in a {@code long[]} (the seed's
 *       {@code number_list}, 800 MB for N = 1e8) and each task sums its slice of it. Creating the array
 *       happens in {@link #materialised}, outside any task, so a benchmark can time "compute only"
 *       (tasks over an existing array) or "end to end" (creation included), and a process model must
 *       ship each slice to its worker, like pickling {@code number_list[i:i + 12500000]}.</li>
 * </ul>
 *
 * <p>The JIT may not fold the loops to n(n+1)/2: N comes from this object, the loops poll a volatile
 * flag every {@link #STRIP} elements and every result is compared with the closed form.
 */
public final class RangeSum implements Workload {

    public static final String NAME = "range-sum";
    /** The seed's N. */
    public static final long SEED_N = 100_000_000L;
    /** The seed's 8 processes, each given a 12,500,000-element slice. */
    public static final int SEED_CHUNKS = 8;
    /**
     * Elements summed between two check points: ~0.1 µs of work, so a GIL switch stays prompt and ticks
     * mode can release every 10 ticks (at 4096 elements, one check point was 100+ ticks of work).
     */
    static final int STRIP = 256;
    /** Work units ({@link Interpreter#TICK_WORK}, ~ns) in one strip, measured (docs/gil.md): range, array. */
    static final int WORK_PER_POLL_RANGE = 85;
    static final int WORK_PER_POLL_ARRAY = 100;

    /** Whether the numbers are summed as a range or from a materialised array. */
    public enum Form {
        STREAMED("streamed"), ARRAY("array");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Form named(String label) {
            return Labels.named(values(), Form::label, "range-sum form", label);
        }
    }

    private final long n;
    private final Form form;
    private final long[] numbers;
    private final List<Task> tasks;

    private RangeSum(long n, int chunks, Form form, long[] numbers) {
        if (n < 1) {
            throw new IllegalArgumentException("range-sum: n must be >= 1, got " + n);
        }
        if (chunks < 1 || chunks > n) {
            throw new IllegalArgumentException("range-sum: chunks must be in 1.." + n + ", got " + chunks);
        }
        this.n = n;
        this.form = form;
        this.numbers = numbers;
        List<Task> list = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            long from = 1 + n * c / chunks;           // inclusive
            long to = n * (c + 1) / chunks;           // inclusive
            list.add(form == Form.STREAMED
                    ? new Range(c, from, to)
                    : new Slice(c, numbers, (int) (from - 1), (int) to, sumOfRange(from, to)));
        }
        this.tasks = List.copyOf(list);
    }

    /** 1..n summed as ranges, in {@code chunks} tasks. */
    public static RangeSum streamed(long n, int chunks) {
        return new RangeSum(n, chunks, Form.STREAMED, null);
    }

    /**
     * Materialises 1..n in a {@code long[]} (the seed's list; ~8n bytes, page faults included on first
     * touch) and splits it into {@code chunks} slices.
     */
    public static RangeSum materialised(long n, int chunks) {
        if (n < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("range-sum: an array form needs n in 1.."
                    + (Integer.MAX_VALUE - 8) + ", got " + n);
        }
        long[] numbers = new long[(int) n];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = i + 1L;
        }
        return new RangeSum(n, chunks, Form.ARRAY, numbers);
    }

    public long n() {
        return n;
    }

    public Form form() {
        return form;
    }

    /** The expected total, n(n+1)/2 (5000000050000000 for the seed's N). */
    public long expectedTotal() {
        return sumOfRange(1, n);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Task> tasks() {
        return tasks;
    }

    @Override
    public String summarize(long[] results) {
        long total = 0;
        for (long r : results) {
            total += r;
        }
        return "sum 1.." + n + " = " + total;
    }

    /** The checked total: adds the partial sums and compares with n(n+1)/2. */
    public long total(long[] results) {
        verify(results);
        long total = 0;
        for (long r : results) {
            total += r;
        }
        if (total != expectedTotal()) {
            throw new IllegalStateException("range-sum: total " + total + " != " + expectedTotal());
        }
        return total;
    }

    /** from + (from+1) + ... + to, by the closed form; overflow-free for the sizes used here. */
    static long sumOfRange(long from, long to) {
        long count = to - from + 1;
        // One of count, (from + to) is even: halve it first so the product stays in range.
        return count % 2 == 0 ? (count / 2) * (from + to) : count * ((from + to) / 2);
    }

    /** Sums from..to (inclusive) by counting, with a check point every {@link #STRIP} numbers. */
    public static long sumRange(long from, long to, Interpreter in) {
        long sum = 0;
        for (long start = from; start <= to; start += STRIP) {
            long end = Math.min(to, start + STRIP - 1);
            for (long x = start; x <= end; x++) {
                sum += x;
            }
            in.poll(WORK_PER_POLL_RANGE);
        }
        return sum;
    }

    /** Sums {@code numbers[from, to)}, with a check point every {@link #STRIP} elements. */
    public static long sumSlice(long[] numbers, int from, int to, Interpreter in) {
        long sum = 0;
        for (int start = from; start < to; start += STRIP) {
            int end = Math.min(to, start + STRIP);
            for (int i = start; i < end; i++) {
                sum += numbers[i];
            }
            in.poll(WORK_PER_POLL_ARRAY);
        }
        return sum;
    }

    /** A range of numbers, summed without data. */
    public record Range(int index, long from, long to) implements Task {
        @Override
        public long run(Interpreter in) {
            return sumRange(from, to, in);
        }

        @Override
        public long expected() {
            return sumOfRange(from, to);
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + from + ".." + to + ")";
        }
    }

    /**
     * A slice {@code [from, to)} of the materialised numbers. {@code expected} is computed from the
     * range the slice should hold, not from the array, so corrupted data is caught.
     */
    public record Slice(int index, long[] numbers, int from, int to, long expected) implements Task {
        @Override
        public long run(Interpreter in) {
            return sumSlice(numbers, from, to, in);
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (elements " + from + ".." + (to - 1) + ")";
        }

        /** The number of elements, i.e. what a process model must ship. */
        public int length() {
            return to - from;
        }
    }
}
