#!/usr/bin/python3
"""Integration test: scheduled digests of the real `briefbot run` against the
fake Discord, on the test clock (BRIEFBOT_TEST_CLOCK_FILE + SIGUSR2).
Usage: test_discord_digest.py PATH/TO/briefbot

A room manager subscribes through a chat message (mistakes get a reply that
says what to type instead; others are refused); advancing the clock gives
exactly one digest per slot; SIGKILL at each step of a post
(BRIEFBOT_TEST_CRASH_AT) and a restart still give exactly one post per slot,
counted at the double; three missed slots give one catch-up post, and slots
older than catch_up are skipped and the next digest says so; a channel that
answers 404 pauses its subscription and `!digest list` shows it."""

import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import CH1, CH2, Checks, Clock, FakeDiscord, discord_bot, hard_timeout, \
    stop_bots, until  # noqa: E402

C = Checks("discord digests")
ADMIN = "700000000000000002"      # the double's default author, made an admin
OTHER = "700000000000000099"
KEY = re.compile(r"^[0-9a-z]+\.[0-9a-z]+(-\d+)?$")
DAY = 86400


def digests(d, channel=CH1):
    """The bot's unasked posts (nonce = a digest key) in a channel, first
    chunks only."""
    return [m for m in d.get("messages")["all"]
            if m["channel_id"] == channel and m.get("nonce") and KEY.match(str(m["nonce"]))
            and "-" not in str(m["nonce"])]


def say(d, content, author=ADMIN, channel=CH1, roles=()):
    mid = d.post("message", {"channel_id": channel, "content": content,
                             "author": {"id": author, "username": "u" + author[-2:]},
                             "member_roles": list(roles)})["id"]
    rs = until(lambda: d.replies_to(mid), timeout=15)
    return rs[0]["content"] if rs else ""


def next_0800(t):
    day = t - t % DAY
    slot = day + 8 * 3600
    return slot if slot > t else slot + DAY


def new_bot(d, db, clock_path, env=None):
    bot = discord_bot(d, db=db, extra={"permissions": {"discord_admins": ADMIN},
                                       "digest": {"catch_up_minutes": "360"}})
    bot.env["BRIEFBOT_TEST_CLOCK_FILE"] = clock_path
    bot.env.pop("BRIEFBOT_TEST_CRASH_AT", None)
    bot.env.update(env or {})
    bot.start()
    return bot


