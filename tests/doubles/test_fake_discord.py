#!/usr/bin/python3
"""Unit tests of fake_discord.py itself: the pure pieces (bucket, nonce
store, validators) with a fake clock, and the server in-process on a
loopback port (REST limits, nonces, interactions, gateway framing, close
codes, resume replay).  Runs in a few seconds with /usr/bin/python3."""

import asyncio
import json
import os
import sys
import unittest
import zlib

import aiohttp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_discord as fd  # noqa: E402

TOKEN = "unit-token"
AUTH = {"Authorization": "Bot " + TOKEN, "User-Agent": "DiscordBot (https://example.org, 0.1)"}


class BucketTest(unittest.TestCase):
    def assertTake(self, bucket, now, ok, remaining, reset_after):
        got = bucket.take(now)
        self.assertEqual(got[:2], (ok, remaining))
        self.assertAlmostEqual(got[2], reset_after)

    def test_fixed_window(self):
        b = fd.Bucket(5, 5.0)
        for i in range(5):
            self.assertTake(b, 100.0 + i * 0.1, True, 4 - i, 5.0 - i * 0.1)
        self.assertTake(b, 101.0, False, 0, 4.0)

    def test_resets_after_window(self):
        b = fd.Bucket(2, 1.0)
        b.take(0.0)
        b.take(0.5)
        self.assertFalse(b.take(0.99)[0])
        self.assertTake(b, 1.0, True, 1, 1.0)

    def test_tolerance(self):
        strict = fd.Bucket(1, 1.0)
        lenient = fd.Bucket(1, 1.0, tolerance=0.01)
        for b in (strict, lenient):
            b.take(0.0)
        self.assertFalse(strict.take(0.995)[0])
        self.assertTrue(lenient.take(0.995)[0])

    def test_peek_does_not_spend(self):
        b = fd.Bucket(3, 2.0)
        self.assertEqual(b.peek(0.0), (3, 2.0))
        b.take(0.0)
        self.assertEqual(b.peek(0.5)[0], 2)
        self.assertEqual(b.peek(0.5)[0], 2)


class NonceStoreTest(unittest.TestCase):
    def test_same_channel_same_nonce(self):
        n = fd.NonceStore(ttl=300)
        self.assertIsNone(n.lookup("1", "abc", 0))
        n.remember("1", "abc", {"id": "m1"}, 0)
        self.assertEqual(n.lookup("1", "abc", 10)["id"], "m1")
        self.assertIsNone(n.lookup("2", "abc", 10))  # per channel
        self.assertIsNone(n.lookup("1", "abd", 10))

    def test_int_and_string_nonce_match(self):
        n = fd.NonceStore()
        n.remember(5, 42, {"id": "m"}, 0)
        self.assertEqual(n.lookup("5", "42", 1)["id"], "m")

    def test_expires(self):
        n = fd.NonceStore(ttl=60)
        n.remember("1", "x", {"id": "m"}, 0)
        self.assertIsNotNone(n.lookup("1", "x", 59))
        self.assertIsNone(n.lookup("1", "x", 61))


