#!/usr/bin/python3
"""Integration test: the real `briefbot run --config FILE` against the fake
Discord.  Usage: test_discord_bot.py PATH/TO/briefbot

Round trips (prefix command, mention, DM, slash command answered at once
and deferred with follow-ups), slash command registration, User-Agent, own
and other bots' messages ignored; then every gateway fault (TCP drop,
missing ACKs -> zombie, op 7, op 9 d=true/false, closes of each class) ends
in RESUME or a new IDENTIFY as the protocol prescribes, and every REST
fault (429 route and global, 500, drop, slow) still answers exactly once;
a restart resumes the stored session; a crash before the sequence number
was saved replays the event, and the reply's nonce keeps it from posting
twice."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import BOT_ID, CH1, CH2, discord_bot, Checks, FakeDiscord, find_briefbot, hard_timeout, \
    until  # noqa: E402

C = Checks("discord integration")


def ping(d, channel=CH1, content="!ping", **extra):
    """Sends a command; returns the reply messages once one arrives."""
    body = {"channel_id": channel, "content": content}
    body.update(extra)
    mid = d.post("message", body)["id"]
    return mid, until(lambda: d.replies_to(mid), timeout=15)


def counts(d):
    c = d.counters()
    return c["identify_count"], c["resume_count"]


def wait_ready(d, timeout=15):
    return d.wait(timeout=timeout, ready_connections=1)


def roundtrips(d, bot):
    C.ok("bot connects and identifies", wait_ready(d) and counts(d) == (1, 0), counts(d))
    mid, rs = ping(d)
    r = rs[0] if rs else {}
    C.ok("prefix command answered", len(rs) == 1 and r.get("content") == "pong", rs)
    C.ok("answer is a reply to the command",
         (r.get("message_reference") or {}).get("message_id") == mid)
    C.ok("allowed_mentions parse []", r.get("allowed_mentions") == {"parse": []},
         r.get("allowed_mentions"))
    C.ok("nonce derived from message id, enforce_nonce",
         r.get("nonce") == mid + "-0" and r.get("enforce_nonce") is True, r.get("nonce"))

    mid, rs = ping(d, content="<@%s> who backs the YPG?" % BOT_ID)
    C.ok("mention with a question answered", len(rs) == 1 and "YPG" in rs[0]["content"],
         rs[:1])
    mid, rs = ping(d, channel="810000000000000001", content="ping", guild_id=None,
                   author={"id": "700000000000000077", "username": "dora"})
    C.ok("DM answered without prefix", len(rs) == 1 and rs[0]["content"] == "pong", rs)

    before = d.counters()["messages_posted"]
    d.post("message", {"content": "!ping", "author": {"id": "700000000000000099",
                                                     "username": "otherbot", "bot": True}})
    d.post("message", {"content": "!ping", "author": {"id": BOT_ID}})
    mid, rs = ping(d, content="!ping")
    C.ok("other bots and own messages ignored",
         d.counters()["messages_posted"] == before + 1, d.counters()["messages_posted"] - before)

    st = d.state()
    cmds = {c["name"]: c for c in st["commands"]["global"]}
    cite = cmds.get("cite", {})
    C.ok("slash commands registered by bulk overwrite",
         len(cmds) >= 10 and [o["type"] for o in cite.get("options", [])] == [3, 4],
         sorted(cmds))
    C.ok("User-Agent DiscordBot (url, version) on every REST request",
         st["user_agent_all_strict"], st["user_agents"])
    gw_open = [e for e in d.get("log?kind=gateway")["entries"] if e["dir"] == "open"]
    C.ok("gateway handshake carries the User-Agent",
         gw_open and gw_open[0]["headers"].get("User-Agent", "").startswith("DiscordBot ("),
         gw_open[0]["headers"].get("User-Agent") if gw_open else None)
    C.ok("zlib-stream on by default", st["connections"][0]["compress"])

    it = d.post("interaction", {"name": "cite", "options": {"paragraph": 2,
                                                            "article": "sochi-2021"}})
    info = until(lambda: [i for i in d.state()["interactions"]
                          if i["id"] == it["id"] and i["acked"]], timeout=5)
    i = info[0] if info else {}
    content = ((i.get("callback") or {}).get("data") or {}).get("content", "")
    C.ok("slash command answered at once (type 4) within 3 s, token of %d characters"
         % len(it["token"]),
         i.get("callback_type") == 4 and i.get("ack_elapsed", 9) < 3 and len(it["token"]) > 200,
         i.get("ack_elapsed"))
    C.ok("slash options reach the handler in declared order",
         "No article" not in content and "Missing" not in content and "paragraph 2" in content,
         content[:120])

    bad = d.post("interaction", {"name": "ping", "token": "../../channels/1/messages"})
    it = d.post("interaction", {"name": "backs"})
    ok = until(lambda: [i for i in d.state()["interactions"]
                        if i["id"] == it["id"] and i["original_id"] and i["followups"]],
               timeout=8)
    i = ok[0] if ok else {}
    C.ok("long slash answer deferred (type 5), original edited, then follow-ups",
         i.get("callback_type") == 5 and i.get("ack_elapsed", 9) < 3 and len(i["edits"]) == 1,
         {k: i.get(k) for k in ("callback_type", "ack_elapsed", "followups")})
    bad_i = [i for i in d.state()["interactions"] if i["id"] == bad["id"]]
    C.ok("an interaction whose token could change the URL path is not answered",
         bad_i and not bad_i[0]["acked"], bad_i)


def gateway_faults(d, bot):
    def fault(name, action, body, expect, ack_fix=False):
        i0, r0 = counts(d)
        d.post("gateway/" + action, body)
        want = {"identify_count": i0 + expect[0], "resume_count": r0 + expect[1]}
        got = d.wait(timeout=15, **want)
        if ack_fix:
            d.post("gateway/acks", {"enabled": True})
        got = got and wait_ready(d)
        i1, r1 = counts(d)
        _, rs = ping(d)
        C.ok("%s -> %s" % (name, "RESUME" if expect[1] else "IDENTIFY"),
             got and (i1 - i0, r1 - r0) == expect and len(rs) == 1,
             "identify +%d resume +%d, reply %d" % (i1 - i0, r1 - r0, len(rs)))

    fault("TCP drop (RST)", "drop", {}, (0, 1))
    fault("TCP close (FIN)", "drop", {"rst": False}, (0, 1))
    fault("missing heartbeat ACKs (zombie)", "acks", {"enabled": False}, (0, 1), ack_fix=True)
    fault("op 7 RECONNECT", "reconnect", {}, (0, 1))
    fault("op 9 d=true", "invalid_session", {"resumable": True}, (0, 1))
    fault("op 9 d=false", "invalid_session", {"resumable": False}, (1, 0))
    fault("close 4000 (resume class)", "close", {"code": 4000}, (0, 1))
    fault("close 4008 (resume class)", "close", {"code": 4008}, (0, 1))
    fault("close 4009 (new session class)", "close", {"code": 4009}, (1, 0))
    fault("close 4007 (new session class)", "close", {"code": 4007}, (1, 0))
    # answering op 1 at once
    hb0 = d.counters()["heartbeat_count"]
    d.post("gateway/heartbeat", {})
    C.ok("op 1 answered at once", d.wait(timeout=0.5, heartbeat_count=hb0 + 1))


def rest_faults(d, bot):
    def fault(name, rule):
        before = d.state()
        d.post("faults", rule)
        mid, rs = ping(d)
        after = d.state()
        d.call("DELETE", "faults")
        C.ok("REST %s -> answered exactly once" % name,
             len(rs) == 1 and after["violations"] == before["violations"] and
             after["duplicate_nonces_posted"] == 0,
             "replies %d, violations +%d" % (len(rs), after["violations"] - before["violations"]))
        return rs

    msgs = "/channels/\\d+/messages$"
    fault("429 on the route", {"method": "POST", "path": msgs, "action": "429",
                               "retry_after": 0.4, "count": 1})
    fault("429 global", {"method": "POST", "path": msgs, "action": "429", "scope": "global",
                         "retry_after": 0.4, "count": 1})
    fault("500 twice", {"method": "POST", "path": msgs, "action": "500", "count": 2})
    fault("502", {"method": "POST", "path": msgs, "action": "502", "count": 1})
    fault("dropped connection", {"method": "POST", "path": msgs, "action": "drop", "count": 1})
    fault("slow (1.5 s)", {"method": "POST", "path": msgs, "action": "delay", "delay": 1.5,
                           "count": 1})
    # a global 429 pauses every route: the callback waits too
    d.post("faults", {"method": "POST", "path": msgs, "action": "429", "scope": "global",
                      "retry_after": 0.5, "count": 1})
    n429 = len([e for e in d.get("log?kind=rest")["entries"] if e["status"] == 429])
    d.post("message", {"content": "!ping"})
    # once the 429 is answered, a reply to another channel must wait too
    until(lambda: len([e for e in d.get("log?kind=rest")["entries"]
                       if e["status"] == 429]) > n429, timeout=5)
    d.post("message", {"channel_id": CH2, "content": "!ping"})
    time.sleep(1.5)
    d.call("DELETE", "faults")
    C.ok("global 429 honoured on every route (no early retry)", d.state()["violations"] == 0,
         d.state()["violation_list"][-3:])


def restarts(d, bot):
    i0, r0 = counts(d)
    rc = bot.stop()
    C.ok("SIGTERM stops the bot cleanly", rc == 0, rc)
    bot2 = discord_bot(d, db=bot.db).start()
    ok = d.wait(timeout=15, resume_count=r0 + 1) and wait_ready(d)
    i1, r1 = counts(d)
    _, rs = ping(d)
    C.ok("restart RESUMEs the stored session",
         ok and (i1 - i0, r1 - r0) == (0, 1) and len(rs) == 1, (i1 - i0, r1 - r0))

    # a crash right after answering, before the sequence number is saved:
    # the RESUME replays the command; the same nonce posts nothing new
    posted0 = d.counters()["messages_posted"]
    hits0 = d.state()["duplicate_nonce_hits"]
    time.sleep(1.2)  # the bot saves the sequence number once a second
    sent = d.post("message", {"channel_id": CH1, "content": "!ping"})
    mid = sent["id"]
    msg_seq = list(sent["seqs"].values())[0]
    until(lambda: d.replies_to(mid), timeout=10)
    bot2.proc.send_signal(signal.SIGKILL)
    bot2.stop()
    bot3 = discord_bot(d, db=bot.db).start()
    ok = d.wait(timeout=15, resume_count=r1 + 1) and wait_ready(d)
    resume_seq = [e["payload"]["d"]["seq"] for e in d.get("log?kind=gateway")["entries"]
                  if e.get("op") == 6][-1]
    until(lambda: d.state()["duplicate_nonce_hits"] > hits0 or resume_seq >= msg_seq, 5)
    time.sleep(0.3)
    st = d.state()
    replayed = resume_seq < msg_seq
    C.ok("replayed command after a crash is not posted twice (nonce)",
         ok and len(d.replies_to(mid)) == 1 and st["messages_posted"] == posted0 + 1 and
         st["duplicate_nonces_posted"] == 0 and
         (not replayed or st["duplicate_nonce_hits"] == hits0 + 1),
         "replayed %s, replies %d, nonce hits +%d" % (replayed, len(d.replies_to(mid)),
                                                     st["duplicate_nonce_hits"] - hits0))
    return bot3


def fatal_closes():
    d = FakeDiscord("--heartbeat-interval", "1000")
    try:
        bot = discord_bot(d).start()
        wait_ready(d)
        d.post("gateway/close", {"code": 4004})
        rc = bot.wait_exit(10)
        C.ok("close 4004 stops the bot and says to fix the token",
             rc == 1 and "token" in bot.output() and "4004" in bot.output(),
             (rc, bot.output()[-300:]))
        bot.stop()
        bot = discord_bot(d, token="wrong-token").start()
        rc = bot.wait_exit(10)
        C.ok("a refused token at GET /users/@me stops the bot",
             rc == 1 and "token" in bot.output(), (rc, bot.output()[-200:]))
        bot.stop()
    finally:
        d.stop()
    d = FakeDiscord("--heartbeat-interval", "1000", "--no-message-content")
    try:
        bot = discord_bot(d).start()
        rc = bot.wait_exit(10)
        C.ok("close 4014 stops the bot and says to enable MESSAGE CONTENT",
             rc == 1 and "MESSAGE CONTENT INTENT" in bot.output(), (rc, bot.output()[-300:]))
        bot.stop()
    finally:
        d.stop()


def shards_and_options():
    d = FakeDiscord("--heartbeat-interval", "1000", "--shards", "2", "--guilds", "2")
    try:
        bot = discord_bot(d, extra={"discord": {"compress": "false"}}).start()
        ok = d.wait(timeout=20, ready_connections=2)
        st = d.state()
        shards = sorted(tuple(s["shard"]) for s in st["sessions"])
        C.ok("shard_count auto: one connection per shard from /gateway/bot",
             ok and shards == [(0, 2), (1, 2)], shards)
        C.ok("compress = false: no zlib-stream", not any(c["compress"] for c in st["connections"]))
        g2 = st["guilds"][1]["channels"][0]
        _, rs = ping(d, channel=g2)
        _, rs1 = ping(d, channel=CH1)
        C.ok("each shard answers its guilds", len(rs) == 1 and len(rs1) == 1)
        bot.stop()
        bot = discord_bot(d, extra={"discord": {"shard_count": "2", "shard_id": "1",
                                             "commands_scope": st["guilds"][0]["id"]}}).start()
        ok = d.wait(timeout=15, identify_count=3)
        ident = [e["payload"]["d"]["shard"] for e in d.get("log?kind=gateway")["entries"]
                 if e.get("op") == 2]
        C.ok("fixed shard_id/shard_count: IDENTIFY shard [1, 2]", ok and ident[-1] == [1, 2],
             ident)
        until(lambda: d.state()["commands"]["guild"], timeout=5)
        C.ok("commands_scope = guild id: registered per guild",
             list(d.state()["commands"]["guild"]) == [st["guilds"][0]["id"]])
        bot.stop()
    finally:
        d.stop()


def main():
    find_briefbot()
    doubles = []
    hard_timeout(170, lambda: [x.stop() for x in doubles])
    d = FakeDiscord("--heartbeat-interval", "1000", "--heartbeat-timeout-factor", "3")
    doubles.append(d)
    bot = discord_bot(d).start()
    try:
        roundtrips(d, bot)
        gateway_faults(d, bot)
        rest_faults(d, bot)
        bot = restarts(d, bot)
    finally:
        bot.stop()
        d.stop()
    fatal_closes()
    shards_and_options()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
