#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""range-sum: seed 001's sum of 1..100,000,000 — serial, then 8 processes, as the seed times it.

Seed 001:364-430; SEEDS.md 1.5. Published on "my MacBook": about 6 s serial, under 1 s with 8
processes. The seed builds number_list = [x for x in range(1, N + 1)] first and leaves it, and the
slicing, out of its clocks "for fairness". Modes:

  serial     for number in number_list: total += number — the clock covers the loop only (001:367-383).
  processes  8 x Process(target=task_handler, args=(number_list[index:index + N/8], result_queue)),
             started as built; the seed's clock starts after the 8th start() and covers the joins and
             the drain of the queue (001:388-427). Under fork, a child inherits its slice without a copy
             (it copies the pages it touches: reference counts are written into every int it reads);
             under spawn, start() pickles the slice through a pipe — before the clock starts.
  shared     the numbers in a multiprocessing.RawArray('q') built from the list (outside the clocks,
             like the list); each child sums its slice of a memoryview in place: nothing shipped under
             any start method (the Java side's SharedMemory.arraySum).

Recorded per run: the seed's clock (the score; serial: the loop), and endToEnd — from before the
first slice is cut to the total (slicing, process starts, shipping, work, joins). Every total is
checked against n(n+1)/2.
Usage:
  python3 cpython/range_sum.py [--modes serial,processes,shared] [--n 100000000] [--processes 8]
          [--start-method fork] [--warmup 0] [--ops 1] [--json OUT]
N = 1e8 needs ~5 GB (a list of 1e8 ints) and ~10 s to build; --n 10000000 is a tenth of everything.
Prints one JSON line: JMH-format records "cpython.range-sum", one per mode.
Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import sys
import time

gp = None  # the parent's tools, imported in __main__

MODES = ("serial", "processes", "shared")
SEED_N, SEED_PROCESSES = 100000000, 8


def task_handler(curr_list, result_queue):
    """The seed's child, verbatim."""
    total = 0
    for number in curr_list:
        total += number
    result_queue.put(total)


def shared_handler(numbers, start, stop, result_queue):
    """The same loop over a slice of shared memory (a view: no copy)."""
    total = 0
    for number in memoryview(numbers).cast("B").cast("q")[start:stop]:
        total += number
    result_queue.put(total)


def serial(number_list):
    start = time.time()
    total = 0
    for number in number_list:
        total += number
    return total, time.time() - start, None


def in_processes(ctx, number_list, workers, shared):
    """The seed's parallel program; returns (total, the seed's clock, end to end)."""
    n = len(number_list)
    chunk = n // workers
    processes = []
    result_queue = ctx.Queue()
    begin = time.time()
    index = 0
    for k in range(workers):
        stop = n if k == workers - 1 else index + chunk
        if shared:
            p = ctx.Process(target=shared_handler, args=(shared, index, stop, result_queue))
        else:
            p = ctx.Process(target=task_handler, args=(number_list[index:stop], result_queue))
        index = stop
        processes.append(p)
        p.start()
    start = time.time()  # the seed's clock starts here
    # The seed joins first, then drains with empty(): safe only because each child puts one small
    # item. Read exactly one per child instead (a timeout, not a hang, if one died).
    parts = [result_queue.get(True, 600) for _ in processes]
    for p in processes:
        p.join(60)
    total = sum(parts)
    end = time.time()
    bad = [p.exitcode for p in processes if p.exitcode != 0]
    if bad:
        raise gp.WrongAnswer("children exited with %s" % bad)
    return total, end - start, end - begin


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="range_sum.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--modes", default=",".join(MODES), help="comma-separated, of: " + ", ".join(MODES))
    p.add_argument("--n", type=int, default=SEED_N, help="sum 1..n (the seed: 100000000)")
    p.add_argument("--processes", type=int, default=SEED_PROCESSES, help="the seed: 8")
    p.add_argument("--start-method", default=None, help="fork, spawn or forkserver (default: the platform's)")
    p.add_argument("--warmup", type=int, default=0, help="runs before measuring (default 0)")
    p.add_argument("--ops", type=int, default=1, help="measured runs per mode (default 1)")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--break", dest="break_answers", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    modes = gp.choices("modes", a.modes, MODES)
    gp.positive("n", a.n)
    gp.positive("processes", a.processes)
    gp.positive("ops", a.ops)
    gp.positive("warmup", a.warmup, allow_zero=True)
    if a.processes > a.n:
        raise gp.BadUsage("bad value for --processes: %d (allowed: 1..n = %d)" % (a.processes, a.n))
    methods = multiprocessing.get_all_start_methods()
    if a.start_method is not None and a.start_method not in methods:
        raise gp.BadUsage("bad value for --start-method: %s (allowed: %s)" % (a.start_method, ", ".join(methods)))
    ctx = multiprocessing.get_context(a.start_method)
    expected = a.n * (a.n + 1) // 2
    t0 = time.time()
    number_list = [x for x in range(1, a.n + 1)]
    gp.note("range-sum: built number_list of %d in %.2f s (outside every clock, as the seed)" % (a.n, time.time() - t0))
    shared = None
    if "shared" in modes:
        t0 = time.time()
        shared = ctx.RawArray("q", number_list)
        gp.note("range-sum: copied it into shared memory in %.2f s (outside the clocks)" % (time.time() - t0))
    records = []
    for mode in modes:
        seed_clock, end_to_end = [], []
        for i in range(a.warmup + a.ops):
            if mode == "serial":
                total, clock_s, e2e = serial(number_list)
            else:
                total, clock_s, e2e = in_processes(ctx, number_list, a.processes, shared if mode == "shared" else None)
            if a.break_answers:
                total += 1
            if total != expected:
                raise gp.WrongAnswer("%s: total %d, expected %d" % (mode, total, expected))
            if i >= a.warmup:
                seed_clock.append(clock_s * 1000.0)
                end_to_end.append((e2e if e2e is not None else clock_s) * 1000.0)
        gp.note("range-sum %s: the seed's clock %.0f ms, end to end %.0f ms" % (mode, seed_clock[-1], end_to_end[-1]))
        params = {"mode": mode, "n": a.n, "processes": 1 if mode == "serial" else a.processes,
                  "startMethod": "none" if mode == "serial" else ctx.get_start_method()}
        records.append(gp.record("range-sum", params, seed_clock, "ms/op", warmups=a.warmup,
                                 secondary={"endToEnd": (end_to_end, "ms")}))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("range_sum.py", run, sys.argv[1:]))
