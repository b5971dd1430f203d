#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""pool-waves: sleeping tasks through Pool(4), each recording when it started and ended.

Seeds 002:121-177 and 004:147-202; SEEDS.md 3.1, 3.2. The Java side is PoolWaves, with the same
durations (the same SplitMix64 draw as Java's SplittableRandom, seed 20261122) and the same scale: one
seed second lasts MILLIS_PER_SEED_SECOND ms (default 100).

  random       seed 002: Pool(4), 5 x apply_async(long_time_task) of random.random() * 3 s; close(),
               join(). Published: tasks 0-3 start at once, task 4 when the first ends; 2 waves.
  apply-async  seed 004: Pool(4), 10 x apply_async(task) of sleep(1): 3 waves (4, 4, 2).
  apply        the same 10 through apply(), which waits for each answer: one at a time, 10 waves.

Models: cpython-processes (multiprocessing.Pool) and cpython-threads (multiprocessing.pool.ThreadPool,
the same API over threads). Each task returns its start and end as offsets from the moment just
before the first submission, read with time.monotonic() in whichever process runs it (CLOCK_MONOTONIC
on Linux: one clock for every process). Checked: every task started after that moment, ended before
the results were in, slept at least its time; no more than 4 ran at once (apply: 1).

Score: ms from the first submission to the last answer (the pool is created before, closed and joined
after, as the seed's program does). Secondary: start0..start9, end0..end9 (ms), maxConcurrent,
startedAtOnce (tasks started before the first ended), waves (the longest chain of tasks each started
after the previous ended).
Usage:
  python3 cpython/pool_waves.py [--experiments random,apply-async,apply] [--models cpython-processes,cpython-threads]
          [--millis-per-seed-second 100] [--workers 4] [--warmup 1] [--ops 3] [--json OUT]
Prints one JSON line: JMH-format records "cpython.pool-waves", one per experiment x model.
Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import multiprocessing.pool
import os
import sys
import time

gp = None  # the parent's tools, imported in __main__

EXPERIMENTS = ("random", "apply-async", "apply")
MODELS = ("cpython-processes", "cpython-threads")
RANDOM_SEED = 20261122  # PoolWaves.RANDOM_SEED = SleepIo.RANDOM_SEED
SEED_RANDOM_TASKS, SEED_RANDOM_MAX_SECONDS = 5, 3.0
SEED_FIXED_TASKS, SEED_FIXED_SECONDS = 10, 1.0
MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def splitmix_doubles(seed, n):
    """java.util.SplittableRandom(seed).nextDouble(), n times: mix64 of seed += GOLDEN_GAMMA, top 53 bits."""
    out = []
    for _ in range(n):
        seed = (seed + GOLDEN_GAMMA) & MASK
        z = seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        out.append((z >> 11) * (1.0 / (1 << 53)))
    return out


def java_round(x):
    """Math.round: floor(x + 0.5)."""
    import math
    return int(math.floor(x + 0.5))


def durations(experiment, scale):
    """Each task's sleep in ms, as PoolWaves.random / PoolWaves.fixed compute it."""
    if experiment == "random":
        return [java_round(d * SEED_RANDOM_MAX_SECONDS * scale)
                for d in splitmix_doubles(RANDOM_SEED, SEED_RANDOM_TASKS)]
    return [java_round(SEED_FIXED_SECONDS * scale)] * SEED_FIXED_TASKS


def long_time_task(index, millis, origin):
    """The seeds' task: sleep; returns (index, pid, start, end), ms after origin on the monotonic clock."""
    start = time.monotonic()
    time.sleep(millis / 1000.0)
    end = time.monotonic()
    return index, os.getpid(), (start - origin) * 1000.0, (end - origin) * 1000.0


def timeline(starts, ends):
    """PoolWaves.timeline: most at once, tasks started before the first end, waves."""
    n = len(starts)
    most = max(sum(1 for j in range(n) if starts[j] <= starts[i] < ends[j]) for i in range(n))
    first_end = min(ends)
    at_once = sum(1 for s in starts if s < first_end)
    order = sorted(range(n), key=lambda i: starts[i])
    depth = {}
    for k, i in enumerate(order):
        depth[i] = 1 + max([depth[j] for j in order[:k] if ends[j] <= starts[i]] or [0])
    return most, at_once, max(depth.values())


def one_run(experiment, model, workers, sleeps):
    if model == "cpython-processes":
        pool = multiprocessing.get_context().Pool(workers)
    else:
        pool = multiprocessing.pool.ThreadPool(workers)
    try:
        origin = time.monotonic()
        if experiment == "apply":
            answers = [pool.apply(long_time_task, (i, ms, origin)) for i, ms in enumerate(sleeps)]
        else:
            pending = [pool.apply_async(long_time_task, (i, ms, origin)) for i, ms in enumerate(sleeps)]
            answers = [r.get(600) for r in pending]
        wall = (time.monotonic() - origin) * 1000.0
    finally:
        pool.close()  # the seed's close() then join(): the workers exit and are reaped
        pool.join()
    starts = [a[2] for a in answers]
    ends = [a[3] for a in answers]
    for i, (index, pid, s, e) in enumerate(answers):
        if index != i:
            raise gp.WrongAnswer("answer %d is task %d's" % (i, index))
        if s < 0 or e > wall + 1.0 or e < s:
            raise gp.WrongAnswer("task %d ran %.3f..%.3f ms, but the run lasted %.3f ms (clocks differ?)" % (i, s, e, wall))
        if e - s < sleeps[i] - 0.001:
            raise gp.WrongAnswer("task %d slept %.3f ms, planned %d" % (i, e - s, sleeps[i]))
    most, at_once, waves = timeline(starts, ends)
    limit = 1 if experiment == "apply" else workers
    if most > limit:
        raise gp.WrongAnswer("%d tasks ran at once under %s(%d) %s" % (most, model, workers, experiment))
    return wall, starts, ends, most, at_once, waves


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="pool_waves.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--experiments", default=",".join(EXPERIMENTS), help="comma-separated, of: " + ", ".join(EXPERIMENTS))
    p.add_argument("--models", default=",".join(MODELS), help="comma-separated, of: " + ", ".join(MODELS))
    p.add_argument("--millis-per-seed-second", type=int, default=100, help="the scale (default 100; 1000: the seeds')")
    p.add_argument("--workers", type=int, default=4, help="pool size (the seeds: 4)")
    p.add_argument("--warmup", type=int, default=1, help="runs before measuring (default 1)")
    p.add_argument("--ops", type=int, default=3, help="measured runs (default 3)")
    p.add_argument("--json", metavar="OUT")
    a = p.parse_args(argv)
    experiments = gp.choices("experiments", a.experiments, EXPERIMENTS)
    models = gp.choices("models", a.models, MODELS)
    if not 1 <= a.millis_per_seed_second <= 1000:
        raise gp.BadUsage("bad value for --millis-per-seed-second: %d (allowed: 1..1000)" % a.millis_per_seed_second)
    gp.positive("workers", a.workers)
    gp.positive("ops", a.ops)
    gp.positive("warmup", a.warmup, allow_zero=True)
    records = []
    for experiment in experiments:
        sleeps = durations(experiment, a.millis_per_seed_second)
        for model in models:
            walls, sec = [], {}
            for i in range(a.warmup + a.ops):
                wall, starts, ends, most, at_once, waves = one_run(experiment, model, a.workers, sleeps)
                if i < a.warmup:
                    continue
                walls.append(wall)
                for k in range(10):
                    sec.setdefault("start%d" % k, ([], "ms"))[0].append(starts[k] if k < len(starts) else 0.0)
                    sec.setdefault("end%d" % k, ([], "ms"))[0].append(ends[k] if k < len(ends) else 0.0)
                for name, value in (("maxConcurrent", most), ("startedAtOnce", at_once), ("waves", waves)):
                    sec.setdefault(name, ([], "#"))[0].append(value)
            gp.note("pool-waves %s %s: %.0f ms, waves %s, starts %s" % (
                experiment, model, walls[-1], sec["waves"][0][-1],
                ["%.0f" % sec["start%d" % k][0][-1] for k in range(len(sleeps))]))
            records.append(gp.record("pool-waves", {"experiment": experiment, "model": model, "workers": a.workers,
                                                    "millisPerSeedSecond": a.millis_per_seed_second,
                                                    "sleeps": ",".join(map(str, sleeps))},
                                     walls, "ms/op", warmups=a.warmup, secondary=sec))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("pool_waves.py", run, sys.argv[1:]))
