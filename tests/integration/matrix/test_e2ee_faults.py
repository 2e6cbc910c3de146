#!/usr/bin/python3
"""200 encrypted commands through the real bot under 20 injected faults:
dropped connections (before and after the homeserver acted), 5xx and a
stall on the bot's /sync, /send, /keys/query, /keys/claim and /sendToDevice,
and lost to-device batches (alice's room key never reaches the bot). alice
is a matrix-nio client with its own Olm/Megolm; she starts a new Megolm
session each wave of 10 commands, so every wave needs a room key delivered
as an Olm to-device event, and now and then logs in another device, so the
bot must query, claim and share its own session again.

Every command must get exactly one reply from the bot that alice decrypts,
in_reply_to it: the answer, or, in a wave whose room key was lost, the
"could not decrypt" notice. Faults apply to the bot's requests only.

Prints PASS/FAIL lines and 'matrix e2ee faults: N passed, M failed'.
Run: /usr/bin/python3 tests/integration/matrix/test_e2ee_faults.py"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from e2ee_support import (BOT, NOTICE, Human, e2ee_bot, expected, main,  # noqa: E402
                          wait_bot_keys)

PER_WAVE = 10
HARD_TIMEOUT_S = 560


def bot_fault(method, path, action, **kw):
    return dict(kw, method=method, path=path, action=action, user=BOT)


# One fault per wave; "device" waves first log in a new device of alice, so
# the bot has to query, claim and share (and those requests can fail).
SYNC = "/sync$"
PLAN = [
    (bot_fault("GET", SYNC, "drop"), False),
    (bot_fault("PUT", "/send/", "500"), False),
    ({"lose": {"user": "bot", "sender": "alice", "at": "send"}}, False),
    (bot_fault("GET", SYNC, "drop", when="after"), False),
    (bot_fault("POST", "/keys/query$", "500"), True),
    (bot_fault("PUT", "/send/", "drop", when="after"), False),
    (bot_fault("POST", "/keys/claim$", "502"), True),
    (bot_fault("GET", SYNC, "503"), False),
    ({"lose": {"user": "bot", "sender": "alice", "at": "sync"}}, False),
    (bot_fault("PUT", "/sendToDevice/", "503"), True),
    (bot_fault("PUT", "/send/", "502"), False),
    (bot_fault("GET", SYNC, "stall", seconds=3), False),
    (bot_fault("PUT", "/sendToDevice/", "drop", when="after"), True),
    (bot_fault("PUT", "/send/", "drop"), False),
    (bot_fault("GET", SYNC, "drop", skip=1), False),
    ({"lose": {"user": "bot", "sender": "alice", "at": "send"}}, False),
    (bot_fault("PUT", "/send/", "429", retry_after_ms=200), False),
    (bot_fault("GET", SYNC, "drop", when="after", skip=1), False),
    (bot_fault("POST", "/keys/claim$", "drop"), True),
    (bot_fault("PUT", "/send/", "500", skip=3), False),
]


async def scenario(c, fake, bots, waves):
    alice = Human(fake, "alice")
    extra = []
    try:
        bot = e2ee_bot(fake)
        bots.append(bot)
        bot.start()
        wait_bot_keys(fake)
        await alice.start()
        room = await alice.create_encrypted_room([BOT])
        fake.wait_member(room, "join")
        await alice.sync(1000)
        commands = []           # (wave, command, event id)
        lost_waves = set()
        for w, (fault, new_device) in enumerate(PLAN[:waves]):
            if new_device:
                d = Human(fake, "alice", device="ALICETAB%d" % w)
                await d.start()
                extra.append(d)
                await alice.sync(500)
            if "lose" in fault:
                fake.ctl("POST", "/to_device/lose", fault["lose"])
                lost_waves.add(w)
            else:
                fake.ctl("POST", "/faults", fault)
            alice.client.invalidate_outbound_session(room)
            sent = []
            for i in range(PER_WAVE):
                cmd = "!ping" if (w + i) % 3 else "!ask who backs the YPG?"
                sent.append((w, cmd, await alice.say(room, cmd)))
            commands += sent
            got = await alice.wait_replies([e for _, _, e in sent], 90)
            print("wave %d (%s): %d of %d commands have a reply" % (
                w + 1, fault.get("lose") and "lost to-device batch" or
                "%s %s %s" % (fault["action"], fault["method"], fault["path"]),
                sum(1 for v in got.values() if v), len(sent)), flush=True)
        await alice.settle(3)

        faults = fake.ctl("GET", "/faults")["faults"]
        losses = fake.ctl("GET", "/to_device")["loss_rules"]
        fired = sum(1 for f in faults if f["fired"]) + sum(1 for r in losses if r["fired"])
        kinds = collections.Counter("%s %s%s" % (f["action"], f["method"],
                                                 "/after" if f["when"] == "after" else "")
                                    for f in faults if f["fired"])
        kinds.update("lost to-device batch (at %s)" % r["at"] for r in losses if r["fired"])
        print("faults fired: %d of %d: %s" % (fired, waves, ", ".join(
            "%s x%d" % kv for kv in sorted(kinds.items()))))
        c.ok("all %d faults fired" % waves, fired == waves,
             [f for f in faults if not f["fired"]] + [r for r in losses if not r["fired"]])

        tally = collections.Counter()
        bad = []
        for w, cmd, e in commands:
            replies = alice.bot_replies(e)
            notices = [r for r in replies if NOTICE in r.body.lower()]
            if len(replies) != 1:
                tally["not exactly once"] += 1
                bad.append((w, cmd, [r.body for r in replies]))
            elif notices:
                tally["notice"] += 1
                if w not in lost_waves:
                    bad.append((w, cmd, "notice outside a lost wave"))
            elif expected(cmd, replies[0].body):
                tally["answered"] += 1
            else:
                tally["wrong answer"] += 1
                bad.append((w, cmd, replies[0].body))
        print("%d commands: %s" % (len(commands), dict(tally)))
        c.ok("every command answered exactly once, or noticed once where its key was lost",
             not bad and len(commands) == waves * PER_WAVE, bad[:10])
        c.ok("the lost room keys gave notices", tally["notice"] > 0, dict(tally))
        sends = [s for s in fake.sends()["sends"] if s["sender"] == BOT]
        c.ok("%d sends for %d commands, all encrypted, no txn id twice"
             % (len(sends), len(commands)),
             len(sends) == len(commands) and {s["type"] for s in sends} == {"m.room.encrypted"}
             and len({(s["room_id"], s["txn_id"]) for s in sends}) == len(sends))
        c.ok("alice decrypted every message of the bot",
             not [e for e in alice.undecryptable.values() if e.sender == BOT],
             len(alice.undecryptable))
        c.ok("briefbot exits 0 on SIGTERM", bot.stop() == 0)
    finally:
        await alice.close()
        for d in extra:
            await d.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--waves", type=int, default=len(PLAN), help="fewer for a quick look")
    sys.exit(main("matrix e2ee faults", scenario, HARD_TIMEOUT_S,
                  min(ap.parse_args().waves, len(PLAN))))
