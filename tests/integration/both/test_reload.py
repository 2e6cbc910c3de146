#!/usr/bin/python3
"""SIGHUP reloads a running `briefbot run` serving both test doubles at
once (tests/doubles/fake_discord.py and fake_matrix.py), without dropping
the Discord gateway or the Matrix /sync loop:

- a good new config (prefix "!" -> "?") and a knowledge base with a new
  article: the new prefix answers, the old one no longer does, the new
  article is answerable; a key that needs a restart is logged as such;
- a bad new config (a broken line): refused with the reason logged, the
  old settings stay;
- a bad new knowledge base (a facts file that is not JSON): refused, the
  old base and settings stay;
- another knowledge directory: the base comes from it, and the watch
  follows (an article dropped there later goes live);
- through all of it: one gateway connection, one IDENTIFY, no RESUME; one
  Matrix login and no /sync started afresh.

Run: /usr/bin/python3 tests/integration/both/test_reload.py"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (CH1, Bot, Checks, FakeDiscord, FakeMatrix, discord_section,  # noqa: E402
                     general_section, hard_timeout, joined_room, matrix_replies_to, matrix_section,
                     scratch_dir, until)

SOURCE_KB = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))), "knowledge")
ARTICLE = """title: The Zorbland dam
source: Test Wire
date: 2024-05-01
---
The Zorbland dam was completed in 1999 after eleven years of work.
"""
QUESTION = "ask when was the Zorbland dam completed?"


def main():
    checks = Checks("reload")
    fake_mx = FakeMatrix()
    fake_dc = FakeDiscord()
    work = scratch_dir("reload-")
    kb = os.path.join(work, "knowledge")
    for sub in ("articles", "facts"):
        shutil.copytree(os.path.join(SOURCE_KB, sub), os.path.join(kb, sub))
    general = general_section(work, knowledge_dir=kb)
    sections = {"general": general, "matrix": matrix_section(fake_mx),
                "discord": discord_section(fake_dc)}
    bot = Bot(work, sections)
    hard_timeout(150, lambda: (bot.stop(), fake_mx.stop(), fake_dc.stop()))
    bot.start()

    def mx_ask(text, timeout=20):
        """The body of the bot's Matrix reply to `text` ("" if none)."""
        n = fake_mx.sends()["count"]
        ev = fake_mx.say(room, text)
        fake_mx.sends(n + 1, timeout * 1000)
        replies = matrix_replies_to(fake_mx.sends()["sends"], ev)
        return replies[0]["content"]["body"] if replies else ""

    def dc_ask(text, timeout=20):
        mid = fake_dc.post("message", {"channel_id": CH1, "content": text})["id"]
        replies = until(lambda: fake_dc.replies_to(mid), timeout=timeout)
        return replies[0]["content"] if replies else ""

    def both_ask(text):
        return dc_ask(text), mx_ask(text)

    def silent_then_answered(old, new):
        """`old` (no longer a command) gets no reply while `new`, sent after
        it on the same channel and room, does: messages are handled in
        order, so no wall-clock wait is needed."""
        mid = fake_dc.post("message", {"channel_id": CH1, "content": old})["id"]
        ev = fake_mx.say(room, old)
        dc, mx = both_ask(new)
        return (bool(dc and mx) and not fake_dc.replies_to(mid)
                and not matrix_replies_to(fake_mx.sends()["sends"], ev))

    def connections():
        c = fake_dc.counters()
        log = fake_mx.ctl("GET", "/log")["requests"]
        return {"gateway connections": c["connection_count"], "identifies": c["identify_count"],
                "resumes": c["resume_count"],
                "matrix logins": sum(1 for r in log if r["path"].endswith("/login")
                                     and r["method"] == "POST"),
                "syncs without since": sum(1 for r in log if r["path"].endswith("/sync")
                                           and "since" not in r["query"])}

    try:
        checks.ok("discord gateway ready", fake_dc.wait(timeout=20, ready_connections=1))
        room = joined_room(fake_mx)
        dc, mx = both_ask("!ping")
        checks.ok("!ping answered on both before the reload", dc and mx, (dc, mx))
        before = connections()

        # 1. A good config and a knowledge base with a new article.
        with open(os.path.join(kb, "articles", "zorbland-dam.txt"), "w") as f:
            f.write(ARTICLE)
        general.update(prefix="?", http_timeout_ms=4000)
        bot.write_config(sections)
        checks.ok("good config: applied", bot.reload() == "applied")
        checks.ok("a changed key that needs a restart is logged",
                  "[general] http_timeout_ms changed: needs a restart" in bot.output())
        checks.ok("the new prefix answers, the old one no longer does",
                  silent_then_answered("!ping", "?ping"))
        dc, mx = both_ask("?" + QUESTION)
        checks.ok("the new article is answerable on both", "1999" in dc and "1999" in mx,
                  (dc, mx))

        # 2. A bad config: refused, the running one stays.
        bot.write_config(sections, raw="[general]\nprefix = two words\n")
        checks.ok("bad config: refused", bot.reload() == "refused")
        checks.ok("the refusal says why", "reload refused: " in bot.output() and
                  "prefix" in bot.output().split("reload refused: ", 1)[1])
        dc, mx = both_ask("?ping")
        checks.ok("after a refused config the running prefix still answers", dc and mx)

        # 3. A bad knowledge base (and a config asking for another prefix):
        # refused as a whole, the old base and settings stay.
        general.update(prefix="$")
        bot.write_config(sections)
        with open(os.path.join(kb, "facts", "zorbland-dam.json"), "w") as f:
            f.write("{ this is not json")
        checks.ok("bad knowledge base: refused", bot.reload() == "refused")
        checks.ok("the refusal names the broken file", "zorbland-dam.json" in bot.output())
        dc, mx = both_ask("?" + QUESTION)
        checks.ok("the old base and prefix stay", "1999" in dc and "1999" in mx, (dc, mx))

        # 4. Another knowledge directory: the base and the watch move to it,
        # so an article dropped there later is answerable without a reload.
        kb2 = os.path.join(work, "knowledge2")
        for sub in ("articles", "facts"):
            shutil.copytree(os.path.join(SOURCE_KB, sub), os.path.join(kb2, sub))
        general.update(prefix="?", knowledge_dir=kb2)
        bot.write_config(sections)
        checks.ok("a new knowledge directory: applied", bot.reload() == "applied")
        dc, mx = both_ask("?" + QUESTION)
        checks.ok("the base comes from the new directory (no Zorbland article there)",
                  dc and mx and "1999" not in dc and "1999" not in mx, (dc, mx))
        with open(os.path.join(kb2, "articles", ".zorbland-dam.txt.tmp"), "w") as f:
            f.write(ARTICLE)
        os.rename(os.path.join(kb2, "articles", ".zorbland-dam.txt.tmp"),
                  os.path.join(kb2, "articles", "zorbland-dam.txt"))
        checks.ok("an article dropped into the new directory goes live (the watch moved)",
                  until(lambda: "1999" in dc_ask("?" + QUESTION), timeout=20))

        after = connections()
        checks.ok("no reconnect: gateway, identify, resume, login and sync unchanged",
                  before == after, (before, after))
        checks.ok("clean stop", bot.stop() == 0)
    finally:
        checks.stop_all(bot, fake_mx, fake_dc)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
