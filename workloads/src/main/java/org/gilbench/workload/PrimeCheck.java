package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code prime-check}: the seeds' {@code is_prime} mapped over a list of numbers (seed 000 section 7,
 * seed 004).
 *
 * <p>{@link Variant#SEED}: the 13-number list repeated 5 times (65 tasks) with trial division by every
 * {@code i} in {@code 2..isqrt(n)}; 60 of the 65 are prime ({@code 1099726899285419} is not). The tasks
 * are very uneven: each ~1.1e14 prime needs ~10.6 million divisions, the small numbers a few thousand,
 * so load balance, not only the core count, bounds the speedup.
 *
 * <p>{@link Variant#ODD_ONLY}: seed 004's six large numbers with the {@code is_prime} that rejects even
 * {@code n} and tries odd divisors {@code 3..isqrt(n)} only; 5 of the 6 are prime.
 */
public final class PrimeCheck implements Workload {

    public static final String NAME = "prime-check";

    /** The seed list, in the seed's order (112272535095293 appears twice there too). */
    static final long[] SEED_NUMBERS = {
        1116281L, 1297337L, 104395303L, 472882027L, 533000389L, 817504243L, 982451653L,
        112272535095293L, 112582705942171L, 112272535095293L, 115280095190773L,
        115797848077099L, 1099726899285419L,
    };

    /** Primality of {@link #SEED_NUMBERS}, pinned (and checked against BigInteger in the tests). */
    static final boolean[] SEED_IS_PRIME = {
        true, true, true, true, true, true, true,
        true, true, true, true,
        true, false,
    };

    /** The seed list is repeated this many times ("PRIMES = [...] * 5"). */
    static final int SEED_REPEATS = 5;

    /** Seed 004's list: the six large numbers. */
    static final long[] ODD_ONLY_NUMBERS = {
        112272535095293L, 112582705942171L, 112272535095293L, 115280095190773L,
        115797848077099L, 1099726899285419L,
    };

    /** Which of the seeds' two {@code is_prime} functions, over which list. */
    public enum Variant {
        /** Seed 000: divisors 2..isqrt(n), the 13-number list x 5. */
        SEED("seed"),
        /** Seed 004: even n rejected, odd divisors 3..isqrt(n), the six large numbers. */
        ODD_ONLY("odd-only");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Variant named(String label) {
            return Labels.named(values(), Variant::label, "prime-check variant", label);
        }
    }

    private final Variant variant;
    private final List<Task> tasks;

    public PrimeCheck(Variant variant) {
        this.variant = variant;
        List<Task> list = new ArrayList<>();
        if (variant == Variant.SEED) {
            for (int r = 0; r < SEED_REPEATS; r++) {
                for (int i = 0; i < SEED_NUMBERS.length; i++) {
                    list.add(new Check(list.size(), SEED_NUMBERS[i], false, SEED_IS_PRIME[i]));
                }
            }
        } else {
            for (long n : ODD_ONLY_NUMBERS) {
                list.add(new Check(list.size(), n, true, n != 1099726899285419L));
            }
        }
        this.tasks = List.copyOf(list);
    }

    public Variant variant() {
        return variant;
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
        long primes = 0;
        for (long r : results) {
            primes += r;
        }
        return primes + " of " + results.length + " prime";
    }

    /**
     * Work units ({@link Interpreter#TICK_WORK}, ~ns) in one trial division, measured on the reference
     * machine (docs/gil.md): one 64-bit remainder and a compare.
     */
    static final int WORK_PER_POLL = 3;

    /** The seed's trial division: divisors 2..isqrt(n); 1 when prime, 0 when not. */
    public static long isPrime(long n, Interpreter in) {
        if (n < 2) {
            return 0;
        }
        long limit = isqrt(n);
        for (long i = 2; i <= limit; i++) {
            if (n % i == 0) {
                return 0;
            }
            in.poll(WORK_PER_POLL);
        }
        return 1;
    }

    /** Seed 004's variant: even n rejected at once, then odd divisors 3..isqrt(n) only. */
    public static long isPrimeOddOnly(long n, Interpreter in) {
        if (n % 2 == 0) {
            return 0;
        }
        long limit = isqrt(n);
        for (long i = 3; i <= limit; i += 2) {
            if (n % i == 0) {
                return 0;
            }
            in.poll(WORK_PER_POLL);
        }
        return 1;
    }

    /** floor(sqrt(n)), exact for every non-negative long (Math.sqrt alone can be off by one near 2^53). */
    static long isqrt(long n) {
        long r = Math.min((long) Math.sqrt((double) n), MAX_ISQRT);
        while (r * r > n) {
            r--;
        }
        while (r < MAX_ISQRT && (r + 1) * (r + 1) <= n) {
            r++;
        }
        return r;
    }

    /** isqrt(Long.MAX_VALUE): squares of larger values overflow. */
    private static final long MAX_ISQRT = 3037000499L;

    /** One number to check. */
    public record Check(int index, long n, boolean oddOnly, boolean prime) implements Task {

        @Override
        public long run(Interpreter in) {
            return oddOnly ? isPrimeOddOnly(n, in) : isPrime(n, in);
        }

        @Override
        public long expected() {
            return prime ? 1 : 0;
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (n = " + n + ")";
        }
    }
}
