#!/usr/bin/python3
"""Integration test: scheduled digests on the console of `briefbot run`
([console] enabled = true; `briefbot console` stays the small REPL without a
loop or a store). Usage: test_console_digest.py PATH/TO/briefbot

Subscribe by typing the command on stdin, advance the test clock: exactly
one digest per slot on stdout; SIGKILL after a post was recorded, restart:
nothing posted twice; three slots missed while down give one catch-up."""

import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Checks, Clock, find_briefbot, hard_timeout, scratch_dir, until  # noqa: E402

C = Checks("console digests")
DAY = 86400
HEADER = re.compile(r"^\[digest ([0-9a-z]+\.[0-9a-z]+) to console\]$", re.M)


class ConsoleBot:
    def __init__(self, workdir, clock, env=None):
        self.out_path = os.path.join(workdir, "out-%d.txt" % time.monotonic_ns())
        conf = os.path.join(workdir, "console.conf")
        with open(conf, "w") as f:
            f.write("[general]\ndatabase = %s\nlog_level = info\n[console]\nenabled = true\n"
                    % os.path.join(workdir, "bot.db"))
        self.out = open(self.out_path, "w")
        self.err = open(self.out_path + ".err", "w")
        e = dict(os.environ, BRIEFBOT_TEST_CLOCK_FILE=clock.path, **(env or {}))
        self.proc = subprocess.Popen([find_briefbot(), "run", "--config", conf],
                                     stdin=subprocess.PIPE, stdout=self.out, stderr=self.err,
                                     env=e, text=True)

    def type(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def text(self):
        with open(self.out_path) as f:
            return f.read()

    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                C.ok("console bot stops on SIGTERM", False)
        self.out.close()
        self.err.close()


def main():
    workdir = scratch_dir("console-digest-")
    clock = Clock(os.path.join(workdir, "clock"))
    bots = []
    hard_timeout(120, lambda: [b.proc.kill() for b in bots])
    keys = []

    def collect(b):
        keys.extend(HEADER.findall(b.text()))

    try:
        b = ConsoleBot(workdir, clock)
        bots.append(b)
        b.type("!digest subscribe daily 25:00 UTC")
        C.ok("a bad time is answered on stdout", until(lambda: "25:00" in b.text(), 10))
        b.type("!digest subscribe daily 08:00 UTC")
        C.ok("subscribed from the console", until(lambda: "Subscription 1" in b.text(), 10),
             b.text()[-300:])
        t = clock.now()
        slot = t - t % DAY + 8 * 3600 + (DAY if t % DAY >= 8 * 3600 else 0)
        clock.go_to(slot + 60, b)
        C.ok("the slot prints one digest", until(lambda: len(HEADER.findall(b.text())) == 1, 10))
        slot += DAY
        clock.go_to(slot + 60, b)
        C.ok("the next slot one more", until(lambda: len(HEADER.findall(b.text())) == 2, 10))
        b.stop()
        collect(b)

        slot += DAY
        clock.go_to(slot + 60)
        b = ConsoleBot(workdir, clock, {"BRIEFBOT_TEST_CRASH_AT": "after_record"})
        bots.append(b)
        try:
            rc = b.proc.wait(20)
        except subprocess.TimeoutExpired:
            rc = None
        C.ok("killed after recording the post", rc == -signal.SIGKILL, rc)
        b.stop()
        collect(b)
        b = ConsoleBot(workdir, clock)
        bots.append(b)
        b.type("!ping")
        until(lambda: "pong" in b.text(), 10)
        time.sleep(0.5)
        C.ok("the restart posts nothing again", HEADER.findall(b.text()) == [],
             HEADER.findall(b.text()))
        b.stop()
        collect(b)

        slot += 3 * DAY
        clock.go_to(slot + 1800)
        b = ConsoleBot(workdir, clock)
        bots.append(b)
        C.ok("three missed slots: one catch-up",
             until(lambda: len(HEADER.findall(b.text())) == 1, 10))
        b.type("!ping")
        until(lambda: "pong" in b.text(), 10)
        time.sleep(0.5)
        C.ok("and only one", len(HEADER.findall(b.text())) == 1)
        C.ok("it says two were skipped", "2 scheduled digests were missed" in b.text())
        b.stop()
        collect(b)
        C.ok("one post per slot: 4 slots, 4 distinct keys",
             len(keys) == 4 and len(set(keys)) == 4, keys)
    finally:
        for x in bots:
            if x.proc.poll() is None:
                x.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
