#!/usr/bin/python3
"""Cross-check: the real discord.py 2.2 client against fake_discord.py.

Starts the double as a subprocess, points discord.py at it by setting
discord.http.Route.BASE only (AutoShardedClient fetches GET /gateway/bot and
connects to the url there), and checks:

  1. connect: login REST calls, zlib-stream gateway, IDENTIFY with intents,
     READY + GUILD_CREATE -> on_ready;
  2. round trip: an injected MESSAGE_CREATE '!ping' -> message.reply('pong')
     arrives at the double with message_reference;
  3. op 7 RECONNECT -> discord.py RESUMEs (no second IDENTIFY) and still
     answers;
  4. an abrupt TCP drop -> RESUME replays the message missed meanwhile;
  5. a 429 (retry_after 0.2) on the POST -> discord.py waits and retries
     once, the message is posted once, no early retry;
  6. slash commands: tree.sync() bulk PUT passes validation, an injected
     INTERACTION_CREATE is deferred and answered with a follow-up;
  7. every REST request outside the interaction/webhook-token routes
     carried Bot auth and a DiscordBot User-Agent (discord.py sends neither
     on those token routes; Discord does not need them there).

Prints `discord.py cross-check: N passed, M failed`; exit 0 only if all
passed.  Whole run is bounded (hard timeout 55 s).
"""

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time

import aiohttp
import discord
import discord.http

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "crosscheck-token"
HARD_TIMEOUT = 55
STEP_TIMEOUT = 10.0

results = []
child = None


def check(name, ok, detail=""):
    results.append((name, bool(ok)))
    print("%s: %s%s" % ("PASS" if ok else "FAIL", name,
                        (" -- " + detail) if detail else ""), flush=True)


