#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Seed 002's distributed processes in real CPython: task_master / task_worker on BaseManager.

The seed (seed 002:684-839) registers a task queue and a result queue on a
multiprocessing.managers.BaseManager listening on port 5000 with authkey=b'abc'; task_master.py puts
tasks, task_worker.py (on the same or another machine) connects, takes each, puts the result. Here
the same two queues and the same manager, on 127.0.0.1 (a free port) with a random 32-byte authkey
(os.urandom), the workers fresh interpreters started as separate processes (they get the key in
their environment, never on a command line), running the suite's tasks:

  prime-check   the seed's 13 numbers x 5 (60 of 65 prime), one task per number, as the Java
                distributed model runs PrimeCheck's tasks (--variant, --list-multiple as gilbench_cpython.py)
  sleep-io      TASKS x time.sleep(MILLIS ms)
  round-trip    one tiny task at a time through the queues (put n, get n + 1): the price of one task
                through the manager; score = mean us per trip, rtt.p50 / rtt.p99 beside it (--workers 1)
  lost-task     what the seed's manager does when a worker dies holding a task: a worker takes a 2 s
                task and is SIGKILLed; nothing ever answers it and it is not back on the queue: lost.
                (The Java distributed model leases tasks and runs such a task again elsewhere.)
                --millis sets the task's length (default 2000); score = tasks lost (1)

Usage, the interface of gilbench_cpython.py (same JMH-format JSON, same exit codes):
  python3 cpython/distributed_managers.py EXPERIMENT --model cpython-managers [--workers N] [--tasks N]
          [--millis MS] [--warmup 1] [--ops 3] [--json OUT]

