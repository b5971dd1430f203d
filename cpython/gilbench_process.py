# -*- coding: utf-8 -*-
"""What the process programs of cpython/ share (process_start.py, queue_writer_reader.py,
shared_memory.py, fork_copies_globals.py, pool_waves.py, range_sum.py): their result records in
JMH's JSON format, built with gilbench_cpython.py's own statistics (jmh_metric: mean, 99.9 % interval,
percentiles, rawData as one fork's list), the one JSON line each program prints, and the check that no
child process is left behind.

`import gilbench_process as gp` from a program in this folder. Run as a program, it is the runner's
driver for those programs (the cell form of gilbench_cpython.py):

  python3 cpython/gilbench_process.py EXPERIMENT --model M --workers N [--name value ...] \
          --warmup W --ops K [--json OUT]

It runs the experiment's program in a fresh interpreter of its own (so a spawn or forkserver child
imports that program, as it would the seed's script, not this harness) with one configuration,
checks that the program printed exactly one record and that every param the cell names and the
program records agrees, and writes that record with exactly the cell's params (plus python and
build): the key the runner expects. The program's exit code is passed on (1: a wrong answer).
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


# --- the runner's driver ------------------------------------------------------------------------------

def _processes(p):
    return p["model"] == "cpython-processes"


def _start_method(p):
    return ["--start-method", p["startMethod"]] if "startMethod" in p else []


# experiment -> (program, the models it runs, its arguments from the cell's params and warmup/ops). Each
# program's own options are documented in its docstring; workers is what the seed calls the pool, the
# writers or the processes.
PROGRAMS = {
    "process-start": ("process_start.py", ("cpython-processes",),
                      lambda p, w, k: ["--methods", p["method"], "--starts", str(k), "--warmup", str(w)]),
    "queue-writer-reader": ("queue_writer_reader.py", ("cpython-processes", "cpython-threads"),
                            lambda p, w, k: ["--channels", p["channel"], "--writers", p["workers"],
                                             "--payloads", p["payload"], "--warmup", str(w), "--ops", str(k)]),
    "shared-memory": ("shared_memory.py", ("cpython-processes",),
                      lambda p, w, k: ["--locking", p["locking"], "--parties", p["workers"],
                                       "--increments", p["increments"], "--warmup", str(w), "--ops", str(k)]
                      + _start_method(p)),
    "fork-copies-globals": ("fork_copies_globals.py", ("cpython-processes", "cpython-threads"),
                            lambda p, w, k: ["--models", p["model"][len("cpython-"):], "--programs", p["program"],
                                             "--millis", p["millis"], "--warmup", str(w), "--ops", str(k)]
                            + (["--limit", p["limit"]] if "limit" in p else []) + _start_method(p)),
    "pool-waves": ("pool_waves.py", ("cpython-processes", "cpython-threads"),
                   lambda p, w, k: ["--experiments", p["experiment"], "--models", p["model"],
                                    "--workers", p["workers"], "--millis-per-seed-second", p["millisPerSeedSecond"],
                                    "--warmup", str(w), "--ops", str(k)]),
    "range-sum-processes": ("range_sum.py", ("cpython-serial", "cpython-processes"),
                            lambda p, w, k: ["--modes", p["mode"], "--n", p["n"],
                                             "--processes", p["workers"], "--warmup", str(w), "--ops", str(k)]
                            + _start_method(p)),
}
# The options each experiment's cell takes besides --model, --workers, --warmup, --ops, --json (for --help and
# to refuse a typo).
OPTIONS = {
    "process-start": ("method",),
    "queue-writer-reader": ("channel", "payload"),
    "shared-memory": ("locking", "increments", "start-method"),
    "fork-copies-globals": ("program", "limit", "millis", "start-method"),
    "pool-waves": ("experiment", "millis-per-seed-second"),
    "range-sum-processes": ("mode", "n", "start-method"),
}
# What each program records under another name than the cell's param (the record's benchmark too).
RECORDED_AS = {"range-sum-processes": ("range-sum", {"workers": "processes"}),
               "queue-writer-reader": (None, {"workers": "writers"})}


def _camel(option):
    head, _, tail = option.partition("-")
    return head + "".join(w[:1].upper() + w[1:] for w in tail.split("-")) if tail else head


def _help():
    lines = [__doc__.strip(), "", "Experiments and their options (each also takes --model --workers --warmup --ops"
             " --json ):"]
    for experiment in sorted(PROGRAMS):
        program, models, _ = PROGRAMS[experiment]
        lines.append("  %s (%s; models %s): %s" % (experiment, program, ", ".join(models),
                                                   "".join("--%s " % o for o in OPTIONS[experiment])))
    return "\n".join(lines) + "\n"


def _cell_args(argv):
    if not argv or argv[0].startswith("-"):
        raise BadUsage("usage: gilbench_process.py EXPERIMENT --model M --workers N [--name value ...]"
                       " --warmup W --ops K [--json OUT] (experiments: %s)" % ", ".join(sorted(PROGRAMS)))
    experiment, rest = argv[0], argv[1:]
    if experiment not in PROGRAMS:
        raise BadUsage("unknown experiment %s (known: %s)" % (experiment, ", ".join(sorted(PROGRAMS))))
    if len(rest) % 2:
        raise BadUsage("options come in pairs (--name value), got %s" % " ".join(rest))
    params = collections.OrderedDict()
    for name, value in zip(rest[::2], rest[1::2]):
        if not name.startswith("--"):
            raise BadUsage("expected an option, got %s" % name)
        if name[2:] not in OPTIONS[experiment] + ("model", "workers", "warmup", "ops", "json"):
            raise BadUsage("%s takes no %s (its options: %s)" % (experiment, name, ", ".join(
                "--" + o for o in OPTIONS[experiment] + ("model", "workers", "warmup", "ops", "json"))))
        params[_camel(name[2:])] = value
    control = {}
    for name in ("warmup", "ops", "json"):
        control[name] = params.pop(name, None)
    for name in ("model", "workers"):
        if name not in params:
            raise BadUsage("--%s is required" % name)
    try:
        warmup, ops = int(control["warmup"] or 0), int(control["ops"] or 1)
    except ValueError:
        raise BadUsage("--warmup and --ops take whole numbers")
    positive("ops", ops)
    positive("warmup", warmup, allow_zero=True)
    return experiment, params, warmup, ops, control["json"]


def drive(argv):
    """Runs one cell of a process program; exit code as run_main's."""
    import subprocess
    if argv[:1] in (["--help"], ["-h"]):
        sys.stdout.write(_help())
        return 0
    try:
        experiment, params, warmup, ops, json_path = _cell_args(argv)
        program, models, arguments = PROGRAMS[experiment]
        if params["model"] not in models:
            raise BadUsage("%s runs %s, not %s" % (experiment, ", ".join(models), params["model"]))
        try:
            args = arguments(params, warmup, ops)
        except KeyError as missing:
            raise BadUsage("%s needs --%s" % (experiment, missing.args[0]))
    except BadUsage as e:
        sys.stderr.write("gilbench_process.py: %s\n" % e)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    command = [sys.executable, os.path.join(here, program)] + args
    note("gilbench_process.py: " + " ".join(command))
    # The program's progress goes to this driver's stderr (the cell's log); its stdout is its JSON line.
    child = subprocess.Popen(command, stdout=subprocess.PIPE)
    try:
        out, _ = child.communicate()
    except KeyboardInterrupt:
        child.kill()
        child.wait()
        sys.stderr.write("gilbench_process.py: interrupted\n")
        return 130
    if child.returncode != 0:
        sys.stderr.write("gilbench_process.py: %s exited %d\n" % (program, child.returncode))
        return child.returncode
    try:
        records = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        sys.stderr.write("gilbench_process.py: wrong answer: %s printed no JSON line\n" % program)
        return 1
    benchmark, renamed = RECORDED_AS.get(experiment, (None, {}))
    expected = "cpython." + (benchmark or experiment)
    if len(records) != 1 or records[0].get("benchmark") != expected:
        sys.stderr.write("gilbench_process.py: wrong answer: %s printed %d records, expected one %s\n"
                         % (program, len(records), expected))
        return 1
    record = records[0]
    recorded = record["params"]
    for name, value in params.items():
        got = recorded.get(renamed.get(name, name))
        if got is not None and got != value:
            sys.stderr.write("gilbench_process.py: wrong answer: %s recorded %s=%s, the cell asked %s\n"
                             % (program, renamed.get(name, name), got, value))
            return 1
    if len(record["primaryMetric"]["rawData"][0]) != ops:
        sys.stderr.write("gilbench_process.py: wrong answer: %s measured %d operations, asked %d\n"
                         % (program, len(record["primaryMetric"]["rawData"][0]), ops))
        return 1
    # The cell's params, exactly (the runner's key); what else the program recorded is in the log above.
    cell_params = dict(params)
    cell_params["python"], cell_params["build"] = recorded["python"], recorded["build"]
    record["benchmark"] = "cpython." + experiment
    record["params"] = collections.OrderedDict(sorted(cell_params.items()))
    note("gilbench_process.py: %s recorded %s" % (program, json.dumps(recorded, sort_keys=True)))
    if json_path:
        with open(json_path, "w") as f:
            json.dump([record], f, indent=2, separators=(",", ": "))
            f.write("\n")
    sys.stdout.write(json.dumps([record], separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(drive(sys.argv[1:]))
