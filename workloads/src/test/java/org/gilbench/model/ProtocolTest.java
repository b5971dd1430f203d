package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;
import org.junit.jupiter.api.Test;

/** Task frames survive the round trip, slices ship their elements, and bad frames are refused. */
class ProtocolTest {

    @Test
    void everyWorkloadTaskRoundTripsAndComputesTheSameAnswer() throws Exception {
        List<Task> tasks = new ArrayList<>();
        tasks.addAll(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().subList(0, 3));
        tasks.addAll(new PrimeCheck(PrimeCheck.Variant.ODD_ONLY).tasks());
        tasks.addAll(RangeSum.streamed(1_000_000, 3).tasks());
        tasks.addAll(RangeSum.materialised(100_003, 3).tasks()); // slices longer than one 8192-long chunk
        tasks.addAll(SleepIo.fixed(1, 0).tasks());
        tasks.addAll(new CountLoop(1, 12_345).tasks());
        tasks.add(new ExecutionModelContract.Failing("serialized"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Task t : tasks) {
            Protocol.writeTask(t, out);
        }
        out.flush();
        Protocol.TaskReader reader = new Protocol.TaskReader(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (Task sent : tasks) {
            Task received = reader.read();
            assertEquals(sent.getClass(), received.getClass(), sent.describe());
            if (sent instanceof ExecutionModelContract.Failing f) {
                assertEquals(f, received);
            } else {
                assertEquals(sent.expected(), received.run(Interpreter.FREE), sent.describe());
            }
            if (sent instanceof RangeSum.Slice s) {
                RangeSum.Slice r = (RangeSum.Slice) received;
                assertEquals(s.length(), r.length());
                long[] expected = java.util.Arrays.copyOfRange(s.numbers(), s.from(), s.to());
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(r.numbers(), r.from(), r.to()));
            }
        }
        assertNull(reader.read(), "clean end of stream");
    }

    @Test
    void aSliceCostsEightBytesPerElement() throws IOException {
        RangeSum.Slice slice = (RangeSum.Slice) RangeSum.materialised(10_000, 1).tasks().get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Protocol.writeTask(slice, new DataOutputStream(bytes));
        assertEquals(1 + 4 + 8 * 10_000, bytes.size());
    }

    @Test
    void unknownAndTruncatedFramesAreRefused() {
        IOException unknown = assertThrows(IOException.class,
                () -> new Protocol.TaskReader(new DataInputStream(new ByteArrayInputStream(new byte[] {99}))).read());
        assertTrue(unknown.getMessage().contains("unknown task kind 99"));
        assertThrows(IOException.class,
                () -> new Protocol.TaskReader(new DataInputStream(new ByteArrayInputStream(new byte[] {Protocol.PRIME, 0, 0}))).read());
    }
}