The workers start once, before the warm-up (the Java model's workers are trial setup too), and every
operation then goes through the same manager and workers. cpu.util counts this process only: the
manager's server process and the workers are not its reaped children while they run.

Exit: 0 every answer verified; 1 a wrong answer or a failure (one line on stderr); 2 bad usage.
"""
from __future__ import division, print_function

import argparse
import binascii
import os
import queue
import signal
import subprocess
import sys
import time
from multiprocessing.managers import BaseManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gilbench_cpython as g  # noqa: E402  (the seed's is_prime, the pinned answers, JMH's statistics)

MODEL = "cpython-managers"
KEY_ENV = "GILBENCH_MANAGERS_KEY"
WORKER_START_WAIT = 30.0   # s: a worker that has not said hello by then failed to start
RESULT_WAIT = 60.0         # s: the longest a task may take before the run fails (a lost task)
LOST_TASK_MILLIS = 2000    # the task the lost-task worker dies holding (--millis)
LOST_WAIT_SLACK = 1.0      # s the master waits past that task's length before calling it lost

# --- the manager: the seed's task_master.py registration, without its lambdas -------------------------
# The seed registers `callable=lambda: task_queue`, which works only under fork (lambdas do not pickle):
# module-level functions work under every start method. The queues live in the manager's server
# process, as in the seed.

_task_queue = None
_result_queue = None


def get_task_queue():
    global _task_queue
    if _task_queue is None:
        _task_queue = queue.Queue()
    return _task_queue


def get_result_queue():
    global _result_queue
    if _result_queue is None:
        _result_queue = queue.Queue()
    return _result_queue


class QueueManager(BaseManager):
    pass


QueueManager.register("get_task_queue", callable=get_task_queue)
QueueManager.register("get_result_queue", callable=get_result_queue)


class WorkerQueueManager(BaseManager):
    """The seed's task_worker.py side: registers the names only."""


WorkerQueueManager.register("get_task_queue")
WorkerQueueManager.register("get_result_queue")


# --- the worker: task_worker.py -----------------------------------------------------------------------

def run_task(task):
    kind = task[0]
    if kind == "prime":
        return g.is_prime_odd_only(task[2]) if task[3] else g.is_prime(task[2])
    if kind == "sleep":
        return g.download(task[2] / 1000.0)
    if kind == "echo":
        return task[1] + 1
    raise ValueError("unknown task kind %r" % (kind,))


def worker_main(address):
    host, port = address.rsplit(":", 1)
    key = binascii.unhexlify(os.environ[KEY_ENV])
    manager = WorkerQueueManager(address=(host, int(port)), authkey=key)
    manager.connect()
    tasks, results = manager.get_task_queue(), manager.get_result_queue()
    results.put(("hello", os.getpid(), None))
    while True:
        task = tasks.get()
        if task is None:  # the master's "no more work": the seed's worker stops after 10 tasks instead
            return 0
        if task[0] == "took":  # lost-task: say which task it holds, then hold it
            results.put(("took", task[1], os.getpid()))
            task = ("sleep", task[1], task[2])
        results.put((task[1], run_task(task), os.getpid()))


# --- the master: task_master.py -----------------------------------------------------------------------

class Master(object):
    """The manager and its workers, started once; closed with bounded waits, workers killed if need be."""

    def __init__(self, workers):
        self.key = os.urandom(32)  # 256 random bits, not the seed's 3 known bytes
        self.manager = QueueManager(address=("127.0.0.1", 0), authkey=self.key)
        self.manager.start()
        self.tasks = self.manager.get_task_queue()
        self.results = self.manager.get_result_queue()
        host, port = self.manager.address
        env = dict(os.environ)
        env[KEY_ENV] = binascii.hexlify(self.key).decode("ascii")
        self.workers = []
        self.start_seconds = []
        try:
            for _ in range(workers):
                begin = g.clock()
                p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", "%s:%d" % (host, port)],
                                     env=env, stdin=subprocess.DEVNULL)
                self.workers.append(p)
                self._await_hello(p.pid, begin)
        except Exception:
            self.close()
            raise

    def _await_hello(self, pid, begin):
        try:
            kind, hello_pid, _ = self.results.get(timeout=WORKER_START_WAIT)
        except queue.Empty:
            raise g.WrongAnswer("a manager worker did not connect within %d s" % WORKER_START_WAIT)
        if kind != "hello" or hello_pid != pid:
            raise g.WrongAnswer("expected worker %d's hello, got %r" % (pid, (kind, hello_pid)))
        self.start_seconds.append(g.clock() - begin)

    def map(self, tasks):
        """Puts every task, takes every answer: the seed's put loop and result.get loop."""
        for t in tasks:
            self.tasks.put(t)
        answers = {}
        for _ in tasks:
            try:
                index, value, _ = self.results.get(timeout=RESULT_WAIT)
            except queue.Empty:
                raise g.WrongAnswer("no answer within %d s: %d of %d tasks answered (a worker died holding one?)"
                                    % (RESULT_WAIT, len(answers), len(tasks)))
            if index in answers:
                raise g.WrongAnswer("task %d answered twice" % index)
            answers[index] = value
        return [answers[i] for i in range(len(tasks))]

    def close(self):
        for p in self.workers:
            if p.poll() is None:
                try:
                    self.tasks.put(None)
                except Exception:
                    pass
        deadline = time.time() + 10
        for p in self.workers:
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        self.manager.shutdown()


# --- experiments: each returns (run_one_op, params), as in gilbench_cpython.py -------------------------

