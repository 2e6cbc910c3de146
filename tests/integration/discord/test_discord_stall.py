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

Part 3: a second bot whose gateway accepts TCP and never answers the
websocket upgrade must give up each attempt and try again.

Throughout, the bot's log must never say "invariant broken" (its own check
that every shard has a connection or a timer that will make one).

--cpu-quota PERCENT runs the bot (only the bot: the doubles keep their
speed) under a CPU quota, in a cgroup of its own made for the run and
removed after it: cgroup v1's cpu controller (cpu.cfs_quota_us) or cgroup
v2's cpu.max, whichever this machine lets us write; where neither can be
made, it falls back to --cpu-duty.  --cpu-duty PERCENT pauses the bot
periodically instead (SIGSTOP/SIGCONT in 100 ms periods)."""

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


class CpuQuota:
    """A cgroup holding only `pid`, limited to `percent` of one CPU; None
    when no cgroup can be made here.  remove() moves the process out and
    deletes the group."""

    ROOTS = [("/sys/fs/cgroup/cpu", "v1"), ("/sys/fs/cgroup", "v2"),
             ("/sys/fs/cgroup/unified", "v2")]

    @classmethod
    def make(cls, pid, percent):
        for root, kind in cls.ROOTS:
            path = os.path.join(root, "briefbot-stall-%d" % os.getpid())
            try:
                if kind == "v1" and not os.path.exists(os.path.join(root, "cpu.cfs_quota_us")):
                    continue
                if kind == "v2" and not os.path.exists(os.path.join(root, "cgroup.subtree_control")):
                    continue
                os.mkdir(path)
            except OSError:
                continue
            q = cls(path, root, kind)
            try:
                if kind == "v1":
                    q.write("cpu.cfs_period_us", "100000")
                    q.write("cpu.cfs_quota_us", str(1000 * percent))
                else:
                    q.write("cpu.max", "%d 100000" % (1000 * percent))
                q.write("cgroup.procs", str(pid))
                return q
            except OSError:
                q.remove()
        return None

    def __init__(self, path, root, kind):
        self.path, self.root, self.kind = path, root, kind

    def write(self, name, value):
        with open(os.path.join(self.path, name), "w") as f:
            f.write(value)

    def throttled(self):
        try:
            with open(os.path.join(self.path, "cpu.stat")) as f:
                stat = dict(line.split() for line in f if line.strip())
            return int(stat.get("nr_throttled", 0))
        except (OSError, ValueError):
            return -1

    def remove(self):
        try:
            with open(os.path.join(self.path, "cgroup.procs")) as f:
                pids = f.read().split()
            for p in pids:
                with open(os.path.join(self.root, "cgroup.procs"), "w") as f:
                    f.write(p)
        except OSError:
            pass
        try:
            os.rmdir(self.path)
        except OSError:
            pass


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


def part_wedged_handshake(C, d):
    """A gateway that accepts the TCP connection and never answers the
    upgrade: the bot must abandon each attempt and try again, never sit on
    one for good."""
    import socket
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])  # and say nothing
            except OSError:
                pass
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    bot = discord_bot(d, extra={"discord": {
        "gateway_url": "ws://127.0.0.1:%d" % srv.getsockname()[1]}}, )
    try:
        bot.start()
        # lws gives up such a handshake by itself, the adapter after
        # 15 s at the latest; either way the attempts must go on
        retried = until(lambda: len(held) >= 3, timeout=90, step=0.5)
        out = bot.output()
        C.ok("a handshake that never completes is given up and retried (%d attempts)"
             % len(held), retried and "invariant broken" not in out, out[-600:])
    finally:
        bot.stop()
        stop.set()
        t.join()
        for c in held:
            c.close()
        srv.close()


def main():
    args = [a for a in sys.argv[1:]]
    duty = quota_pct = None
    for opt in ("--cpu-duty", "--cpu-quota"):
        if opt in args:
            i = args.index(opt)
            if opt == "--cpu-duty":
                duty = int(args[i + 1])
            else:
                quota_pct = int(args[i + 1])
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
    pauser = quota = None
    hard_timeout(540, lambda: (pauser and pauser.close(), quota and quota.remove(),
                               bot.stop(), d.stop()))
    bot.start()
    how = ""
    if quota_pct:
        quota = CpuQuota.make(bot.pid(), quota_pct)
        if quota:
            how = ", CPU quota %d%% (cgroup %s %s)" % (quota_pct, quota.kind, quota.path)
        else:
            duty = quota_pct
    if duty:
        how = ", SIGSTOP/SIGCONT duty cycle %d%%" % duty
    pauser = Pauser(bot.pid(), duty)
    try:
        C.ok("bot ready", d.wait(timeout=30, ready_connections=1))
        part_late_acks(C, d, bot, pauser, rng)
        part_silent_hole(C, d, bot, pauser, rng, rounds=8)
        if not quota_pct and not duty:
            part_wedged_handshake(C, d)
        out = bot.output()
        C.ok("the bot's own check never found a shard without connection or timer",
             "invariant broken" not in out,
             [l for l in out.splitlines() if "invariant broken" in l][:3])
        c = d.counters()
        if quota:
            how += ", throttled %d times" % quota.throttled()
        print("stall: identify %d, resume %d, connections %d, replies %d%s" % (
            c["identify_count"], c["resume_count"], c["connection_count"],
            c["messages_posted"], how), flush=True)
    finally:
        pauser.close()
        if quota:
            quota.remove()
        bot.stop()
        d.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
