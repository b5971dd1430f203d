#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""gilbench's thread and real-I/O experiments (issue 22) in real CPython, beside the Java workloads.

Each experiment is the seed program, or the Java workload of the same name
(workloads/src/main/java/org/gilbench/workload/), written the way a Python programmer writes it,
verified, timed, and written as one JMH-style JSON record like gilbench_cpython.py's:

  socket-io        TASKS downloads, each a TCP request to a local server answering after MILLIS ms
                   (socket + ThreadPoolExecutor, ProcessPoolExecutor, or asyncio streams)
  port-scan        seed 004: connect_ex over a free loopback range in BLOCKS blocks, some ports listening
                   (multiprocessing Pool(WORKERS) with apply_async as the seed, threads, or asyncio)
  downloads        seeds 000/001: three downloads of randint(3, 6) s (the published 3, 5, 6) at 1/20 scale
  deadlock         two threads (or coroutines), two locks, opposite orders; detected, ended, counted
  thread-local     seed 002: pass-down, a dict keyed by current_thread(), threading.local(): ns per access
  daemon-threads   seed 000: Ping/Pong display threads in a child interpreter: run time, prints, cut-offs
  responsive-loop  seed 001's tkinter window, headless: a 16 ms frame loop beside a CPU-bound job
  busy-loop        seed 002: cpu_count() threads of x = x ^ 1: CPU % (the seed: 102 %)
  sleep-io         TASKS x asyncio.sleep(MILLIS) with a Semaphore(WORKERS) (threads: gilbench_cpython.py)
  suspension-bank  100 deposits of 1, the 10 ms sleep between the read and the write, or after the write

Usage:
  python3 cpython/gilbench_threads.py EXPERIMENT --model MODEL [--workers N] [options]
          [--warmup 1] [--ops 3] [--json OUT]
  python3 cpython/gilbench_threads.py --help

Models: cpython-serial, cpython-threads, cpython-processes, cpython-asyncio (one thread, an event
loop), cpython-free-threaded (threads on a build whose GIL is off). Each experiment accepts the models
that make sense for it and refuses the others (exit 2).

Output: one line per operation on stderr; on stdout exactly one line, the JSON record (a list of one
JMH-format benchmark result, "benchmark": "cpython.<experiment>"); --json OUT writes it to a file too.
Every operation verifies its answer; a wrong one prints one line and exits 1. Every thread, child
process and server this program starts ends before it exits (bounded waits, then kill).

Python 3.8+. Exit: 0 verified; 1 wrong answer or failure; 2 bad usage; 130 interrupted.
"""
from __future__ import division, print_function

import argparse
import asyncio
import collections
import json
import multiprocessing
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from concurrent import futures

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gilbench_cpython import (BadUsage, WrongAnswer, build, calc, gil_enabled, jmh_metric,  # noqa: E402
                              nan_as_string, percentile, process_context)

clock = time.perf_counter
LOOPBACK = "127.0.0.1"
MODELS = ("cpython-serial", "cpython-threads", "cpython-processes", "cpython-asyncio", "cpython-free-threaded")
THREADS = ("cpython-threads", "cpython-free-threaded")
WAIT = 30.0  # seconds: any join or child wait longer than this means something hangs


# --- the delay server (socket-io) -------------------------------------------------------------------

def answer(index):
    """DelayServer.answer in Java: splitmix64's finaliser, as a signed 64-bit number."""
    m = 0xFFFFFFFFFFFFFFFF
    z = (index + 0x9E3779B97F4A7C15) & m
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
    z ^= z >> 31
    return z - (1 << 64) if z >= 1 << 63 else z


def serve():
    """The server process: asyncio, one thread; '<index> <millis>\\n' -> after millis: '<index> <answer>\\n',
    then it closes (first, so TIME_WAIT stays on its side). Prints 'port N'; ends at end of stdin."""
    async def handle(reader, writer):
        try:
            parts = (await reader.readline()).split()
            index, millis = int(parts[0]), int(parts[1])
            await asyncio.sleep(millis / 1000.0)
            writer.write(b"%d %d\n" % (index, answer(index)))
            await writer.drain()
        except (ValueError, IndexError, ConnectionError):
            writer.write(b"error: expected '<index> <millis>'\n")
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, LOOPBACK, 0, backlog=4096)
        print("port %d" % server.sockets[0].getsockname()[1], flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)  # returns at end of stdin
        server.close()
    asyncio.run(main())


