package org.gilbench.distributed;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.gilbench.distributed.wire.CountTask;
import org.gilbench.distributed.wire.PrimeTask;
import org.gilbench.distributed.wire.RangeTask;
import org.gilbench.distributed.wire.SleepTask;
import org.gilbench.distributed.wire.SliceTask;
import org.gilbench.distributed.wire.TaskMessage;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;

/**
 * Tasks to protobuf and back: what forked-process's {@code Protocol} does for its pipe, for the five
 * workload task kinds only. Each ships what Python would pickle — a number, a range's bounds, a
 * slice's elements — and never its expected answer: the worker computes, the master checks.
 *
 * <p>Unlike forked-process there is no fallback to Java serialization for other tasks (a peer on the
 * network must not be able to make the other side build objects of its choosing): any other task is
 * refused before the run starts, in one line.
 */
final class TaskCodec {

    private TaskCodec() {
    }

    /**
     * @param maxTaskBytes the largest task message a worker accepts (a slice's elements count)
     * @throws IllegalArgumentException if the task is not a workload task this codec knows, or too big
     */
    static void requireShippable(Task task, long maxTaskBytes) {
        switch (task) {
            case PrimeCheck.Check c -> { }
            case RangeSum.Range r -> { }
            case SleepIo.Sleep s -> { }
            case CountLoop.Calc c -> { }
            case RangeSum.Slice s -> {
                long bytes = (long) s.length() * Long.BYTES;
                if (bytes + 64 > maxTaskBytes) {
                    throw new IllegalArgumentException(Distributed.NAME + " cannot ship " + s.describe() + ": "
                            + bytes + " bytes of elements, more than the " + maxTaskBytes
                            + "-byte message cap (option max-task-mb)");
                }
            }
            default -> throw new IllegalArgumentException(Distributed.NAME + " cannot ship " + task.describe()
                    + " (" + task.getClass().getSimpleName() + "): only the workload tasks have a wire form"
                    + " (prime-check, range-sum, sleep-io, count-loop); nothing else crosses the network");
        }
    }

    /** The task as a message, under {@code lease}. */
    static TaskMessage encode(long lease, Task task) {
        TaskMessage.Builder m = TaskMessage.newBuilder().setLease(lease);
        switch (task) {
            case PrimeCheck.Check c -> m.setPrime(PrimeTask.newBuilder().setN(c.n()).setOddOnly(c.oddOnly()));
            case RangeSum.Range r -> m.setRange(RangeTask.newBuilder().setFrom(r.from()).setTo(r.to()));
            case RangeSum.Slice s -> m.setSlice(SliceTask.newBuilder().setNumbers(elements(s)));
            case SleepIo.Sleep s -> m.setSleep(SleepTask.newBuilder().setMillis(s.millis()));
            case CountLoop.Calc c -> m.setCount(CountTask.newBuilder().setIterations(c.iterations()));
            default -> throw new IllegalArgumentException(Distributed.NAME + " cannot ship " + task.describe());
        }
        return m.build();
    }

    /** A slice's elements, copied once into a buffer that the message then wraps without a second copy. */
    private static ByteString elements(RangeSum.Slice s) {
        byte[] bytes = new byte[s.length() * Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(s.numbers(), s.from(), s.length());
        return UnsafeByteOperations.unsafeWrap(bytes); // the array is never written again
    }

    /**
     * The worker's side: rebuilds the task. It carries index 0 and no expected answer (only {@code run}
     * is called in a worker).
     *
     * @throws IllegalArgumentException for a message with no task in it, or a slice of a partial element
     */
    static Task decode(TaskMessage m) {
        return switch (m.getWorkCase()) {
            case PRIME -> new PrimeCheck.Check(0, m.getPrime().getN(), m.getPrime().getOddOnly(), false);
            case RANGE -> new RangeSum.Range(0, m.getRange().getFrom(), m.getRange().getTo());
            case SLICE -> {
                ByteString bytes = m.getSlice().getNumbers();
                if (bytes.size() % Long.BYTES != 0) {
                    throw new IllegalArgumentException("slice of " + bytes.size() + " bytes is not whole 8-byte elements");
                }
                long[] numbers = new long[bytes.size() / Long.BYTES];
                bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(numbers);
                yield new RangeSum.Slice(0, numbers, 0, numbers.length, 0);
            }
            case SLEEP -> new SleepIo.Sleep(0, m.getSleep().getMillis());
            case COUNT -> new CountLoop.Calc(0, m.getCount().getIterations());
            case WORK_NOT_SET -> throw new IllegalArgumentException("task message of lease " + m.getLease() + " holds no task");
        };
    }
}
