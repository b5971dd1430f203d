#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""fork-copies-globals: each process has its own copy of the program's data, threads share one.

Seeds 000:497-531, 000:664-690, 001:53-83; SEEDS.md 7.3. The Java side is OwnCopies. Two programs,
as the seeds write them, with the prints counted instead of printed:

  counting  a global counter = 0; 'Ping' and 'Pong' each: while counter < LIMIT: counter += 1;
            sleep(MILLIS ms). Two processes: each counts its own copy, 50 + 50 = 100 (the seed's
            "50 'Ping' and 50 'Pong'"). Two threads: one counter, 50 in all. (The threads take a lock
            around the test and the increment, so the count is exact: the race is another lesson.)
  popping   nums = [20, 30, 40]; Process(target=sub_task, args=('Ping', nums)), the same for 'Pong',
            then the parent's own sub_task('Good', nums): counter, total = 0, nums.pop(0), then a loop
            to total. Processes: 20 in all three (each popped its own copy). Threads: 20, 30, then 40.

Every answer is checked exactly (processes: 50 per process and 20 per pop; threads: 50 in all and the
pops 20, 30, 40). Score: ms per run; secondary steps (all parties' counts), copies (the processes that
counted), parentCounter; pop0, pop1, parentPop.
Usage:
  python3 cpython/fork_copies_globals.py [--models processes,threads] [--programs counting,popping]
          [--limit 50] [--millis 10] [--start-method fork] [--warmup 0] [--ops 3] [--json OUT]
Prints one JSON line: JMH-format records "cpython.fork-copies-globals", one per program x model.
Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import os
import sys
import threading
import time

gp = None  # the parent's tools, imported in __main__

MODELS = ("processes", "threads")
PROGRAMS = ("counting", "popping")
SEED_NUMS = [20, 30, 40]

counter = 0  # the seed's global, in every process its own
counter_lock = threading.Lock()


def count_task(limit, seconds, results):
    """The seed's sub_task: while counter < limit: counter += 1; sleep. Reports (pid, its steps)."""
    global counter
    steps = 0
    while True:
        with counter_lock:
            if counter >= limit:
                break
            counter += 1
        steps += 1
        time.sleep(seconds)
    results.put((os.getpid(), steps))


def pop_task(nums, seconds, results):
    """The seed's sub_task: counter, total = 0, nums.pop(0); while counter < total: counter += 1; sleep."""
    total = nums.pop(0)
    count = 0
    while count < total:
        count += 1
        time.sleep(seconds)
    results.put((os.getpid(), total if count == total else -1))


def start_parties(model, ctx, target, args_of, parties):
    if model == "processes":
        results = ctx.Queue()
        make = ctx.Process
    else:
        import queue
        results = queue.Queue()
        make = threading.Thread
    procs = [make(target=target, args=args_of(results)) for _ in range(parties)]
    for p in procs:
        p.start()
    return procs, results


def join_all(procs, results):
    got = [results.get(True, 600) for _ in procs]
    for p in procs:
        p.join(60)
    if any(p.is_alive() for p in procs):
        for p in procs:
            if hasattr(p, "kill") and p.is_alive():
                p.kill()
                p.join(5)
        raise gp.WrongAnswer("a party is still alive 60 s after its answer")
    return got


def counting(model, ctx, limit, seconds):
    global counter
    counter = 0  # a fresh global per run (a forked child copies this 0; a spawned one re-imports it)
    procs, results = start_parties(model, ctx, count_task, lambda r: (limit, seconds, r), 2)
    got = join_all(procs, results)
    by_pid = {}
    for pid, steps in got:
        by_pid[pid] = by_pid.get(pid, 0) + steps
    for pid, steps in by_pid.items():
        if steps != limit:
            raise gp.WrongAnswer("counting: the parties in process %d counted %d on its copy, expected %d"
                                 % (pid, steps, limit))
    here = os.getpid() in by_pid
    if counter != (limit if here else 0):
        raise gp.WrongAnswer("counting: the parent's counter is %d, expected %d" % (counter, limit if here else 0))
    if (model == "threads") != here:
        raise gp.WrongAnswer("counting: %s ran in %s" % (model, "the parent" if here else "children"))
    return {"steps": sum(steps for _, steps in got), "copies": len(by_pid), "parentCounter": counter}


def popping(model, ctx, seconds):
    nums = list(SEED_NUMS)
    procs, results = start_parties(model, ctx, pop_task, lambda r: (nums, seconds, r), 2)
    got = join_all(procs, results)
    import queue
    mine = queue.Queue()
    pop_task(nums, seconds, mine)  # the parent's own sub_task('Good', nums), after the parties have theirs
    parent_pop = mine.get()[1]
    pops = [total for _, total in got]
    if model == "processes":
        expected, expected_parent = [20, 20], 20
    else:
        expected, expected_parent = [20, 30], 40
    if sorted(pops) != expected or parent_pop != expected_parent:
        raise gp.WrongAnswer("popping (%s): the parties popped %s and the parent %d, expected %s and %d"
                             % (model, pops, parent_pop, expected, expected_parent))
    return {"pop0": pops[0], "pop1": pops[1], "parentPop": parent_pop}


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="fork_copies_globals.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--models", default="processes,threads", help="comma-separated, of: processes, threads")
    p.add_argument("--programs", default="counting,popping", help="comma-separated, of: counting, popping")
    p.add_argument("--limit", type=int, default=50, help="counting: the limit (seed 000: 50; seed 001: 10)")
    p.add_argument("--millis", type=int, default=10, help="sleep per step, ms (the seeds: 10)")
    p.add_argument("--start-method", default=None, help="fork, spawn or forkserver (default: the platform's)")
    p.add_argument("--warmup", type=int, default=0, help="runs before measuring (default 0)")
    p.add_argument("--ops", type=int, default=3, help="measured runs (default 3)")
    p.add_argument("--json", metavar="OUT")
    a = p.parse_args(argv)
    models = gp.choices("models", a.models, MODELS)
    programs = gp.choices("programs", a.programs, PROGRAMS)
    gp.positive("limit", a.limit)
    gp.positive("millis", a.millis, allow_zero=True)
    gp.positive("ops", a.ops)
    gp.positive("warmup", a.warmup, allow_zero=True)
    methods = multiprocessing.get_all_start_methods()
    if a.start_method is not None and a.start_method not in methods:
        raise gp.BadUsage("bad value for --start-method: %s (allowed: %s)" % (a.start_method, ", ".join(methods)))
    ctx = multiprocessing.get_context(a.start_method)
    records = []
    for program in programs:
        for model in models:
            times, outcomes = [], []
            for i in range(a.warmup + a.ops):
                t0 = gp.clock()
                if program == "counting":
                    outcome = counting(model, ctx, a.limit, a.millis / 1000.0)
                else:
                    outcome = popping(model, ctx, a.millis / 1000.0)
                if i >= a.warmup:
                    times.append((gp.clock() - t0) * 1000.0)
                    outcomes.append(outcome)
            gp.note("fork-copies-globals %s %s: %s" % (program, model, outcomes[-1]))
            params = {"program": program, "model": "cpython-" + model, "millis": a.millis,
                      "startMethod": ctx.get_start_method()}
            if program == "counting":
                params["limit"] = a.limit
            records.append(gp.record("fork-copies-globals", params, times, "ms/op", warmups=a.warmup,
                                     secondary=dict((k, ([o[k] for o in outcomes], "#")) for k in outcomes[0])))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("fork_copies_globals.py", run, sys.argv[1:]))
