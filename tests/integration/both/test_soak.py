#!/usr/bin/python3
"""Soak: one `briefbot run` serving the fake Discord and the fake Matrix
homeserver for a set time, with commands flowing on both and faults
injected at random: gateway disconnects (TCP drops, closes, op 7), REST and
client-server 5xx, 429s, slow and dropped responses, stalled /syncs, and
SIGSTOP pauses of the whole bot.  It checks that

  * RSS stays flat after a warm-up: the median of the last window is at most
    5% above the median of the first window after warm-up;
  * the number of open fds (/proc/PID/fd) stays flat the same way (no more
    than 2 above, as a connection may be in flight at either moment);
  * no command is lost or answered twice, on either platform;
  * the Discord session resumes whenever Discord allows it: every fault here
    leaves the session resumable, so the double counts one IDENTIFY, and
    RESUMEs for the reconnections.

Run: /usr/bin/python3 tests/integration/both/test_soak.py [PATH/TO/briefbot]
         [--duration SECONDS] [--seed N]
CI runs it for 120 s (the default); the documented long run is
--duration 1800 (see README.md, "Tests")."""

import argparse
import collections
import os
import random
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (CH1, CH2, Bot, Checks, FakeDiscord, FakeMatrix, discord_section,  # noqa: E402
                     find_briefbot, general_section, hard_timeout, matrix_section, scratch_dir,
                     until)

