package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimeCheckTest {

    @Test
    void pinnedAnswersAgreeWithBigInteger() {
        for (int i = 0; i < PrimeCheck.SEED_NUMBERS.length; i++) {
            long n = PrimeCheck.SEED_NUMBERS[i];
            assertEquals(BigInteger.valueOf(n).isProbablePrime(64), PrimeCheck.SEED_IS_PRIME[i], "n = " + n);
        }
    }

    @Test
    void seedListHas60PrimesOf65() throws InterruptedException {
        PrimeCheck work = new PrimeCheck(PrimeCheck.Variant.SEED);
        List<Task> tasks = work.tasks();
        assertEquals(65, tasks.size());
        long[] results = new long[tasks.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = tasks.get(i).run(Interpreter.FREE);
        }
        work.verify(results);
        assertEquals("60 of 65 prime", work.summarize(results));
    }

    @Test
    void oddOnlyVariantHas5PrimesOf6() throws InterruptedException {
        PrimeCheck work = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        long[] results = new long[6];
        for (int i = 0; i < 6; i++) {
            results[i] = work.tasks().get(i).run(Interpreter.FREE);
        }
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, results);
        work.verify(results);
    }

    @Test
    void kernelsAgreeOnSmallNumbers() {
        for (long n = 3; n < 5000; n += 2) {
            long expected = BigInteger.valueOf(n).isProbablePrime(64) ? 1 : 0;
            assertEquals(expected, PrimeCheck.isPrime(n, Interpreter.FREE), "isPrime " + n);
            assertEquals(expected, PrimeCheck.isPrimeOddOnly(n, Interpreter.FREE), "isPrimeOddOnly " + n);
        }
        assertEquals(0, PrimeCheck.isPrime(1, Interpreter.FREE));
        assertEquals(1, PrimeCheck.isPrime(2, Interpreter.FREE));
        assertEquals(0, PrimeCheck.isPrime(4, Interpreter.FREE));
    }

    @Test
    void isqrtIsExactNearPerfectSquares() {
        for (long r : new long[] {1, 2, 3, 94906265L, 3037000499L}) {
            long sq = r * r;
            assertEquals(r, PrimeCheck.isqrt(sq));
            assertEquals(r - 1, PrimeCheck.isqrt(sq - 1));
            assertEquals(r, PrimeCheck.isqrt(sq + 1));
        }
        assertEquals(3037000499L, PrimeCheck.isqrt(Long.MAX_VALUE));
    }

    @Test
    void wrongAnswerIsCaught() {
        PrimeCheck work = new PrimeCheck(PrimeCheck.Variant.SEED);
        long[] results = work.tasks().stream().mapToLong(Task::expected).toArray();
        work.verify(results);
        results[12] = 1; // claim 1099726899285419 is prime
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> work.verify(results));
        assertEquals("prime-check: wrong answer for prime-check #12 (n = 1099726899285419): got 1, expected 0",
                e.getMessage());
    }

    @Test
    void variantsByName() {
        assertEquals(PrimeCheck.Variant.ODD_ONLY, PrimeCheck.Variant.named("odd-only"));
        assertThrows(IllegalArgumentException.class, () -> PrimeCheck.Variant.named("fast"));
    }
}
