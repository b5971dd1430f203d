package org.gilbench.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;

/**
 * The binary protocol between {@link ForkedProcess} and its {@link Child} JVMs, over the child's stdin
 * and stdout — what {@code multiprocessing} does with pickles over pipes.
 *
 * <p>Frames (big-endian, {@link DataOutputStream}):
 * <pre>
 * child  → parent  HELLO   int MAGIC, int VERSION, long cpuNs        once, when the child is ready
 * parent → child   TASK    byte kind, payload (below)                one at a time per child
 * child  → parent  RESULT  byte RESULT, long value, long cpuNs
 *                  FAILED  byte FAILED, UTF summary, int n, n bytes (the serialized exception, or n = 0), long cpuNs
 * </pre>
 * Task payloads ship what Python would pickle: a prime check its number, a range its bounds, a
 * {@link RangeSum.Slice} <em>its elements</em> (int length, then the longs; the child sums its own copy,
 * as a Python worker sums its unpickled list slice), a sleep its duration, a count loop its iteration
 * count. Any other task that is {@link Serializable} travels as Java serialization (Python's pickle);
 * the rest cannot be shipped. {@code cpuNs} is the child's whole-process CPU time so far, so the parent
 * can count the CPU its children burn. The parent never ships the expected answer: the child computes,
 * the parent checks.
 *
 * <p>Stdin closing (EOF) tells a child to exit; there is no goodbye frame, so a parent that dies any way
 * at all — even SIGKILL — still ends its children.
 */
final class Protocol {

    /** "GILB": the first bytes a child writes; anything else on its stdout is garbage. */
    static final int MAGIC = 0x47494C42;
    static final int VERSION = 1;

    static final byte RESULT = 1;
    static final byte FAILED = 2;

    static final byte PRIME = 1;
    static final byte RANGE = 2;
    static final byte SLICE = 3;
    static final byte SLEEP = 4;
    static final byte CALC = 5;
    static final byte SERIALIZED = 6;

    /** Longs per bulk copy of a slice: a 64 KiB buffer, the size of a Linux pipe. */
    private static final int LONGS_PER_CHUNK = 8192;

    /** Limit of writeUTF (modified UTF-8, 64 KiB); summaries are cut well below it. */
    private static final int MAX_SUMMARY = 8000;

    private Protocol() {
    }

    /**
     * @throws IllegalArgumentException if the task can neither be encoded compactly nor serialized
     */
    static void requireShippable(Task task) {
        if (!(task instanceof PrimeCheck.Check || task instanceof RangeSum.Range || task instanceof RangeSum.Slice
                || task instanceof SleepIo.Sleep || task instanceof CountLoop.Calc || task instanceof Serializable)) {
            throw new IllegalArgumentException("forked-process cannot ship " + task.describe() + " ("
                    + task.getClass().getName() + ") to a child JVM: it is not a workload task the protocol"
                    + " knows (prime-check, range-sum, sleep-io, count-loop) and not Serializable");
        }
    }

