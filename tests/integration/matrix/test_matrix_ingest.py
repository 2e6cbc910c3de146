#!/usr/bin/python3
"""New articles, live: the real `briefbot run` on the fake homeserver with a
watched knowledge directory and `!add URL` against a local news site
(tests/doubles/page_server.py), all on 127.0.0.1.

  * an article dropped into articles/ (written in two pieces, as a slow
    writer would) answers a question only it can answer, soon after;
  * a broken facts file is refused: the old base keeps answering, the
    reason is in the log and in !status, and removing the file clears it;
  * !add (admins only) answers "Fetching" at once, then the page becomes an
    article: its file is written, the log reports it and !sources lists it;
    a PDF is refused with a clear reason.

Prints PASS/FAIL lines and 'N passed, N failed'.
Run: /usr/bin/python3 tests/integration/matrix/test_matrix_ingest.py"""

import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (Bot, Checks, Double, FakeMatrix, general_section,  # noqa: E402
                     hard_timeout, matrix_replies_to, matrix_section, scratch_dir, until)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

RIVER = """title: Valdoria and Mirenta sign river accord at Port Esk
source: Daily Meridian
date: 2026-11-03
---
Valdoria and Mirenta signed a water-sharing accord on Tuesday in Port Esk, ending a two-year dispute over the Kessel dam.

The Mirenta-backed Kessel Authority will release 40 percent of the reservoir each summer, the agreement says.

Valdoria and its ally Ostrava had demanded a larger share for the farmers downstream.
"""

BROKEN_FACTS = """{"entities": [{"id": "x", "name": "X", "kind": "other",
 "description": "d", "quote": "a sentence the article never says"}]}"""


def main():
    checks = Checks("matrix_ingest")
    fake = FakeMatrix("--user", "bot:botpass:fixedtoken")
    site = Double("page_server.py")
    bot = None

    def cleanup():
        if bot:
            bot.stop()
        site.stop()
        fake.stop()
    hard_timeout(150, cleanup)

    work = scratch_dir("ingest-")
    kdir = os.path.join(work, "knowledge")
    os.makedirs(os.path.join(kdir, "articles"))
    os.makedirs(os.path.join(kdir, "facts"))
    shutil.copy(os.path.join(ROOT, "knowledge", "articles", "sochi-2021.txt"),
                os.path.join(kdir, "articles"))
    shutil.copy(os.path.join(ROOT, "knowledge", "facts", "sochi-2021.json"),
                os.path.join(kdir, "facts"))
    bot = Bot(work, {
        "general": general_section(work, knowledge_dir=kdir),
        "permissions": {"matrix_admins": "@alice:localhost"},
        "matrix": matrix_section(fake),
        "ingest": {"allow_private": True},
    })
    try:
        bot.start()
        room = fake.room(creator="alice", members=["carol"])
        fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        fake.wait_member(room, "join")

        def ask(text, sender="alice", timeout=20, where=None):
            ev = fake.say(where or room, text, sender=sender)
            got = until(lambda: matrix_replies_to(fake.sends()["sends"], ev), timeout)
            return got[-1]["content"]["body"] if got else ""

        checks.ok("the bot answers", "pong" in ask("!ping"))
        before = ask("!ask who backs the Kessel Authority?")
        checks.ok("the river article is not known yet", "Mirenta" not in before, before[:120])

        # ---- a dropped file, written in two pieces ----
        path = os.path.join(kdir, "articles", "river.txt")
        with open(path, "w") as f:
            half = len(RIVER) // 2
            f.write(RIVER[:half])
            f.flush()
            time.sleep(0.05)
            f.write(RIVER[half:])
        written = time.monotonic()
        answer = ""
        while time.monotonic() - written < 10 and "Mirenta" not in answer:
            answer = ask("!ask who backs the Kessel Authority?")
        elapsed = time.monotonic() - written
        checks.ok("a dropped article answers (%.2f s after the write)" % elapsed,
                  "Mirenta" in answer, answer[:200])
        checks.ok("the whole article was loaded, not half",
                  "Ostrava" in ask("!ask who is the ally of Valdoria?"))

        # ---- a broken facts file ----
        with open(os.path.join(kdir, "facts", "river.json"), "w") as f:
            f.write(BROKEN_FACTS)
        status = ""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "refused" not in status:
            status = ask("!status")
        checks.ok("!status shows the refused reload and why",
                  "Last reload refused" in status and "facts/river.json" in status
                  and "quote not found" in status, status[-300:])
        checks.ok("the log has the reason",
                  until(lambda: "reload refused, the old base stays: facts/river.json"
                        in bot.output(), 5))
        checks.ok("the old base still answers",
                  "Mirenta" in ask("!ask who backs the Kessel Authority?"))
        os.unlink(os.path.join(kdir, "facts", "river.json"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "refused" in status:
            status = ask("!status")
        checks.ok("removing the broken file clears the refusal", "refused" not in status,
                  status[-200:])

        # ---- !add ----
        url = "%s/latin1-header" % site.base
        refused = ask("!add %s" % url, sender="carol")
        checks.ok("!add is for admins", "Only admins may run !add" in refused, refused)
        reloads = bot.output().count("reloaded after a change")
        started = ask("!add %s" % url)
        checks.ok("!add answers at once", started.startswith("Fetching %s" % url), started)
        added = os.path.join(kdir, "articles", "cafe-zurich-reopens.txt")
        checks.ok("the page is written as an article", until(lambda: os.path.exists(added), 20))
        text = open(added, encoding="utf-8").read() if os.path.exists(added) else ""
        checks.ok("its charset was honoured", "Caf\u00e9 Z\u00fcrich" in text
                  and "\u201cWe never closed" in text, text[:200])
        checks.ok("the log reports the article",
                  until(lambda: "added %s as articles/cafe-zurich-reopens.txt" % url
                        in bot.output(), 10))
        def outcome():
            return [x for x in fake.sends()["sends"] if x["room_id"] == room
                    and "Caf\u00e9 Z\u00fcrich reopens" in x["content"].get("body", "")
                    and x["txn_id"].startswith("add:")]
        posted = until(outcome, 10)
        checks.ok("the outcome is posted to the room, once, keyed by the request",
                  len(posted or []) == 1, posted)
        sources = ask("!sources")
        checks.ok("!sources lists it", "Caf\u00e9 Z\u00fcrich reopens" in sources, sources)
        # !add reloaded at once; the watch then sees the same files (after
        # its debounce) and leaves them be
        time.sleep(1.5)
        checks.ok("!add loads the article once: the watch does not reload it again",
                  bot.output().count("reloaded after a change") == reloads,
                  bot.output().count("reloaded after a change") - reloads)
        # add has a per-room cooldown: the next one is asked in another room.
        room2 = fake.room(creator="alice")
        fake.ctl("POST", "/rooms/%s/invite" % room2, {"inviter": "alice"})
        fake.wait_member(room2, "join")
        pdf = "%s/report.pdf" % site.base
        ask("!add %s" % pdf, where=room2)
        checks.ok("a PDF is refused with the reason",
                  until(lambda: "add %s refused: not an HTML page (Content-Type: "
                        "application/pdf)" % pdf in bot.output(), 10))
    finally:
        rc = bot.stop()
        checks.ok("the bot stops cleanly", rc == 0, rc)
        site.stop()
        fake.stop()
    if checks.failed:
        print(bot.output()[-3000:])
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