def prime_check(a, master):
    if a.list_multiple < 1:
        raise g.BadUsage("--list-multiple must be >= 1, got %d" % a.list_multiple)
    seed = a.variant == "seed"
    numbers = (g.SEED_PRIMES if seed else g.ODD_ONLY_PRIMES) * a.list_multiple
    expected = (g.SEED_IS_PRIME if seed else g.ODD_ONLY_IS_PRIME) * a.list_multiple

    def op():
        answers = master.map([("prime", i, n, not seed) for i, n in enumerate(numbers)])
        if a.break_answers:
            answers[0] = not answers[0]
        for i, (n, got, want) in enumerate(zip(numbers, answers, expected)):
            if got != want:
                raise g.WrongAnswer("prime-check: is_prime(%d) (task %d) returned %s, expected %s" % (n, i, got, want))
        primes = sum(1 for x in answers if x)
        if primes != sum(1 for x in expected if x) or len(answers) != len(numbers):
            raise g.WrongAnswer("prime-check: %d of %d prime" % (primes, len(answers)))
        return {}
    return op, {"variant": a.variant, "listMultiple": str(a.list_multiple)}


def sleep_io(a, master):
    tasks, millis = a.tasks or 8, a.millis if a.millis is not None else 100

    def op():
        slept = master.map([("sleep", i, millis) for i in range(tasks)])
        if a.break_answers:
            slept[0] = 0.0
        for i, s in enumerate(slept):
            if s < millis / 1000.0 - 0.0005:
                raise g.WrongAnswer("sleep-io: task %d slept %.3f ms, planned %d ms" % (i, s * 1000, millis))
        return {}
    return op, {"tasks": str(tasks), "millis": str(millis)}


def round_trip(a, master):
    trips = a.tasks or 1000

    def op():
        micros = []
        for n in range(trips):
            begin = g.clock()
            master.tasks.put(("echo", n))
            index, value, _ = master.results.get(timeout=RESULT_WAIT)
            micros.append((g.clock() - begin) * 1e6)
            if a.break_answers:
                value += 1
            if index != n or value != n + 1:
                raise g.WrongAnswer("round-trip: sent %d, got back %r for task %r" % (n, value, index))
        micros.sort()
        return {"@score": sum(micros) / len(micros), "rtt.p50": g.percentile(micros, 50),
                "rtt.p99": g.percentile(micros, 99)}
    return op, {"tasks": str(trips)}


def lost_task(a, master):
    """A worker takes a task and is killed holding it; the manager never gives it to anyone else."""
    if a.workers != 1:
        raise g.BadUsage("lost-task runs with --workers 1 (its one worker is killed)")
    millis = a.millis if a.millis is not None else LOST_TASK_MILLIS
    wait = millis / 1000.0 + LOST_WAIT_SLACK

    def op():
        victim = master.workers[0]
        master.tasks.put(("took", 0, millis))
        kind, index, pid = master.results.get(timeout=RESULT_WAIT)
        if kind != "took" or pid != victim.pid:
            raise g.WrongAnswer("expected the worker to take task 0, got %r" % ((kind, index, pid),))
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        try:
            got = master.results.get(timeout=wait)
            raise g.WrongAnswer("the killed worker's task was answered after all: %r" % (got,))
        except queue.Empty:
            pass
        left = master.tasks.qsize()
        if a.break_answers:
            left += 1
        print("lost-task: worker pid %d took task 0 (sleep %d ms) and was SIGKILLed: no answer within %.1f s, "
              "%d tasks left on the task queue: the task is lost (the manager's get() is final; the Java "
              "distributed model leases it and runs it again elsewhere)" % (victim.pid, millis, wait, left))
        if left != 0:
            raise g.WrongAnswer("lost-task: %d tasks back on the queue, expected none" % left)
        # A fresh worker for the next operation.
        env = dict(os.environ)
        env[KEY_ENV] = binascii.hexlify(master.key).decode("ascii")
        host, port = master.manager.address
        begin = g.clock()
        master.workers[0] = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker",
                                              "%s:%d" % (host, port)], env=env, stdin=subprocess.DEVNULL)
        master._await_hello(master.workers[0].pid, begin)
        return {"@score": 1.0}
    return op, {"millis": str(millis)}


EXPERIMENTS = {"prime-check": prime_check, "sleep-io": sleep_io, "round-trip": round_trip, "lost-task": lost_task}
UNITS = {"round-trip": ("avgt", "us/op"), "lost-task": ("ss", "tasks lost")}


