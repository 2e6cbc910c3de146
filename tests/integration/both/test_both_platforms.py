#!/usr/bin/python3
"""One `briefbot run` with both a [discord] and a [matrix] section serves
both at once: the fake Discord (tests/doubles/fake_discord.py) and the fake
homeserver (tests/doubles/fake_matrix.py), commands interleaved, each
answered exactly once on its own platform.

Run: /usr/bin/python3 tests/integration/both/test_both_platforms.py"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (CH1, Bot, FakeDiscord, FakeMatrix, discord_section, general_section,  # noqa: E402
                     matrix_replies_to, matrix_section, tempdir, until)


def main():
    fake_mx = FakeMatrix()
    fake_dc = FakeDiscord()
    failures = []

    def check(name, cond, detail=""):
        print("%s: %s%s" % ("PASS" if cond else "FAIL", name, "" if cond else " -- %s" % (detail,)))
        if not cond:
            failures.append(name)

    with tempdir() as d:
        bot = Bot(d, {"general": general_section(d),
                      "matrix": matrix_section(fake_mx),
                      "discord": discord_section(fake_dc)}).start()
        try:
            check("discord gateway ready", fake_dc.wait(timeout=20, ready_connections=1))
            room = fake_mx.room(creator="alice", members=["carol"])
            fake_mx.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
            fake_mx.wait_member(room, "join")
            mx_ids, dc_ids = [], []
            for i in range(10):
                dc_ids.append(fake_dc.post("message", {"channel_id": CH1,
                                                      "content": "!ping"})["id"])
                mx_ids.append(fake_mx.say(room, "!ping"))
            fake_mx.sends(len(mx_ids), 20000)
            until(lambda: all(fake_dc.replies_to(m) for m in dc_ids), timeout=20)
            q = fake_mx.say(room, "!status")
            fake_mx.sends(len(mx_ids) + 1, 20000)
            time.sleep(1.5)
            sends = fake_mx.sends()["sends"]
            check("every Matrix command answered once on Matrix",
                  all(len(matrix_replies_to(sends, e)) == 1 for e in mx_ids),
                  [len(matrix_replies_to(sends, e)) for e in mx_ids])
            dc = [len(fake_dc.replies_to(m)) for m in dc_ids]
            check("every Discord command answered once on Discord", dc == [1] * len(dc_ids), dc)
            check("no extra posts", len(sends) == len(mx_ids) + 1 and
                  fake_dc.counters()["messages_posted"] == len(dc_ids),
                  (len(sends), fake_dc.counters()["messages_posted"]))
            status = matrix_replies_to(sends, q)[0]["content"]["body"].lower() if matrix_replies_to(sends, q) else ""
            check("status sees both platforms connected",
                  "discord" in status and "matrix" in status, status)
            check("clean stop", bot.stop() == 0)
        finally:
            bot.stop()
            fake_mx.stop()
            fake_dc.stop()
            if failures:
                print(bot.output()[-3000:])
    print("both platforms: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
