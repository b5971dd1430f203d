#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""gilbench's seed programs in real CPython, measured like the JVM cells.

The seed chapters' experiments, written as the seeds write them, fed the same task lists and
parameters as the Java workloads (workloads/src/main/java/org/gilbench/workload/), verified, timed
and written as a JMH JSON result file so the report reads them with the reader it has:

  prime-check   executor.map(is_prime, PRIMES): the seed's 13 numbers x 5 (60 of 65 prime)
  count-loop    calc(): sum = 0; for _ in range(N): sum += 1, as TASKS calls
  sleep-io      "downloads": TASKS x time.sleep(MILLIS ms) in a pool of WORKERS
  convoy        a thread sleeping 1 ms in a loop beside COMPETITORS CPU-bound threads (ms per step)
  ping-pong     round trips/s to an echo thread (Queue) or process (Pipe), beside CPU-bound threads
  change-it     seed 002's race (002:377-397): balance = balance + n; balance = balance - n (n = 5, 8) in 2 threads
  bank-account  100 deposits of 1: new = balance + 1; sleep(0.01); balance = new, in a pool of 16

Usage:
  python3 cpython/gilbench_cpython.py EXPERIMENT --model MODEL [--workers N] [--tasks N] ...
          [--warmup 1] [--ops 3] [--json OUT]
  python3 cpython/gilbench_cpython.py --help

Models: cpython-serial (plain map, the baseline), cpython-threads (ThreadPoolExecutor / threads),
cpython-processes (ProcessPoolExecutor / Process), cpython-free-threaded (threads on a build whose GIL
is off: python3.13t, 3.14t), cpython2-threads (threads on Python 2.7, the old GIL).

Every operation runs in this one interpreter process, warm-up operations first (they are measured
but not recorded), so a fresh interpreter per measurement means one run of this program. A pool is
created and shut down inside each operation, as the seeds' `with ...Executor(...) as executor:` does,
so child processes are reaped and their CPU time is in os.times().

Python 2.7 runs prime-check, count-loop, sleep-io, convoy, change-it and bank-account (threads only:
2.7 has no concurrent.futures, so a multiprocessing.pool.ThreadPool maps instead).

Exit: 0 every answer verified; 1 a wrong answer or a failure (one line on stderr); 2 bad usage.
"""
from __future__ import division, print_function

import argparse
import collections
import json
import math
import multiprocessing
import multiprocessing.pool
import os
import platform
import sys
import threading
import time

try:
    import queue
except ImportError:  # Python 2
    import Queue as queue

try:
    import concurrent.futures as futures
except ImportError:  # Python 2 without the 'futures' backport
    futures = None

try:
    clock = time.perf_counter
except AttributeError:  # Python 2
    clock = time.time

# --- the seed programs ----------------------------------------------------------------------------

# Seed 000, section 7 (the list is repeated 5 times there: "PRIMES = [...] * 5").
SEED_PRIMES = [
    1116281, 1297337, 104395303, 472882027, 533000389, 817504243, 982451653,
    112272535095293, 112582705942171, 112272535095293, 115280095190773,
    115797848077099, 1099726899285419]
# Pinned answers (PrimeCheck.SEED_IS_PRIME): only the last is composite.
SEED_IS_PRIME = [True] * 12 + [False]
SEED_REPEATS = 5
# Seed 004: the six large numbers, is_prime that rejects even n and tries odd divisors only.
ODD_ONLY_PRIMES = SEED_PRIMES[7:]
ODD_ONLY_IS_PRIME = SEED_IS_PRIME[7:]


def is_prime(n):
    """Seed 000's trial division, verbatim."""
    for i in range(2, int(n ** 0.5) + 1):
        if n % i == 0:
            return False
    return n != 1


def is_prime_odd_only(n):
    """Seed 004's is_prime, verbatim."""
    if n % 2 == 0:
        return False
    sqrt_n = int(math.floor(math.sqrt(n)))
    for i in range(3, sqrt_n + 1, 2):
        if n % i == 0:
            return False
    return True