class Server(object):
    """The delay server in a child interpreter of its own: its connections count against its own
    file-descriptor limit, and its GIL is not the clients'."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("port "):
            self.close()
            raise WrongAnswer("the socket-io server said %r instead of its port" % line)
        self.port = int(line.split()[1])

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(WAIT)


def download(port, index, millis):
    """One socket-io download: connect, send, read to the end. Returns (index, answer, seconds)."""
    start = clock()
    with socket.create_connection((LOOPBACK, port), timeout=10 + millis / 1000.0) as s:
        s.sendall(b"%d %d\n" % (index, millis))
        chunks = []
        while True:
            b = s.recv(4096)
            if not b:
                break
            chunks.append(b)
    parts = b"".join(chunks).split()
    return int(parts[0]), int(parts[1]), clock() - start


async def download_async(port, index, millis):
    start = clock()
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        writer.write(b"%d %d\n" % (index, millis))
        await writer.drain()
        parts = (await reader.read()).split()
    finally:
        writer.close()
    return int(parts[0]), int(parts[1]), clock() - start


def run_async(coroutine_factory, workers, items):
    """asyncio.gather over items, at most WORKERS in flight (an asyncio.Semaphore), as Java's event-loop."""
    async def main():
        gate = asyncio.Semaphore(workers)

        async def one(item):
            async with gate:
                return await coroutine_factory(*item)
        return await asyncio.gather(*(one(i) for i in items))
    return asyncio.run(main())


def pool_run(model, workers, fn, items):
    """fn(*item) for each item under the model, results in order (executor.map as the seeds write it)."""
    if model == "cpython-serial":
        return [fn(*i) for i in items]
    if model == "cpython-processes":
        with futures.ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as ex:
            return [f.result() for f in [ex.submit(fn, *i) for i in items]]
    with futures.ThreadPoolExecutor(max_workers=workers) as ex:
        return [f.result() for f in [ex.submit(fn, *i) for i in items]]


def socket_io(a):
    require(a, ("cpython-serial", "cpython-processes", "cpython-asyncio") + THREADS)
    tasks, millis = a.tasks or 8, a.millis if a.millis is not None else 100
    server = None if a.port else Server()
    port = a.port or server.port
    a.cleanup.append(lambda: server and server.close())
    items = [(port, i, millis) for i in range(tasks)]

    def op():
        if a.model == "cpython-asyncio":
            got = run_async(download_async, a.workers, items)
        else:
            got = pool_run(a.model, a.workers, download, items)
        for i, (index, value, seconds) in enumerate(got):
            if index != i or value != answer(i):
                raise WrongAnswer("socket-io: download %d got the reply of %d (%d)" % (i, index, value))
            if seconds < millis / 1000.0 - 0.0005:
                raise WrongAnswer("socket-io: download %d took %.3f ms, the server waits %d" % (i, seconds * 1e3, millis))
        return {}
    return op, {"tasks": str(tasks), "millis": str(millis)}


# --- port scan (seed 004) -----------------------------------------------------------------------------

class Listeners(object):
    """OPEN listeners in a range of PORTS loopback ports in which nothing else listens (every port bound
    once to check), between 20000 and 32767, below the ephemeral range."""

    def __init__(self, ports, open_count, seed=20261122):
        for base in range(20000, 32768 - ports + 1, ports):
            chosen = set(random.Random(seed).sample(range(base, base + ports), open_count))
            kept = []
            try:
                for port in range(base, base + ports):
                    s = socket.socket()
                    try:
                        s.bind((LOOPBACK, port))
                    except OSError:
                        s.close()
                        raise
                    if port in chosen:
                        s.listen(128)
                        s.setblocking(False)
                        kept.append(s)
                    else:
                        s.close()
            except OSError:
                for s in kept:
                    s.close()
                continue
            self.first, self.count, self.open, self.sockets = base, ports, chosen, kept
            return
        raise WrongAnswer("port-scan: no range of %d free loopback ports below 32768" % ports)

    def drain(self):
        """Accepts and closes what the last scan left in the accept queues (a full queue drops SYNs)."""
        for s in self.sockets:
            while True:
                try:
                    c, _ = s.accept()
                except (BlockingIOError, InterruptedError):
                    break
                c.close()

    def close(self):
        for s in self.sockets:
            s.close()


