#!/usr/bin/python3
"""The bot must never go silent for good: a saturating flood while the bot
is paused (SIGSTOP/SIGCONT) several times, against a fake Discord that
answers every RESUME with op 9 d=false, as Spacebar does.  Usage:
test_discord_stall.py [PATH/TO/briefbot] [--cpu-duty PERCENT]

Part 1, late ACKs: 1,000 commands inside a flood of chatter, the bot paused
six times for longer than the heartbeat interval while it reads.  The
heartbeat ACK arrives late only because unread data sits in front of it:
that is no zombie connection, so the bot keeps its connection and answers
every command exactly once.

Part 2, the silent hole: each round makes the connection really silent
(ACKs off, nothing else sent), so the bot closes it as a zombie, RESUMEs,
gets op 9 d=false and must IDENTIFY again; rounds add pauses at every step
(during the reconnect delay, right after op 9, while connecting) and a
close during identify.  After each round the bot must be back (READY on a
new session) and answer a batch of commands; Spacebar, like Discord, drops
the events of a session that ended, so commands are sent while a session
is live.

Throughout, the bot's log must never say "invariant broken" (its own check
that every shard has a connection or a timer that will make one).

--cpu-duty PERCENT also pauses the bot periodically (SIGSTOP/SIGCONT in
100 ms periods) for the whole run, a stand-in for a CPU quota."""

import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import CH1, CH2, discord_bot, Checks, FakeDiscord, find_briefbot, hard_timeout, \
    until  # noqa: E402

HEARTBEAT_MS = 1000
N_COMMANDS = 1000
CHATTER = "chatter about the article, long enough that reading it takes the bot a while"


class Pauser:
    """SIGSTOP/SIGCONT a process: one-off pauses, and an optional duty
    cycle in the background (run `percent` of every 100 ms)."""

    def __init__(self, pid, duty=None):
        self.pid = pid
        self.lock = threading.Lock()
        self.stop_flag = threading.Event()
        self.thread = None
        if duty is not None and 0 < duty < 100:
            self.thread = threading.Thread(target=self._cycle, args=(duty,), daemon=True)
            self.thread.start()

    def _signal(self, sig):
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def _cycle(self, duty):
        period = 0.1
        while not self.stop_flag.is_set():
            with self.lock:
                self._signal(signal.SIGSTOP)
                time.sleep(period * (100 - duty) / 100)
                self._signal(signal.SIGCONT)
            time.sleep(period * duty / 100)

    def pause(self, seconds):
        with self.lock:
            self._signal(signal.SIGSTOP)
            time.sleep(seconds)
            self._signal(signal.SIGCONT)

    def close(self):
        self.stop_flag.set()
        if self.thread:
            self.thread.join()
        self._signal(signal.SIGCONT)


def answered_counts(d):
    out = {}
    for m in d.get("messages")["all"]:
        ref = (m.get("message_reference") or {}).get("message_id")
        out[ref] = out.get(ref, 0) + 1
    return out


def part_late_acks(C, d, bot, pauser, rng):
    c0 = d.counters()
    result = {}

    def flood():
        # in chunks: the double encodes a chunk before it writes anything,
        # and one huge chunk would keep it silent (no ACK, no data) for
        # seconds on a busy machine, which is a real zombie
        ids = []
        for k in range(10):
            r = d.post("flood", {"n": N_COMMANDS * 2, "channel_ids": [CH1, CH2],
                                 "seed": 7 + k, "mix": [["!ping", 1], [CHATTER, 19]]})
            ids += r["ids"].get("!ping", [])
        result["ids"] = ids
    t = threading.Thread(target=flood)
    t.start()
    for _ in range(6):
        time.sleep(rng.uniform(0.05, 0.3))
        pauser.pause(rng.uniform(1.5, 2.5))  # longer than the heartbeat interval
    t.join()
    ids = result["ids"]
    done = until(lambda: all(answered_counts(d).get(i) for i in ids), timeout=150, step=0.5)
    time.sleep(1.0)  # a duplicate would arrive now
    got = answered_counts(d)
    lost = [i for i in ids if not got.get(i)]
    dup = [i for i in ids if got.get(i, 0) > 1]
    C.ok("flood with pauses: all %d commands answered" % len(ids), done and not lost,
         "%d lost" % len(lost))
    C.ok("flood with pauses: none answered twice", not dup, "%d duplicates" % len(dup))
    c1 = d.counters()
    zombies = bot.output().count("closing (heartbeat not acknowledged)")
    C.ok("a late ACK behind unread data is no zombie: the connection stayed",
         c1["connection_count"] == c0["connection_count"] and zombies == 0,
         "connections %d -> %d, zombie closes %d" % (c0["connection_count"],
                                                    c1["connection_count"], zombies))
    return len(ids)


