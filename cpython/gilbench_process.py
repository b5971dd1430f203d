# -*- coding: utf-8 -*-
"""What the process programs of cpython/ share (process_start.py, queue_writer_reader.py,
shared_memory.py, fork_copies_globals.py, pool_waves.py, range_sum.py): their result records in
JMH's JSON format, built with gilbench_cpython.py's own statistics (jmh_metric: mean, 99.9 % interval,
percentiles, rawData as one fork's list), the one JSON line each program prints, and the check that no
child process is left behind.

Not a program: `import gilbench_process as gp` from a program in this folder.
"""
from __future__ import division, print_function

import collections
import json
import os
import platform
import signal
import sys
import time

import gilbench_cpython as g

clock = g.clock
WrongAnswer = g.WrongAnswer
BadUsage = g.BadUsage


def metric(values, unit):
    """A JMH metric record over one value per operation (gilbench_cpython.jmh_metric)."""
    return g.jmh_metric([float(v) for v in values], unit)


def record(experiment, params, scores, unit, mode="ss", secondary=None, warmups=0):
    """One JMH-style result: "benchmark": "cpython.<experiment>", params (strings; python and build
    added), the primary metric over `scores`, secondary metrics {name: (values, unit)}."""
    all_params = {"python": platform.python_version(), "build": g.build()}
    all_params.update((k, str(v)) for k, v in params.items())
    sec = collections.OrderedDict()
    for name in sorted(secondary or {}):
        values, sec_unit = secondary[name]
        sec[name] = metric(values, sec_unit)
    return collections.OrderedDict([
        ("jmhVersion", "1.37"),
        ("benchmark", "cpython." + experiment),
        ("mode", mode),
        ("threads", 1),
        ("forks", 1),
        ("jvm", sys.executable),
        ("jvmArgs", []),
        ("jdkVersion", platform.python_version()),
        ("vmName", platform.python_implementation()),
        ("vmVersion", sys.version.replace("\n", " ")),
        ("warmupIterations", warmups),
        ("warmupTime", "single-shot"),
        ("warmupBatchSize", 1),
        ("measurementIterations", len(scores)),
        ("measurementTime", "single-shot"),
        ("measurementBatchSize", 1),
        ("params", collections.OrderedDict(sorted(all_params.items()))),
        ("primaryMetric", metric(scores, unit)),
        ("secondaryMetrics", sec),
    ])


def emit(records, json_path=None):
    """The program's one line on stdout: the records as a JSON list ("NaN" as JMH writes it); also
    written to json_path when given."""
    result = g.nan_as_string(records)
    line = json.dumps(result, separators=(",", ":"))
    if json_path:
        with open(json_path, "w") as out:
            json.dump(result, out, indent=2, separators=(",", ": "))
            out.write("\n")
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def note(text):
    """Progress for a human, on stderr: stdout carries the JSON line only."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def children():
    """Pids of this process's live children (Linux /proc; elsewhere multiprocessing's own list)."""
    me = os.getpid()
    if not os.path.isdir("/proc"):
        import multiprocessing
        return [p.pid for p in multiprocessing.active_children()]
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except (IOError, OSError):
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        # fields[0] is the state, fields[1] the parent pid; a zombie (Z) is dead, only not yet reaped.
        if len(fields) > 1 and int(fields[1]) == me and fields[0] != "Z":
            found.append(int(name))
    return found


def no_child_left(wait=5.0):
    """Waits up to `wait` s for every child to be gone; kills stragglers and fails if there were any.
    A multiprocessing forkserver (and resource tracker) is a child until the program exits: ended
    here first, as interpreter exit would."""
    try:
        from multiprocessing import forkserver, resource_tracker
        for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
            stop = getattr(helper, "_stop", None)  # closes its pipe and reaps it (3.8+)
            if stop is not None:
                stop()
    except ImportError:  # Python 2: no such helpers
        pass
    deadline = time.time() + wait
    left = children()
    while left and time.time() < deadline:
        time.sleep(0.05)
        left = children()
    if left:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        raise WrongAnswer("child processes still alive at the end (killed): %s" % left)


def positive(name, value, allow_zero=False):
    if value < (0 if allow_zero else 1):
        raise BadUsage("bad value for --%s: %s (allowed: %s)" % (name, value, ">= 0" if allow_zero else ">= 1"))
    return value


def choices(name, value, allowed):
    """A comma-separated list of names, each one of `allowed`."""
    items = [v for v in value.split(",") if v]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise BadUsage("bad value for --%s: %s (allowed: %s)" % (name, value, ", ".join(allowed)))
    return items


def run_main(prog, body, argv):
    """Exit 0: every answer verified; 1: a wrong answer (one line on stderr); 2: bad usage."""
    try:
        body(argv)
        no_child_left()
        return 0
    except BadUsage as e:
        sys.stderr.write("%s: %s\n" % (prog, e))
        return 2
    except WrongAnswer as e:
        sys.stderr.write("%s: wrong answer: %s\n" % (prog, e))
        try:
            no_child_left()
        except WrongAnswer as left:
            sys.stderr.write("%s: %s\n" % (prog, left))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("%s: interrupted\n" % prog)
        return 130
