package org.gilbench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code thread-local}: seed 002:536-630's three ways for each thread to reach its own object from deep in
 * its calls — the seed's {@code Student} 'Alice' in {@code Thread-A}, 'Bob' in {@code Thread-B}
 * ({@code Hello, Alice (in Thread-A)}, 002:617-620):
 * <ol>
 *   <li>{@link Style#PASS_DOWN}: {@code std} passed through {@code do_task_1(std)}, {@code
 *       do_subtask_1(std)}, ... (002:542-556) — "tedious", and free: the JIT keeps it in a register;</li>
 *   <li>{@link Style#THREAD_DICT}: a global dict keyed by {@code threading.current_thread()}
 *       (002:562-583) — here a {@link ConcurrentHashMap} keyed by {@link Thread} (a plain HashMap is
 *       not safe for concurrent puts, where CPython's dict is, under its GIL); the entry is removed at the
 *       end, which the seed never does;</li>
 *   <li>{@link Style#THREAD_LOCAL}: {@code local_school = threading.local()} (002:589-613) — a
 *       {@link ThreadLocal}.</li>
 * </ol>
 * Each task binds its own student (id = index + 1), then makes {@code accesses} accesses, each looking
 * its student up the task's way and folding the id into a hash, with a check point after each (a GIL may
 * switch there, as at a CPython call). The hash is compared with the one its own id gives: a task that
 * ever saw another thread's student fails. With {@code pauseEvery} > 0 a task also sleeps 1 ms every so
 * many accesses, so that tasks interleave on shared threads (virtual threads share carriers; a lookup
 * keyed by the carrier would mix students up).
 *
 * <p>The cost per access (wall time over accesses) is the measurement. One thread, JDK 25, the 2-core VM:
 * pass-down 0.8 ns (the hash step alone), ThreadLocal 1.4 ns, the map 2.1 ns; CPython 3.11 123, 202 and
 * 214 ns. Under {@code virtual-thread} and {@code event-loop} each task is
 * its own virtual thread and so has its own ThreadLocal and its own map key — what asyncio programs need
 * {@code contextvars} for, since CPython's {@code threading.local} is per OS thread and every coroutine on
 * the loop's thread shares it.
 */
public final class ThreadLocals implements Workload {

    public static final String NAME = "thread-local";
    /** The seed's students and thread names (002:606-607). */
    public static final List<String> SEED_STUDENTS = List.of("Alice", "Bob");
    public static final List<String> SEED_THREAD_NAMES = List.of("Thread-A", "Thread-B");
    /** Accesses per task by default: ~10–100 ms of lookups. */
    public static final long DEFAULT_ACCESSES = 10_000_000;
    /** The global dict of step 2, keyed by the thread (seed: {@code global_dict}). */
    static final ConcurrentHashMap<Thread, Student> GLOBAL_DICT = new ConcurrentHashMap<>();
    /** Step 3's {@code local_school = threading.local()}. */
    static final ThreadLocal<Student> LOCAL_SCHOOL = new ThreadLocal<>();
    /** Work units of one access, for the GIL's ticks mode (one "bytecode" is 10). */
    static final int WORK_PER_ACCESS = 3;

    /** How a task reaches its student. */
    public enum Style {
        /** Step 1: as a parameter through every call. */
        PASS_DOWN("pass-down"),
        /** Step 2: a global map keyed by the current thread. */
        THREAD_DICT("thread-dict"),
        /** Step 3: {@code threading.local()}, a {@link ThreadLocal}. */
        THREAD_LOCAL("thread-local");

        private final String label;

        Style(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Style named(String label) {
            return Labels.named(values(), Style::label, "thread-local style", label);
        }
    }

    /** The seed's {@code Student(name)}. A record: its fields are final, as a Python attribute is not. */
    public record Student(String name, long id) implements Serializable {
    }

    private final Style style;
    private final long accesses;
    private final List<Task> tasks;

    /**
     * @param tasks      threads (students): the seed has 2
     * @param accesses   lookups per task
     * @param pauseEvery sleep 1 ms every this many accesses (0: never)
     * @throws IllegalArgumentException for tasks < 1, accesses < 1 or pauseEvery < 0
     */
    public ThreadLocals(Style style, int tasks, long accesses, long pauseEvery) {
        if (tasks < 1 || accesses < 1 || pauseEvery < 0) {
            throw new IllegalArgumentException("thread-local: need tasks >= 1, accesses >= 1, pauseEvery >= 0, got "
                    + tasks + ", " + accesses + ", " + pauseEvery);
        }
        this.style = style;
        this.accesses = accesses;
        List<Task> list = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Student student = new Student(i < SEED_STUDENTS.size() ? SEED_STUDENTS.get(i) : "Student-" + i, i + 1);
            list.add(new ProcessStudent(i, style, student, accesses, pauseEvery, expectedHash(student.id(), accesses)));
        }
        this.tasks = List.copyOf(list);
    }

    public Style style() {
        return style;
    }

    /** Accesses over all tasks, for the cost per access. */
    public long totalAccesses() {
        return accesses * tasks.size();
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
        return results.length + " students x " + accesses + " accesses (" + style.label() + "), each saw its own";
    }

    /**
     * The hash step of one access, {@code 31 h + id}: one multiply (~1 ns), so the lookup's own cost shows
     * beside it (a heavier mix hid the lookups, which the CPU runs in parallel with a long multiply
     * chain). Any access that read another student's id changes the result.
     */
    static long mix(long h, long id) {
        return 31 * h + id;
    }

    /** What a task that saw only its own student computes: the answer, worked out before any thread runs. */
    static long expectedHash(long id, long accesses) {
        long h = 0;
        for (long i = 0; i < accesses; i++) {
            h = mix(h, id);
        }
        return h;
    }

    /**
     * {@code process_thread(name)}: binds its student, then {@code accesses} times reaches it the chosen way
     * (as {@code do_task_1} / {@code do_subtask_1} / ... would) and hashes its id. Returns the hash.
     */
    record ProcessStudent(int index, Style style, Student student, long accesses, long pauseEvery, long expected)
            implements Task, Serializable {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            switch (style) {
                case PASS_DOWN:
                    return processStudent(student, in);
                case THREAD_DICT:
                    GLOBAL_DICT.put(Thread.currentThread(), student);
                    try {
                        return processStudentFromDict(in);
                    } finally {
                        GLOBAL_DICT.remove(Thread.currentThread());
                    }
                case THREAD_LOCAL:
                    LOCAL_SCHOOL.set(student);
                    try {
                        return processStudentFromLocal(in);
                    } finally {
                        LOCAL_SCHOOL.remove();
                    }
                default:
                    throw new IllegalStateException("unknown style " + style);
            }
        }

        private long processStudent(Student std, Interpreter in) throws InterruptedException {
            long h = 0;
            for (long i = 1; i <= accesses; i++) {
                h = doSubtask(std, h);
                in.poll(WORK_PER_ACCESS);
                pauseAt(i, in);
            }
            return h;
        }

        private long processStudentFromDict(Interpreter in) throws InterruptedException {
            long h = 0;
            for (long i = 1; i <= accesses; i++) {
                h = doSubtask(GLOBAL_DICT.get(Thread.currentThread()), h); // std = global_dict[current_thread()]
                in.poll(WORK_PER_ACCESS);
                pauseAt(i, in);
            }
            return h;
        }

        private long processStudentFromLocal(Interpreter in) throws InterruptedException {
            long h = 0;
            for (long i = 1; i <= accesses; i++) {
                h = doSubtask(LOCAL_SCHOOL.get(), h); // std = local_school.student
                in.poll(WORK_PER_ACCESS);
                pauseAt(i, in);
            }
            return h;
        }

        /** {@code do_subtask(std)}: uses the student (its id into the hash). */
        private static long doSubtask(Student std, long h) {
            return mix(h, std.id());
        }

        private void pauseAt(long i, Interpreter in) throws InterruptedException {
            if (pauseEvery > 0 && i % pauseEvery == 0) {
                in.beforeBlocking();
                try {
                    Thread.sleep(1);
                } finally {
                    in.afterBlocking();
                }
            }
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + student.name() + ", " + style.label() + ")";
        }
    }
}