def parse(argv):
    p = argparse.ArgumentParser(prog="distributed_managers.py",
                                description="gilbench: seed 002's BaseManager master/worker, written as JMH JSON.")
    p.add_argument("experiment", choices=sorted(EXPERIMENTS))
    p.add_argument("--model", required=True, choices=(MODEL,))
    p.add_argument("--workers", type=int, default=1, help="manager workers, separate processes (default 1)")
    p.add_argument("--tasks", type=int, help="sleep-io: tasks; round-trip: trips per operation (default 1000)")
    p.add_argument("--millis", type=int, help="sleep-io: sleep per task, ms (default 100)")
    p.add_argument("--variant", choices=("seed", "odd-only"), default="seed",
                   help="prime-check: seed 000's 13 numbers (default) or seed 004's six large ones")
    p.add_argument("--list-multiple", type=int, default=g.SEED_REPEATS,
                   help="prime-check: the list repeated this many times (seed 000: 5)")
    p.add_argument("--warmup", type=int, default=1, help="warm-up operations, not recorded (default 1)")
    p.add_argument("--ops", type=int, default=3, help="measured operations (default 3)")
    p.add_argument("--json", metavar="OUT", help="write the JMH-format result here")
    p.add_argument("--break", dest="break_answers", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.workers < 1 or a.ops < 1 or a.warmup < 0:
        raise g.BadUsage("need --workers >= 1, --ops >= 1, --warmup >= 0")
    for name in ("tasks", "millis"):
        value = getattr(a, name)
        if value is not None and value < (0 if name == "millis" else 1):
            raise g.BadUsage("bad --%s %d" % (name, value))
    return a


def main(argv):
    if len(argv) == 2 and argv[0] == "--worker":
        return worker_main(argv[1])
    master = None
    try:
        a = parse(argv)
        if sys.version_info[0] < 3:
            raise g.BadUsage("cpython-managers needs Python 3")
        master = Master(a.workers)
        op, params = EXPERIMENTS[a.experiment](a, master)
        starts = ", ".join("%.0f" % (s * 1000) for s in master.start_seconds)
        print("%s %s: %d workers started (ms each: %s)" % (a.experiment, MODEL, a.workers, starts))
        scores, cpus, extras = [], [], []
        for i in range(a.warmup + a.ops):
            wall, cpu, extra = g.measure(op)
            if i < a.warmup:
                continue
            score = extra.get("@score", wall * 1000.0)
            scores.append(score)
            cpus.append(cpu)
            extras.append(extra)
            unit = UNITS.get(a.experiment, ("ss", "ms/op"))[1]
            notes = "".join(", %s %.1f" % (k, v) for k, v in sorted(extra.items()) if not k.startswith("@"))
            print("%s %s op %d: %.3f %s, cpu %.0f%%%s" % (a.experiment, MODEL, i - a.warmup + 1, score, unit, cpu, notes))
            sys.stdout.flush()
        result = g.record(a, params, scores, cpus, extras)
        mode, unit = UNITS.get(a.experiment, ("ss", "ms/op"))
        result["mode"] = mode
        result["primaryMetric"]["scoreUnit"] = unit
        for key in result["secondaryMetrics"]:
            if key.startswith("rtt."):
                result["secondaryMetrics"][key]["scoreUnit"] = "us"
        if a.json:
            import json
            with open(a.json, "w") as out:
                json.dump(g.nan_as_string([result]), out, indent=2, separators=(",", ": "))
                out.write("\n")
        return 0
    except g.BadUsage as e:
        sys.stderr.write("distributed_managers.py: %s\n" % e)
        return 2
    except g.WrongAnswer as e:
        sys.stderr.write("distributed_managers.py: wrong answer: %s\n" % e)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("distributed_managers.py: interrupted\n")
        return 130
    finally:
        if master is not None:
            master.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
