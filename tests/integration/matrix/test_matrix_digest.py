#!/usr/bin/python3
"""Integration test: scheduled digests of the real `briefbot run` against the
fake Matrix homeserver, on the test clock. Usage: test_matrix_digest.py
PATH/TO/briefbot

Who manages a room comes from m.room.power_levels seen in /sync: the
room's creator (power 100) subscribes, a member at power 0 is refused. Each
slot gives exactly one m.room.message; SIGKILL after the send but before it
is recorded, then a restart, re-sends with the same txnId and the homeserver
creates nothing new; a room the bot was kicked from pauses the
subscription (M_FORBIDDEN)."""

import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (Bot, Checks, Clock, FakeMatrix, general_section, hard_timeout,  # noqa: E402
                     matrix_replies_to, matrix_section, scratch_dir, stop_bots, until)

C = Checks("matrix digests")
KEY = re.compile(r"^[0-9a-z]+\.[0-9a-z]+$")
DAY = 86400


def digests(fake, room):
    return [s for s in fake.sends()["sends"]
            if s["room_id"] == room and KEY.match(s["txn_id"])]


def next_0800(t):
    slot = t - t % DAY + 8 * 3600
    return slot if slot > t else slot + DAY


def main():
    fake = FakeMatrix()
    workdir = scratch_dir("matrix-digest-")
    clock = Clock(os.path.join(workdir, "clock"))
    bots = []

    def new_bot(env=None):
        env = dict(env or {}, BRIEFBOT_TEST_CLOCK_FILE=clock.path)
        b = Bot(workdir, {"general": general_section(workdir),
                          "matrix": matrix_section(fake)}, env=env)
        bots.append(b)
        return b.start()

    hard_timeout(180, lambda: ([b.proc.kill() for b in bots if b.proc], fake.stop()))
    try:
        bot = new_bot()
        room = fake.room(creator="alice", members=["bob"])
        fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        fake.wait_member(room, "join")

        def ask(text, sender="alice"):
            eid = fake.say(room, text, sender=sender)
            got = until(lambda: matrix_replies_to(fake.sends()["sends"], eid), 15)
            return got[0]["content"]["body"] if got else ""

        r = ask("!digest subscribe daily 08:00 UTC", sender="bob")
        C.ok("a member without power is refused", "Only admins" in r, r)
        r = ask("!digest subscribe daily 08:00 Europe/Pari")
        C.ok("an unknown zone gets the nearest name", "Europe/Paris" in r, r)
        r = ask("!digest subscribe daily 08:00 UTC")
        C.ok("the room's creator (power 100) subscribes", "Subscription" in r, r)

        slot = next_0800(clock.now())
        clock.go_to(slot + 60, bot)
        C.ok("the slot posts one digest", until(lambda: len(digests(fake, room)) == 1, 15),
             len(digests(fake, room)))
        d0 = digests(fake, room)[0] if digests(fake, room) else {}
        C.ok("the digest is HTML with a plain body",
             d0.get("content", {}).get("format") == "org.matrix.custom.html"
             and "Briefing" in d0.get("content", {}).get("body", ""))

        # a crash after the send, before it was recorded
        bot.stop()
        slot += DAY
        clock.go_to(slot + 60)
        bot = new_bot({"BRIEFBOT_TEST_CRASH_AT": "after_send"})
        rc = bot.wait_exit(30)
        C.ok("crash after the send: died by SIGKILL", rc == -signal.SIGKILL, rc)
        C.ok("the slot's message was sent before the crash", len(digests(fake, room)) == 2)
        dup_before = fake.sends()["duplicate_txn_ids"]
        bot = new_bot()
        C.ok("the restart re-sends with the same txnId",
             until(lambda: fake.sends()["duplicate_txn_ids"] > dup_before, 20))
        ask("!ping")
        time.sleep(0.5)
        C.ok("and the homeserver created nothing new", len(digests(fake, room)) == 2,
             len(digests(fake, room)))

        # kicked: M_FORBIDDEN pauses the subscription
        fake.ctl("POST", "/rooms/%s/kick" % room, {"user": "bot", "by": "alice"})
        fake.wait_member(room, "leave")
        slot += DAY
        clock.go_to(slot + 60, bot)
        C.ok("a room the bot left pauses the subscription",
             until(lambda: "paused" in bot.output(), 15))
        C.ok("nothing was posted there", len(digests(fake, room)) == 2)
    finally:
        stop_bots(bots, C, fake)
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