def scan_port(first, count):
    """Seed 004's scan_port, with a fresh socket per port (the seed reuses one: EISCONN after a success)."""
    found = []
    for port in range(first, first + count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(1)
        if s.connect_ex((LOOPBACK, port)) == 0:
            found.append(port)
        s.close()
    return found


async def scan_port_async(first, count):
    found = []
    for port in range(first, first + count):
        try:
            _, w = await asyncio.wait_for(asyncio.open_connection(LOOPBACK, port), 1)
            found.append(port)
            w.close()
        except (ConnectionRefusedError, asyncio.TimeoutError):
            pass
    return found


def port_scan(a):
    require(a, ("cpython-serial", "cpython-processes", "cpython-asyncio") + THREADS)
    ports, open_count, blocks = a.ports, a.open, a.blocks
    if not 1 <= blocks <= ports or not 0 <= open_count <= ports:
        raise BadUsage("port-scan: need 1 <= --blocks <= --ports and 0 <= --open <= --ports")
    listeners = Listeners(ports, open_count)
    a.cleanup.append(listeners.close)
    items, start = [], listeners.first
    for b in range(blocks):
        size = ports // blocks + (1 if b < ports % blocks else 0)
        items.append((start, size))
        start += size

    def op():
        listeners.drain()
        if a.model == "cpython-asyncio":
            got = run_async(scan_port_async, len(items), items)
        elif a.model == "cpython-processes":
            # The seed: p = Pool(16); p.apply_async(scan_port, ...) per block; p.close(); p.join().
            pool = process_context().Pool(a.workers)
            try:
                results = [pool.apply_async(scan_port, i) for i in items]
                pool.close()
                got = [r.get(WAIT) for r in results]
            finally:
                pool.terminate()
                pool.join()
        else:
            got = pool_run(a.model, a.workers, scan_port, items)
        for (first, size), found in zip(items, got):
            want = sorted(p for p in listeners.open if first <= p < first + size)
            if sorted(found) != want:
                raise WrongAnswer("port-scan: ports %d..%d: found %s, expected exactly %s"
                                  % (first, first + size - 1, found, want))
        return {}
    return op, {"ports": str(ports), "open": str(open_count), "blocks": str(blocks)}


# --- downloads (seeds 000, 001) -------------------------------------------------------------------------

SEED_FILES = [u"Python从入门到住院.pdf", u"MySQL从删库到跑路.avi", u"Linux从精通到放弃.mp4"]
SEED_SECONDS = [3, 5, 6]  # the draws of the published runs, 000:50-61


def download_file(seconds):
    """Seed 000's download(): time.sleep(randint(3, 6)), here scaled. Returns the time it took."""
    start = clock()
    time.sleep(seconds)
    return clock() - start


def download_in_child(seconds):
    """A Process target: exit code 1 if the sleep came back early (the parent checks exit codes)."""
    sys.exit(0 if download_file(seconds) >= seconds - 0.0005 else 1)


def downloads(a):
    require(a, ("cpython-serial", "cpython-processes", "cpython-asyncio") + THREADS)
    scale = a.millis_per_second / 1000.0
    seconds = SEED_SECONDS if a.draws == "published" else \
        [random.Random(20261122).randint(3, 6) for _ in SEED_FILES]
    planned = [s * scale for s in seconds]

    def op():
        if a.model == "cpython-serial":
            took = [download_file(p) for p in planned]
        elif a.model == "cpython-processes":  # seed 001:23-49: a Process per download
            ctx = process_context()
            procs = [ctx.Process(target=download_in_child, args=(p,)) for p in planned]
            for p in procs:
                p.start()
            for p in procs:
                p.join(WAIT)
            if any(p.exitcode != 0 for p in procs):
                raise WrongAnswer("downloads: child exit codes %s" % [p.exitcode for p in procs])
            took = planned
        elif a.model == "cpython-asyncio":
            async def dl(p):
                start = clock()
                await asyncio.sleep(p)
                return clock() - start
            took = run_async(dl, len(planned), [(p,) for p in planned])
        else:  # seed 000:65-99: a Thread per download, start all, join all
            took = [0.0] * len(planned)

            def worker(i):
                took[i] = download_file(planned[i])
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(planned))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(WAIT)
        for i, (t, p) in enumerate(zip(took, planned)):
            if t < p - 0.0005:
                raise WrongAnswer("downloads: %s slept %.3f s, planned %.3f" % (SEED_FILES[i], t, p))
        return {"sumMillis": sum(planned) * 1e3, "longestMillis": max(planned) * 1e3}
    return op, {"draws": a.draws, "millisPerSecond": str(a.millis_per_second)}


# --- deadlock (seed 002:484-488) ------------------------------------------------------------------------

class TracedLock(object):
    """threading.Lock with its owner recorded, so a watcher can see the wait-for graph."""

    def __init__(self, name):
        self.lock, self.owner, self.name = threading.Lock(), None, name

    def acquire(self, timeout=-1):
        if self.lock.acquire(timeout=timeout):
            self.owner = threading.get_ident()
            return True
        return False

    def release(self):
        self.owner = None
        self.lock.release()


SLICE = 0.001  # CPython cannot interrupt a thread blocked in Lock.acquire(): it waits in 1 ms slices


class DeadlockRun(object):
    def __init__(self, order):
        self.a, self.b = TracedLock("A"), TracedLock("B")
        self.order = order
        self.ids = [None, None]
        self.waiting = [None, None]
        self.ended = False
        self.critical = 0
        self.retries = 0
        self.results = [None, None]

    def first(self, i):
        return self.a if i == 0 or self.order == "one-order" else self.b

    def second(self, i):
        return self.b if self.first(i) is self.a else self.a

    def cycle(self):
        w0, w1 = self.waiting
        return (w0 is not None and w1 is not None and self.ids[0] is not None and self.ids[1] is not None
                and w0.owner == self.ids[1] and w1.owner == self.ids[0])


