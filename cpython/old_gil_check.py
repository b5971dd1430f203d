"""The old GIL (CPython 2.7) on this machine: what `gil-emulated` with `mode=ticks` is compared with.

    $(pyenv prefix 2.7.18)/bin/python cpython/old_gil_check.py [--rounds 3]

At sys.setcheckinterval 10, 100 and 1000, prints:
  * 2 threads running countdown(N) each, against countdown(N) twice in a row (best of --rounds each):
    Beazley's "GIL battle" ratio (Python 2.7 on 2 cores: threads *slower* than serial);
  * switches/s between the two threads (each thread stamps time.time() every 256 iterations; a change
    of thread between consecutive stamps is a switch; median of --rounds);
  * a sleeping thread's wake-up delay beside one CPU-bound thread: time.sleep(0.001) lateness,
    median and p99 of 500 sleeps.
Standalone (no dependencies, Python 2.7 only: setcheckinterval is gone in 3.9). Every countdown is
checked to reach 0 and every thread to have run.
"""
from __future__ import print_function

import sys
import threading
import time

N = 5000000
STAMP_MASK = 255


def countdown(n, stamps=None):
    while n > 0:
        n -= 1
        if stamps is not None and n & STAMP_MASK == 0:
            stamps.append(time.time())
    if n != 0:
        raise SystemExit("countdown ended at %d, not 0" % n)


def in_threads(args_list):
    threads = [threading.Thread(target=countdown, args=args) for args in args_list]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.time() - start


def battle(rounds):
    def serial():
        start = time.time()
        countdown(N)
        countdown(N)
        return time.time() - start
    best_serial = min(serial() for _ in range(rounds))
    best_threads = min(in_threads([(N,), (N,)]) for _ in range(rounds))
    return best_serial, best_threads


def switches_per_second():
    a, b = [], []
    wall = in_threads([(N, a), (N, b)])
    if not a or not b:
        raise SystemExit("a thread never ran")
    merged = sorted([(s, 0) for s in a] + [(s, 1) for s in b])
    changes = sum(1 for i in range(1, len(merged)) if merged[i][1] != merged[i - 1][1])
    return changes / wall


def wake_up_delay(samples=500):
    stop = []

    def spin():
        while not stop:
            countdown(10000)
    competitor = threading.Thread(target=spin)
    competitor.start()
    try:
        time.sleep(0.05)
        late = []
        for _ in range(samples):
            start = time.time()
            time.sleep(0.001)
            late.append(time.time() - start - 0.001)
    finally:
        stop.append(True)
        competitor.join()
    late.sort()
    return late[len(late) // 2] * 1e3, late[int(len(late) * 0.99)] * 1e3


def main():
    if not hasattr(sys, "setcheckinterval") or sys.version_info[0] != 2:
        print("old_gil_check.py needs Python 2.7 (the old GIL), this is %s" % sys.version.split()[0],
              file=sys.stderr)
        return 2
    rounds = 3
    if sys.argv[1:2] == ["--rounds"] and len(sys.argv) == 3 and sys.argv[2].isdigit() and int(sys.argv[2]) > 0:
        rounds = int(sys.argv[2])
    elif len(sys.argv) > 1:
        print("usage: old_gil_check.py [--rounds N]", file=sys.stderr)
        return 2
    print("Python %s, %d rounds; countdown(%d) per thread" % (sys.version.split()[0], rounds, N))
    for interval in (10, 100, 1000):
        sys.setcheckinterval(interval)
        serial, threads = battle(rounds)
        switches = sorted(switches_per_second() for _ in range(rounds))[rounds // 2]
        median, p99 = wake_up_delay()
        print("checkinterval %4d: 2 threads / serial %.2f (%.3f s / %.3f s); %6.0f switches/s; "
              "sleep(1 ms) lateness beside 1 CPU thread: median %.3f ms, p99 %.3f ms"
              % (interval, threads / serial, threads, serial, switches, median, p99))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