def calc(iterations):
    """Seed 003's calc(), with the count returned so it can be verified."""
    sum = 0
    for _ in range(iterations):
        sum += 1
    return sum


def download(seconds):
    """The seeds' download: a sleep. Returns how long it really took."""
    start = clock()
    time.sleep(seconds)
    return clock() - start


class Account(object):
    """Seed 000's bank account: read, sleep 10 ms, write."""

    def __init__(self, lock, millis):
        self.balance = 0
        self.lock = threading.Lock() if lock else None
        self.seconds = millis / 1000.0

    def deposit(self, money):
        if self.lock is None:
            self._deposit(money)
        else:
            with self.lock:
                self._deposit(money)

    def _deposit(self, money):
        new_balance = self.balance + money
        time.sleep(self.seconds)
        self.balance = new_balance


# change_it (seed 002:377-397): a module-level balance, as in the seed.
balance = 0


def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n


def run_thread(n, iterations, lock):
    for _ in range(iterations):
        if lock is None:
            change_it(n)
        else:
            with lock:
                change_it(n)


def echo_process(conn):
    """The other end of the ping-pong Pipe: sends back n + 1 until it receives None."""
    while True:
        n = conn.recv()
        if n is None:
            conn.close()
            return
        conn.send(n + 1)


def echo_thread(inbox, outbox):
    while True:
        n = inbox.get()
        if n is None:
            return
        outbox.put(n + 1)


# --- models ---------------------------------------------------------------------------------------

MODELS = ("cpython-serial", "cpython-threads", "cpython-processes", "cpython-free-threaded",
          "cpython2-threads")
THREAD_MODELS = ("cpython-threads", "cpython-free-threaded", "cpython2-threads")


class WrongAnswer(Exception):
    pass


class BadUsage(Exception):
    pass


def gil_enabled():
    """True on a default build; False on a free-threaded build running without its GIL."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def build():
    return "default" if gil_enabled() else "free-threaded"


def process_context():
    """The start method: the platform's default, except forkserver (Linux, 3.14+), whose workers are
    the server's children, not ours, so their CPU time would be missing from os.times()."""
    if multiprocessing.get_start_method(allow_none=False) == "forkserver":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def check_model(model):
    major = sys.version_info[0]
    if model == "cpython2-threads" and major != 2:
        raise BadUsage("model cpython2-threads needs Python 2.7, this is " + platform.python_version())
    if model != "cpython2-threads" and major == 2 and model != "cpython-serial":
        raise BadUsage("model %s needs Python 3; on 2.7 use cpython2-threads or cpython-serial" % model)
    if model == "cpython-free-threaded" and gil_enabled():
        raise BadUsage("model cpython-free-threaded needs a free-threaded build with its GIL off "
                       "(python3.13t, python3.14t); this one has the GIL")
    if model == "cpython-threads" and not gil_enabled():
        raise BadUsage("this interpreter runs without a GIL: use model cpython-free-threaded")


def pool_map(model, workers, fn, items):
    """executor.map(fn, items) under the model, inside a `with` as the seeds write it."""
    if model == "cpython-serial":
        return list(map(fn, items))
    if model == "cpython-processes":
        with futures.ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as executor:
            return list(executor.map(fn, items))
    if futures is not None:
        with futures.ThreadPoolExecutor(max_workers=workers) as executor:
            return list(executor.map(fn, items))
    pool = multiprocessing.pool.ThreadPool(workers)  # Python 2.7: no concurrent.futures
    try:
        return pool.map(fn, items, chunksize=1)
    finally:
        pool.close()
        pool.join()


def new_thread(target, args=()):
    t = threading.Thread(target=target, args=args)
    t.daemon = True
    return t


# --- experiments: each returns (run_one_op, params, extra metrics per op) ---------------------------

