package org.gilbench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code fork-copies-globals} (seeds 000:497-531, 000:664-690, 001:53-83; SEEDS.md 7.3): each process
 * has its own copy of the program's data, threads share one. Two of the seeds' programs, as counts:
 * <ul>
 *   <li>{@link #counting}: a global {@code counter = 0}; 'Ping' and 'Pong' each loop
 *       {@code while counter < 50: counter += 1; sleep(0.01)} (seed 000:666-690; seed 001:55-83 to 10
 *       with {@code sleep(0.5)}). Two processes: each counts its own copy, <b>50 + 50</b> (the seed's
 *       "50 'Ping' and 50 'Pong'"); two threads: one counter, <b>50 in all</b>.</li>
 *   <li>{@link #popping}: {@code nums = [20, 30, 40]} passed to two {@code Process(target=sub_task,
 *       args=(..., nums))} and to the parent's own {@code sub_task('Good', nums)}, each doing
 *       {@code nums.pop(0)} then counting to it (seed 000:497-531): <b>20 in all three</b> for
 *       processes, each popping its own copy; threads popping the one list get 20, 30 and 40.</li>
 * </ul>
 *
 * <p>A "global" is this process's: tasks shipped to a child JVM carry the global's id and the child
 * uses its own copy, created at the parent's initial value (0) on first use — what fork() copies and
 * spawn re-creates by importing the module. A list travels inside the task, so Java serialization ships
 * a copy of it per task, as pickling {@code args} does. Every answer carries the pid of the process
 * that computed it, so verification is exact under any model: the counts of one process add up to the
 * limit (one copy per process), and the pops of one process are its list's first elements in turn.
 *
 * <p>Threads check the limit and increment under a lock, so the thread count is exactly 50 (the seed's
 * threads race on {@code counter < 50} only if a switch falls between the test and the increment: that
 * race is {@link LostUpdate}'s lesson, not this one). Left out: the prints (counted instead) and the
 * seed's {@code sleep(0.5)} before each loop in the list program.
 */
public final class OwnCopies {

    public static final String NAME = "fork-copies-globals";
    /** Seed 000:666-690: 'Ping' and 'Pong' count to 50, sleeping 10 ms per step. */
    public static final int SEED_PARTIES = 2;
    public static final int SEED_LIMIT = 50;
    public static final long SEED_SLEEP_MILLIS = 10;
    /** Seed 000:497-531: {@code nums = [20, 30, 40]}, popped by Ping, Pong and the parent's 'Good'. */
    public static final List<Integer> SEED_NUMS = List.of(20, 30, 40);

    /** Results carry the pid above this many bits, the count or popped value below. */
    static final int VALUE_BITS = 20;
    private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;

    private OwnCopies() {
    }

    /** {@code parties} parties counting one global to {@code limit}, sleeping {@code millis} per step. */
    public static Counting counting(int parties, int limit, long millis) {
        return new Counting(parties, limit, millis);
    }

    /** {@code parties} parties (plus the parent's own) popping the first element of {@code nums}, each counting to it. */
    public static Popping popping(int parties, List<Integer> nums, long millis) {
        return new Popping(parties, nums, millis);
    }

    static long pack(long value) {
        return ProcessHandle.current().pid() << VALUE_BITS | value;
    }

    /** The pid in a result. */
    public static long pidOf(long result) {
        return result >>> VALUE_BITS;
    }

    /** The count or popped value in a result. */
    public static int valueOf(long result) {
        return (int) (result & VALUE_MASK);
    }

    private static void requireParties(int parties) {
        if (parties < 1 || parties > 64) {
            throw new IllegalArgumentException("bad value for parties: " + parties + " (allowed: 1..64)");
        }
    }

    private static void requireMillis(long millis) {
        if (millis < 0 || millis > 10_000) {
            throw new IllegalArgumentException("bad value for millis: " + millis + " (allowed: 0..10000)");
        }
    }

    /** {@code time.sleep}: releases a GIL while it sleeps. */
    static void sleep(Interpreter in, long millis) throws InterruptedException {
        if (millis == 0) {
            return;
        }
        in.beforeBlocking();
        try {
            Thread.sleep(millis);
        } finally {
            in.afterBlocking();
        }
    }

    // --- the global counter -----------------------------------------------------------------------

    /** The counting program; one per run (its global starts at 0 in every process). */
    public static final class Counting implements Workload {
        private final Global global = Global.create();
        private final int limit;
        private final List<Task> tasks;

        private Counting(int parties, int limit, long millis) {
            requireParties(parties);
            requireMillis(millis);
            if (limit < 1 || limit > VALUE_MASK) {
                throw new IllegalArgumentException("bad value for limit: " + limit + " (allowed: 1.." + VALUE_MASK + ")");
            }
            this.limit = limit;
            List<Task> list = new ArrayList<>(parties);
            for (int p = 0; p < parties; p++) {
                list.add(new CountTo(p, global.id, limit, millis));
            }
            this.tasks = List.copyOf(list);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Task> tasks() {
            return tasks;
        }

        /** The parent's counter after the run: the limit if the parties ran here (threads), else 0. */
        public long parentCounter() {
            return global.value();
        }

        /** Every party's steps added up: the seed's printed Pings and Pongs. */
        public static long total(long[] results) {
            long total = 0;
            for (long r : results) {
                total += valueOf(r);
            }
            return total;
        }

        /** How many copies of the counter were counted: the processes the parties ran in. */
        public static int copies(long[] results) {
            return byPid(results).size();
        }

        @Override
        public String summarize(long[] results) {
            return tasks.size() + " parties to " + limit + ": " + total(results) + " steps on " + copies(results)
                    + " copies, the parent's counter " + parentCounter();
        }

        /**
         * Exact under any model: in each process the parties' steps add up to the limit (each copy is
         * counted to it once), and the parent's counter is the limit exactly when a party ran here.
         *
         * @throws IllegalStateException naming the process whose count is wrong
         */
        @Override
        public void verify(long[] results) {
            if (results == null || results.length != tasks.size()) {
                throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                        + (results == null ? "none" : results.length));
            }
            Map<Long, Long> steps = byPid(results);
            steps.forEach((pid, count) -> {
                if (count != limit) {
                    throw new IllegalStateException(NAME + ": the parties in process " + pid + " counted " + count
                            + " steps on its copy, expected " + limit);
                }
            });
            long here = ProcessHandle.current().pid();
            long expectedHere = steps.containsKey(here) ? limit : 0;
            if (parentCounter() != expectedHere) {
                throw new IllegalStateException(NAME + ": the parent's counter is " + parentCounter() + ", expected "
                        + expectedHere);
            }
        }

        private static Map<Long, Long> byPid(long[] results) {
            Map<Long, Long> steps = new TreeMap<>();
            for (long r : results) {
                steps.merge(pidOf(r), (long) valueOf(r), Long::sum);
            }
            return steps;
        }
    }

    /** A process's global counter: the parent's, or a child's copy made at 0 on first use. */
    static final class Global {
        private static final AtomicLong IDS = new AtomicLong();
        private static final ConcurrentHashMap<Long, Global> GLOBALS = new ConcurrentHashMap<>();
        final long id;
        private long value;

        private Global(long id) {
            this.id = id;
        }

        /** A new global of this process; the pid in the id's high bits keeps a child's own ids apart. */
        static Global create() {
            Global g = new Global(IDS.incrementAndGet() ^ ProcessHandle.current().pid() << 32);
            GLOBALS.put(g.id, g);
            return g;
        }

        static Global of(long id) {
            return GLOBALS.computeIfAbsent(id, Global::new);
        }

        /** {@code if counter < limit: counter += 1}, atomically; false once the limit is reached. */
        synchronized boolean step(int limit) {
            if (value >= limit) {
                return false;
            }
            value++;
            return true;
        }

        synchronized long value() {
            return value;
        }
    }

    /** One party: {@code while counter < limit: counter += 1; sleep(millis)}. Returns pid and its steps. */
    record CountTo(int index, long globalId, int limit, long millis) implements Task, Serializable {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            Global counter = Global.of(globalId); // this process's copy
            int steps = 0;
            while (counter.step(limit)) {
                steps++;
                sleep(in, millis);
            }
            return pack(steps);
        }

        /** Not used: the steps depend on the model; {@link Counting#verify} checks them per process. */
        @Override
        public long expected() {
            return limit;
        }

        @Override
        public String describe() {
            return NAME + " party #" + index + " (to " + limit + ")";
        }
    }

    // --- the popped list --------------------------------------------------------------------------

    /** The list program; one per run. Call {@link #popInParent} after the parties ran, then verify. */
    public static final class Popping implements Workload {
        private final Numbers nums;
        private final List<Integer> original;
        private final long millis;
        private final List<Task> tasks;
        private Integer parentPopped;

        private Popping(int parties, List<Integer> nums, long millis) {
            requireParties(parties);
            requireMillis(millis);
            if (nums.size() < parties + 1 || nums.stream().anyMatch(n -> n < 0 || n > 10_000)) {
                throw new IllegalArgumentException("bad value for nums: " + nums + " (allowed: at least parties + 1 = "
                        + (parties + 1) + " numbers in 0..10000)");
            }
            this.original = List.copyOf(nums);
            this.nums = new Numbers(nums);
            this.millis = millis;
            List<Task> list = new ArrayList<>(parties);
            for (int p = 0; p < parties; p++) {
                list.add(new PopFirst(p, this.nums, millis));
            }
            this.tasks = List.copyOf(list);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Task> tasks() {
            return tasks;
        }

        /** The parent's {@code sub_task('Good', nums)}, on its own list, after the parties have theirs. */
        public int popInParent() throws InterruptedException {
            parentPopped = new PopFirst(-1, nums, millis).popAndCount(Interpreter.FREE);
            return parentPopped;
        }

        @Override
        public String summarize(long[] results) {
            List<Integer> pops = new ArrayList<>();
            for (long r : results) {
                pops.add(valueOf(r));
            }
            return "popped " + pops + ", the parent " + parentPopped;
        }

        /**
         * Exact under any model: a party in a child popped its own copy's first element; the parties in
         * this process popped the list's first elements, each once; the parent popped the next one.
         *
         * @throws IllegalStateException naming the wrong pop
         */
        @Override
        public void verify(long[] results) {
            if (results == null || results.length != tasks.size()) {
                throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                        + (results == null ? "none" : results.length));
            }
            if (parentPopped == null) {
                throw new IllegalStateException(NAME + ": popInParent() was not called before verify");
            }
            long here = ProcessHandle.current().pid();
            List<Integer> poppedHere = new ArrayList<>();
            for (long r : results) {
                if (pidOf(r) == here) {
                    poppedHere.add(valueOf(r));
                } else if (valueOf(r) != original.get(0)) {
                    throw new IllegalStateException(NAME + ": a party in process " + pidOf(r) + " popped " + valueOf(r)
                            + " from its copy, expected its first element " + original.get(0));
                }
            }
            poppedHere.sort(null);
            List<Integer> first = new ArrayList<>(original.subList(0, poppedHere.size()));
            first.sort(null);
            if (!poppedHere.equals(first)) {
                throw new IllegalStateException(NAME + ": the parties in this process popped " + poppedHere
                        + ", expected " + first + " (each element once)");
            }
            if (parentPopped.intValue() != original.get(poppedHere.size())) {
                throw new IllegalStateException(NAME + ": the parent popped " + parentPopped + ", expected "
                        + original.get(poppedHere.size()));
            }
        }

        /** The pops in the results (for reports). */
        public static List<Integer> pops(long[] results) {
            List<Integer> pops = new ArrayList<>();
            for (long r : results) {
                pops.add(valueOf(r));
            }
            return pops;
        }
    }

    /** {@code nums}: a list the parties share in one process; serialization gives each shipped task a copy. */
    static final class Numbers implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ArrayList<Integer> list;

        Numbers(List<Integer> nums) {
            this.list = new ArrayList<>(nums);
        }

        synchronized int popFirst() {
            if (list.isEmpty()) {
                throw new IllegalStateException("pop from empty list");
            }
            return list.remove(0);
        }
    }

    /** {@code counter, total = 0, nums.pop(0); while counter < total: counter += 1; sleep(millis)}. Returns pid and total. */
    record PopFirst(int index, Numbers nums, long millis) implements Task, Serializable {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            return pack(popAndCount(in));
        }

        int popAndCount(Interpreter in) throws InterruptedException {
            int total = nums.popFirst();
            int counter = 0;
            while (counter < total) {
                counter++;
                sleep(in, millis);
            }
            if (counter != total) {
                throw new IllegalStateException("counted " + counter + " to " + total);
            }
            return total;
        }

        /** Not used: the pop depends on the model; {@link Popping#verify} checks it per process. */
        @Override
        public long expected() {
            return -1;
        }

        @Override
        public String describe() {
            return NAME + " pop #" + index;
        }
    }
}
