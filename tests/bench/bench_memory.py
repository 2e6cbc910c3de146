#!/usr/bin/python3
"""Benchmark: the real `briefbot run` connected to the fake Discord and the
fake Matrix homeserver at once, each bot setting at its default.

Usage: bench_memory.py PATH/TO/briefbot [--idle S] [--runs N]

Once the bot is connected to both (gateway READY, the room joined) it
prints, for each of N runs (3):
  * idle CPU: utime+stime of the bot's process over S seconds (20) with
    nothing to do, as a share of one core (target <= 0.1%);
  * peak RSS: VmHWM from /proc/PID/status (target <= 8 MiB);
  * where the resident memory is, from /proc/PID/smaps: each mapping's Rss
    summed per file (shared libraries, the program) and the anonymous
    kinds ([heap], other anonymous memory, [stack]).
Then the median peak RSS and idle CPU.  Prints; asserts nothing."""

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
from harness import (Bot, FakeDiscord, FakeMatrix, discord_section, general_section,  # noqa: E402
                     matrix_section, read_vmhwm, tempdir)


# the config's default (the harness's matrix_section shortens it for tests)
SYNC_TIMEOUT_MS = 30000


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def smaps_by_file(pid):
    """{mapping name: Rss kB}, anonymous mappings under "[anon]"."""
    per = collections.Counter()
    name = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            parts = line.split()
            if parts and "-" in parts[0] and not parts[0].endswith(":"):
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
            elif parts and parts[0] == "Rss:":
                per[name] += int(parts[1])
    return per


def one_run(idle):
    fd, fm = FakeDiscord(), FakeMatrix()
    try:
        with tempdir() as d:
            bot = Bot(d, {"general": general_section(d, log_level="warn"),
                          "matrix": matrix_section(fm, sync_timeout_ms=SYNC_TIMEOUT_MS),
                          "discord": discord_section(fd)}).start()
            try:
                if not fd.wait(timeout=30, ready_connections=1):
                    print("memory bench: the bot did not connect to the fake Discord")
                    return None
                room = fm.room(creator="alice", members=["bob"])
                fm.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
                fm.wait_member(room, "join")
                fm.say(room, "!ping")
                fm.sends(1, 10000)
                time.sleep(1)
                pid = bot.pid()
                c0, t0 = cpu_s(pid), time.monotonic()
                time.sleep(idle)
                share = (cpu_s(pid) - c0) / (time.monotonic() - t0)
                hwm = read_vmhwm(pid)
                per = smaps_by_file(pid)
            finally:
                bot.stop()
    finally:
        fd.stop()
        fm.stop()
    print("memory bench: peak RSS %d kB = %.2f MiB; idle CPU %.3f%% of a core over %.0f s"
          % (hwm, hwm / 1024, share * 100, idle))
    print("  RSS by mapping (kB): " + ", ".join(
        "%s %d" % (k, v) for k, v in per.most_common() if v >= 16))
    return hwm, share


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("briefbot")
    ap.add_argument("--idle", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = [r for r in (one_run(args.idle) for _ in range(args.runs)) if r]
    if runs:
        hwm = sorted(r[0] for r in runs)[len(runs) // 2]
        idle = sorted(r[1] for r in runs)[len(runs) // 2]
        print("memory bench: median of %d runs: peak RSS %.2f MiB (target <= 8), idle CPU "
              "%.3f%% of a core (target <= 0.1%%)" % (len(runs), hwm / 1024, idle * 100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
