#!/usr/bin/python3
"""1,000 commands through the real bot with 50 faults injected at the fake
homeserver along the way (429s, 5xx, connections dropped before and after
the server acted, stalled /sync long-polls). Every command must be answered
exactly once, counted at the double by the event answered (m.in_reply_to)
and by transaction id.

Run: /usr/bin/python3 tests/integration/matrix/test_matrix_faults.py
     [--commands 1000] [--faults 50] [--seed 7]"""

import argparse
import collections
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Bot, FakeMatrix, general_section, matrix_section, tempdir  # noqa: E402

FAULTS = [
    {"method": "PUT", "path": "/send/", "action": "429", "retry_after_ms": 150},
    {"method": "PUT", "path": "/send/", "action": "500"},
    {"method": "PUT", "path": "/send/", "action": "502"},
    {"method": "PUT", "path": "/send/", "action": "drop"},
    {"method": "PUT", "path": "/send/", "action": "drop", "when": "after"},
    {"method": "GET", "path": "/sync$", "action": "503"},
    {"method": "GET", "path": "/sync$", "action": "429", "retry_after_ms": 100},
    {"method": "GET", "path": "/sync$", "action": "drop"},
    {"method": "GET", "path": "/sync$", "action": "drop", "when": "after"},
    {"method": "GET", "path": "/sync$", "action": "stall", "seconds": 4},
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commands", type=int, default=1000)
    ap.add_argument("--faults", type=int, default=50)
    ap.add_argument("--rooms", type=int, default=4)
    ap.add_argument("--waves", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fake = FakeMatrix("--seed", str(args.seed))
    failures = []
    t0 = time.monotonic()
    with tempdir() as d:
        bot = Bot(d, {"general": general_section(d, http_timeout_ms=1000),
                      "matrix": matrix_section(fake, sync_timeout_ms=1000)}).start()
        try:
            rooms = []
            for i in range(args.rooms):
                room = fake.room(creator="alice", members=["bob", "carol"])
                fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
                rooms.append(room)
            for room in rooms:
                fake.wait_member(room, "join")
            commands = []
            per_wave = args.commands // args.waves
            faults_per_wave = args.faults // args.waves
            senders = ["alice", "bob", "carol"]
            for w in range(args.waves):
                for f in range(faults_per_wave):
                    spec = dict(FAULTS[(w * faults_per_wave + f) % len(FAULTS)])
                    spec["skip"] = rng.randint(0, 2 if "sync" in spec["path"] else 30)
                    fake.ctl("POST", "/faults", spec)
                for i in range(per_wave):
                    room = rooms[i % len(rooms)]
                    commands.append(fake.say(room, "!ping", sender=senders[i % 3]))
                # The next wave starts once this one is answered, so a room's
                # timeline never outgrows one /sync (limit 100).
                fake.sends(len(commands), 60000)
            # Every fault must have fired; nudge the rest with a few more
            # commands that must be answered too.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                live = [f for f in fake.ctl("GET", "/faults")["faults"] if f["fired"] < 1]
                if not live:
                    break
                commands.append(fake.say(rooms[0], "!ping"))
                fake.sends(len(commands), 30000)
            # A last sync round so late duplicates would show.
            time.sleep(2.5)
            res = fake.sends()
            sends = res["sends"]
            by_event = collections.Counter(
                (s["content"].get("m.relates_to") or {}).get("m.in_reply_to", {}).get("event_id")
                for s in sends)
            txns = collections.Counter((s["room_id"], s["txn_id"]) for s in sends)
            faults = fake.ctl("GET", "/faults")["faults"]
            fired = sum(1 for f in faults if f["fired"] >= 1)
            missing = [e for e in commands if by_event[e] == 0]
            twice = [e for e in commands if by_event[e] > 1]
            stray = [e for e in by_event if e not in set(commands)]
            dup_txn = [t for t, n in txns.items() if n > 1]
            stats = collections.Counter(f["action"] + ("/after" if f["when"] == "after" else "")
                                        + " " + f["method"] for f in faults if f["fired"])
            print("matrix faults: %d commands, %d sends, %d faults injected, %d fired "
                  "(%s), %d retries deduplicated by txn id, %.1f s"
                  % (len(commands), len(sends), len(faults), fired,
                     ", ".join("%s x%d" % kv for kv in sorted(stats.items())),
                     res["duplicate_txn_ids"], time.monotonic() - t0))
            print("answered once: %d, missing: %d, twice: %d, stray: %d, duplicate txn: %d"
                  % (sum(1 for e in commands if by_event[e] == 1), len(missing), len(twice),
                     len(stray), len(dup_txn)))
            if missing or twice or stray or dup_txn:
                failures.append("not exactly once")
            if fired < args.faults:
                failures.append("only %d of %d faults fired" % (fired, args.faults))
            if len(sends) != len(commands):
                failures.append("%d sends for %d commands" % (len(sends), len(commands)))
            rc = bot.stop()
            if rc != 0:
                failures.append("briefbot exited with %s" % rc)
        finally:
            bot.stop()
            fake.stop()
            if failures:
                sys.stdout.write(bot.output()[-3000:])
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
