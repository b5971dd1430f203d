#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""shared-memory: one multiprocessing.Value incremented by several processes, without and with its lock.

Seed 004:293 lists Value and Array (no program); SEEDS.md 7.7. The Java side is SharedMemory.counter:

  none   counter.value += 1                          a read, then a write: processes lose updates
  lock   with counter.get_lock(): counter.value += 1  the Value's own lock (a semaphore in shared memory)

PARTIES processes (default 4, the seeds' Pool(4)) each do it INCREMENTS times (default 100,000; the
Java default of 1,000,000 lasts ~1 s per process in CPython) on one Value('q', 0). The answer is the
final count: with the lock it must be PARTIES x INCREMENTS exactly; without, anything in 1..that (the
lost count, PARTIES x INCREMENTS - counter, is the result). Each process reports how many increments it
made; the parent checks them.

Score: ms per run (start to join, the processes' start included). Secondary: counter, lost, total.
Usage:
  python3 cpython/shared_memory.py [--locking none,lock] [--parties 4] [--increments 100000]
          [--start-method fork] [--warmup 0] [--ops 3] [--json OUT]
Prints one JSON line: JMH-format records "cpython.shared-memory", one per locking.
Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import sys

gp = None  # the parent's tools, imported in __main__

LOCKINGS = ("none", "lock")


def add(counter, increments, locked, done):
    """One party: the seed's Value used as a counter."""
    if locked:
        for _ in range(increments):
            with counter.get_lock():
                counter.value += 1
    else:
        for _ in range(increments):
            counter.value += 1
    done.put(increments)


def one_run(ctx, parties, increments, locked):
    counter = ctx.Value("q", 0)  # lock=True: a Value carries its own (recursive) lock
    done = ctx.Queue()
    procs = [ctx.Process(target=add, args=(counter, increments, locked, done)) for _ in range(parties)]
    for p in procs:
        p.start()
    reported = [done.get(True, 600) for _ in procs]
    for p in procs:
        p.join(60)
    if any(p.is_alive() or p.exitcode != 0 for p in procs):
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(5)
        raise gp.WrongAnswer("a party did not exit cleanly: exit codes %s" % [p.exitcode for p in procs])
    if reported != [increments] * parties:
        raise gp.WrongAnswer("parties reported %s increments, expected %d each" % (reported, increments))
    return counter.value


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="shared_memory.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--locking", default="none,lock", help="comma-separated, of: none, lock")
    p.add_argument("--parties", type=int, default=4, help="processes (default 4)")
    p.add_argument("--increments", type=int, default=100000, help="per process (default 100000)")
    p.add_argument("--start-method", default=None,
                   help="fork, spawn or forkserver (default: the platform's)")
    p.add_argument("--warmup", type=int, default=0, help="runs before measuring (default 0)")
    p.add_argument("--ops", type=int, default=3, help="measured runs (default 3)")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--break", dest="break_answers", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    lockings = gp.choices("locking", a.locking, LOCKINGS)
    for name in ("parties", "increments", "ops"):
        gp.positive(name, getattr(a, name))
    gp.positive("warmup", a.warmup, allow_zero=True)
    methods = multiprocessing.get_all_start_methods()
    if a.start_method is not None and a.start_method not in methods:
        raise gp.BadUsage("bad value for --start-method: %s (allowed: %s)" % (a.start_method, ", ".join(methods)))
    ctx = multiprocessing.get_context(a.start_method)
    total = a.parties * a.increments
    records = []
    for locking in lockings:
        times, counters = [], []
        for i in range(a.warmup + a.ops):
            t0 = gp.clock()
            value = one_run(ctx, a.parties, a.increments, locking == "lock")
            ms = (gp.clock() - t0) * 1000.0
            if a.break_answers and locking == "lock":
                value -= 1
            if locking == "lock" and value != total:
                raise gp.WrongAnswer("with get_lock() the counter is %d, expected %d" % (value, total))
            if not 1 <= value <= total:
                raise gp.WrongAnswer("counter %d outside 1..%d" % (value, total))
            if i >= a.warmup:
                times.append(ms)
                counters.append(value)
        gp.note("shared-memory %s: counters %s of %d" % (locking, counters, total))
        records.append(gp.record("shared-memory", {"locking": locking, "parties": a.parties,
                                                   "increments": a.increments,
                                                   "startMethod": ctx.get_start_method()},
                                 times, "ms/op", warmups=a.warmup,
                                 secondary={"counter": (counters, "#"),
                                            "lost": ([total - c for c in counters], "#"),
                                            "total": ([total] * len(counters), "#")}))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("shared_memory.py", run, sys.argv[1:]))