class Spinners(object):
    """CPU-bound threads counting calc() chunks until stopped; every count is verified."""

    CHUNK = 100000

    def __init__(self, count):
        self.stop = False
        self.steps = [0] * count
        self.errors = []
        self.threads = [new_thread(self._spin, (i,)) for i in range(count)]

    def _spin(self, index):
        while not self.stop:
            if calc(self.CHUNK) != self.CHUNK:
                self.errors.append("competitor %d miscounted" % index)
                return
            self.steps[index] += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop = True
        for t in self.threads:
            t.join(10)
        if any(t.is_alive() for t in self.threads):
            raise WrongAnswer("a CPU-bound competitor still runs 10 s after stop")
        if self.errors:
            raise WrongAnswer(self.errors[0])
        return False

    def verify_ran(self):
        for i, s in enumerate(self.steps):
            if s == 0:
                raise WrongAnswer("competitor %d never ran" % i)


def prime_check(a):
    if a.list_multiple < 1:
        raise BadUsage("--list-multiple must be >= 1, got %d" % a.list_multiple)
    seed = a.variant == "seed"
    numbers = (SEED_PRIMES if seed else ODD_ONLY_PRIMES) * a.list_multiple
    expected = (SEED_IS_PRIME if seed else ODD_ONLY_IS_PRIME) * a.list_multiple
    check = is_prime if seed else is_prime_odd_only
    params = {"variant": a.variant, "listMultiple": str(a.list_multiple)}

    def op():
        answers = pool_map(a.model, a.workers, check, numbers)
        if a.break_answers:
            answers[0] = not answers[0]
        for i, (n, got, want) in enumerate(zip(numbers, answers, expected)):
            if got != want:
                raise WrongAnswer("prime-check: is_prime(%d) (task %d) returned %s, expected %s"
                                  % (n, i, got, want))
        primes = sum(1 for x in answers if x)
        if primes != sum(1 for x in expected if x) or len(answers) != len(numbers):
            raise WrongAnswer("prime-check: %d of %d prime" % (primes, len(answers)))
        return {}
    return op, params


def count_loop(a):
    tasks, iterations = a.tasks or 4, a.iterations or 10000000
    params = {"tasks": str(tasks), "iterations": str(iterations)}

    def op():
        counts = pool_map(a.model, a.workers, calc, [iterations] * tasks)
        if a.break_answers:
            counts[0] -= 1
        for i, c in enumerate(counts):
            if c != iterations:
                raise WrongAnswer("count-loop: calc(%d) #%d counted %d" % (iterations, i, c))
        if len(counts) != tasks:
            raise WrongAnswer("count-loop: %d results for %d tasks" % (len(counts), tasks))
        return {}
    return op, params


def sleep_io(a):
    tasks, millis = a.tasks or 8, a.millis if a.millis is not None else 100
    params = {"tasks": str(tasks), "millis": str(millis)}

    def op():
        slept = pool_map(a.model, a.workers, download, [millis / 1000.0] * tasks)
        if a.break_answers:
            slept[0] = 0.0
        if len(slept) != tasks:
            raise WrongAnswer("sleep-io: %d results for %d tasks" % (len(slept), tasks))
        for i, s in enumerate(slept):
            # 0.5 ms of slack for clock granularity (time.time on 2.7); a sleep never returns early.
            if s < millis / 1000.0 - 0.0005:
                raise WrongAnswer("sleep-io: task %d slept %.3f ms, planned %d ms" % (i, s * 1000, millis))
        return {}
    return op, params


def convoy(a):
    """One op = TASKS steps of `t = time(); sleep(0.001)`; the score is ms per step (the Java
    GilBenchmark's wakeUp); lateness.p50 / p99 = step - 1 ms, what CPython experiments print."""
    steps, competitors = a.tasks or 200, a.competitors
    params = {"competitors": str(competitors), "tasks": str(steps)}

    def op():
        elapsed = []
        with Spinners(competitors) as spinners:
            time.sleep(0.01)  # the competitors hold the GIL before the first step
            for _ in range(steps):
                start = clock()
                time.sleep(0.001)
                elapsed.append(clock() - start)
            spinners.verify_ran()
        if a.break_answers:
            elapsed[0] = 0.0
        if min(elapsed) < 0.001 - 0.0005:
            raise WrongAnswer("convoy: a 1 ms sleep took %.3f ms" % (min(elapsed) * 1000))
        elapsed.sort()
        ms = [e * 1000 for e in elapsed]
        return {"@score": sum(ms) / len(ms),
                "lateness.p50": percentile(ms, 50) - 1.0,
                "lateness.p99": percentile(ms, 99) - 1.0}
    return op, params


