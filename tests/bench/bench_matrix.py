#!/usr/bin/python3
"""Benchmark of the Matrix adapter end to end: the real `briefbot run`
against the fake homeserver's flood control, which releases precomputed
room messages in /sync batches (the next batch once the bot has synced past
the previous one).

Prints (it does not assert):
  * events/s through /sync (wall clock, double included) and per second
    of the bot's own CPU time (utime+stime from /proc/PID/stat);
  * command latency p50/p99: one "!ping" at a time, from injecting it at the
    double to the reply arriving there;
  * the bot's peak RSS (VmHWM from /proc/PID/status).

Run: /usr/bin/python3 tests/bench/bench_matrix.py [--events 20000]
     [--command-every 100] [--batch 90] [--pings 200]"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
from harness import Bot, FakeMatrix, general_section, matrix_section, tempdir  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--command-every", type=int, default=100)
    # The bot's timeline limit is 100 events per room and /sync; a batch
    # plus the echoes of the previous batch's replies must fit.
    ap.add_argument("--batch", type=int, default=90)
    ap.add_argument("--pings", type=int, default=200)
    args = ap.parse_args()
    fake = FakeMatrix()
    with tempdir() as d:
        bot = Bot(d, {"general": general_section(d, log_level="warn"),
                      "matrix": matrix_section(fake, sync_timeout_ms=5000)}).start()
        try:
            room = fake.room(creator="alice", members=["bob", "carol"])
            fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
            fake.wait_member(room, "join")
            time.sleep(0.5)
            cpu0 = cpu_seconds(bot.pid())
            t0 = time.monotonic()
            fl = fake.ctl("POST", "/rooms/%s/flood" % room,
                          {"count": args.events, "command": "!ping",
                           "command_every": args.command_every, "batch": args.batch},
                          timeout=600)
            got = fake.sends(fl["commands"], 600000)["count"]
            wall = time.monotonic() - t0
            cpu = cpu_seconds(bot.pid()) - cpu0
            lat = []
            for i in range(args.pings):
                t = time.monotonic()
                fake.say(room, "!ping")
                fake.sends(got + 1, 30000)
                got += 1
                lat.append((time.monotonic() - t) * 1000)
            lat.sort()
            hwm = bot.vm_hwm_kb()
            print("matrix bench: %d events (%d commands, answered %d) in %.2f s: "
                  "%.0f events/s wall clock, %.0f events/s per bot CPU second (%.2f s CPU)"
                  % (args.events, fl["commands"], got - args.pings, wall, args.events / wall,
                     args.events / cpu if cpu > 0 else float("inf"), cpu))
            print("matrix bench: command latency over %d pings: p50 %.1f ms, p99 %.1f ms"
                  % (len(lat), lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))]))
            print("matrix bench: peak RSS (VmHWM) %d kB = %.1f MB" % (hwm, hwm / 1024))
        finally:
            bot.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
