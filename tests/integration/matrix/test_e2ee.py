#!/usr/bin/python3
"""End-to-end encryption, end to end: the real `briefbot run` in an
encrypted room of the fake homeserver (tests/doubles/fake_matrix.py), with
matrix-nio clients (their own Olm/Megolm, python3-olm) as the people.

1. alice creates an encrypted room and invites the bot; the bot joins and
   has uploaded signed device keys and one-time keys;
2. 20 encrypted commands get 20 encrypted replies, which alice decrypts,
   each with m.relates_to/m.in_reply_to in the clear;
3. the bot is stopped with SIGTERM, then killed with SIGKILL, and after each
   restart answers again with the same device: no new /login, no new device
   keys, the same device id and Curve25519 key on its messages;
4. bob joins and decrypts the bot's next reply;
5. bob leaves, and the bot's next reply uses a new Megolm session, shared
   with alice only.

Prints PASS/FAIL lines and 'matrix e2ee: N passed, M failed'.
Run: /usr/bin/python3 tests/integration/matrix/test_e2ee.py
(BRIEFBOT=path/to/briefbot, default build/bot/briefbot)."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from e2ee_support import (BOT, NOTICE, Human, bot_keys, e2ee_bot, expected,  # noqa: E402
                          main, raw_event, wait_bot_keys)

COMMANDS = ["!ping", "!ask who backs the YPG?"]
HARD_TIMEOUT_S = 280


def logins(fake):
    return [r for r in fake.ctl("GET", "/log")["requests"]
            if r["method"] == "POST" and r["path"].endswith("/login")]


def bot_key_uploads(fake):
    """(device key uploads that were new or changed, all uploads) by the bot."""
    ups = [u for u in fake.ctl("GET", "/keys")["uploads"] if u["user_id"] == BOT]
    return [u for u in ups if u["device_keys"] in ("new", "changed")], ups


async def exchange(c, human, room, commands, label, timeout=90):
    """Sends the commands; checks each gets exactly one decrypted, correct
    reply from the bot in_reply_to it; returns {event_id: reply}."""
    sent = [(cmd, await human.say(room, cmd)) for cmd in commands]
    got = await human.wait_replies([e for _, e in sent], timeout)
    await human.settle(2)
    got = {e: human.bot_replies(e) for _, e in sent}
    wrong = [(cmd, [r.body for r in got[e]]) for cmd, e in sent
             if len(got[e]) != 1 or not expected(cmd, got[e][0].body)]
    c.ok("%s: %d encrypted commands, %d decrypted replies, each exactly once and right"
         % (label, len(sent), sum(len(v) for v in got.values())), not wrong, wrong[:5])
    return {e: (got[e][0] if got[e] else None) for _, e in sent}


async def scenario(c, fake, bots):
    alice = Human(fake, "alice")
    bob = Human(fake, "bob")
    try:
        bot = e2ee_bot(fake)
        bots.append(bot)
        bot.start()
        devs = wait_bot_keys(fake)
        dev_id = next(iter(devs), None)
        dev = devs.get(dev_id) or {}
        c.ok("the bot uploads signed device keys, one-time keys and a fallback key",
             len(devs) == 1 and dev.get("signature_valid") is True
             and dev["one_time_keys"].get("signed_curve25519", 0) > 0
             and bool(dev.get("fallback_keys")),
             {d: (v.get("signature_valid"), v.get("one_time_keys"), v.get("fallback_keys"))
              for d, v in devs.items()})

        # 1. an encrypted room, the bot invited by alice
        await alice.start()
        room = await alice.create_encrypted_room([BOT])
        fake.wait_member(room, "join")
        await alice.sync(1000)
        c.ok("alice's encrypted room: the bot joins",
             fake.member(room) == "join" and alice.client.rooms[room].encrypted)

        # 2. 20 encrypted commands, 20 encrypted replies
        replies = await exchange(c, alice, room, [COMMANDS[i % 2] for i in range(20)],
                                 "alice alone")
        raws = [raw_event(fake, room, r.event_id) for r in replies.values() if r]
        clear = [(x or {}).get("content", {}).get("m.relates_to", {})
                 .get("m.in_reply_to", {}).get("event_id") for x in raws]
        c.ok("every reply is m.room.encrypted (Megolm) with m.in_reply_to in the clear",
             len(raws) == 20 and all(x["type"] == "m.room.encrypted"
                                     and x["content"]["algorithm"] == "m.megolm.v1.aes-sha2"
                                     for x in raws)
             and clear == list(replies), "%d of 20" % sum(
                 1 for a, b in zip(clear, replies) if a == b))
        sends = fake.sends()["sends"]
        mine = [s["type"] for s in sends if s["room_id"] == room and s["sender"] == BOT]
        c.ok("no plaintext: the bot sent %d events to the room, all encrypted" % len(mine),
             len(mine) == 20 and set(mine) == {"m.room.encrypted"}, set(mine))
        curve = (dev.get("device_keys") or {}).get("keys", {}).get("curve25519:%s" % dev_id)
        c.ok("alice's nio decrypted them with room keys from the bot's device",
             all(r and r.decrypted and r.sender_key == curve for r in replies.values()),
             (curve, [(r.decrypted, r.sender_key) for r in replies.values() if r][:3]))
        n_logins = len(logins(fake))
        new_keys, _ = bot_key_uploads(fake)

        # 3. restarts: SIGTERM, then SIGKILL
        c.ok("SIGTERM: the bot exits 0", bot.stop() == 0)
        bot.start()
        after_term = await exchange(c, alice, room, ["!ping"], "after SIGTERM", 60)
        pending = await alice.say(room, "!ping")
        time.sleep(0.3)
        bot.proc.send_signal(signal.SIGKILL)
        bot.proc.wait()
        bot.log.close()
        bot.start()
        got = await alice.wait_replies([pending], 60)
        after_kill = await exchange(c, alice, room, ["!ask who backs the YPG?"],
                                    "after SIGKILL", 60)
        c.ok("the command sent just before SIGKILL is answered once",
             len(got[pending]) == 1 and got[pending][0].body == "pong",
             [r.body for r in got[pending]])
        later = [r for r in list(after_term.values()) + list(after_kill.values()) if r]
        same = [r.sender_key == curve for r in later]
        new_keys2, _ = bot_key_uploads(fake)
        c.ok("same device after both restarts: no new /login, no new device keys, the "
             "same device and identity key (Curve25519) behind the replies",
             len(logins(fake)) == n_logins and len(new_keys2) == len(new_keys) == 1
             and list(bot_keys(fake)) == [dev_id] and len(later) == 2 and all(same),
             (len(logins(fake)), n_logins, new_keys2, same, list(bot_keys(fake)), dev_id))
        c.ok("alice could decrypt every message of the bot",
             not [e for e in alice.undecryptable.values() if e.sender == BOT],
             list(alice.undecryptable))

        # 4. bob joins and decrypts the bot's next reply
        await bob.start()
        fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice", "user": "bob"})
        await bob.join_when_invited(room)
        await alice.sync(500)
        bob_cmd = await bob.say(room, "!ping")
        got = await bob.wait_replies([bob_cmd], 60)
        c.ok("bob joins and decrypts the bot's reply to him",
             len(got[bob_cmd]) == 1 and got[bob_cmd][0].body == "pong",
             [r.body for r in got[bob_cmd]])
        await alice.sync(500)
        before_leave = bob.bot_replies(bob_cmd)
        old_session = before_leave[0].session_id if before_leave else None

        # 5. bob leaves: the bot's next outbound session is new
        td_before = len(fake.ctl("GET", "/to_device")["sent"])
        await bob.client.room_leave(room)
        fake.wait_member(room, "leave", user="bob")
        await alice.sync(500)
        final = await exchange(c, alice, room, ["!ping"], "after bob left", 60)
        r = next(iter(final.values()))
        new_session = r.session_id if r else None
        shared = [s for s in fake.ctl("GET", "/to_device")["sent"][td_before:]
                  if s["sender"] == BOT]
        to_bob = [s for s in shared for u, _ in s.get("recipients", []) if u == "@bob:localhost"]
        c.ok("after a member left, the bot's next reply uses a new Megolm session, "
             "sent to the remaining devices only",
             old_session and new_session and new_session != old_session and shared
             and not to_bob, (old_session, new_session,
                              [s.get("recipients") for s in shared]))
        c.ok("no notice that the bot could not decrypt",
             not [e for e in alice.decrypted.values()
                  if e.sender == BOT and NOTICE in e.body.lower()])
    finally:
        await alice.close()
        await bob.close()


if __name__ == "__main__":
    sys.exit(main("matrix e2ee", scenario, HARD_TIMEOUT_S))