def deadlock_party(run, i, window, micros):
    run.ids[i] = threading.get_ident()
    first, second = run.first(i), run.second(i)

    def pause(us):
        if window == "sleep":
            time.sleep(us / 1e6)
        else:
            end = clock() + us / 1e6
            while clock() < end:
                pass

    def wait_for(lock):
        """Untimed, but ended by the watcher: waits in slices and gives up once the run is ended."""
        if lock.acquire(timeout=0):
            return True
        run.waiting[i] = lock
        try:
            while not lock.acquire(timeout=SLICE):
                if run.ended:
                    return False
            return True
        finally:
            run.waiting[i] = None

    for _ in range(10000):
        if not wait_for(first):
            run.results[i] = "ended"
            return
        try:
            pause(micros)
            if run.order == "try-lock":
                got = second.acquire(timeout=0.001)
            else:
                got = wait_for(second)
                if not got:
                    run.results[i] = "ended"
                    return
            if got:
                try:
                    if run.ended:
                        run.results[i] = "ended"
                        return
                    run.critical += 1
                    run.results[i] = "done"
                    return
                finally:
                    second.release()
        finally:
            first.release()
        run.retries += 1
        pause(random.random() * micros)  # back off, at random, so the two do not retry in lock step
    run.results[i] = "livelock"


def deadlock(a):
    require(a, THREADS + ("cpython-serial",))
    if a.order not in ("opposite", "one-order", "try-lock") or a.window not in ("sleep", "spin"):
        raise BadUsage("deadlock: --order opposite|one-order|try-lock, --window sleep|spin")
    runs, micros = a.runs, a.window_micros

    def one_run():
        run = DeadlockRun(a.order)
        if a.model == "cpython-serial":
            deadlock_party(run, 0, a.window, micros)
            deadlock_party(run, 1, a.window, micros)
            return run, 0.0
        threads = [threading.Thread(target=deadlock_party, args=(run, i, a.window, micros)) for i in (0, 1)]
        for t in threads:
            t.start()
        detected, since, start = 0.0, None, clock()
        while any(t.is_alive() for t in threads):  # the watcher: this thread
            if run.cycle():
                since = since or clock()
                detected = clock() - since
                run.ended = True  # the parties see it within a slice, release and return
            elif clock() - start > WAIT:
                run.ended = True
                raise WrongAnswer("deadlock: a run neither finished nor deadlocked in %d s" % WAIT)
            time.sleep(0.0002)
        for t in threads:
            t.join(WAIT)
        return run, detected

    def op():
        dead, retries, slowest = 0, 0, 0.0
        for _ in range(runs):
            run, detected = one_run()
            if run.ended:
                if run.results != ["ended", "ended"] or run.critical != 0:
                    raise WrongAnswer("deadlock: ended, but the parties returned %s" % run.results)
                dead += 1
                slowest = max(slowest, detected)
            elif run.results != ["done", "done"] or run.critical != 2:
                raise WrongAnswer("deadlock: no deadlock, but the parties returned %s after %d critical sections"
                                  % (run.results, run.critical))
            retries += run.retries
        if a.order != "opposite" and dead:
            raise WrongAnswer("deadlock: %d deadlocks with the fix %s" % (dead, a.order))
        return {"deadlocks": float(dead), "retries": float(retries)}
    return op, {"order": a.order, "window": a.window, "windowMicros": str(micros), "runs": str(runs)}


# --- thread-local (seed 002:536-630) --------------------------------------------------------------------

class Student(object):
    def __init__(self, name, sid):
        self.name, self.id = name, sid


global_dict = {}
local_school = threading.local()
MASK = 0xFFFFFFFFFFFFFFFF


def do_subtask(std, h):
    return (h * 31 + std.id) & MASK


def process_student(style, std, accesses):
    """Binds the student the chosen way, then ACCESSES times reaches it from a call and hashes its id."""
    h = 0
    if style == "pass-down":
        for _ in range(accesses):
            h = do_subtask(std, h)
    elif style == "thread-dict":
        global_dict[threading.current_thread()] = std
        try:
            for _ in range(accesses):
                h = do_subtask(global_dict[threading.current_thread()], h)
        finally:
            del global_dict[threading.current_thread()]
    else:
        local_school.student = std
        for _ in range(accesses):
            h = do_subtask(local_school.student, h)
    return h


def expected_hash(sid, accesses):
    h = 0
    for _ in range(accesses):
        h = (h * 31 + sid) & MASK
    return h


