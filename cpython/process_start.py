#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""process-start: the price of a new process in CPython, each way the seeds start one.

Seeds 000:533-548, 002:48-81, 004:25-63 (os.fork), 002:83-119 and 004:65-107 (Process), 002:179-246
(subprocess); SEEDS.md 7.1, 7.2, 7.8, 7.9. One operation is one start, one answer and one exit:

  os-fork      pid = os.fork(); the child writes n + 1 to a pipe and os._exit(0)s; the parent reads
               it and os.waitpid()s (seed 002:48-81, without the prints)
  fork         multiprocessing.get_context('fork').Process(target=answer, args=(conn, n)): start(),
  spawn        recv() the child's n + 1 from a Pipe, join() — one start method each (seed 002:83-119).
  forkserver   spawn starts a fresh interpreter that imports this module; forkserver forks a child
               of a server started once (that first start is a warm-up, not recorded)
  subprocess   subprocess.Popen(['echo', 'gilbench'], stdout=PIPE).communicate(), its line checked
               (seed 002:179-246 with echo instead of nslookup: no network here)

Score: ms per start (one value per start in rawData). Every answer is checked (n + 1 from the child,
the echoed line, exit code 0); a wrong one exits 1. No child outlives the program.

Usage:
  python3 cpython/process_start.py [--methods os-fork,fork,spawn,forkserver,subprocess]
          [--starts 20] [--warmup 2] [--json OUT]
Prints one JSON line: a list of JMH-format records "cpython.process-start", one per method (param
"method"). Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import os
import sys

# The children of spawn and forkserver import this module afresh (as __mp_main__): it imports no more
# than a seed's script would at its top, so a start is not charged for the harness. The parent's tools
# are imported in run().
gp = None

METHODS = ("os-fork", "fork", "spawn", "forkserver", "subprocess")


def answer(conn, n):
    """The child's whole job: one answer."""
    conn.send(n + 1)
    conn.close()


def start_os_fork(n):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one answer, then out without running the parent's cleanup
        try:
            os.close(read_end)
            os.write(write_end, str(n + 1).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as r:
        got = int(r.read() or b"-1")
    _, status = os.waitpid(pid, 0)
    if got != n + 1 or status != 0:
        raise gp.WrongAnswer("os-fork: child answered %d to %d, exit status %d" % (got, n, status))


def start_process(ctx, method, n):
    here, there = ctx.Pipe()
    p = ctx.Process(target=answer, args=(there, n))
    p.start()
    there.close()
    try:
        if not here.poll(60):
            raise gp.WrongAnswer("%s: no answer from the child within 60 s" % method)
        got = here.recv()
    finally:
        p.join(60)
        if p.is_alive():
            p.kill()
            p.join(5)
    if got != n + 1 or p.exitcode != 0:
        raise gp.WrongAnswer("%s: child answered %s to %d, exit code %s" % (method, got, n, p.exitcode))


def start_subprocess(n):
    import subprocess
    out, _ = subprocess.Popen(["echo", "gilbench", str(n)], stdout=subprocess.PIPE).communicate()
    if out != ("gilbench %d\n" % n).encode():
        raise gp.WrongAnswer("subprocess: echo printed %r" % out)


def starter(method):
    if method == "os-fork":
        if not hasattr(os, "fork"):
            raise gp.BadUsage("os-fork needs os.fork() (not on Windows)")
        return start_os_fork
    if method == "subprocess":
        return start_subprocess
    if method not in multiprocessing.get_all_start_methods():
        raise gp.BadUsage("start method %s is not available here (available: %s)"
                          % (method, ", ".join(multiprocessing.get_all_start_methods())))
    ctx = multiprocessing.get_context(method)
    return lambda n: start_process(ctx, method, n)


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="process_start.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--methods", default=",".join(METHODS), help="comma-separated, of: " + ", ".join(METHODS))
    p.add_argument("--starts", type=int, default=20, help="measured starts per method (default 20)")
    p.add_argument("--warmup", type=int, default=2, help="starts per method before measuring (default 2)")
    p.add_argument("--json", metavar="OUT", help="also write the records here")
    a = p.parse_args(argv)
    methods = gp.choices("methods", a.methods, METHODS)
    gp.positive("starts", a.starts)
    gp.positive("warmup", a.warmup, allow_zero=True)
    records = []
    for method in methods:
        start = starter(method)
        times = []
        for i in range(a.warmup + a.starts):
            t0 = gp.clock()
            start(i)
            ms = (gp.clock() - t0) * 1000.0
            if i >= a.warmup:
                times.append(ms)
        gp.note("process-start %s: median %.2f ms over %d starts" % (method, sorted(times)[len(times) // 2], len(times)))
        records.append(gp.record("process-start", {"method": method, "starts": a.starts}, times, "ms/op",
                                 warmups=a.warmup))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("process_start.py", run, sys.argv[1:]))