def ping_pong(a):
    """Round trips/s: cpython-processes over a Pipe to an echo process (seed's sender/receiver),
    threads over two queue.Queues to an echo thread; COMPETITORS CPU-bound threads in this process."""
    trips, competitors = a.tasks or 1000, a.competitors
    params = {"competitors": str(competitors), "tasks": str(trips)}
    if a.model not in ("cpython-processes",) + THREAD_MODELS:
        raise BadUsage("ping-pong runs under cpython-processes or a threads model, not " + a.model)

    def op():
        if a.model == "cpython-processes":
            ctx = process_context()
            here, there = ctx.Pipe()
            peer = ctx.Process(target=echo_process, args=(there,))
            peer.start()
            send, recv = here.send, here.recv
        else:
            inbox, outbox = queue.Queue(), queue.Queue()
            peer = new_thread(echo_thread, (inbox, outbox))
            peer.start()
            send, recv = inbox.put, outbox.get
        try:
            with Spinners(competitors) as spinners:
                start = clock()
                for n in range(trips):
                    send(n)
                    got = recv()
                    if a.break_answers:
                        got += 1
                    if got != n + 1:
                        raise WrongAnswer("ping-pong: sent %d, got back %s" % (n, got))
                seconds = clock() - start
                if seconds > 0.05:  # long enough that every competitor must have had a turn
                    spinners.verify_ran()
        finally:
            send(None)
            peer.join(10)
        if peer.is_alive():
            raise WrongAnswer("ping-pong: the echo peer still runs 10 s after stop")
        return {"@score": trips / seconds}
    return op, params


