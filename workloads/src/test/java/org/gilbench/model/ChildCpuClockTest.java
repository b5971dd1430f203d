package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The child's CPU clock reads utime + stime from /proc/self/stat, whatever the command name holds. */
class ChildCpuClockTest {

    private static long ticks(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        return Child.CpuClock.ticks(bytes, bytes.length);
    }

    @Test
    void utimePlusStimeAreFields14And15CountedFromTheLastParenthesis() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        assertEquals(250 + 37, ticks("4242 (java) S 1 2 3 4 5 6 7 8 9 10 250 37 0 0 20 0 19 0\n"));
        assertEquals(250 + 37, ticks("4242 (a b) c) S 1 2 3 4 5 6 7 8 9 10 250 37 0 0 20 0 19 0\n"));
        assertEquals(3 + 4, ticks("1 (x) R 1 2 3 4 5 6 7 8 9 10 3 4")); // the line may end at stime
    }

    @Test
    void aLineThatIsNotAStatLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ticks("no parenthesis 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> ticks("1 (x) S 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> ticks("1 (x) S 1 2 3 4 5 6 7 8 9 10 2x0 37 0"));
    }

    @Test
    void theOpenClockReadsThisProcessAfreshOnEveryCall() {
        long before = Child.cpuNanos();
        assertTrue(before > 0, "a running JVM has used CPU (from /proc, or ProcessHandle without it)");
        long spin = System.nanoTime();
        long sink = 0;
        while (System.nanoTime() - spin < 60_000_000L) { // 60 ms of CPU: more than a 10 ms tick
            sink += sink * 31 + 7;
        }
        long after = Child.cpuNanos();
        assertTrue(after > before, "the second read is not the first one cached: " + before + " -> " + after + " (" + sink + ")");
    }

    @Test
    void withoutProcTheClockIsProcessHandlesAndAgreesWithProc() {
        System.setProperty(Child.CpuClock.NO_PROC_PROPERTY, "true");
        Child.CpuClock fallback;
        try {
            fallback = Child.CpuClock.open();
        } finally {
            System.clearProperty(Child.CpuClock.NO_PROC_PROPERTY);
        }
        assertEquals("process-handle", fallback.source());
        long before = fallback.nanos();
        assertTrue(before > 0, "ProcessHandle reports this JVM's CPU time");
        long spin = System.nanoTime();
        long sink = 0;
        while (System.nanoTime() - spin < 60_000_000L) {
            sink += sink * 31 + 7;
        }
        long after = fallback.nanos();
        assertTrue(after > before, "it advances: " + before + " -> " + after + " (" + sink + ")");
        if (Child.CpuClock.open().source().equals("proc-self-stat")) {
            // One process, two clocks: they agree within generous bounds (ticks of 10 ms, reads a moment apart).
            long proc = Child.CpuClock.open().nanos();
            long handle = fallback.nanos();
            assertTrue(Math.abs(proc - handle) < 500_000_000L, "proc " + proc + " ns vs ProcessHandle " + handle + " ns");
        }
    }
}
