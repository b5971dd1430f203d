package org.gilbench.workload;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@code lost-update}: lesson 5's shared state, seeds 000–002 — read-modify-write on one shared balance,
 * without and with a lock. Two experiments:
 * <ul>
 *   <li>{@link #bank}: the bank account — {@code deposits} tasks of {@code new = balance + 1;
 *       sleep(millis); balance = new}. Run concurrently without a lock, deposits that read the same
 *       balance overwrite each other: CPython 3.11 with {@code ThreadPoolExecutor(16)}, 100 deposits,
 *       10 ms: 7 (3 of 3 runs). With the lock: 100, in ~1.07 s, one deposit at a time.</li>
 *   <li>{@link #changeIt}: seed 002's {@code change_it(n)} (002:377-397) — {@code balance = balance + n; balance =
 *       balance - n}, one task per n (5 and 8), {@code iterations} times each; the balance should end
 *       at 0. CPython, 10 runs: 2.7 — 4 end non-zero; 3.9 — 1; 3.11 and 3.13 — none.</li>
 * </ul>
 *
 * <p><b>Where a switch can happen</b> ({@link Checks}): the race needs a thread switch between a read
 * and its write. {@code bytecode} puts a check point ({@link Interpreter#poll()}) there, as CPython
 * 2.7–3.9's eval loop checks before most opcodes, between {@code LOAD_GLOBAL} and {@code STORE_GLOBAL};
 * {@code back-edge} only at the end of each iteration, as CPython 3.10+ does. Under a GIL only the check
 * points can switch (the bank's sleep always can: it releases the GIL); plain threads race anywhere.
 *
 * <p><b>The shared variable</b> is a plain {@code long} accessed through a {@link VarHandle} in
 * <em>opaque</em> mode: every read and every write really happens, in program order for this variable,
 * but there is no lock, no atomic read-modify-write and no ordering with other memory — a race exactly
 * like CPython's {@code LOAD_GLOBAL} / {@code STORE_GLOBAL}. Plain field access would let C2 fold
 * {@code b = b + n; b = b - n} into nothing and keep the balance in a register through the loop, so the
 * race would vanish by compilation, not by correctness.
 *
 * <p><b>Processes</b> share nothing: the balance is this process's "module global". A task shipped to a
 * child JVM carries the account's id, not the account (it is {@code transient}, as pickling a function
 * does not ship the globals it uses), and the child works on its own copy, created at 0 on first use —
 * the seeds' ping/pong "global variable" lesson: the parent's balance stays 0. {@link #trueBalance()}
 * therefore counts the deposits made <em>in this process</em>, and the invariant is checked against it.
 */
public final class LostUpdate implements Workload {

    public static final String NAME = "lost-update";
    /** The seeds' bank account: 100 deposits of 1, each sleeping 10 ms between its read and its write. */
    public static final int SEED_DEPOSITS = 100;
    public static final long SEED_DEPOSIT_MILLIS = 10;
    /** Seed 001's {@code change_it}: n = 5 and 8, 100,000 times each. */
    public static final int SEED_ITERATIONS = 100_000;
    public static final List<Integer> SEED_CHANGES = List.of(5, 8);

    /** Where the simulated interpreter may switch threads inside the kernels. */
    public enum Checks {
        /** CPython 3.10+: only at the loop's back-edge (and calls), never between a read and its write. */
        BACK_EDGE("back-edge"),
        /** CPython 2.7–3.9: before most bytecodes, so also between a read and its write. */
        BYTECODE("bytecode");

        private final String label;

        Checks(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Checks named(String label) {
            return Labels.named(values(), Checks::label, "lost-update checks", label);
        }
    }

    private final Account account = Account.create();
    private final List<Task> tasks;
    private final boolean locked;
    private final boolean bank;
    private final String shape;

    private LostUpdate(boolean bank, boolean locked, String shape, Function<Account, List<Task>> build) {
        this.bank = bank;
        this.locked = locked;
        this.shape = shape;
        this.tasks = List.copyOf(build.apply(account));
    }

    /** The bank account: {@code deposits} deposits of 1, each sleeping {@code millis} between read and write. */
    public static LostUpdate bank(int deposits, long millis, boolean locked) {
        if (deposits < 1 || millis < 0) {
            throw new IllegalArgumentException("lost-update: need deposits >= 1 and millis >= 0, got " + deposits
                    + " and " + millis);
        }
        return new LostUpdate(true, locked, deposits + " deposits, " + millis + " ms" + (locked ? ", locked" : ""),
                account -> {
                    List<Task> list = new ArrayList<>(deposits);
                    for (int i = 0; i < deposits; i++) {
                        list.add(new Deposit(i, account, millis, locked));
                    }
                    return list;
                });
    }

    /** {@code change_it(n)} for each n, {@code iterations} times, one task per n. */
    public static LostUpdate changeIt(List<Integer> changes, int iterations, boolean locked, Checks checks) {
        if (changes.isEmpty() || iterations < 1) {
            throw new IllegalArgumentException("lost-update: need changes and iterations >= 1, got " + changes
                    + " and " + iterations);
        }
        return new LostUpdate(false, locked, "change_it" + changes + " x " + iterations + ", checks=" + checks.label()
                + (locked ? ", locked" : ""),
                account -> {
                    List<Task> list = new ArrayList<>(changes.size());
                    for (int i = 0; i < changes.size(); i++) {
                        list.add(new ChangeIt(i, account, changes.get(i), iterations, locked, checks == Checks.BYTECODE));
                    }
                    return list;
                });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Task> tasks() {
        return tasks;
    }

    /** This process's account (for tests). */
    Account account() {
        return account;
    }

    /** The balance as this process sees it now (after a run: its final value). */
    public long balance() {
        return account.read();
    }

    /**
     * What the balance would be without lost updates: the deposits made in this process (0 when they
     * all ran in child JVMs), or 0 for {@code change_it}.
     */
    public long trueBalance() {
        return bank ? account.deposits.get() : 0;
    }

    /** The highest balance any deposit wrote, in this process or a child's copy (from the results). */
    public static long highestWritten(long[] results) {
        long most = 0;
        for (long r : results) {
            most = Math.max(most, r);
        }
        return most;
    }

    @Override
    public String summarize(long[] results) {
        return shape + ": balance " + balance() + ", true " + trueBalance();
    }

    /**
     * Checks the invariant, not the value: with the lock the balance is exactly the true one; without
     * it, a bank balance is never above the true one (lost updates only lose) and never below 0.
     * {@code change_it} without a lock may end anywhere.
     *
     * @throws IllegalStateException saying which invariant broke
     */
    @Override
    public void verify(long[] results) {
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        long balance = balance();
        long truth = trueBalance();
        if (locked && balance != truth) {
            throw new IllegalStateException(NAME + " (" + shape + "): balance " + balance + " with the lock, expected "
                    + truth);
        }
        if (bank && (balance > truth || balance < 0)) {
            throw new IllegalStateException(NAME + " (" + shape + "): balance " + balance + " outside 0.." + truth
                    + ": lost updates can only lose deposits");
        }
    }

    /**
     * The shared balance: one per workload in the process that made it, and one copy per child JVM
     * (created at 0 when a shipped task first uses it there).
     */
    static final class Account {

        private static final VarHandle BALANCE;
        private static final AtomicLong IDS = new AtomicLong();
        /** This process's globals: the accounts a shipped task finds by id. */
        private static final ConcurrentHashMap<Long, Account> GLOBALS = new ConcurrentHashMap<>();

        static {
            try {
                BALANCE = MethodHandles.lookup().findVarHandle(Account.class, "balance", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long id;
        /** Accessed only through BALANCE in opaque mode (see the class comment). */
        @SuppressWarnings("unused")
        private long balance;
        final ReentrantLock lock = new ReentrantLock();
        /** Deposits made in this process: the true balance. Counted before the read, off the race. */
        final AtomicLong deposits = new AtomicLong();

        private Account(long id) {
            this.id = id;
        }

        /** A new account of this process; the pid in the id's high bits keeps a child's own ids apart. */
        static Account create() {
            return new Account(IDS.incrementAndGet() ^ (ProcessHandle.current().pid() << 32));
        }

        /** This process's copy of account {@code id}: the parent's own, or a child's fresh one at 0. */
        static Account global(long id) {
            return GLOBALS.computeIfAbsent(id, Account::new);
        }

        long read() {
            return (long) BALANCE.getOpaque(this);
        }

        void write(long value) {
            BALANCE.setOpaque(this, value);
        }

        /** {@code lock.acquire()}: a blocking call when the lock is taken (releases a GIL, suspends a coroutine). */
        void lock(Interpreter in) {
            if (!lock.tryLock()) {
                in.beforeBlocking();
                try {
                    lock.lock();
                } finally {
                    in.afterBlocking();
                }
            }
        }
    }

    /** A task whose account is this process's: the parent's own, or looked up by id in a child JVM. */
    abstract static class OnAccount implements Task, Serializable {
        private static final long serialVersionUID = 1L;
        final int index;
        private final long accountId;
        /** Not shipped: a child JVM uses its own copy (its "global variable"). */
        private final transient Account account;

        OnAccount(int index, Account account) {
            this.index = index;
            this.accountId = account.id;
            this.account = account;
        }

        final Account account() {
            return account != null ? account : Account.global(accountId);
        }
    }

    /**
     * One deposit: {@code new = balance + 1; sleep(millis); balance = new} (inside {@code with lock:} when
     * locked). Returns the balance it wrote; {@link #expected()} is the serial answer, index + 1 — under
     * concurrency the answers differ, which is the lesson, so {@link LostUpdate#verify} checks the
     * invariant instead.
     */
    static final class Deposit extends OnAccount {
        private static final long serialVersionUID = 1L;
        private final long millis;
        private final boolean locked;

        Deposit(int index, Account account, long millis, boolean locked) {
            super(index, account);
            this.millis = millis;
            this.locked = locked;
        }

        @Override
        public long run(Interpreter in) throws InterruptedException {
            Account a = account();
            a.deposits.incrementAndGet();
            if (locked) {
                a.lock(in);
            }
            try {
                long next = a.read() + 1;
                in.beforeBlocking();
                try {
                    Thread.sleep(millis);
                } finally {
                    in.afterBlocking();
                }
                a.write(next);
                return next;
            } finally {
                if (locked) {
                    a.lock.unlock();
                }
            }
        }

        @Override
        public long expected() {
            return index + 1;
        }

        @Override
        public String describe() {
            return NAME + " deposit #" + index;
        }
    }

    /**
     * {@code for _ in range(iterations): change_it(n)}: {@code balance = balance + n; balance = balance -
     * n}, the pair inside {@code with lock:} when locked. Returns n.
     */
    static final class ChangeIt extends OnAccount {
        private static final long serialVersionUID = 1L;
        private final int n;
        private final int iterations;
        private final boolean locked;
        private final boolean bytecodeChecks;

        ChangeIt(int index, Account account, int n, int iterations, boolean locked, boolean bytecodeChecks) {
            super(index, account);
            this.n = n;
            this.iterations = iterations;
            this.locked = locked;
            this.bytecodeChecks = bytecodeChecks;
        }

        @Override
        public long run(Interpreter in) {
            Account a = account();
            for (int i = 0; i < iterations; i++) {
                if (locked) {
                    a.lock(in);
                }
                try {
                    long v = a.read();          // LOAD_GLOBAL balance
                    if (bytecodeChecks) {
                        in.poll();              // 2.7-3.9: a switch may come before STORE_GLOBAL
                    }
                    a.write(v + n);             // STORE_GLOBAL balance
                    v = a.read();
                    if (bytecodeChecks) {
                        in.poll();
                    }
                    a.write(v - n);
                } finally {
                    if (locked) {
                        a.lock.unlock();
                    }
                }
                in.poll();                      // the loop's back-edge: 3.10+ switches only here
            }
            return n;
        }

        @Override
        public long expected() {
            return n;
        }

        @Override
        public String describe() {
            return NAME + " change_it(" + n + ") #" + index;
        }
    }
}