def thread_local(a):
    require(a, THREADS + ("cpython-serial",))
    if a.style not in ("pass-down", "thread-dict", "thread-local"):
        raise BadUsage("thread-local: --style pass-down|thread-dict|thread-local")
    tasks, accesses = a.tasks or 2, a.accesses
    names = ["Alice", "Bob"] + ["Student-%d" % i for i in range(2, tasks)]
    want = [expected_hash(i + 1, accesses) for i in range(tasks)]

    def op():
        got = [None] * tasks

        def worker(i):
            got[i] = process_student(a.style, Student(names[i], i + 1), accesses)
        start = clock()
        if a.model == "cpython-serial":
            for i in range(tasks):
                worker(i)
        else:  # the seed's Thread-A, Thread-B: one thread per student
            threads = [threading.Thread(target=worker, args=(i,), name="Thread-%s" % chr(65 + i % 26))
                       for i in range(tasks)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(WAIT)
        wall = clock() - start
        for i in range(tasks):
            if got[i] != want[i]:
                raise WrongAnswer("thread-local: %s did not see only her own student" % names[i])
        return {"nsPerAccess": wall * 1e9 / (tasks * accesses)}
    return op, {"style": a.style, "tasks": str(tasks), "accesses": str(accesses)}


# --- daemon threads (seed 000:202-369) --------------------------------------------------------------------

def daemon_child(variant, period, life):
    """The program, in a child interpreter: Ping and Pong display threads; prints monotonic ns stamps."""
    import atexit

    def say(line):
        # The seed prints with flush=True (000:242). One os.write per line: print() writes the text and
        # its newline separately, so lines of two threads (and of the exit) can interleave mid-line.
        os.write(1, (line + "\n").encode())

    def display(content, life_s):
        n, end = 0, time.monotonic() + life_s
        while life_s == 0 or time.monotonic() < end:
            n += 1
            say("%s %d" % (content, n))
            time.sleep(period)
        say(content + " done")

    say("main-starts %d" % time.monotonic_ns())
    atexit.register(lambda: say("exit %d" % time.monotonic_ns()))  # after the normal threads are joined
    ping_daemon = variant in ("daemon", "daemon-sleep")
    pong_daemon = variant != "non-daemon"
    threading.Thread(target=display, args=("Ping", life if variant in ("non-daemon", "mixed") else 0),
                     daemon=ping_daemon).start()
    threading.Thread(target=display, args=("Pong", life if variant == "non-daemon" else 0),
                     daemon=pong_daemon).start()
    if variant == "daemon-sleep":
        time.sleep(life)
    say("main-returns %d" % time.monotonic_ns())


def daemon_threads(a):
    require(a, ("cpython-threads", "cpython-free-threaded"))
    if a.variant not in ("mixed", "daemon", "daemon-sleep", "non-daemon"):
        raise BadUsage("daemon-threads: --variant mixed|daemon|daemon-sleep|non-daemon")
    period, life = a.period_millis / 1000.0, a.life_millis / 1000.0

    def op():
        fork = time.monotonic_ns()
        child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--daemon-child", a.variant,
                                  str(period), str(life)], stdout=subprocess.PIPE)
        try:
            out, _ = child.communicate(timeout=life + WAIT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(WAIT)
            raise WrongAnswer("daemon-threads: the %s program still runs after %.0f s" % (a.variant, life + WAIT))
        stamps, prints, done = {}, {"Ping": 0, "Pong": 0}, set()
        for line in out.decode().split("\n"):
            w = line.split()
            if len(w) == 2 and w[0] in ("main-starts", "main-returns", "exit"):
                stamps[w[0]] = int(w[1])
            elif len(w) == 2 and w[0] in prints:
                if w[1] == "done":
                    done.add(w[0])
                else:
                    prints[w[0]] += 1
        if child.returncode != 0 or len(stamps) != 3:
            raise WrongAnswer("daemon-threads: exit %s, stamps %s" % (child.returncode, sorted(stamps)))
        after_main = (stamps["exit"] - stamps["main-returns"]) / 1e9
        run = (stamps["exit"] - stamps["main-starts"]) / 1e9
        # A bounded thread starts after main does and lives LIFE: the program runs at least LIFE.
        ok = {"non-daemon": done == {"Ping", "Pong"} and run >= life,
              "daemon": not done and after_main < life,
              "daemon-sleep": not done and run >= life and prints["Ping"] > 0 and prints["Pong"] > 0,
              "mixed": done == {"Ping"} and prints["Pong"] > 0 and run >= life}[a.variant]
        if not ok:
            raise WrongAnswer("daemon-threads: %s: done %s, prints %s, %.3f s after main"
                              % (a.variant, sorted(done), prints, after_main))
        return {"startMillis": (stamps["main-starts"] - fork) / 1e6,
                "runMillis": (stamps["exit"] - stamps["main-starts"]) / 1e6,
                "afterMainMillis": after_main * 1e3,
                "pingPrints": float(prints["Ping"]), "pongPrints": float(prints["Pong"])}
    return op, {"variant": a.variant, "periodMillis": str(a.period_millis), "lifeMillis": str(a.life_millis)}


# --- responsive loop (seed 001:276-361) -------------------------------------------------------------------

FRAME = 0.016
START_FRAME = 5


def calc_checked(iterations):
    if calc(iterations) != iterations:
        raise WrongAnswer("responsive-loop: calc(%d) miscounted" % iterations)


def calc_in_child(iterations):
    sys.exit(0 if calc(iterations) == iterations else 1)


def responsive_loop(a):
    require(a, ("cpython-serial",) + THREADS + ("cpython-processes",))
    jobs = ("none", "same-thread", "gil-thread", "thread", "process")
    if a.job not in jobs:
        raise BadUsage("responsive-loop: --job " + "|".join(jobs))
    if a.job == "thread" and gil_enabled():
        raise BadUsage("responsive-loop: a thread without a GIL needs a free-threaded build; here threads "
                       "share the GIL: --job gil-thread")
    if a.job == "gil-thread" and not gil_enabled():
        raise BadUsage("responsive-loop: this build has no GIL: --job thread")
    frames, iterations = a.frames, a.job_iterations

    def op():
        job, job_start, job_end = None, 0.0, float("inf")
        due, reached, failures = [], [], []

        def in_thread():
            try:
                calc_checked(iterations)
            except WrongAnswer as e:
                failures.append(str(e))
        start = clock()
        for k in range(frames):
            deadline = start + k * FRAME
            left = deadline - clock()
            if left > 0:
                time.sleep(left)
            due.append(deadline)
            reached.append(clock())
            if job is not None and job_end == float("inf") and not job.is_alive():
                job_end = reached[-1]  # the job ended during the last frame: the frames after it do not count
            if k == START_FRAME and a.job != "none":
                job_start = clock()
                if a.job == "same-thread":
                    calc_checked(iterations)  # the click handler blocks the loop
                    job_end = clock()
                elif a.job == "process":
                    job = process_context().Process(target=calc_in_child, args=(iterations,))
                    job.start()
                else:
                    job = threading.Thread(target=in_thread)
                    job.start()
        if job is not None:
            job.join(WAIT)
            if job.is_alive() or getattr(job, "exitcode", 0) != 0 or failures:
                raise WrongAnswer("responsive-loop: the %s job failed or hangs %s" % (a.job, failures))
        late = sorted(max(0.0, r - d) * 1e3 for r, d, k in zip(reached, due, range(frames))
                      if k > START_FRAME and (a.job == "none" or job_start <= d <= job_end))
        if not late:
            late = [0.0]
        return {"lateP50Millis": percentile(late, 50), "lateP99Millis": percentile(late, 99),
                "lateMaxMillis": late[-1], "framesDuringJob": float(len(late)),
                "jobMillis": 0.0 if a.job == "none" else ((job_end if job_end != float("inf") else clock())
                                                          - job_start) * 1e3}
    return op, {"job": a.job, "frames": str(frames), "jobIterations": str(iterations)}


# --- busy loop (seed 002:490-529) -------------------------------------------------------------------------

def spin(window):
    """x = 0; while True: x = x ^ 1 — for WINDOW seconds. Returns (steps, x)."""
    x, steps, end = 0, 0, time.monotonic() + window
    while True:
        for _ in range(10000):
            x = x ^ 1
        steps += 10000
        if time.monotonic() >= end:
            return steps, x


def spin_in_child(window):
    steps, x = spin(window)
    sys.exit(0 if steps > 0 and x == steps & 1 else 1)


def busy_loop(a):
    require(a, THREADS + ("cpython-processes", "cpython-serial"))
    count = a.workers if a.workers_given else multiprocessing.cpu_count()
    a.workers = count  # recorded as the workers param: every param of a record is one of this program's options
    window = a.window_millis / 1000.0

    def op():
        results = [None] * count
        if a.model == "cpython-processes":
            procs = [process_context().Process(target=spin_in_child, args=(window,)) for _ in range(count)]
            for p in procs:
                p.start()
            for p in procs:
                p.join(window + WAIT)
            if any(p.exitcode != 0 for p in procs):
                raise WrongAnswer("busy-loop: spinner exit codes %s" % [p.exitcode for p in procs])
            return {}
        if a.model == "cpython-serial":
            results = [spin(window) for _ in range(count)]
        else:  # the seed: one threading.Thread(target=loop) per cpu_count()
            def worker(i):
                results[i] = spin(window)
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(window + WAIT)
        for i, r in enumerate(results):
            if r is None or r[0] <= 0 or r[1] != r[0] & 1:
                raise WrongAnswer("busy-loop: spinner %d returned %s" % (i, r))
        return {}
    return op, {"windowMillis": str(a.window_millis)}


# --- sleep-io and the bank under asyncio ------------------------------------------------------------------

def sleep_io(a):
    require(a, ("cpython-asyncio",))
    tasks, millis = a.tasks or 8, a.millis if a.millis is not None else 100

    async def nap(i):
        start = clock()
        await asyncio.sleep(millis / 1000.0)
        return clock() - start

    def op():
        slept = run_async(nap, a.workers, [(i,) for i in range(tasks)])
        if len(slept) != tasks or min(slept) < millis / 1000.0 - 0.0005:
            raise WrongAnswer("sleep-io: a sleep came back early or went missing")
        return {}
    return op, {"tasks": str(tasks), "millis": str(millis)}


def suspension_bank(a):
    require(a, ("cpython-asyncio",) + THREADS)
    if a.suspension not in ("between", "after"):
        raise BadUsage("suspension-bank: --suspension between|after")
    deposits = a.tasks or 100
    seconds = (a.millis if a.millis is not None else 10) / 1000.0

    def op():
        state = {"balance": 0}
        if a.model == "cpython-asyncio":
            lock = None  # made inside the running loop (3.8 and 3.9 bind a Lock to the loop it is made in)

            async def deposit(money):
                if lock is not None:
                    async with lock:
                        await deposit_once(money)
                else:
                    await deposit_once(money)

            async def deposit_once(money):
                new_balance = state["balance"] + money
                if a.suspension == "between":
                    await asyncio.sleep(seconds)
                state["balance"] = new_balance
                if a.suspension == "after":
                    await asyncio.sleep(seconds)

            async def main():
                nonlocal lock
                lock = asyncio.Lock() if a.lock == "lock" else None
                gate = asyncio.Semaphore(a.workers)

                async def one():
                    async with gate:
                        await deposit(1)
                await asyncio.gather(*(one() for _ in range(deposits)))
            asyncio.run(main())
        else:
            lock = threading.Lock() if a.lock == "lock" else None

            def deposit_once(money):
                new_balance = state["balance"] + money
                if a.suspension == "between":
                    time.sleep(seconds)
                state["balance"] = new_balance
                if a.suspension == "after":
                    time.sleep(seconds)

            def deposit(money):
                if lock is None:
                    deposit_once(money)
                else:
                    with lock:
                        deposit_once(money)
            with futures.ThreadPoolExecutor(max_workers=a.workers) as ex:
                list(ex.map(deposit, [1] * deposits))
        final = state["balance"]
        exact = a.lock == "lock" or (a.suspension == "after" and a.model == "cpython-asyncio")
        if exact and final != deposits:
            raise WrongAnswer("suspension-bank: %d of %d with %s: nothing may be lost here"
                              % (final, deposits, "the lock" if a.lock == "lock" else "no await between"))
        if not 1 <= final <= deposits:
            raise WrongAnswer("suspension-bank: balance %d outside 1..%d" % (final, deposits))
        return {"balance": float(final)}
    return op, {"suspension": a.suspension, "lock": a.lock, "tasks": str(deposits),
                "millis": str(int(seconds * 1000))}


EXPERIMENTS = collections.OrderedDict([
    ("socket-io", socket_io), ("port-scan", port_scan), ("downloads", downloads), ("deadlock", deadlock),
    ("thread-local", thread_local), ("daemon-threads", daemon_threads), ("responsive-loop", responsive_loop),
    ("busy-loop", busy_loop), ("sleep-io", sleep_io), ("suspension-bank", suspension_bank)])


def require(a, models):
    if a.model not in models:
        raise BadUsage("%s runs under %s, not %s" % (a.experiment, ", ".join(models), a.model))
    if a.model == "cpython-free-threaded" and gil_enabled():
        raise BadUsage("model cpython-free-threaded needs a free-threaded build with its GIL off")
    if a.model == "cpython-threads" and not gil_enabled():
        raise BadUsage("this interpreter runs without a GIL: use model cpython-free-threaded")


# --- the driver (gilbench_cpython.py's, with stdout kept for the one JSON line) ------------------------------

def measure(op):
    """Wall time and CPU % of one core, this process and its reaped children (os.times)."""
    t0, c0 = clock(), os.times()
    extra = op()
    t1, c1 = clock(), os.times()
    wall = t1 - t0
    cpu = sum(c1[i] - c0[i] for i in range(4))
    return wall, 100.0 * cpu / wall if wall > 0 else float("nan"), extra


def parse(argv):
    p = argparse.ArgumentParser(prog="gilbench_threads.py",
                                description="gilbench: issue 22's thread and socket experiments in this CPython, "
                                            "printed as one JMH-style JSON line.")
    p.add_argument("experiment", choices=list(EXPERIMENTS))
    p.add_argument("--model", required=True, choices=MODELS)
    p.add_argument("--workers", type=int, help="pool size / tasks in flight / threads (default 1; busy-loop: "
                                               "cpu_count())")
    p.add_argument("--tasks", type=int, help="downloads (socket-io, sleep-io), threads (thread-local), "
                                             "deposits (suspension-bank)")
    p.add_argument("--runs", type=int, default=50, help="deadlock: runs per operation (default 50)")
    p.add_argument("--millis", type=int, help="socket-io: the server's delay; sleep-io: each sleep; "
                                              "suspension-bank: each deposit's sleep")
    p.add_argument("--port", type=int, help="socket-io: use the delay server already on this loopback port")
    p.add_argument("--ports", type=int, default=4096, help="port-scan: ports in the range (default 4096)")
    p.add_argument("--open", type=int, default=8, help="port-scan: listening ports (default 8)")
    p.add_argument("--blocks", type=int, default=16, help="port-scan: tasks, a block each (seed: 16)")
    p.add_argument("--draws", choices=("published", "drawn"), default="published", help="downloads")
    p.add_argument("--millis-per-second", type=int, default=50, help="downloads: the scale (default 50 = 1/20)")
    p.add_argument("--order", default="opposite", help="deadlock: opposite, one-order or try-lock")
    p.add_argument("--window", default="sleep", help="deadlock: sleep or spin between the two locks")
    p.add_argument("--window-micros", type=int, default=1000, help="deadlock: the window (default 1000)")
    p.add_argument("--style", default="thread-local", help="thread-local: pass-down, thread-dict, thread-local")
    p.add_argument("--accesses", type=int, default=1000000, help="thread-local: lookups per thread")
    p.add_argument("--variant", default="mixed", help="daemon-threads: mixed, daemon, daemon-sleep, non-daemon")
    p.add_argument("--period-millis", type=int, default=10, help="daemon-threads: between two prints")
    p.add_argument("--life-millis", type=int, default=500, help="daemon-threads: a thread's life or main's sleep")
    p.add_argument("--job", default="gil-thread", help="responsive-loop: none, same-thread, gil-thread, thread, "
                                                       "process")
    p.add_argument("--frames", type=int, default=40, help="responsive-loop: 16 ms frames per operation")
    p.add_argument("--job-iterations", type=int, default=5000000, help="responsive-loop: the job's calc() count")
    p.add_argument("--window-millis", type=int, default=1000, help="busy-loop: each spinner's window")
    p.add_argument("--suspension", default="between", help="suspension-bank: between or after the write")
    p.add_argument("--lock", choices=("none", "lock"), default="none", help="suspension-bank")
    p.add_argument("--warmup", type=int, default=1, help="warm-up operations, not recorded (default 1)")
    p.add_argument("--ops", type=int, default=3, help="measured operations (default 3)")
    p.add_argument("--json", metavar="OUT", help="also write the record here")
    a = p.parse_args(argv)
    a.workers_given = a.workers is not None
    a.workers = a.workers if a.workers is not None else 1
    if a.workers < 1 or a.ops < 1 or a.warmup < 0:
        raise BadUsage("need --workers >= 1, --ops >= 1, --warmup >= 0")
    for name in ("tasks", "runs", "ports", "blocks", "accesses", "frames", "job_iterations", "window_millis",
                 "millis_per_second", "period_millis", "life_millis"):
        value = getattr(a, name)
        if value is not None and value < 1:
            raise BadUsage("bad --%s %d (must be >= 1)" % (name.replace("_", "-"), value))
    if a.model == "cpython-serial" and a.workers != 1:
        raise BadUsage("cpython-serial runs with --workers 1 only")
    a.cleanup = []
    return a


def record(a, params, scores, cpus, extras):
    all_params = {"model": a.model, "workers": str(a.workers), "python": platform.python_version(),
                  "build": build()}
    all_params.update(params)
    secondary = collections.OrderedDict([("cpu.util", jmh_metric(cpus, "%"))])
    for key in sorted(extras[0]):
        unit = "ms" if key.endswith("Millis") else "ns" if key.startswith("ns") else "#"
        secondary[key] = jmh_metric([e[key] for e in extras], unit)
    return collections.OrderedDict([
        ("jmhVersion", "1.37"), ("benchmark", "cpython." + a.experiment), ("mode", "ss"), ("threads", 1),
        ("forks", 1), ("jvm", sys.executable), ("jvmArgs", []), ("jdkVersion", platform.python_version()),
        ("vmName", platform.python_implementation()), ("vmVersion", sys.version.replace("\n", " ")),
        ("warmupIterations", a.warmup), ("warmupTime", "single-shot"), ("warmupBatchSize", 1),
        ("measurementIterations", a.ops), ("measurementTime", "single-shot"), ("measurementBatchSize", 1),
        ("params", collections.OrderedDict(sorted(all_params.items()))),
        ("primaryMetric", jmh_metric(scores, "ms/op")), ("secondaryMetrics", secondary)])


def main(argv):
    if argv[:1] == ["--serve"]:
        serve()
        return 0
    if argv[:1] == ["--daemon-child"]:
        daemon_child(argv[1], float(argv[2]), float(argv[3]))
        return 0
    a = None
    try:
        a = parse(argv)
        op, params = EXPERIMENTS[a.experiment](a)
        scores, cpus, extras = [], [], []
        for i in range(a.warmup + a.ops):
            wall, cpu, extra = measure(op)
            if i < a.warmup:
                continue
            scores.append(wall * 1000.0)
            cpus.append(cpu)
            extras.append(extra)
            notes = "".join(", %s %.2f" % kv for kv in sorted(extra.items()))
            sys.stderr.write("%s %s op %d: %.3f ms, cpu %.0f%%%s\n" % (a.experiment, a.model, i - a.warmup + 1,
                                                                     wall * 1000.0, cpu, notes))
        result = nan_as_string([record(a, params, scores, cpus, extras)])
        line = json.dumps(result, separators=(",", ":"))
        if a.json:
            with open(a.json, "w") as out:
                out.write(line + "\n")
        print(line)
        return 0
    except BadUsage as e:
        sys.stderr.write("gilbench_threads.py: %s\n" % e)
        return 2
    except WrongAnswer as e:
        sys.stderr.write("gilbench_threads.py: wrong answer: %s\n" % e)
        return 1
    except (OSError, ValueError) as e:
        sys.stderr.write("gilbench_threads.py: failed: %s\n" % e)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("gilbench_threads.py: interrupted\n")
        return 130
    finally:
        for close in (a.cleanup if a is not None else []):
            close()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:]))
