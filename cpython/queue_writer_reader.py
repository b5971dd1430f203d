#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""queue-writer-reader: what a message costs between CPython processes and threads, against its size.

Seeds 002:248-313 (a writer process puts 'A', 'B', 'C' on a multiprocessing.Queue, an endless reader
gets them; the parent joins the writer and terminate()s the reader), 004:361-424 (two writers, one
reader) and 004:426-489 (a Pipe); SEEDS.md 7.5, 7.6. The Java side is QueueWriterReader; the same
channels, message layout and batch sizes:

  process-queue  WRITERS writer processes -> one multiprocessing.Queue -> a reader process
  thread-queue   writer threads -> one queue.Queue -> a reader thread
  process-pipe   round trips over a duplex multiprocessing.Pipe to an echo process
  thread-pipe    round trips to an echo thread over two queue.Queues

A message is (writer, seq, last, crc, payload): the payload is the writer's template with seq stamped
in its first 8 bytes, made afresh for every message, and crc its zlib.crc32. Where a message arrives
it is checked: writer, seq (consecutive per writer: a lost, repeated or reordered message fails), the
stamp and the CRC. One operation = one batch: every writer sends batch_for(payload) messages (8 B and
1 KiB: 2000, 64 KiB: 256, 1 MiB: 16) and the reader acknowledges when it has every writer's last; the
parent checks the count and each writer's next seq. The writers and the reader live for the whole cell
(started before its first batch); at the end the writers are joined and the reader terminated, as the
seeds do — after its last acknowledgement, so no message is lost to terminate().

Score: ms per batch; secondary nsPerMessage (batch time / messages received: per message, or per round
trip for a pipe), messages. Usage:
  python3 cpython/queue_writer_reader.py [--channels thread-queue,process-queue,thread-pipe,process-pipe]
          [--writers 1,2] [--payloads 8,1024,65536,1048576] [--messages 0] [--warmup 1] [--ops 3] [--json OUT]