class ValidatorTest(unittest.TestCase):
    def test_content_length(self):
        self.assertIsNone(fd.validate_message_body({"content": "é" * 2000}))
        status, err = fd.validate_message_body({"content": "x" * 2001})
        self.assertEqual((status, err["code"]), (400, 50035))

    def test_empty_and_nonce(self):
        self.assertEqual(fd.validate_message_body({"content": ""})[1]["code"], 50006)
        self.assertEqual(fd.validate_message_body({"content": "a", "nonce": "n" * 26})[0], 400)
        self.assertEqual(fd.validate_message_body({"content": "a", "enforce_nonce": True})[0], 400)
        self.assertIsNone(fd.validate_message_body({"content": "a", "nonce": 12, "enforce_nonce": True}))

    def test_allowed_mentions(self):
        self.assertIsNone(fd.validate_message_body({"content": "a", "allowed_mentions": {"parse": []}}))
        self.assertEqual(fd.validate_message_body(
            {"content": "a", "allowed_mentions": {"parse": ["users"], "users": ["1"]}})[0], 400)
        self.assertEqual(fd.validate_message_body(
            {"content": "a", "allowed_mentions": {"parse": ["nobody"]}})[0], 400)

    def test_commands(self):
        good = [{"name": "ask", "description": "Ask about the article", "type": 1,
                 "options": [{"name": "question", "description": "What", "type": 3, "required": True},
                             {"name": "private", "description": "Only me", "type": 5}]},
                {"name": "Quote this", "type": 3}]
        self.assertEqual(fd.validate_commands(good), {})
        self.assertIn("0.name", fd.validate_commands([{"name": "Ask", "description": "d"}]))
        self.assertIn("0.description", fd.validate_commands([{"name": "ask", "description": "d" * 101}]))
        self.assertIn("0.options.0.type", fd.validate_commands(
            [{"name": "ask", "description": "d", "options": [{"name": "q", "description": "d", "type": 12}]}]))
        self.assertIn("0.options.1.required", fd.validate_commands(
            [{"name": "ask", "description": "d", "options": [
                {"name": "a", "description": "d", "type": 3},
                {"name": "b", "description": "d", "type": 3, "required": True}]}]))
        self.assertIn("1.name", fd.validate_commands(
            [{"name": "ask", "description": "d"}, {"name": "ask", "description": "e"}]))
        self.assertIn("0.name", fd.validate_commands([{"name": "has space", "description": "d"}]))


class ServerTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.fake = fd.FakeDiscord(token=TOKEN, heartbeat_interval=200,
                                   heartbeat_timeout_factor=0)
        await self.fake.start()
        self.base = self.fake.base
        self.api = self.base + "/api/v10"
        self.http = aiohttp.ClientSession()
        self.channel = self.fake.guilds[0]["channels"][0]

    async def asyncTearDown(self):
        await self.http.close()
        await self.fake.stop()

    async def ctl(self, path, body=None):
        async with self.http.post(self.base + "/_control/" + path, json=body or {}) as r:
            self.assertEqual(r.status, 200, await r.text())
            return await r.json()

    async def state(self):
        async with self.http.get(self.base + "/_control/state") as r:
            return await r.json()

    async def post_msg(self, body, headers=AUTH):
        async with self.http.post("%s/channels/%s/messages" % (self.api, self.channel),
                                  json=body, headers=headers) as r:
            return r.status, dict(r.headers), await r.json()

    # ---- REST
    async def test_auth_required(self):
        status, _, body = await self.post_msg({"content": "hi"}, headers={"User-Agent": AUTH["User-Agent"]})
        self.assertEqual(status, 401)
        status, _, _ = await self.post_msg({"content": "hi"}, headers={"Authorization": "test"})
        self.assertEqual(status, 401)
        st = await self.state()
        self.assertEqual(st["unauthorized"], 2)
        self.assertFalse(st["user_agent_all_present"])

    async def test_bucket_headers_429_and_violations(self):
        for i in range(5):
            status, h, _ = await self.post_msg({"content": "m%d" % i})
            self.assertEqual(status, 200)
            self.assertEqual(h["X-RateLimit-Remaining"], str(4 - i))
            self.assertEqual(h["X-RateLimit-Limit"], "5")
            self.assertIn("X-RateLimit-Bucket", h)
        status, h, body = await self.post_msg({"content": "too many"})
        self.assertEqual(status, 429)
        self.assertFalse(body["global"])
        self.assertGreater(body["retry_after"], 0)
        self.assertEqual(h["X-RateLimit-Scope"], "user")
        self.assertIn("Retry-After", h)
        self.assertIn("Via", h)
        st = await self.state()
        self.assertEqual(st["violations"], 1)
        self.assertEqual(st["messages_posted"], 5)
        self.assertTrue(st["user_agent_all_strict"])

    async def test_fault_429_global_and_early_retry(self):
        await self.ctl("faults", {"method": "POST", "path": "/messages$", "action": "429",
                                  "scope": "global", "retry_after": 5})
        status, h, body = await self.post_msg({"content": "a"})
        self.assertEqual(status, 429)
        self.assertTrue(body["global"])
        self.assertEqual(h["X-RateLimit-Global"], "true")
        self.assertEqual(h["X-RateLimit-Scope"], "global")
        status, _, _ = await self.post_msg({"content": "a"})  # 5 s too early
        self.assertEqual(status, 429)
        self.assertEqual((await self.state())["violations"], 1)

    async def test_fault_5xx_counts_down(self):
        await self.ctl("faults", {"path": "/messages$", "action": "502", "count": 2})
        codes = [(await self.post_msg({"content": "a"}))[0] for _ in range(3)]
        self.assertEqual(codes, [502, 502, 200])

    async def test_fault_drop_and_delay(self):
        await self.ctl("faults", {"rules": [
            {"method": "POST", "path": "/messages$", "action": "drop"},
            {"method": "POST", "path": "/messages$", "action": "delay", "delay": 0.05}]})
        with self.assertRaises(aiohttp.ClientError):
            await self.post_msg({"content": "lost"})
        status, _, _ = await self.post_msg({"content": "slow"})
        self.assertEqual(status, 200)
        st = await self.state()
        self.assertEqual([f["hits"] for f in st["faults"]], [1, 1])
        self.assertEqual(st["messages_posted"], 1)  # the dropped one was not posted

    async def test_enforce_nonce_returns_original(self):
        s1, _, m1 = await self.post_msg({"content": "a", "nonce": "n-1", "enforce_nonce": True})
        s2, _, m2 = await self.post_msg({"content": "a", "nonce": "n-1", "enforce_nonce": True})
        self.assertEqual((s1, s2), (200, 200))
        self.assertEqual(m1["id"], m2["id"])
        await self.post_msg({"content": "b", "nonce": "n-2"})
        await self.post_msg({"content": "b", "nonce": "n-2"})  # no enforce: posts twice
        st = await self.state()
        self.assertEqual(st["messages_posted"], 3)
        self.assertEqual(st["duplicate_nonce_hits"], 1)
        self.assertEqual(st["duplicate_nonces_posted"], 1)

    async def test_reply_needs_known_message(self):
        status, _, body = await self.post_msg({"content": "a", "message_reference": {"message_id": "1"}})
        self.assertEqual(status, 400)
        inj = await self.ctl("message", {"channel_id": self.channel, "content": "hello"})
        status, _, body = await self.post_msg({"content": "a", "allowed_mentions": {"parse": []},
                                               "message_reference": {"message_id": inj["id"]}})
        self.assertEqual(status, 200)
        self.assertEqual(body["type"], 19)
        async with self.http.get(self.base + "/_control/messages") as r:
            rec = (await r.json())["channels"][self.channel][0]
        self.assertEqual(rec["allowed_mentions"], {"parse": []})
        self.assertEqual(rec["message_reference"]["message_id"], inj["id"])

    async def test_interaction_callbacks(self):
        it = await self.ctl("interaction", {"name": "ask", "options": {"question": "who?"}})
        url = "%s/interactions/%s/%s/callback" % (self.api, it["id"], it["token"])
        async with self.http.post(url, json={"type": 5}, headers=AUTH) as r:
            self.assertEqual(r.status, 204)
        async with self.http.post(url, json={"type": 4, "data": {"content": "x"}}, headers=AUTH) as r:
            self.assertEqual(r.status, 400)
            self.assertEqual((await r.json())["code"], 40060)
        orig = "%s/webhooks/%s/%s/messages/@original" % (self.api, self.fake.app_id, it["token"])
        async with self.http.patch(orig, json={"content": "Turkey backs ..."}, headers=AUTH) as r:
            self.assertEqual(r.status, 200)
        async with self.http.post("%s/webhooks/%s/%s" % (self.api, self.fake.app_id, it["token"]),
                                  json={"content": "more"}, headers=AUTH) as r:
            self.assertEqual(r.status, 200)
        st = await self.state()
        rec = st["interactions"][0]
        self.assertTrue(rec["acked"])
        self.assertEqual(rec["callback_type"], 5)
        self.assertIsNotNone(rec["ack_elapsed"])
        self.assertEqual(len(rec["callback_attempts"]), 2)
        self.assertEqual(len(rec["followups"]), 1)
        self.assertEqual(st["messages_posted"], 2)

    async def test_token_routes_auth(self):
        it = await self.ctl("interaction", {"name": "ask"})
        url = "%s/interactions/%s/%s/callback" % (self.api, it["id"], it["token"])
        await self.ctl("config", {"strict_auth": True})
        async with self.http.post(url, json={"type": 5}) as r:
            self.assertEqual(r.status, 401)
        await self.ctl("config", {"strict_auth": False})
        async with self.http.post(url, json={"type": 5}, headers={"Authorization": "Bot nope"}) as r:
            self.assertEqual(r.status, 401)
        async with self.http.post(url, json={"type": 5}) as r:
            self.assertEqual(r.status, 204)
        st = await self.state()
        self.assertEqual((st["auth_missing_token_routes"], st["unauthorized"]), (1, 2))

    async def test_bulk_commands(self):
        url = "%s/applications/%s/commands" % (self.api, self.fake.app_id)
        good = [{"name": "ask", "description": "Ask", "options": [
            {"name": "question", "description": "q", "type": 3, "required": True}]}]
        async with self.http.put(url, json=good, headers=AUTH) as r:
            self.assertEqual(r.status, 200)
            self.assertIn("id", (await r.json())[0])
        async with self.http.put(url, json=[{"name": "ASK", "description": ""}], headers=AUTH) as r:
            self.assertEqual(r.status, 400)
            self.assertEqual((await r.json())["code"], 50035)
        gurl = "%s/applications/%s/guilds/%s/commands" % (self.api, self.fake.app_id, self.fake.guilds[0]["id"])
        async with self.http.put(gurl, json=good, headers=AUTH) as r:
            self.assertEqual(r.status, 200)

    # ---- gateway
    async def connect(self, compress=True):
        q = "?v=10&encoding=json" + ("&compress=zlib-stream" if compress else "")
        ws = await self.http.ws_connect(self.fake.gateway_url + q)
        ws.inflate = zlib.decompressobj()
        return ws

    async def recv(self, ws):
        msg = await asyncio.wait_for(ws.receive(), 2)
        if msg.type == aiohttp.WSMsgType.BINARY:
            self.assertEqual(msg.data[-4:], fd.ZLIB_SUFFIX)
            return json.loads(ws.inflate.decompress(msg.data))
        if msg.type == aiohttp.WSMsgType.TEXT:
            return json.loads(msg.data)
        return msg

    async def identify(self, ws, **over):
        d = {"token": TOKEN, "intents": (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15),
             "properties": {"os": "linux", "browser": "t", "device": "t"}}
        d.update(over)
        await ws.send_json({"op": 2, "d": d})

    async def ready_ws(self, **over):
        """A connection past HELLO, IDENTIFY, READY and both GUILD_CREATEs."""
        ws = await self.connect()
        await self.recv(ws)
        await self.identify(ws, **over)
        for _ in range(3):
            await self.recv(ws)
        return ws

    async def expect_close(self, ws, code):
        msg = await self.recv(ws)
        self.assertEqual(msg.type, aiohttp.WSMsgType.CLOSE, msg)
        self.assertEqual(msg.data, code)

    async def test_zlib_stream_hello_ready_guilds(self):
        ws = await self.connect()
        hello = await self.recv(ws)
        self.assertEqual(hello["op"], 10)
        self.assertEqual(hello["d"]["heartbeat_interval"], 200)
        await ws.send_json({"op": 1, "d": None})
        self.assertEqual((await self.recv(ws))["op"], 11)
        await self.identify(ws)
        ready = await self.recv(ws)
        self.assertEqual((ready["t"], ready["s"]), ("READY", 1))
        self.assertTrue(ready["d"]["resume_gateway_url"].startswith("ws://127.0.0.1:"))
        self.assertEqual(ready["d"]["shard"], [0, 1])
        g1, g2 = await self.recv(ws), await self.recv(ws)
        self.assertEqual((g1["t"], g1["s"], g2["s"]), ("GUILD_CREATE", 2, 3))
        await ws.close()

    async def test_close_codes(self):
        cases = [({"token": "wrong"}, 4004), ({"intents": 1 << 18}, 4013),
                 ({"intents": "lots"}, 4013), ({"shard": [1, 1]}, 4010), ({"shard": [0]}, 4010)]
        for over, code in cases:
            ws = await self.connect(compress=False)
            await self.recv(ws)
            await self.identify(ws, **over)
            await self.expect_close(ws, code)
            await ws.close()
        await self.ctl("config", {"require_sharding": True, "recommended_shards": 2})
        ws = await self.connect(compress=False)
        await self.recv(ws)
        await self.identify(ws)
        await self.expect_close(ws, 4011)
        await ws.close()
        await self.ctl("config", {"allow_message_content": False})
        ws = await self.connect()
        await self.recv(ws)
        await self.identify(ws)
        await self.expect_close(ws, 4014)
        await ws.close()

    async def test_not_authenticated_and_unknown_op(self):
        ws = await self.connect(compress=False)
        await self.recv(ws)
        await ws.send_json({"op": 3, "d": {}})
        await self.expect_close(ws, 4003)
        ws = await self.connect(compress=False)
        await self.recv(ws)
        await ws.send_json({"op": 42, "d": {}})
        await self.expect_close(ws, 4001)

    async def test_gateway_send_limit(self):
        await self.ctl("config", {"gateway_send_limit": 5})
        ws = await self.connect(compress=False)
        await self.recv(ws)
        for _ in range(6):
            await ws.send_json({"op": 1, "d": None})
        for _ in range(5):
            self.assertEqual((await self.recv(ws))["op"], 11)
        await self.expect_close(ws, 4008)

    async def test_heartbeat_timeout(self):
        await self.ctl("config", {"heartbeat_timeout_factor": 1.5})
        ws = await self.connect()
        await self.recv(ws)
        await self.expect_close(ws, 4009)

    async def test_resume_replays_exactly_what_was_missed(self):
        ws = await self.connect()
        await self.recv(ws)
        await self.identify(ws)
        for _ in range(3):
            await self.recv(ws)  # READY, 2 x GUILD_CREATE
        await self.ctl("message", {"channel_id": self.channel, "content": "seen"})
        seen = await self.recv(ws)
        self.assertEqual(seen["s"], 4)
        st = await self.state()
        sid = st["sessions"][0]["session_id"]
        await self.ctl("gateway/drop", {})
        await ws.close()
        missed = [await self.ctl("message", {"channel_id": self.channel, "content": "m%d" % i})
                  for i in range(2)]
        ws = await self.connect()
        await self.recv(ws)
        await ws.send_json({"op": 6, "d": {"token": TOKEN, "session_id": sid, "seq": 4}})
        got = [await self.recv(ws) for _ in range(3)]
        self.assertEqual([g["s"] for g in got], [5, 6, 7])
        self.assertEqual([g["d"].get("id") for g in got[:2]], [m["id"] for m in missed])
        self.assertEqual(got[2]["t"], "RESUMED")
        await ws.close()
        ws = await self.connect()
        await self.recv(ws)
        await ws.send_json({"op": 6, "d": {"token": TOKEN, "session_id": "nope", "seq": 1}})
        inv = await self.recv(ws)
        self.assertEqual((inv["op"], inv["d"]), (9, False))
        await ws.close()

    async def test_shards_get_their_own_guilds_and_messages(self):
        socks = {}
        for shard in (0, 1):
            ws = await self.connect()
            await self.recv(ws)
            await self.identify(ws, shard=[shard, 2])
            ready = await self.recv(ws)
            gc = await self.recv(ws)
            self.assertEqual(gc["t"], "GUILD_CREATE")
            self.assertEqual([g["id"] for g in ready["d"]["guilds"]], [gc["d"]["id"]])
            self.assertEqual((int(gc["d"]["id"]) >> 22) % 2, shard)
            socks[shard] = (ws, gc["d"])
        for shard, (ws, guild) in socks.items():
            ch = guild["channels"][0]["id"]
            inj = await self.ctl("message", {"channel_id": ch, "content": "to %d" % shard})
            self.assertEqual(list(inj["seqs"].values()), [3])  # one session only
            got = await self.recv(ws)
            self.assertEqual(got["d"]["content"], "to %d" % shard)
        dm = await self.ctl("message", {"channel_id": "123", "guild_id": None, "content": "dm"})
        self.assertEqual(len(dm["seqs"]), 1)  # DMs go to shard 0
        self.assertEqual((await self.recv(socks[0][0]))["d"]["content"], "dm")
        for ws, _ in socks.values():
            await ws.close()

    async def test_client_close_1000_ends_session(self):
        ws = await self.connect(compress=False)
        await self.recv(ws)
        await self.identify(ws)
        await self.recv(ws)
        await ws.close(code=1000)
        await asyncio.sleep(0.05)
        st = await self.state()
        self.assertFalse(st["sessions"][0]["resumable"])

    async def test_message_content_blanked_without_intent(self):
        ws = await self.ready_ws(intents=(1 << 0) | (1 << 9))
        await self.ctl("message", {"channel_id": self.channel, "content": "secret"})
        bot = self.fake.bot_user["id"]
        await self.ctl("message", {"channel_id": self.channel, "content": "<@%s> hi" % bot})
        a, b = await self.recv(ws), await self.recv(ws)
        self.assertEqual(a["d"]["content"], "")
        self.assertEqual(b["d"]["content"], "<@%s> hi" % bot)
        await ws.close()

    async def test_flood_mix(self):
        ws = await self.ready_ws()
        res = await self.ctl("flood", {"n": 200, "channel_id": self.channel,
                                       "mix": {"chatter": 0.9, "!ping": 0.1}})
        self.assertEqual(res["sent"], 200)
        pings = 0
        for _ in range(200):
            m = await self.recv(ws)
            pings += m["d"]["content"] == "!ping"
        self.assertEqual(pings, res["counts"]["!ping"])
        self.assertTrue(5 < pings < 40)
        await ws.close()

    async def test_control_gateway_actions(self):
        ws = await self.ready_ws()
        await self.ctl("gateway/heartbeat")
        self.assertEqual((await self.recv(ws))["op"], 1)
        await self.ctl("gateway/acks", {"enabled": False})
        await ws.send_json({"op": 1, "d": 3})
        await self.ctl("gateway/reconnect")
        self.assertEqual((await self.recv(ws))["op"], 7)  # no ACK came first
        await self.ctl("gateway/invalid_session", {"resumable": True})
        inv = await self.recv(ws)
        self.assertEqual((inv["op"], inv["d"]), (9, True))
        await self.ctl("gateway/close", {"code": 4007, "reason": "Invalid seq"})
        await self.expect_close(ws, 4007)
        st = await self.state()
        self.assertTrue(st["sessions"][0]["resumable"])
        ws = await self.ready_ws()
        await self.ctl("gateway/invalid_session", {"resumable": False})
        self.assertEqual((await self.recv(ws))["d"], False)
        st = await self.state()
        self.assertFalse(st["sessions"][1]["resumable"])
        await ws.close()

    async def test_late_interaction_is_unknown(self):
        await self.ctl("config", {"interaction_timeout": 1e-6})
        it = await self.ctl("interaction", {"name": "ask"})
        url = "%s/interactions/%s/%s/callback" % (self.api, it["id"], it["token"])
        async with self.http.post(url, json={"type": 5}, headers=AUTH) as r:
            self.assertEqual(r.status, 404)
            self.assertEqual((await r.json())["code"], 10062)
        self.assertTrue((await self.state())["interactions"][0]["late"])

    async def test_control_wait_and_reset(self):
        res = await self.ctl("wait", {"identify_count": 1, "timeout": 0.05})
        self.assertFalse(res["ok"])
        await self.post_msg({"content": "a"})
        res = await self.ctl("wait", {"messages_posted": 1, "timeout": 1})
        self.assertTrue(res["ok"])
        await self.ctl("reset")
        self.assertEqual((await self.state())["messages_posted"], 0)


if __name__ == "__main__":
    unittest.main()