def batch(d, n, tag):
    ids = [d.post("message", {"channel_id": (CH1, CH2)[i % 2], "content": "!ping"})["id"]
           for i in range(n)]
    ok = until(lambda: all(answered_counts(d).get(i) for i in ids), timeout=60, step=0.25)
    got = answered_counts(d)
    return ok, [i for i in ids if got.get(i, 0) != 1]


def part_silent_hole(C, d, bot, pauser, rng, rounds):
    """Zombie -> RESUME -> op 9 d=false -> new session, with pauses."""
    all_back = True
    bad = []
    for r in range(rounds):
        c = d.counters()
        if not d.wait(timeout=60, ready_connections=1):
            all_back = False
            break
        d.post("gateway/acks", {"enabled": False})
        # The bot closes the silent connection after an interval and a
        # grace, RESUMEs, gets op 9 and starts over.  Pause it at a
        # different step each round.
        step = r % 4
        if step == 0:
            time.sleep(rng.uniform(0.5, 2.0))
            pauser.pause(rng.uniform(1.0, 2.5))
        d.wait(timeout=30, resume_count=c["resume_count"] + 1)
        d.post("gateway/acks", {"enabled": True})
        if step == 1:
            pauser.pause(rng.uniform(0.5, 1.5))  # right after op 9
        elif step == 2:
            time.sleep(rng.uniform(0.5, 3.0))  # somewhere in the 1-5 s delay
            pauser.pause(rng.uniform(0.5, 2.0))
        elif step == 3:
            # a close during identify: the next IDENTIFY is answered by a
            # close (resume-class 4000, then a session-ending 4009)
            d.post("config", {"identify_close_code": 4000 if r % 8 == 3 else 4009})
            d.wait(timeout=30, identify_count=c["identify_count"] + 1)
            c["identify_count"] += 1
            pauser.pause(rng.uniform(0.2, 1.0))
        back = d.wait(timeout=60, identify_count=c["identify_count"] + 1) and \
            d.wait(timeout=60, ready_connections=1)
        if not back:
            all_back = False
            print("round %d: the bot did not come back: %s" % (r, d.counters()), flush=True)
            break
        ok, missing = batch(d, 20, r)
        if not ok or missing:
            bad.extend(missing or ["round %d" % r])
    C.ok("after every zombie -> RESUME -> op 9 the bot identified again (%d rounds)" % rounds,
         all_back, d.counters())
    C.ok("every command sent to a live session answered exactly once", not bad,
         "%d not answered once" % len(bad))


def main():
    args = [a for a in sys.argv[1:]]
    duty = None
    if "--cpu-duty" in args:
        i = args.index("--cpu-duty")
        duty = int(args[i + 1])
        del args[i:i + 2]
    sys.argv[1:] = args
    find_briefbot()
    rng = random.Random(11)
    C = Checks("discord stall")
    # The double's own heartbeat timeout is long: the pauses must not let it
    # end the session (that path is covered by test_discord_bot).
    d = FakeDiscord("--heartbeat-interval", str(HEARTBEAT_MS),
                    "--heartbeat-timeout-factor", "60")
    d.post("config", {"resume_supported": False})
    d.post("buckets", {"route": "create_message", "limit": 50, "window": 1})
    bot = discord_bot(d)
    pauser = None
    hard_timeout(540, lambda: (pauser and pauser.close(), bot.stop(), d.stop()))
    bot.start()
    pauser = Pauser(bot.pid(), duty)
    try:
        C.ok("bot ready", d.wait(timeout=30, ready_connections=1))
        part_late_acks(C, d, bot, pauser, rng)
        part_silent_hole(C, d, bot, pauser, rng, rounds=8)
        out = bot.output()
        C.ok("the bot's own check never found a shard without connection or timer",
             "invariant broken" not in out,
             [l for l in out.splitlines() if "invariant broken" in l][:3])
        c = d.counters()
        print("stall: identify %d, resume %d, connections %d, replies %d%s" % (
            c["identify_count"], c["resume_count"], c["connection_count"],
            c["messages_posted"], ", duty %d%%" % duty if duty else ""), flush=True)
    finally:
        pauser.close()
        bot.stop()
        d.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