def summary_and_exit():
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print("discord.py cross-check: %d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 and passed > 0 else 1


def on_alarm(signum, frame):
    print("FAIL: hard timeout of %d s reached" % HARD_TIMEOUT, flush=True)
    results.append(("hard timeout", False))
    if child is not None:
        child.kill()
    code = summary_and_exit()
    os._exit(code or 1)


class Control:
    def __init__(self, session, base):
        self.s = session
        self.base = base

    async def post(self, path, body=None):
        async with self.s.post(self.base + "/_control/" + path, json=body or {}) as r:
            data = await r.json()
            if r.status != 200:
                raise RuntimeError("control %s: %s %s" % (path, r.status, data))
            return data

    async def get(self, path):
        async with self.s.get(self.base + "/_control/" + path) as r:
            return await r.json()

    async def wait(self, **counters):
        counters.setdefault("timeout", STEP_TIMEOUT)
        return await self.post("wait", counters)


def make_bot(pings):
    intents = discord.Intents.default()
    intents.message_content = True
    bot = discord.AutoShardedClient(intents=intents, guild_ready_timeout=0.3,
                                    max_ratelimit_timeout=None)
    bot.tree = discord.app_commands.CommandTree(bot)
    bot.ready_event = asyncio.Event()

    @bot.tree.command(name="ask", description="Ask about the article")
    @discord.app_commands.describe(question="What to ask")
    async def ask(interaction, question: str, private: bool = False):
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("answer to: " + question)
    bot.resumed_event = asyncio.Event()

    @bot.event
    async def on_ready():
        bot.ready_event.set()

    @bot.event
    async def on_shard_resumed(shard_id):
        bot.resumed_event.set()

    @bot.event
    async def on_message(message):
        if message.author == bot.user:
            return
        if message.content == "!ping":
            pings.append(message.id)
            await message.reply("pong")

    return bot


async def run(base, port):
    # The one patch: REST base.  The gateway url comes from GET /gateway/bot.
    discord.http.Route.BASE = base + "/api/v10"
    pings = []
    bot = make_bot(pings)
    async with aiohttp.ClientSession() as s:
        ctl = Control(s, base)
        task = asyncio.ensure_future(bot.start(TOKEN))
        try:
            await asyncio.wait_for(bot.ready_event.wait(), STEP_TIMEOUT)
        except asyncio.TimeoutError:
            pass
        st = await ctl.get("state")
        log = (await ctl.get("log"))["entries"]
        rest_paths = [(e["method"], e["path"]) for e in log if e["kind"] == "rest"]
        idents = [e for e in log if e["kind"] == "gateway" and e["dir"] == "in" and e["op"] == 2]
        conn0 = st["connections"][0] if st["connections"] else {}
        intents = idents[0]["payload"]["d"].get("intents", 0) if idents else 0
        check("connect: REST login, /gateway/bot, zlib-stream, IDENTIFY, on_ready",
              bot.ready_event.is_set() and st["identify_count"] == 1
              and ("GET", "/users/@me") in rest_paths
              and ("GET", "/gateway/bot") in rest_paths
              and conn0.get("compress") is True
              and intents & (1 << 15) and bot.user is not None
              and bot.user.id == int(st["bot_user"]["id"]),
              "ready=%s identifies=%d rest=%s compress=%s intents=%d" % (
                  bot.ready_event.is_set(), st["identify_count"], rest_paths,
                  conn0.get("compress"), intents))
        if not bot.ready_event.is_set():
            why = repr(task.exception()) if task.done() else "still connecting"
            task.cancel()
            raise RuntimeError("discord.py never became ready (%s); stopping" % why)

        # 2. round trip
        channel = st["guilds"][0]["channels"][0]
        inj = await ctl.post("message", {"channel_id": channel, "content": "!ping",
                                         "author": {"id": "700000000000000002",
                                                    "username": "alice"}})
        w = await ctl.wait(messages_posted=1)
        msgs = (await ctl.get("messages"))["channels"].get(channel, [])
        first = msgs[0] if msgs else {}
        ref = first.get("message_reference") or {}
        check("round trip: MESSAGE_CREATE '!ping' -> reply 'pong' with message_reference",
              w["ok"] and first.get("content") == "pong"
              and str(ref.get("message_id")) == inj["id"]
              and pings == [int(inj["id"])],
              "posted=%s" % json.dumps(first)[:300])

        # 3. op 7 -> RESUME
        sid = st["sessions"][0]["session_id"] if st["sessions"] else None
        await ctl.post("gateway/reconnect", {})
        w = await ctl.wait(resume_count=1, ready_connections=1, connection_count=2)
        try:
            await asyncio.wait_for(bot.resumed_event.wait(), STEP_TIMEOUT)
        except asyncio.TimeoutError:
            pass
        inj2 = await ctl.post("message", {"channel_id": channel, "content": "!ping"})
        w2 = await ctl.wait(messages_posted=2)
        st = await ctl.get("state")
        log = (await ctl.get("log"))["entries"]
        resumes = [e for e in log if e["kind"] == "gateway" and e["dir"] == "in" and e["op"] == 6]
        closes = [e for e in log if e["kind"] == "gateway" and e["dir"] == "client_close"]
        msgs = (await ctl.get("messages"))["channels"].get(channel, [])
        check("op 7 RECONNECT -> RESUME on a new connection, no new IDENTIFY, still answers",
              w["ok"] and w2["ok"] and resumes and resumes[0]["payload"]["d"]["session_id"] == sid
              and st["identify_count"] == 1 and bot.resumed_event.is_set()
              and len(msgs) == 2
              and str(msgs[1]["message_reference"]["message_id"]) == inj2["id"],
              "resumes=%d identifies=%d client close codes=%s" % (
                  len(resumes), st["identify_count"], [c.get("code") for c in closes]))

        # 3b. abrupt drop; a message injected while away must be replayed
        await ctl.post("gateway/drop", {})
        inj_away = await ctl.post("message", {"channel_id": channel, "content": "!ping"})
        w = await ctl.wait(resume_count=2, ready_connections=1, messages_posted=3)
        st = await ctl.get("state")
        msgs = (await ctl.get("messages"))["channels"].get(channel, [])
        last = msgs[-1] if msgs else {}
        check("TCP drop (no close frame) -> RESUME replays the MESSAGE_CREATE missed while away",
              w["ok"] and inj_away["seqs"] and st["identify_count"] == 1
              and str((last.get("message_reference") or {}).get("message_id")) == inj_away["id"],
              "counters=%s" % w["counters"])

        # 4. 429 on the POST, retry_after 0.2
        f = await ctl.post("faults", {"method": "POST", "path": r"^/channels/\d+/messages$",
                                      "action": "429", "retry_after": 0.2, "count": 1})
        inj3 = await ctl.post("message", {"channel_id": channel, "content": "!ping"})
        w = await ctl.wait(messages_posted=4)
        st = await ctl.get("state")
        log = (await ctl.get("log"))["entries"]
        posts = [e for e in log if e["kind"] == "rest" and e["method"] == "POST"
                 and e["path"].endswith("/messages")]
        statuses = [e["status"] for e in posts]
        gap = None
        idx = [i for i, e in enumerate(posts) if e["status"] == 429]
        if idx and idx[0] + 1 < len(posts):
            gap = posts[idx[0] + 1]["mono"] - posts[idx[0]]["mono"]
        msgs = (await ctl.get("messages"))["channels"].get(channel, [])
        fault = [x for x in st["faults"] if x["id"] == f["ids"][0]][0]
        check("429 retry_after 0.2 -> discord.py retries once and the reply posts once",
              w["ok"] and statuses == [200, 200, 200, 429, 200] and fault["hits"] == 1
              and st["violations"] == 0 and len(msgs) == 4
              and str(msgs[3]["message_reference"]["message_id"]) == inj3["id"],
              "POST statuses=%s retry gap=%s violations=%d" % (
                  statuses, "%.3fs" % gap if gap is not None else None, st["violations"]))

        # 5. slash commands: bulk PUT, interaction -> defer + follow-up
        synced = await asyncio.wait_for(bot.tree.sync(), STEP_TIMEOUT)
        it = await ctl.post("interaction", {"channel_id": channel, "name": "ask",
                                            "options": {"question": "who backs the YPG?"}})
        w = await ctl.wait(interactions_acked=1, messages_posted=5)
        st = await ctl.get("state")
        cmds = st["commands"]["global"]
        rec = [i for i in st["interactions"] if i["id"] == it["id"]]
        rec = rec[0] if rec else {}
        msgs = (await ctl.get("messages"))["channels"].get(channel, [])
        last = msgs[-1] if msgs else {}
        check("slash command: bulk PUT accepted, INTERACTION_CREATE -> defer (type 5) + follow-up",
              w["ok"] and len(synced) == 1 and [c["name"] for c in cmds] == ["ask"]
              and [o["name"] for o in cmds[0].get("options", [])] == ["question", "private"]
              and rec.get("callback_type") == 5 and len(rec.get("callback_attempts", [])) == 1
              and last.get("source") == "followup"
              and last.get("content") == "answer to: who backs the YPG?",
              "ack after %.3fs, follow-up=%r" % (rec.get("ack_elapsed") or -1, last.get("content")))

        # 6. headers: Bot auth + DiscordBot UA on every bot-token request
        log = (await ctl.get("log"))["entries"]
        rest = [e for e in log if e["kind"] == "rest"]
        token_routes = [e for e in rest if "/interactions/" in e["path"] or "/webhooks/" in e["path"]]
        bot_routes = [e for e in rest if e not in token_routes]
        st = await ctl.get("state")
        check("every bot-token REST request had Bot auth and a DiscordBot User-Agent",
              st["unauthorized"] == 0 and len(bot_routes) >= 8
              and all(e["headers"].get("Authorization") == "Bot " + TOKEN
                      and e["headers"].get("User-Agent", "").startswith("DiscordBot (")
                      for e in bot_routes),
              "requests=%d UA=%r strict-format=%s; interaction/webhook requests=%d, "
              "without Bot header=%d, UAs there=%r" % (
                  len(bot_routes), bot_routes[0]["headers"].get("User-Agent") if bot_routes else None,
                  st["user_agent_all_strict"], len(token_routes), st["auth_missing_token_routes"],
                  sorted({e["headers"].get("User-Agent") for e in token_routes})))

        await bot.close()
        try:
            await asyncio.wait_for(task, 5)
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001
            pass


def main():
    global child
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HARD_TIMEOUT)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="discord.py %(levelname)s %(name)s: %(message)s")
    child = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "fake_discord.py"), "--token", TOKEN,
         "--heartbeat-interval", "500"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        line = child.stdout.readline()
        port = json.loads(line)["port"]
        base = "http://127.0.0.1:%d" % port
        t0 = time.monotonic()
        try:
            asyncio.run(asyncio.wait_for(run(base, port), HARD_TIMEOUT - 5))
        except Exception as exc:  # noqa: BLE001 - report, then fail
            check("cross-check ran to the end", False, "%s: %s" % (type(exc).__name__, exc))
        print("took %.1f s" % (time.monotonic() - t0), flush=True)
    finally:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
    signal.alarm(0)
    return summary_and_exit()


if __name__ == "__main__":
    sys.exit(main())