MSGS = "/channels/\\d+/messages$"
DISCORD_REST_FAULTS = [
    {"method": "POST", "path": MSGS, "action": "500"},
    {"method": "POST", "path": MSGS, "action": "503", "count": 2},
    {"method": "POST", "path": MSGS, "action": "429", "retry_after": 0.3},
    {"method": "POST", "path": MSGS, "action": "429", "scope": "global", "retry_after": 0.3},
    {"method": "POST", "path": MSGS, "action": "delay", "delay": 1.5},
    {"method": "POST", "path": MSGS, "action": "drop"},
]
DISCORD_GATEWAY_FAULTS = [
    ("gateway/drop", {}),
    ("gateway/drop", {"rst": False}),
    ("gateway/close", {"code": 4000}),
    ("gateway/reconnect", {}),
    ("gateway/invalid_session", {"resumable": True}),
]
MATRIX_FAULTS = [
    {"method": "PUT", "path": "/send/", "action": "500"},
    {"method": "PUT", "path": "/send/", "action": "502"},
    {"method": "PUT", "path": "/send/", "action": "429", "retry_after_ms": 300},
    {"method": "PUT", "path": "/send/", "action": "drop", "when": "after"},
    {"method": "PUT", "path": "/send/", "action": "delay", "seconds": 1.5},
    {"method": "GET", "path": "/sync$", "action": "503"},
    {"method": "GET", "path": "/sync$", "action": "429", "retry_after_ms": 200},
    {"method": "GET", "path": "/sync$", "action": "stall", "seconds": 4},
]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.dc = FakeDiscord("--heartbeat-interval", "2000", "--heartbeat-timeout-factor", "4")
        self.mx = FakeMatrix()
        workdir = scratch_dir("soak-")
        self.bot = Bot(workdir, {"general": general_section(workdir, log_level=args.log_level),
                                 "matrix": matrix_section(self.mx),
                                 "discord": discord_section(self.dc)})
        self.dc_ids = []
        self.mx_ids = []
        self.samples = []  # (t, rss KiB, fds)
        self.backlog = []  # (t, commands not answered yet)
        self.injected = collections.Counter()
        self.gateway_hits = 0

    def stop(self):
        try:
            os.kill(self.bot.pid(), signal.SIGCONT)
        except (OSError, AttributeError, TypeError):
            pass
        self.bot.stop()
        self.mx.stop()
        self.dc.stop()

    def start(self):
        self.bot.start()
        self.rooms = []
        for _ in range(2):
            room = self.mx.room(creator="alice", members=["bob"])
            self.mx.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
            self.rooms.append(room)
        for room in self.rooms:
            self.mx.wait_member(room, "join", timeout=30)
        return self.dc.wait(timeout=30, ready_connections=1)

    def inject(self):
        kind = self.rng.choice(["discord_rest", "discord_gateway", "matrix", "pause"])
        if kind == "discord_rest":
            self.dc.post("faults", dict(self.rng.choice(DISCORD_REST_FAULTS)))
        elif kind == "discord_gateway":
            path, body = self.rng.choice(DISCORD_GATEWAY_FAULTS)
            if self.dc.post(path, dict(body))["connections"]:
                self.gateway_hits += 1
        elif kind == "matrix":
            spec = dict(self.rng.choice(MATRIX_FAULTS))
            spec["skip"] = self.rng.randint(0, 2)
            self.mx.ctl("POST", "/faults", spec)
        else:
            os.kill(self.bot.pid(), signal.SIGSTOP)
            time.sleep(self.rng.uniform(0.3, 2.5))
            os.kill(self.bot.pid(), signal.SIGCONT)
        self.injected[kind] += 1

    def run(self):
        t0 = time.monotonic()
        tick = 0
        while time.monotonic() - t0 < self.args.duration:
            # Discord: one command every second, to each channel in turn,
            # so each gets one every 2 s: under Discord's 5 per 5 s, with
            # room to catch up after a fault (at the full rate every fault
            # would leave a backlog that grows for the whole run)
            if tick % 2 == 0:
                ch = (CH1, CH2)[tick // 2 % 2]
                self.dc_ids.append(self.dc.post("message", {"channel_id": ch,
                                                            "content": "!ping"})["id"])
            self.mx_ids.append(self.mx.say(self.rooms[tick % 2], "!ping",
                                           sender=("alice", "bob")[tick % 2]))
            self.samples.append((time.monotonic() - t0, rss_kb(self.bot.pid()),
                                 fd_count(self.bot.pid())))
            if tick % 60 == 0:  # the replies still owed, every 30 s
                self.backlog.append((time.monotonic() - t0, self.unanswered()))
            if tick % self.args.every == self.args.every // 2:
                self.inject()
            tick += 1
            time.sleep(max(0.0, t0 + tick * 0.5 - time.monotonic()))

    def drain(self):
        """Faults off; waits until every command is answered, for as long as
        answers keep coming: a fault near the end may leave a backlog that
        Discord's 5 messages per 5 s per channel lets out slowly.  A
        command is lost only if the bot goes quiet (no new answer for 30 s)
        with it unanswered.  Returns whether all were answered, and the
        seconds the drain took."""
        self.dc.call("DELETE", "faults")
        self.mx.ctl("DELETE", "/faults")
        t0 = time.monotonic()
        left, last_progress = self.unanswered(), time.monotonic()
        while left and time.monotonic() - last_progress < 30 and time.monotonic() - t0 < 900:
            time.sleep(0.5)
            now_left = self.unanswered()
            if now_left < left:
                left, last_progress = now_left, time.monotonic()
        time.sleep(3.0)  # a late duplicate would arrive now
        return left == 0, time.monotonic() - t0

    def unanswered(self):
        dc, mx = self.discord_answers(), self.matrix_answers()
        return (sum(1 for m in self.dc_ids if not dc.get(m)) +
                sum(1 for e in self.mx_ids if not mx.get(e)))

    def discord_answers(self):
        got = collections.Counter()
        for m in self.dc.get("messages")["all"]:
            got[(m.get("message_reference") or {}).get("message_id")] += 1
        return got

    def matrix_answers(self):
        got = collections.Counter()
        for s in self.mx.sends()["sends"]:
            rel = s["content"].get("m.relates_to") or {}
            got[(rel.get("m.in_reply_to") or {}).get("event_id")] += 1
        return got


def window(samples, lo, hi, idx):
    return [s[idx] for s in samples if lo <= s[0] < hi]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("briefbot", nargs="?")
    ap.add_argument("--duration", type=float, default=120.0)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--every", type=int, default=4,
                    help="inject a fault every N ticks of 0.5 s")
    ap.add_argument("--keep-log", help="if a command is lost, write the bot's whole log here")
    ap.add_argument("--log-level", default="info")
    args = ap.parse_args()
    find_briefbot()
    C = Checks("soak")
    s = Soak(args)
    hard_timeout(int(args.duration) + 1000, s.stop)  # the drain may take 900 s
    try:
        C.ok("both platforms connected", s.start())
        s.run()
        drained, drain_s = s.drain()
        dc_got, mx_got = s.discord_answers(), s.matrix_answers()
        dc_lost = [m for m in s.dc_ids if not dc_got.get(m)]
        dc_twice = [m for m in s.dc_ids if dc_got.get(m, 0) > 1]
        mx_lost = [e for e in s.mx_ids if not mx_got.get(e)]
        mx_twice = [e for e in s.mx_ids if mx_got.get(e, 0) > 1]
        if not C.ok("every command answered (%d Discord, %d Matrix; the backlog drained in "
                    "%.0f s)" % (len(s.dc_ids), len(s.mx_ids), drain_s),
                    drained and not dc_lost and not mx_lost,
                    "lost: %d Discord, %d Matrix" % (len(dc_lost), len(mx_lost))):
            # what the bot said about it, for the record
            lines = [l for l in s.bot.output().splitlines()
                     if l.split(" ", 2)[1:2] in (["warn"], ["error"]) and "ws: closed" not in l]
            print("\n".join(lines[-40:]), flush=True)
            print("lost Discord ids: %s" % dc_lost[:10], flush=True)
            if args.keep_log:
                with open(args.keep_log, "w") as f:
                    f.write(s.bot.output())
        C.ok("no command answered twice", not dc_twice and not mx_twice,
             "twice: %d Discord, %d Matrix" % (len(dc_twice), len(mx_twice)))
        # the windows: warm-up is the first quarter (at least 20 s); the
        # first and last windows are an eighth of the run (at least 10 s)
        d = args.duration
        warm = max(20.0, d / 4)
        w = max(10.0, d / 8)
        rss0 = statistics.median(window(s.samples, warm, warm + w, 1))
        rss1 = statistics.median(window(s.samples, d - w, d + 1, 1))
        fd0 = statistics.median(window(s.samples, warm, warm + w, 2))
        fd1 = statistics.median(window(s.samples, d - w, d + 1, 2))
        growth = (rss1 - rss0) / rss0 * 100
        C.ok("RSS flat after warm-up (<= 5%% growth): %d -> %d KiB, %+.1f%%" % (rss0, rss1, growth),
             growth <= 5.0)
        C.ok("open fds flat: %g -> %g (max %d)" % (fd0, fd1, max(x[2] for x in s.samples)),
             fd1 <= fd0 + 2)
        st = s.dc.counters()
        # Every fault here leaves the session resumable, so every session
        # start after the first must be a RESUME: one IDENTIFY in all.  (Two
        # faults may hit one connection before the bot has left it, so the
        # RESUMEs can be fewer than the faults.)
        C.ok("the Discord session always resumed: 1 IDENTIFY, %d RESUMEs over %d connections "
             "for %d gateway faults" % (st["resume_count"], st["connection_count"],
                                        s.gateway_hits),
             st["identify_count"] == 1 and (st["resume_count"] > 0 or s.gateway_hits == 0),
             st)
        out = s.bot.output()
        C.ok("the bot never found a shard without connection or timer",
             "invariant broken" not in out)
        print("soak: %.0f s, %d Discord + %d Matrix commands, faults %s, identify %d, resume %d, "
              "RSS %d -> %d KiB (peak %d), fds %g -> %g" % (
                  d, len(s.dc_ids), len(s.mx_ids), dict(s.injected), st["identify_count"],
                  st["resume_count"], rss0, rss1, max(x[1] for x in s.samples), fd0, fd1),
              flush=True)
        print("soak: replies owed every 30 s: %s" % " ".join(str(n) for _, n in s.backlog),
              flush=True)
        C.ok("clean stop", s.bot.stop() == 0)
    finally:
        s.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
