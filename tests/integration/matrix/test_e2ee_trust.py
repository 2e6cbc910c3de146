#!/usr/bin/python3
"""trust = verified, end to end: the real `briefbot run` shares its room
keys with, and answers, only devices their owner cross-signed.

alice has cross-signing keys (made with python3-olm, since matrix-nio 0.20
has none) and cross-signs her phone; her tablet is not cross-signed. Both
are matrix-nio clients with their own Olm/Megolm.

1. the phone's command is answered, and the phone decrypts the answer;
2. the tablet's command gets one notice, no answer, and the bot's room
   keys never go to the tablet, which cannot read the bot's messages;
3. once alice cross-signs the tablet, its next command is answered and the
   tablet decrypts the answer.

Prints PASS/FAIL lines and 'matrix e2ee trust: N passed, M failed'.
Run: /usr/bin/python3 tests/integration/matrix/test_e2ee_trust.py"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from e2ee_support import (BOT, CrossSigning, Human, e2ee_bot, main,  # noqa: E402
                          wait_bot_keys)

HARD_TIMEOUT_S = 200
UNTRUSTED = "only answer messages from devices their owner has verified"


def keys_sent_to(fake, device_id):
    """The bot's to-device batches that went to device_id."""
    return [s for s in fake.ctl("GET", "/to_device")["sent"] if s["sender"] == BOT
            and any(d == device_id for _, d in s.get("recipients", []))]


async def scenario(c, fake, bots):
    phone = Human(fake, "alice", device="ALICEPHONE")
    tablet = Human(fake, "alice", device="ALICETAB")
    try:
        bot = e2ee_bot(fake, trust="verified")
        bots.append(bot)
        bot.start()
        wait_bot_keys(fake)
        await phone.start()
        await tablet.start()
        xs = CrossSigning(fake, phone)
        xs.sign_device("ALICEPHONE")
        room = await phone.create_encrypted_room([BOT])
        fake.wait_member(room, "join")
        await phone.sync(1000)
        await tablet.sync(1000)

        # 1. the cross-signed phone
        cmd = await phone.say(room, "!ping")
        got = (await phone.wait_replies([cmd], 60))[cmd]
        c.ok("the cross-signed phone's command is answered and the phone decrypts it",
             [r.body for r in got] == ["pong"], [r.body for r in got])

        # 2. the tablet nobody cross-signed
        cmd = await tablet.say(room, "!ping")
        got = (await phone.wait_replies([cmd], 60))[cmd]
        await phone.settle(2)
        got = phone.bot_replies(cmd)
        await tablet.settle(1)
        c.ok("the tablet's command gets one notice and no answer",
             len(got) == 1 and UNTRUSTED in got[0].body, [r.body for r in got])
        c.ok("the bot's room keys never went to the tablet, which cannot read the notice",
             not keys_sent_to(fake, "ALICETAB") and not tablet.bot_replies(cmd)
             and any(e.sender == BOT for e in tablet.undecryptable.values()),
             (keys_sent_to(fake, "ALICETAB"), len(tablet.undecryptable)))

        # 3. alice cross-signs the tablet
        xs.sign_device("ALICETAB")
        await tablet.sync(500)
        cmd = await tablet.say(room, "!ping")
        got = (await tablet.wait_replies([cmd], 60))[cmd]
        c.ok("once cross-signed, the tablet's command is answered and it decrypts the answer",
             [r.body for r in got] == ["pong"] and bool(keys_sent_to(fake, "ALICETAB")),
             ([r.body for r in got], phone.bot_replies(cmd) and phone.bot_replies(cmd)[0].body))
    finally:
        await phone.close()
        await tablet.close()


if __name__ == "__main__":
    sys.exit(main("matrix e2ee trust", scenario, HARD_TIMEOUT_S))