    /** Writes one task frame (not flushed). */
    static void writeTask(Task task, DataOutputStream out) throws IOException {
        switch (task) {
            case PrimeCheck.Check c -> {
                out.writeByte(PRIME);
                out.writeLong(c.n());
                out.writeBoolean(c.oddOnly());
            }
            case RangeSum.Range r -> {
                out.writeByte(RANGE);
                out.writeLong(r.from());
                out.writeLong(r.to());
            }
            case RangeSum.Slice s -> {
                out.writeByte(SLICE);
                out.writeInt(s.length());
                writeLongs(s.numbers(), s.from(), s.length(), out);
            }
            case SleepIo.Sleep s -> {
                out.writeByte(SLEEP);
                out.writeLong(s.millis());
            }
            case CountLoop.Calc c -> {
                out.writeByte(CALC);
                out.writeLong(c.iterations());
            }
            default -> {
                requireShippable(task);
                byte[] bytes = serialize(task);
                out.writeByte(SERIALIZED);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * The child's side of task frames. One per child; it keeps one receive buffer for slices and reuses
     * it, so a child summing slice after slice of 100 MB measures the copy through the pipe, not its
     * own garbage collector. Safe because the parent sends a child its next task only after the answer
     * to the previous one: the buffer is never read by a task while the next frame fills it.
     */
    static final class TaskReader {
        private final DataInputStream in;
        private long[] sliceBuffer = new long[0];

        TaskReader(DataInputStream in) {
            this.in = in;
        }

        /**
         * Reads one task frame, or returns null at a clean end of stream (the parent closed stdin).
         * Decoded tasks carry index 0 and no expected answer: only {@code run} is called in the child.
         *
         * @throws IOException on a truncated or unknown frame
         */
        Task read() throws IOException {
            int kind = in.read();
            if (kind < 0) {
                return null;
            }
            return switch (kind) {
                case PRIME -> new PrimeCheck.Check(0, in.readLong(), in.readBoolean(), false);
                case RANGE -> new RangeSum.Range(0, in.readLong(), in.readLong());
                case SLICE -> {
                    int length = in.readInt();
                    if (length < 0) {
                        throw new IOException("bad slice length " + length);
                    }
                    if (sliceBuffer.length < length) {
                        sliceBuffer = new long[length];
                    }
                    readLongs(sliceBuffer, length, in);
                    yield new RangeSum.Slice(0, sliceBuffer, 0, length, 0);
                }
                case SLEEP -> new SleepIo.Sleep(0, in.readLong());
                case CALC -> new CountLoop.Calc(0, in.readLong());
                case SERIALIZED -> {
                    Object o = deserialize(readBytes(in));
                    if (!(o instanceof Task t)) {
                        throw new IOException("serialized task is a " + o.getClass().getName() + ", not a Task");
                    }
                    yield t;
                }
                default -> throw new IOException("unknown task kind " + kind);
            };
        }
    }

    /** A RESULT frame (flushed). */
    static void writeResult(long value, long cpuNs, DataOutputStream out) throws IOException {
        out.writeByte(RESULT);
        out.writeLong(value);
        out.writeLong(cpuNs);
        out.flush();
    }

    /** A FAILED frame (flushed): a one-line summary plus the exception itself when it serializes. */
    static void writeFailure(Throwable failure, long cpuNs, DataOutputStream out) throws IOException {
        String summary = String.valueOf(failure);
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY) + "...";
        }
        byte[] bytes;
        try {
            bytes = serialize(failure);
        } catch (IOException | RuntimeException e) {
            bytes = new byte[0]; // e.g. a non-serializable field: the summary still travels
        }
        out.writeByte(FAILED);
        out.writeUTF(summary);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeLong(cpuNs);
        out.flush();
    }

    static void writeLongs(long[] numbers, int from, int length, DataOutputStream out) throws IOException {
        byte[] chunk = new byte[Math.min(length, LONGS_PER_CHUNK) * Long.BYTES];
        LongBuffer view = ByteBuffer.wrap(chunk).asLongBuffer(); // big-endian, as DataOutput
        for (int done = 0; done < length; ) {
            int n = Math.min(LONGS_PER_CHUNK, length - done);
            view.clear();
            view.put(numbers, from + done, n);
            out.write(chunk, 0, n * Long.BYTES);
            done += n;
        }
    }

    /** Reads {@code length} longs into {@code numbers[0, length)}. */
    static void readLongs(long[] numbers, int length, DataInputStream in) throws IOException {
        byte[] chunk = new byte[Math.min(length, LONGS_PER_CHUNK) * Long.BYTES];
        LongBuffer view = ByteBuffer.wrap(chunk).asLongBuffer();
        for (int done = 0; done < length; ) {
            int n = Math.min(LONGS_PER_CHUNK, length - done);
            in.readFully(chunk, 0, n * Long.BYTES);
            view.clear();
            view.get(numbers, done, n);
            done += n;
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("bad byte count " + n);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot deserialize: " + e.getMessage(), e);
        }
    }

    /** An output stream that adds every byte written to {@code counter}. */
    static OutputStream counting(OutputStream out, LongAdder counter) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                counter.increment();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                counter.add(len);
            }
        };
    }

    /** An input stream that adds every byte read to {@code counter}. */
    static InputStream counting(InputStream in, LongAdder counter) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counter.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    counter.add(n);
                }
                return n;
            }
        };
    }
}