def main():
    d = FakeDiscord()
    bots = []
    hard_timeout(240, lambda: ([b.proc.kill() for b in bots if b.proc], d.stop()))
    workdir = os.path.dirname(discord_bot(d).config)
    db = os.path.join(workdir, "digest.db")
    clock = Clock(os.path.join(workdir, "clock"))
    bot = new_bot(d, db, clock.path)
    bots.append(bot)
    try:
        C.ok("bot connects", d.wait(timeout=15, ready_connections=1))
        r = say(d, "!digest subscribe daily 08:00 UTC", author=OTHER)
        C.ok("someone who does not manage the channel is refused", "Only admins" in r, r)
        r = say(d, "!digest subscribe daily 08:00 Europe/Londn")
        C.ok("an unknown time zone gets the nearest name", "Europe/London" in r, r)
        r = say(d, "!digest subscribe daily 25:00 UTC")
        C.ok("a time like 25:00 gets a reply that says what to type", "25:00" in r and
             ("HH:MM" in r or "00:00" in r), r)
        r = say(d, "!digest subscribe \"0 8 * * 9\" UTC")
        C.ok("a malformed cron field is refused with the field", "day" in r.lower(), r)
        r = say(d, "!digest subscribe daily 08:00 UTC")
        C.ok("a room manager subscribes", "Subscription 1" in r, r)
        r = say(d, "!digest list")
        C.ok("digest list shows it", "1: daily 08:00 UTC" in r, r)
        # Manage Channels, computed from guild roles and channel overwrites
        role = d.post("role", {"name": "mods", "permissions": "16"})["id"]
        r = say(d, "!digest unsubscribe 99", author=OTHER, roles=[role])
        C.ok("a member whose role has Manage Channels may manage digests",
             "no subscription 99" in r, r)
        d.post("overwrites", {"channel_id": CH1, "overwrites": [
            {"id": role, "type": 0, "allow": "0", "deny": "16"}]})
        r = say(d, "!digest unsubscribe 99", author=OTHER, roles=[role])
        C.ok("... unless the channel's overwrite denies it", "Only admins" in r, r)
        r = say(d, "!digest unsubscribe 99", author=OTHER, roles=[role], channel=CH2)
        C.ok("... which is per channel", "no subscription 99" in r, r)
        for i in range(3):
            say(d, "!digest subscribe weekly %s 09:00 UTC" % ["monday", "tuesday", "friday"][i],
                channel=CH2)
        r = say(d, "!digest subscribe daily 10:00 UTC", channel=CH2)
        C.ok("more than max_per_room is refused", "3 digest subscriptions" in r and "max" in r, r)

        # one digest per slot
        slot = next_0800(clock.now())
        clock.go_to(slot + 60, bot)
        C.ok("the slot posts one digest", until(lambda: len(digests(d)) == 1, 15),
             len(digests(d)))
        m = digests(d)[0] if digests(d) else {}
        C.ok("a digest carries a short nonce with enforce_nonce",
             len(str(m.get("nonce"))) <= 25 and m.get("enforce_nonce") is True, m.get("nonce"))
        C.ok("the digest is the briefing", "Briefing" in m.get("content", ""),
             m.get("content", "")[:80])
        os.kill(bot.pid(), signal.SIGUSR2)  # the same time again: nothing new
        slot += DAY
        clock.go_to(slot + 60, bot)
        C.ok("the next day's slot posts one more", until(lambda: len(digests(d)) == 2, 15),
             len(digests(d)))
        expected = 2

        # SIGKILL at each step of a post, then a restart
        for point in ("before_send", "after_send", "after_record"):
            bot.stop()
            slot += DAY
            clock.go_to(slot + 60)
            bot = new_bot(d, db, clock.path, {"BRIEFBOT_TEST_CRASH_AT": point})
            bots.append(bot)
            rc = bot.wait_exit(30)
            C.ok("crash at %s: the bot died by SIGKILL" % point, rc == -signal.SIGKILL, rc)
            bot = new_bot(d, db, clock.path)
            bots.append(bot)
            expected += 1
            C.ok("crash at %s: after the restart the slot is posted" % point,
                 until(lambda: len(digests(d)) >= expected, 20), len(digests(d)))
            say(d, "!ping")  # the restarted bot is up and answering
            time.sleep(1.0)
            n = len(digests(d))
            C.ok("crash at %s: exactly one post for the slot" % point, n == expected, n)
            expected = n
        nonces = [str(m["nonce"]) for m in digests(d)]
        C.ok("no nonce was posted twice", len(nonces) == len(set(nonces)), nonces)
        st = d.state()
        C.ok("the re-send after the crash after the send was dropped by its nonce",
             st["duplicate_nonce_hits"] >= 1 and st["duplicate_nonces_posted"] == 0,
             (st["duplicate_nonce_hits"], st["duplicate_nonces_posted"]))

        # three missed slots -> one catch-up post that says so
        bot.stop()
        slot += 3 * DAY
        clock.go_to(slot + 3600)
        bot = new_bot(d, db, clock.path)
        bots.append(bot)
        expected += 1
        C.ok("three missed slots give one catch-up post",
             until(lambda: len(digests(d)) >= expected, 20), len(digests(d)))
        say(d, "!ping")
        time.sleep(1.0)
        C.ok("... and only one", len(digests(d)) == expected, len(digests(d)))
        last = digests(d)[-1]["content"]
        C.ok("the catch-up says two were skipped", "2 scheduled digests were missed" in last,
             last[-200:])

        # slots older than catch_up are skipped, and the next digest says so
        bot.stop()
        slot += 2 * DAY
        clock.go_to(slot + 10 * 3600)
        bot = new_bot(d, db, clock.path)
        bots.append(bot)
        say(d, "!ping")
        time.sleep(1.0)
        C.ok("a slot older than catch_up is not posted", len(digests(d)) == expected,
             len(digests(d)))
        slot += DAY
        clock.go_to(slot + 60, bot)
        expected += 1
        C.ok("the next slot posts", until(lambda: len(digests(d)) >= expected, 15))
        last = digests(d)[-1]["content"]
        C.ok("and says two were skipped", "2 scheduled digests were missed" in last,
             last[-200:])

        # a channel that is gone pauses its subscription
        d.post("faults", {"method": "POST", "path": "/channels/%s/messages" % CH1,
                          "count": -1, "action": "404"})
        slot += DAY
        clock.go_to(slot + 60, bot)
        C.ok("a 404 pauses the subscription",
             until(lambda: "paused" in bot.output(), 15))
        d.call("DELETE", "faults")
        r = say(d, "!digest list")
        C.ok("digest list shows it paused", "paused" in r, r)
        slot += DAY
        clock.go_to(slot + 60, bot)
        say(d, "!ping")
        time.sleep(0.5)
        C.ok("a paused subscription does not post", len(digests(d)) == expected)
        r = say(d, "!digest unsubscribe 1")
        C.ok("unsubscribe", "removed" in r, r)
    finally:
        stop_bots(bots, C, d)
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
