#!/usr/bin/python3
"""One `briefbot run` with both a [discord] and a [matrix] section serves
both at once: the fake Discord (tests/doubles/fake_discord.py) and the fake
homeserver (tests/doubles/fake_matrix.py), commands interleaved, each
answered exactly once on its own platform.

Run: /usr/bin/python3 tests/integration/test_both_platforms.py"""

import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import Bot, FakeMatrix, general_section, matrix_section, replies_to, tempdir  # noqa: E402

# The Discord tests' harness, loaded under its own name.
_spec = importlib.util.spec_from_file_location(
    "discord_harness", os.path.join(os.path.dirname(HERE), "discord_it", "harness.py"))
dh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dh)


def main():
    fake_mx = FakeMatrix()
    fake_dc = dh.Double()
    failures = []

    def check(name, cond, detail=""):
        print("%s: %s%s" % ("PASS" if cond else "FAIL", name, "" if cond else " -- %s" % (detail,)))
        if not cond:
            failures.append(name)

    with tempdir() as d:
        bot = Bot(d, {"general": general_section(d),
                      "matrix": matrix_section(fake_mx),
                      "discord": {"enabled": True, "token": "test-token",
                                  "api_base": fake_dc.base + "/api/v10"}}).start()
        try:
            check("discord gateway ready", fake_dc.wait(timeout=20, ready_connections=1))
            room = fake_mx.room(creator="alice", members=["carol"])
            fake_mx.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
            fake_mx.wait_member(room, "join")
            mx_ids, dc_ids = [], []
            for i in range(10):
                dc_ids.append(fake_dc.post("message", {"channel_id": dh.CH1,
                                                      "content": "!ping"})["id"])
                mx_ids.append(fake_mx.say(room, "!ping"))
            fake_mx.sends(len(mx_ids), 20000)
            dh.until(lambda: all(dh.replies_to(fake_dc, m) for m in dc_ids), timeout=20)
            q = fake_mx.say(room, "!status")
            fake_mx.sends(len(mx_ids) + 1, 20000)
            time.sleep(1.5)
            sends = fake_mx.sends()["sends"]
            check("every Matrix command answered once on Matrix",
                  all(len(replies_to(sends, e)) == 1 for e in mx_ids),
                  [len(replies_to(sends, e)) for e in mx_ids])
            dc = [len(dh.replies_to(fake_dc, m)) for m in dc_ids]
            check("every Discord command answered once on Discord", dc == [1] * len(dc_ids), dc)
            check("no extra posts", len(sends) == len(mx_ids) + 1 and
                  fake_dc.counters()["messages_posted"] == len(dc_ids),
                  (len(sends), fake_dc.counters()["messages_posted"]))
            status = replies_to(sends, q)[0]["content"]["body"].lower() if replies_to(sends, q) else ""
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
