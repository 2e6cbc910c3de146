#!/usr/bin/python3
"""200 digest slots in 20 rooms (10 Discord channels, 10 Matrix rooms, one
bot serving both) with 50 faults along the way: SIGKILLs (from outside at a
random moment, and at each step of a post through BRIEFBOT_TEST_CRASH_AT),
5xx and 429 answers, connections dropped before and after the server acted,
gateway disconnects. Every slot of every room must be posted exactly once:
no duplicate and no gap, counted at the doubles (Discord: messages by
nonce; Matrix: events created, by transaction id).

The subscriptions are declared in the config ([digest] subscription, one
line each); the clock is the test clock, advanced one day per round.

Run: /usr/bin/python3 tests/integration/both/test_digest_faults.py
     [PATH/TO/briefbot] [--rounds 10] [--faults 50] [--seed 9]"""

import argparse
import collections
import os
import random
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (Bot, Checks, Clock, FakeDiscord, FakeMatrix, discord_section,  # noqa: E402
                     general_section, hard_timeout, matrix_section, scratch_dir, stop_bots,
                     until)

C = Checks("digest faults")
KEY = re.compile(r"^[0-9a-z]+\.[0-9a-z]+$")
DAY = 86400

DISCORD_FAULTS = [
    {"method": "POST", "path": r"/channels/\d+/messages", "action": "500", "count": 1},
    {"method": "POST", "path": r"/channels/\d+/messages", "action": "502", "count": 1},
    {"method": "POST", "path": r"/channels/\d+/messages", "action": "429", "count": 1,
     "retry_after": 0.3},
    {"method": "POST", "path": r"/channels/\d+/messages", "action": "drop", "count": 1},
]
MATRIX_FAULTS = [
    {"method": "PUT", "path": "/send/", "action": "500"},
    {"method": "PUT", "path": "/send/", "action": "502"},
    {"method": "PUT", "path": "/send/", "action": "429", "retry_after_ms": 200},
    {"method": "PUT", "path": "/send/", "action": "drop"},
    {"method": "PUT", "path": "/send/", "action": "drop", "when": "after"},
]
CRASH_POINTS = ["before_send", "after_send", "after_record"]


def discord_digests(d):
    return [m for m in d.get("messages")["all"]
            if m.get("nonce") and KEY.match(str(m["nonce"]))]