Prints one JSON line: a list of JMH-format records "cpython.queue-writer-reader", one per
channel x writers x payload (pipes: 1 writer). Exit: 0 verified, 1 wrong answer, 2 bad usage.
"""
from __future__ import division, print_function

import multiprocessing
import struct
import sys
import threading
import zlib

try:
    import queue
except ImportError:  # Python 2
    import Queue as queue

gp = None  # the parent's tools (gilbench_process), imported in __main__: children do not need them

CHANNELS = ("thread-queue", "process-queue", "thread-pipe", "process-pipe")
PAYLOADS = (8, 1024, 65536, 1048576)
BATCH_BYTES = 16 * 1024 * 1024
MIN_BATCH, MAX_BATCH = 16, 2000
DEADLINE = 60.0  # s per batch: longer means a hang
STAMP = struct.Struct("<q")


def batch_for(payload):
    """The Java side's QueueWriterReader.batchFor: ~16 MiB per writer, 16..2000 messages."""
    return int(max(MIN_BATCH, min(MAX_BATCH, BATCH_BYTES // payload)))


def template(writer, payload):
    return bytes(bytearray((writer * 31 + i * 7 + (i >> 8)) & 0xFF for i in range(payload)))


def produce(writer, tmpl, seq, last):
    payload = STAMP.pack(seq) + tmpl[8:]  # a fresh message: the writer's template, stamped
    return (writer, seq, last, zlib.crc32(payload) & 0xFFFFFFFF, payload)


class BadMessage(Exception):
    pass


def check(message, due, size):
    writer, seq, last, crc, payload = message
    if seq != due:
        raise BadMessage("writer %d: message %d arrived when %d was due (%s)"
                         % (writer, seq, due, "repeated or reordered" if seq < due else "lost %d" % (seq - due)))
    if len(payload) != size:
        raise BadMessage("writer %d message %d: length %d, expected %d" % (writer, seq, len(payload), size))
    if STAMP.unpack_from(payload)[0] != seq:
        raise BadMessage("writer %d message %d: payload stamped %d" % (writer, seq, STAMP.unpack_from(payload)[0]))
    if zlib.crc32(payload) & 0xFFFFFFFF != crc:
        raise BadMessage("writer %d message %d: CRC mismatch" % (writer, seq))


class Tally(object):
    """The reader's bookkeeping: one acknowledgement per batch, when every writer's last arrived."""

    def __init__(self, writers, size):
        self.next = [0] * writers
        self.done = [False] * writers
        self.size = size
        self.received = 0

    def accept(self, message):
        writer, seq, last = message[0], message[1], message[2]
        if not 0 <= writer < len(self.next):
            raise BadMessage("a message from writer %d" % writer)
        if self.done[writer]:
            raise BadMessage("writer %d sent message %d after its batch's last" % (writer, seq))
        check(message, self.next[writer], self.size)
        self.next[writer] += 1
        self.received += 1
        if last:
            self.done[writer] = True
        if all(self.done):
            ack = ("ok", self.received, list(self.next))
            self.received = 0
            self.done = [False] * len(self.done)
            return ack
        return None


# --- the parties (module level: spawn and forkserver children import them) ---------------------------

def writer_loop(writer, size, commands, q):
    """The seed's write(q): for each count from the parent, that many q.put(message); None ends it."""
    tmpl = template(writer, size)
    seq = 0
    while True:
        n = commands.get()
        if n is None:
            return
        for i in range(n):
            q.put(produce(writer, tmpl, seq, i == n - 1))
            seq += 1


def reader_loop(writers, size, q, acks):
    """The seed's read(q): an endless q.get(True); an acknowledgement after every batch."""
    tally = Tally(writers, size)
    while True:
        message = q.get(True)
        if message is None:  # threads only: a thread cannot be terminated, so it is told to stop
            return
        try:
            ack = tally.accept(message)
        except BadMessage as e:
            acks.put(("error", str(e)))
            return
        if ack is not None:
            acks.put(ack)


def echo_loop(size, recv, send):
    due = 0
    while True:
        message = recv()
        if message is None:
            return
        try:
            check(message, due, size)
        except BadMessage as e:
            send(("error", str(e)))
            return
        due += 1
        send(message)


def process_echo(size, conn):
    try:
        echo_loop(size, conn.recv, conn.send)
    finally:
        conn.close()


# --- channels -------------------------------------------------------------------------------------

class QueueChannel(object):
    """Writers and a reader over one queue: processes (multiprocessing.Queue) or threads (queue.Queue)."""

    def __init__(self, processes, writers, size):
        self.writers, self.size, self.sent = writers, size, [0] * writers
        self.processes = processes
        if processes:
            ctx = multiprocessing.get_context()
            q, self.acks = ctx.Queue(), ctx.Queue()
            self.commands = [ctx.Queue() for _ in range(writers)]
            make = ctx.Process
        else:
            q, self.acks = queue.Queue(), queue.Queue()
            self.commands = [queue.Queue() for _ in range(writers)]
            make = threading.Thread
        self.q = q
        self.writer_parties = [make(target=writer_loop, args=(w, size, self.commands[w], q)) for w in range(writers)]
        self.reader = make(target=reader_loop, args=(writers, size, q, self.acks))
        for party in self.writer_parties + [self.reader]:
            party.daemon = True
            party.start()

    def batch(self, n):
        for w in range(self.writers):
            self.sent[w] += n
            self.commands[w].put(n)
        try:
            ack = self.acks.get(True, DEADLINE)
        except queue.Empty:
            raise gp.WrongAnswer("no acknowledgement from the reader within %d s" % DEADLINE)
        if ack[0] == "error":
            raise gp.WrongAnswer("the reader found a bad message: " + ack[1])
        _, received, nexts = ack
        if received != n * self.writers or nexts != self.sent:
            raise gp.WrongAnswer("the reader received %d messages (next %s), sent %d x %d writers (next %s)"
                                 % (received, nexts, n, self.writers, self.sent))
        return received

    def close(self):
        for c in self.commands:
            c.put(None)
        for w in self.writer_parties:   # pw.join()
            w.join(10)
        if self.processes:
            self.reader.terminate()     # pr.terminate(): the reader loops forever
            self.reader.join(10)
            for w in self.writer_parties:
                if w.is_alive():
                    w.kill()
                    w.join(5)
        else:
            self.q.put(None)            # a thread has no terminate(): the reader is told to stop
            self.reader.join(10)
        stuck = [p for p in self.writer_parties + [self.reader] if p.is_alive()]
        if stuck:
            raise gp.WrongAnswer("%d parties still alive 10 s after the last batch" % len(stuck))


class PipeChannel(object):
    """Round trips to an echo party: a process over a duplex Pipe, or a thread over two queues."""

    def __init__(self, processes, size):
        self.size, self.tmpl, self.seq = size, template(0, size), 0
        self.processes = processes
        if processes:
            ctx = multiprocessing.get_context()
            here, there = ctx.Pipe()  # duplex, as seed 004's
            self.peer = ctx.Process(target=process_echo, args=(size, there))
            self.send, self.recv = here.send, here.recv
            self.poll = here.poll
        else:
            there_q, back_q = queue.Queue(), queue.Queue()
            self.peer = threading.Thread(target=echo_loop, args=(size, there_q.get, back_q.put))
            self.send, self.recv = there_q.put, back_q.get
            self.poll = None
        self.peer.daemon = True
        self.peer.start()

    def batch(self, n):
        for _ in range(n):
            self.send(produce(0, self.tmpl, self.seq, False))
            if self.poll is not None and not self.poll(DEADLINE):
                raise gp.WrongAnswer("no echo of message %d within %d s" % (self.seq, DEADLINE))
            back = self.recv()
            if back[0] == "error":
                raise gp.WrongAnswer("the echo found a bad message: " + back[1])
            try:
                check(back, self.seq, self.size)
            except BadMessage as e:
                raise gp.WrongAnswer("echoed: %s" % e)
            self.seq += 1
        return n

    def close(self):
        self.send(None)
        self.peer.join(10)
        if self.peer.is_alive():
            if self.processes:
                self.peer.kill()
                self.peer.join(5)
            raise gp.WrongAnswer("the echo is still alive 10 s after the end")


def open_channel(name, writers, size):
    if name.endswith("queue"):
        return QueueChannel(name.startswith("process"), writers, size)
    return PipeChannel(name.startswith("process"), size)


def run(argv):
    import argparse
    p = argparse.ArgumentParser(prog="queue_writer_reader.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--channels", default=",".join(CHANNELS), help="comma-separated, of: " + ", ".join(CHANNELS))
    p.add_argument("--writers", default="1,2", help="writer counts for the queues (pipes: 1), default 1,2")
    p.add_argument("--payloads", default=",".join(map(str, PAYLOADS)), help="payload bytes, 8..16777216")
    p.add_argument("--messages", type=int, default=0, help="messages per writer per batch; 0: by payload")
    p.add_argument("--warmup", type=int, default=1, help="batches before measuring (default 1)")
    p.add_argument("--ops", type=int, default=3, help="measured batches (default 3)")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--break", dest="break_answers", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    channels = gp.choices("channels", a.channels, CHANNELS)
    try:
        writer_counts = [int(w) for w in a.writers.split(",")]
        payloads = [int(x) for x in a.payloads.split(",")]
    except ValueError:
        raise gp.BadUsage("--writers and --payloads take comma-separated whole numbers")
    if any(not 1 <= w <= 8 for w in writer_counts):
        raise gp.BadUsage("bad value for --writers: %s (allowed: 1..8)" % a.writers)
    if any(not 8 <= x <= 16 * 1024 * 1024 for x in payloads):
        raise gp.BadUsage("bad value for --payloads: %s (allowed: 8..16777216)" % a.payloads)
    gp.positive("messages", a.messages, allow_zero=True)
    gp.positive("ops", a.ops)
    gp.positive("warmup", a.warmup, allow_zero=True)
    records = []
    for name in channels:
        for writers in (writer_counts if name.endswith("queue") else [1]):
            for size in payloads:
                n = a.messages or batch_for(size)
                channel = open_channel(name, writers, size)
                times, per_message = [], []
                try:
                    for i in range(a.warmup + a.ops):
                        t0 = gp.clock()
                        received = channel.batch(n)
                        elapsed = gp.clock() - t0
                        if a.break_answers:
                            received -= 1
                        if received != n * writers:
                            raise gp.WrongAnswer("%s: %d of %d messages" % (name, received, n * writers))
                        if i >= a.warmup:
                            times.append(elapsed * 1000.0)
                            per_message.append(elapsed * 1e9 / received)
                finally:
                    channel.close()
                gp.note("queue-writer-reader %s x%d %d B: %.0f ns per message" % (
                    name, writers, size, sorted(per_message)[len(per_message) // 2]))
                records.append(gp.record("queue-writer-reader",
                                         {"channel": name, "writers": writers, "payload": size, "messages": n},
                                         times, "ms/op", warmups=a.warmup,
                                         secondary={"nsPerMessage": (per_message, "ns"),
                                                    "messages": ([n * writers] * len(times), "#")}))
    gp.emit(records, a.json)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    import gilbench_process as gp
    sys.exit(gp.run_main("queue_writer_reader.py", run, sys.argv[1:]))
