#!/usr/bin/python3
"""End-to-end tests of the Matrix adapter: the real `briefbot run` against
the fake homeserver (tests/doubles/fake_matrix.py), both on 127.0.0.1.

Run: /usr/bin/python3 tests/integration/matrix/test_matrix_bot.py [-v]
(BRIEFBOT=path/to/briefbot, default build/bot/briefbot)."""

import os
import signal
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (Bot, FakeMatrix, general_section, matrix_section,  # noqa: E402
                     matrix_replies_to, tempdir)

BOT = "@bot:localhost"


class MatrixBotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = FakeMatrix("--user", "bot:botpass:fixedtoken")

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def setUp(self):
        self.fake.ctl("POST", "/reset")
        self.tmp = tempdir()
        self.dir = self.tmp.name
        self.bots = []

    def tearDown(self):
        for b in self.bots:
            b.stop()
        self.tmp.cleanup()

    # ---- helpers ----
    def bot(self, matrix=None, general=None, env=None, start=True):
        b = Bot(self.dir, {"general": general_section(self.dir, **(general or {})),
                           "matrix": matrix_section(self.fake, **(matrix or {}))}, env=env)
        self.bots.append(b)
        if start:
            b.start()
            self.wait_synced()
        return b

    def syncs_with_since(self):
        """The bot's /sync requests with a since token, answered or not, in
        the order they arrived."""
        return [r for r in self.fake.ctl("GET", "/log")["requests"]
                if r["path"].endswith("/sync") and "since" in r["query"]]

    def wait_synced(self, timeout=20):
        """Waits until the bot has handled one more /sync response than now
        (so it is past its start-up). The fake marks a request answered as
        it sends the response, before the bot has read it; the bot asks for
        its next /sync only once it has handled the last, so the sign of a
        handled response is a request that arrived after it."""
        answered_before = sum(r["status"] == 200 for r in self.syncs_with_since())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            syncs = self.syncs_with_since()
            answered = [i for i, r in enumerate(syncs) if r["status"] == 200]
            if len(answered) > answered_before and answered[answered_before] < len(syncs) - 1:
                return
            time.sleep(0.05)
        raise AssertionError("the bot never synced")

    def joined_room(self, members=("alice", "carol")):
        room = self.fake.room(creator="alice", members=list(members[1:]))
        self.fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        self.fake.wait_member(room, "join")
        self.wait_synced()
        return room

    def wait_replies(self, event_ids, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            sends = self.fake.sends()["sends"]
            if all(matrix_replies_to(sends, e) for e in event_ids) or time.monotonic() > deadline:
                return sends
            time.sleep(0.05)

    # ---- tests ----
    def test_invite_join_command_reply(self):
        self.bot()
        room = self.fake.room(creator="alice", members=["carol"])
        old = self.fake.say(room, "!ping")          # before the bot is there
        self.fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        self.fake.wait_member(room, "join")
        ev = self.fake.say(room, "!ping")
        sends = self.wait_replies([ev])
        mine = matrix_replies_to(sends, ev)
        self.assertEqual(len(mine), 1)
        c = mine[0]["content"]
        self.assertEqual(c["msgtype"], "m.text")
        self.assertEqual(c["body"], "pong")
        self.assertEqual(c["format"], "org.matrix.custom.html")
        self.assertIn("pong", c["formatted_body"])
        self.assertEqual(c["m.mentions"], {})
        self.assertEqual(c["m.relates_to"]["m.in_reply_to"]["event_id"], ev)
        self.wait_synced()
        self.assertEqual(matrix_replies_to(self.fake.sends()["sends"], old), [],
                         "history from before the join was answered")
        # Every client-server request used v3 and a Bearer header.
        for r in self.fake.ctl("GET", "/log")["requests"]:
            if r["path"].endswith("/versions") or r["path"].endswith("/login"):
                continue
            self.assertTrue(r["path"].startswith("/_matrix/client/v3/"), r["path"])
            self.assertEqual(r["auth"], "header", r["path"])
            if r["path"].endswith("/sync"):
                self.assertIn("filter", r["query"])

    def test_html_is_escaped(self):
        self.bot()
        room = self.joined_room()
        ev = self.fake.say(room, "!nosuch<b>x</b>&")
        c = matrix_replies_to(self.wait_replies([ev]), ev)[0]["content"]
        self.assertNotIn("<b>", c["formatted_body"])
        self.assertIn("&lt;b&gt;", c["formatted_body"])

    def test_fresh_store_ignores_history(self):
        room = self.fake.room(creator="alice", members=["bot", "carol"])
        old = [self.fake.say(room, "!ping") for _ in range(3)]
        self.bot()
        ev = self.fake.say(room, "!ping")
        sends = self.wait_replies([ev])
        self.wait_synced()
        sends = self.fake.sends()["sends"]
        self.assertEqual(len(matrix_replies_to(sends, ev)), 1)
        for o in old:
            self.assertEqual(matrix_replies_to(sends, o), [])
        self.assertEqual(len(sends), 1)

    def test_restart_loses_none_answers_none_twice(self):
        b = self.bot()
        room = self.joined_room()
        first = self.fake.say(room, "!ping")
        self.wait_replies([first])
        self.assertEqual(b.stop(), 0)
        while_down = [self.fake.say(room, "!ping") for _ in range(3)]
        b.start()
        sends = self.wait_replies(while_down)
        # A hard kill right after a message: restart must still answer it once.
        killed = self.fake.say(room, "!ping")
        time.sleep(0.2)
        b.proc.send_signal(signal.SIGKILL)
        b.proc.wait()
        b.log.close()
        b.start()
        last = self.fake.say(room, "!ping")
        sends = self.wait_replies([killed, last])
        self.wait_synced()
        sends = self.fake.sends()["sends"]
        for e in [first, *while_down, killed, last]:
            self.assertEqual(len(matrix_replies_to(sends, e)), 1, e)
        self.assertEqual(len(sends), 6)
        devices = {s["device_id"] for s in sends}
        self.assertEqual(len(devices), 1, "the device id was not reused")

    def test_send_records_older_than_a_week_are_dropped(self):
        """Each reply leaves a record in the store; a restart drops those
        older than a week, and nothing else."""
        b = self.bot()
        room = self.joined_room()
        self.wait_replies([self.fake.say(room, "!ping")])
        self.assertEqual(b.stop(), 0)
        week_ago = int(time.time() * 1000) - 8 * 24 * 3600 * 1000
        db = sqlite3.connect(os.path.join(self.dir, "bot.db"))
        with db:
            db.execute("UPDATE claims SET created_ms = ?", (week_ago,))
            db.execute("INSERT INTO claims VALUES ('matrix:e2e:!old:localhost', ?)", (week_ago,))
        b.start()
        self.wait_synced()
        self.assertIn("forgot 1 send records older than a week", b.output())
        with db:
            keys = [k for (k,) in db.execute("SELECT key FROM claims")]
        db.close()
        self.assertEqual(keys, ["matrix:e2e:!old:localhost"])

    def test_direct_chat_and_mentions(self):
        self.bot()
        dm = self.joined_room(members=("alice",))
        q = self.fake.say(dm, "who backs the YPG?")
        group = self.joined_room(members=("alice", "carol"))
        chatter = self.fake.say(group, "who backs the YPG?")
        m1 = self.fake.say(group, "bot: ping")
        m2 = self.fake.say(group, "@bot:localhost ping")
        sends = self.wait_replies([q, m1, m2])
        self.assertEqual(len(matrix_replies_to(sends, q)), 1)
        self.assertIn("United States", matrix_replies_to(sends, q)[0]["content"]["body"])
        self.assertEqual(matrix_replies_to(sends, m1)[0]["content"]["body"], "pong")
        self.assertEqual(matrix_replies_to(sends, m2)[0]["content"]["body"], "pong")
        self.wait_synced()
        self.assertEqual(matrix_replies_to(self.fake.sends()["sends"], chatter), [])

    def test_inviters_and_kicks(self):
        self.bot(matrix={"allowed_inviters": "@alice:localhost"})
        bad = self.fake.room(creator="mallory")
        self.fake.ctl("POST", "/rooms/%s/invite" % bad, {"inviter": "mallory"})
        self.fake.wait_member(bad, "leave")          # declined
        good = self.joined_room()
        self.fake.ctl("POST", "/rooms/%s/kick" % good, {"user": "bot", "by": "alice"})
        want = "/_matrix/client/v3/rooms/%s/forget" % good
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            forgets = [r["path"] for r in self.fake.ctl("GET", "/log")["requests"]
                       if r["path"].endswith("/forget") and r["status"] == 200]
            if want in forgets:
                break
            time.sleep(0.05)
        self.assertEqual(forgets.count(want), 1)
        self.assertEqual(self.fake.member(good), "leave")

    def test_encrypted_room_one_notice(self):
        b = self.bot()
        room = self.fake.room(creator="alice", encrypted=True, members=["carol"])
        self.fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        self.fake.wait_member(room, "join")
        self.wait_synced()
        self.fake.say(room, "!ping")
        self.fake.say(room, "!ping")
        self.fake.sends(1, 10000)
        self.wait_synced()
        b.stop()
        b.start()
        self.wait_synced()
        self.fake.say(room, "!ping")
        self.wait_synced()
        self.wait_synced()
        sends = [s for s in self.fake.sends()["sends"] if s["room_id"] == room]
        self.assertEqual(len(sends), 1)
        self.assertEqual(sends[0]["content"]["msgtype"], "m.notice")
        self.assertIn("not supported", sends[0]["content"]["body"])
        self.assertTrue(sends[0]["encrypted_room"])

    def test_send_429_and_5xx_retried_once_posted(self):
        self.bot()
        room = self.joined_room()
        self.fake.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "429",
                                          "retry_after_ms": 200})
        self.fake.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "502",
                                          })
        self.fake.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "drop",
                                          "when": "after"})
        ev = self.fake.say(room, "!ping")
        sends = self.wait_replies([ev])
        self.assertEqual(len(matrix_replies_to(sends, ev)), 1)
        faults = self.fake.ctl("GET", "/faults")["faults"]
        self.assertEqual([f["fired"] for f in faults], [1, 1, 1])
        puts = [r for r in self.fake.ctl("GET", "/log")["requests"] if r["method"] == "PUT"]
        self.assertEqual(len({r["path"] for r in puts}), 1, "a retry changed the txn id")
        self.assertEqual(len(puts), 4)

    def test_access_token_login(self):
        b = self.bot(matrix={"password": ""}, env={"MATRIX_ACCESS_TOKEN": "fixedtoken"})
        room = self.joined_room()
        ev = self.fake.say(room, "!ping")
        self.assertEqual(len(matrix_replies_to(self.wait_replies([ev]), ev)), 1)
        paths = [r["path"] for r in self.fake.ctl("GET", "/log")["requests"]]
        self.assertNotIn("/_matrix/client/v3/login", paths)
        self.assertIn("/_matrix/client/v3/account/whoami", paths)
        b.stop()

    def test_unknown_token_stops_with_a_message(self):
        b = self.bot()
        self.fake.ctl("POST", "/invalidate_token", {"user": "bot"})
        self.assertEqual(b.wait_exit(), 1)
        self.assertIn("M_UNKNOWN_TOKEN", b.output())

    def test_bad_password_stops_with_a_message(self):
        b = self.bot(matrix={"password": "wrong"}, start=False).start()
        self.assertEqual(b.wait_exit(), 1)
        out = b.output()
        self.assertIn("login as @bot:localhost failed", out)
        self.assertNotIn("wrong", out)

    def test_limited_timeline_answers_nothing_twice(self):
        self.bot()
        room = self.joined_room()
        before = self.fake.say(room, "!ping")
        gap = self.fake.ctl("POST", "/rooms/%s/gap" % room, {"count": 5, "shown": 2})
        after = self.fake.say(room, "!ping")
        sends = self.wait_replies([after])
        self.wait_synced()
        sends = self.fake.sends()["sends"]
        self.assertLessEqual(len(matrix_replies_to(sends, before)), 1)
        self.assertEqual(len(matrix_replies_to(sends, after)), 1)
        ids = [s["content"]["m.relates_to"]["m.in_reply_to"]["event_id"] for s in sends]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(self.fake.sends()["duplicate_txn_ids"], 0)
        self.assertTrue(gap["omitted"])


if __name__ == "__main__":
    unittest.main()