def matrix_digests(fake):
    return [s for s in fake.sends()["sends"] if KEY.match(s["txn_id"])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("briefbot", nargs="?")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--faults", type=int, default=50)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    d = FakeDiscord("--guilds", "5")
    fake = FakeMatrix("--seed", str(args.seed))
    bots = []
    hard_timeout(900, lambda: ([b.proc.kill() for b in bots if b.proc and b.proc.poll() is None],
                               d.stop(), fake.stop()))
    workdir = scratch_dir("digest-faults-")
    clock = Clock(os.path.join(workdir, "clock"))
    db = os.path.join(workdir, "bot.db")
    try:
        channels = [c for g in d.state()["guilds"] for c in g["channels"]][:10]
        rooms = []
        for _ in range(10):
            room = fake.room(creator="alice")
            fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
            rooms.append(room)
        subs = ["discord:%s daily 08:00 UTC" % c for c in channels] + \
               ["matrix:%s daily 08:00 UTC" % r for r in rooms]
        n_rooms = len(subs)

        def new_bot(crash=None):
            sections = {
                "general": general_section(workdir, database=db, http_timeout_ms=2000),
                "discord": discord_section(d, rest_max_per_s=1000),
                "matrix": matrix_section(fake),
                # repeated lines: the harness writes one key per dict key
                "digest": {"subscription": "\nsubscription = ".join(subs)},
            }
            env = {"BRIEFBOT_TEST_CLOCK_FILE": clock.path}
            if crash:
                env["BRIEFBOT_TEST_CRASH_AT"] = crash
            b = Bot(workdir, sections, env=env, name="bot%d" % len(bots))
            bots.append(b)
            return b.start()

        bot = new_bot()
        for room in rooms:
            fake.wait_member(room, "join")
        C.ok("bot up on both platforms", d.wait(timeout=20, ready_connections=1))

        # The faults, spread over the rounds: each round has one kill (from
        # outside, or a crash point) while there are kills to place; the
        # rest (gateway drops, Discord and Matrix REST faults) at random.
        n_kill = min(args.rounds, args.faults // 5)
        kills = ["crash", "kill"] * n_kill
        kills = kills[:n_kill]
        others = (["gateway"] * 4 + ["discord"] * 16 + ["matrix"] * 20)
        others = (others * (args.faults // len(others) + 1))[:args.faults - n_kill]
        rng.shuffle(others)
        plan = collections.defaultdict(list)
        for i, k in enumerate(kills):
            plan[i].append(k)
        for i, k in enumerate(others):
            plan[rng.randrange(args.rounds)].append(k)
        injected = collections.Counter()

        slot = clock.now() - clock.now() % DAY + 8 * 3600
        if slot <= clock.now():
            slot += DAY
        for rnd in range(args.rounds):
            want = n_rooms * (rnd + 1)
            faults = plan[rnd]
            for k in faults:
                if k == "discord":
                    d.post("faults", rng.choice(DISCORD_FAULTS))
                elif k == "matrix":
                    fake.ctl("POST", "/faults", rng.choice(MATRIX_FAULTS))
                elif k == "gateway":
                    d.post("gateway/drop", {})
                injected[k] += 1
            crash = None
            if "crash" in faults:
                crash = "%s:%d" % (CRASH_POINTS[rnd % 3], rng.randint(1, n_rooms))
            if crash:
                bot.stop()
                clock.go_to(slot + 60)
                bot = new_bot(crash)
            else:
                clock.go_to(slot + 60, bot)
            if "kill" in faults:
                time.sleep(rng.uniform(0.0, 0.3))
                if bot.proc.poll() is None:
                    bot.proc.send_signal(signal.SIGKILL)
                bot.wait_exit(10)
            state = {"bot": bot}

            def progress():
                # A bot that died (killed, or a crash point fired) is
                # started again, as a supervisor would.
                if state["bot"].proc.poll() is not None:
                    state["bot"].wait_exit(5)
                    state["bot"] = new_bot()
                return len(discord_digests(d)) + len(matrix_digests(fake)) >= want

            done = until(progress, 120, step=0.2)
            bot = state["bot"]
            got = len(discord_digests(d)) + len(matrix_digests(fake))
            print("round %d: %d/%d posts, faults %s%s" % (rnd + 1, got, want, faults,
                                                         " crash " + crash if crash else ""),
                  flush=True)
            if not done:
                C.ok("round %d posted every slot" % (rnd + 1), False, "%d of %d" % (got, want))
                for b in bots[-2:]:
                    print("---- %s (last lines)\n%s" % (b.log_path, "".join(
                        open(b.log_path).readlines()[-30:])), flush=True)
                break
            d.call("DELETE", "faults")
            fake.ctl("DELETE", "/faults")
            slot += DAY

        time.sleep(1.0)
        dm = discord_digests(d)
        mm = matrix_digests(fake)
        per_room = collections.Counter([m["channel_id"] for m in dm] + [s["room_id"] for s in mm])
        keys = [(m["channel_id"], str(m["nonce"])) for m in dm] + \
               [(s["room_id"], s["txn_id"]) for s in mm]
        total = len(dm) + len(mm)
        C.ok("%d posts for %d slots in %d rooms" % (total, n_rooms * args.rounds, n_rooms),
             total == n_rooms * args.rounds, total)
        C.ok("no duplicate (one post per room and key)", len(keys) == len(set(keys)))
        C.ok("no gap (every room got every slot)",
             all(per_room[r] == args.rounds for r in channels + rooms), dict(per_room))
        C.ok("faults injected: %d" % sum(injected.values()),
             sum(injected.values()) == args.faults, dict(injected))
        resent = d.state()["duplicate_nonce_hits"] + fake.sends()["duplicate_txn_ids"]
        C.ok("re-sends after crashes reached the doubles and were dropped by key (%d)" % resent,
             resent > 0, resent)
    finally:
        stop_bots(bots, C, d, fake)
    print("elapsed %.0f s" % (time.monotonic() - t0), flush=True)
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