def change_it_race(a):
    """Seed 001: two threads, n = 5 and 8, ITERATIONS changes each; the final balance is the answer.
    Without a lock any balance is possible (the race); with one it must be 0."""
    iterations = a.iterations or 100000
    params = {"iterations": str(iterations), "lock": a.lock}
    if a.model not in THREAD_MODELS:
        raise BadUsage("change-it runs under a threads model, not " + a.model)

    def op():
        global balance
        balance = 0
        lock = threading.Lock() if a.lock == "lock" else None
        threads = [threading.Thread(target=run_thread, args=(n, iterations, lock)) for n in (5, 8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        final = balance + (1 if a.break_answers else 0)
        if lock is not None and final != 0:
            raise WrongAnswer("change-it: with a lock the balance must be 0, got %d" % final)
        return {"balance": float(final)}
    return op, params


def bank_account(a):
    """Seed 000: TASKS deposits of 1, each read-sleep-write, in a pool of WORKERS threads."""
    deposits = a.tasks or 100
    millis = a.millis if a.millis is not None else 10
    params = {"tasks": str(deposits), "millis": str(millis), "lock": a.lock}
    if a.model not in THREAD_MODELS:
        raise BadUsage("bank-account runs under a threads model, not " + a.model)

    def op():
        account = Account(a.lock == "lock", millis)
        pool_map(a.model, a.workers, account.deposit, [1] * deposits)
        final = account.balance + (deposits if a.break_answers else 0)
        if a.lock == "lock" and final != deposits:
            raise WrongAnswer("bank-account: with a lock the balance must be %d, got %d" % (deposits, final))
        if not 1 <= final <= deposits:
            raise WrongAnswer("bank-account: balance %d outside 1..%d" % (final, deposits))
        return {"balance": float(final)}
    return op, params


EXPERIMENTS = {
    "prime-check": prime_check,
    "count-loop": count_loop,
    "sleep-io": sleep_io,
    "convoy": convoy,
    "ping-pong": ping_pong,
    "change-it": change_it_race,
    "bank-account": bank_account,
}
# The score's unit and JMH mode per experiment (ms per operation unless said otherwise).
UNITS = {"convoy": ("avgt", "ms/op"), "ping-pong": ("thrpt", "ops/s")}

# --- statistics, as JMH computes them (org.openjdk.jmh.util.AbstractStatistics) -------------------


def mean(xs):
    return sum(xs) / len(xs)


def stdev(xs):
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def percentile(sorted_xs, p):
    """commons-math3 Percentile's default estimation, which JMH uses: position p (n + 1) / 100."""
    n = len(sorted_xs)
    pos = p * (n + 1) / 100.0
    if pos < 1:
        return sorted_xs[0]
    if pos >= n:
        return sorted_xs[-1]
    lower = sorted_xs[int(math.floor(pos)) - 1]
    upper = sorted_xs[int(math.floor(pos))]
    return lower + (pos - math.floor(pos)) * (upper - lower)


def _betacf(a, b, x):
    """Continued fraction of the regularised incomplete beta function (Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betai(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def t_cdf(t, df):
    tail = 0.5 * _betai(df / 2.0, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def t_quantile(p, df):
    """The Student t quantile by bisection (scipy is not assumed)."""
    lo, hi = 0.0, 1e6
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def jmh_metric(values, unit):
    """A JMH metric record: score = mean, scoreError = the 99.9% interval's half-width (NaN for n <= 2,
    as JMH), percentiles, rawData as one fork's list."""
    xs = sorted(values)
    n = len(xs)
    score = mean(xs)
    if n > 2:
        error = t_quantile(1 - 0.001 / 2, n - 1) * stdev(xs) / math.sqrt(n)
        confidence = [score - error, score + error]
    else:
        error = float("nan")
        confidence = [float("nan"), float("nan")]
    pcts = collections.OrderedDict()
    for key, p in (("0.0", 0), ("50.0", 50), ("90.0", 90), ("95.0", 95), ("99.0", 99), ("99.9", 99.9),
                   ("99.99", 99.99), ("99.999", 99.999), ("99.9999", 99.9999), ("100.0", 100)):
        pcts[key] = xs[0] if p == 0 else percentile(xs, p)
    return collections.OrderedDict([
        ("score", score), ("scoreError", error), ("scoreConfidence", confidence),
        ("scorePercentiles", pcts), ("scoreUnit", unit), ("rawData", [list(values)])])


def nan_as_string(value):
    """JMH writes NaN as the string "NaN"; json.dumps would write a bare NaN, which is not JSON."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, dict):
        return collections.OrderedDict((k, nan_as_string(v)) for k, v in value.items())
    if isinstance(value, list):
        return [nan_as_string(v) for v in value]
    return value


# --- the driver -----------------------------------------------------------------------------------

def measure(op):
    """One operation: wall time (perf_counter) and CPU % of one core, this process and its reaped
    children (os.times), like `time`'s 101% / 389% in the seeds."""
    t0, c0 = clock(), os.times()
    extra = op()
    t1, c1 = clock(), os.times()
    wall = t1 - t0
    cpu = sum(c1[i] - c0[i] for i in range(4))  # user, system, children's user, children's system
    return wall, 100.0 * cpu / wall if wall > 0 else float("nan"), extra


def parse(argv):
    p = argparse.ArgumentParser(
        prog="gilbench_cpython.py",
        description="gilbench: a seed experiment in this CPython, written as JMH JSON.")
    p.add_argument("experiment", choices=sorted(EXPERIMENTS))
    p.add_argument("--model", required=True, choices=MODELS)
    p.add_argument("--workers", type=int, default=1, help="pool size (default 1)")
    p.add_argument("--tasks", type=int, help="tasks, deposits, sleep steps or round trips per operation")
    p.add_argument("--millis", type=int, help="sleep-io / bank-account: sleep per task, ms")
    p.add_argument("--iterations", type=int, help="count-loop: per calc(); change-it: per thread")
    p.add_argument("--variant", choices=("seed", "odd-only"), default="seed",
                   help="prime-check: seed 000's 13 numbers (default) or seed 004's six large ones")
    p.add_argument("--list-multiple", type=int, default=SEED_REPEATS,
                   help="prime-check: the list repeated this many times (seed 000: 5)")
    p.add_argument("--competitors", type=int, default=0, help="convoy / ping-pong: CPU-bound threads")
    p.add_argument("--lock", choices=("none", "lock"), default="none", help="change-it / bank-account")
    p.add_argument("--warmup", type=int, default=1, help="warm-up operations, not recorded (default 1)")
    p.add_argument("--ops", type=int, default=3, help="measured operations (default 3)")
    p.add_argument("--json", metavar="OUT", help="write the JMH-format result here")
    p.add_argument("--break", dest="break_answers", action="store_true",
                   help=argparse.SUPPRESS)  # test hook: corrupts one answer, so the run must fail
    a = p.parse_args(argv)
    if a.workers < 1 or a.ops < 1 or a.warmup < 0 or a.competitors < 0:
        raise BadUsage("need --workers >= 1, --ops >= 1, --warmup >= 0, --competitors >= 0")
    for name in ("tasks", "iterations", "millis"):
        value = getattr(a, name)
        if value is not None and value < (0 if name == "millis" else 1):
            raise BadUsage("bad --%s %d" % (name, value))
    if a.model == "cpython-serial" and a.workers != 1:
        raise BadUsage("cpython-serial runs with --workers 1 only")
    return a


def record(a, params, scores, cpus, extras):
    mode, unit = UNITS.get(a.experiment, ("ss", "ms/op"))
    # Every param but python and build is one of this program's options (listMultiple: --list-multiple),
    # defaults included, so a result names everything needed to run it again.
    all_params = {"model": a.model, "workers": str(a.workers), "python": platform.python_version(),
                  "build": build()}
    all_params.update(params)
    all_params = collections.OrderedDict(sorted(all_params.items()))
    secondary = collections.OrderedDict([("cpu.util", jmh_metric(cpus, "%"))])
    for key in sorted(extras[0]):
        if not key.startswith("@"):
            secondary[key] = jmh_metric([e[key] for e in extras], "ms" if "lateness" in key else "#")
    # JMH's field order; the interpreter stands where JMH names the JVM.
    return collections.OrderedDict([
        ("jmhVersion", "1.37"),
        ("benchmark", "cpython." + a.experiment),
        ("mode", mode),
        ("threads", 1),
        ("forks", 1),
        ("jvm", sys.executable),
        ("jvmArgs", []),
        ("jdkVersion", platform.python_version()),
        ("vmName", platform.python_implementation()),
        ("vmVersion", sys.version.replace("\n", " ")),
        ("warmupIterations", a.warmup),
        ("warmupTime", "single-shot"),
        ("warmupBatchSize", 1),
        ("measurementIterations", a.ops),
        ("measurementTime", "single-shot"),
        ("measurementBatchSize", 1),
        ("params", all_params),
        ("primaryMetric", jmh_metric(scores, unit)),
        ("secondaryMetrics", secondary),
    ])


def main(argv):
    try:
        a = parse(argv)
        check_model(a.model)
        op, params = EXPERIMENTS[a.experiment](a)
        scores, cpus, extras = [], [], []
        for i in range(a.warmup + a.ops):
            wall, cpu, extra = measure(op)
            if i < a.warmup:
                continue
            score = extra.get("@score", wall * 1000.0)
            scores.append(score)
            cpus.append(cpu)
            extras.append(extra)
            notes = "".join(", %s %.2f" % (k, v) for k, v in sorted(extra.items()) if not k.startswith("@"))
            print("%s %s op %d: %.3f %s, cpu %.0f%%%s" % (a.experiment, a.model, i - a.warmup + 1, score,
                                                        UNITS.get(a.experiment, ("", "ms/op"))[1], cpu, notes))
            sys.stdout.flush()
        result = nan_as_string([record(a, params, scores, cpus, extras)])
        if a.json:
            with open(a.json, "w") as out:
                json.dump(result, out, indent=2, separators=(",", ": "))
                out.write("\n")
        return 0
    except BadUsage as e:
        sys.stderr.write("gilbench_cpython.py: %s\n" % e)
        return 2
    except WrongAnswer as e:
        sys.stderr.write("gilbench_cpython.py: wrong answer: %s\n" % e)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("gilbench_cpython.py: interrupted\n")
        return 130


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:]))
