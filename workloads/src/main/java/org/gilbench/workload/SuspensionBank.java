package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code suspension-bank}: seed 001:270-274 and 002:676-682 say coroutines need "no locks", one thread
 * that "just checks the state". That holds only where no suspension point lies between a read and its
 * write. This is lesson 5's bank account ({@link LostUpdate#bank}: 100 deposits of 1, a 10 ms sleep each)
 * with the sleep put in one of two places:
 * <ul>
 *   <li>{@link Suspension#BETWEEN}, the seed's {@code new = balance + 1; sleep; balance = new}: under
 *       {@code event-loop} the sleep is an {@code await}, every coroutine that runs meanwhile reads the same
 *       balance, and updates are lost as in a thread pool (the quick run: 7 of 100 with 16 in flight);</li>
 *   <li>{@link Suspension#AFTER}, {@code balance = balance + 1; sleep}: the same I/O, but no await between
 *       the read and the write. Under {@code event-loop} nothing else can run there: 100 of 100 without a
 *       lock. Under {@code gil-emulated} too, since the GIL switches only at check points and blocking calls
 *       and there is none between them (CPython 3.10+ does the same). Plain threads can still be
 *       preempted between the two (rarely: the window is a few ns), so they still need the lock.</li>
 * </ul>
 * With {@code locked}, {@code with lock:} (asyncio: {@code async with lock:}) surrounds the whole deposit.
 * The account is {@link LostUpdate}'s, with the same invariants: with the lock exactly the true balance;
 * without it never above it (lost updates only lose). {@link #verifyExact} is the stronger check for the
 * models that cannot switch between a read and its write.
 */
public final class SuspensionBank implements Workload {

    public static final String NAME = "suspension-bank";
    /** The seed's bank: 100 deposits of 1, 10 ms of I/O each. */
    public static final int SEED_DEPOSITS = LostUpdate.SEED_DEPOSITS;
    public static final long SEED_DEPOSIT_MILLIS = LostUpdate.SEED_DEPOSIT_MILLIS;

    /** Where the deposit's sleep (its await) lies. */
    public enum Suspension {
        /** Between the read and the write: the seed's deposit. */
        BETWEEN("between"),
        /** After the write: the same I/O, no suspension point between the read and its write. */
        AFTER("after");

        private final String label;

        Suspension(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Suspension named(String label) {
            return Labels.named(values(), Suspension::label, "suspension", label);
        }
    }

    private final LostUpdate.Account account = LostUpdate.Account.create();
    private final List<Task> tasks;
    private final boolean locked;
    private final String shape;

    /**
     * {@code deposits} deposits of 1, each sleeping {@code millis} where {@code suspension} says.
     *
     * @throws IllegalArgumentException if deposits < 1 or millis < 0
     */
    public SuspensionBank(int deposits, long millis, Suspension suspension, boolean locked) {
        if (deposits < 1 || millis < 0) {
            throw new IllegalArgumentException("suspension-bank: need deposits >= 1 and millis >= 0, got " + deposits
                    + " and " + millis);
        }
        List<Task> list = new ArrayList<>(deposits);
        for (int i = 0; i < deposits; i++) {
            list.add(new Deposit(i, account, millis, suspension, locked));
        }
        this.tasks = List.copyOf(list);
        this.locked = locked;
        this.shape = deposits + " deposits, sleep " + suspension.label() + " the write" + (locked ? ", locked" : "");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Task> tasks() {
        return tasks;
    }

    /** The balance as this process sees it (after a run: its final value). */
    public long balance() {
        return account.read();
    }

    /** The deposits made in this process (0 when they all ran in child JVMs, which have their own copies). */
    public long trueBalance() {
        return account.deposits.get();
    }

    @Override
    public String summarize(long[] results) {
        return shape + ": balance " + balance() + ", true " + trueBalance();
    }

    /** LostUpdate's invariants: exact with the lock; without it in 0..the true balance. */
    @Override
    public void verify(long[] results) {
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        if (locked) {
            verifyExact();
        }
        if (balance() > trueBalance() || balance() < 0) {
            throw new IllegalStateException(NAME + " (" + shape + "): balance " + balance() + " outside 0.."
                    + trueBalance() + ": lost updates can only lose deposits");
        }
    }

    /**
     * No update was lost: what a model that cannot switch between a read and its write must give without a
     * lock too (serial always; event-loop and gil-emulated with {@link Suspension#AFTER}).
     *
     * @throws IllegalStateException naming the balance and the true one
     */
    public void verifyExact() {
        if (balance() != trueBalance()) {
            throw new IllegalStateException(NAME + " (" + shape + "): balance " + balance() + ", expected exactly "
                    + trueBalance() + ": " + (trueBalance() - balance()) + " updates lost");
        }
    }

    /** One deposit of 1 with its sleep between the read and the write, or after the write. Returns the balance it wrote. */
    static final class Deposit extends LostUpdate.OnAccount {
        private static final long serialVersionUID = 1L;
        private final long millis;
        private final Suspension suspension;
        private final boolean locked;

        Deposit(int index, LostUpdate.Account account, long millis, Suspension suspension, boolean locked) {
            super(index, account);
            this.millis = millis;
            this.suspension = suspension;
            this.locked = locked;
        }

        @Override
        public long run(Interpreter in) throws InterruptedException {
            LostUpdate.Account a = account();
            a.deposits.incrementAndGet();
            if (locked) {
                a.lock(in);
            }
            try {
                long next = a.read() + 1;
                if (suspension == Suspension.BETWEEN) {
                    sleep(in);
                }
                a.write(next);
                if (suspension == Suspension.AFTER) {
                    sleep(in);
                }
                return next;
            } finally {
                if (locked) {
                    a.lock.unlock();
                }
            }
        }

        /** {@code await asyncio.sleep(...)} / {@code time.sleep(...)}: a blocking call, a suspension point. */
        private void sleep(Interpreter in) throws InterruptedException {
            in.beforeBlocking();
            try {
                Thread.sleep(millis);
            } finally {
                in.afterBlocking();
            }
        }

        @Override
        public long expected() {
            return index + 1; // the serial answer; under concurrency verify checks the invariant instead
        }

        @Override
        public String describe() {
            return NAME + " deposit #" + index + " (sleep " + suspension.label() + " the write)";
        }
    }
}
