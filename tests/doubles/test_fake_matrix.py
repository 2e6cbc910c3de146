#!/usr/bin/python3
"""Unit tests of the fake Matrix homeserver: txn ids, sync tokens, filters,
invites/kicks, flood batching, and the HTTP fault machinery."""

import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_matrix as fm  # noqa: E402


def login(hs, user="bot", password="botpass", device_id=None):
    body = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user},
            "password": password}
    if device_id:
        body["device_id"] = device_id
    r = hs.login(body)
    return hs.auth(r["access_token"])


def timeline(resp, room_id):
    return resp.get("rooms", {}).get("join", {}).get(room_id, {}).get("timeline")


class HomeserverBase(unittest.TestCase):
    def setUp(self):
        self.hs = fm.Homeserver(seed=1)
        self.hs.add_user("bot", "botpass")
        self.bot = login(self.hs)
        self.room = self.hs.create_room("alice", name="r").room_id
        self.hs.invite(self.room, "alice", "bot")
        self.hs.join(self.bot, self.room)


class TxnTest(HomeserverBase):
    def send(self, txn, sess=None, room=None, body="hi"):
        return self.hs.send(sess or self.bot, room or self.room, "m.room.message", txn,
                            {"msgtype": "m.text", "body": body})

    def test_repeated_txn_returns_original_event_and_creates_nothing(self):
        a = self.send("t1")
        pos = self.hs.pos
        b = self.send("t1", body="different body is ignored, like Synapse")
        self.assertEqual(a, b)
        self.assertEqual(self.hs.pos, pos)
        self.assertEqual(len(self.hs.sends), 1)
        self.assertEqual(self.hs.duplicate_txns, 1)

    def test_txn_is_scoped_to_device_and_room(self):
        other_dev = login(self.hs, device_id="OTHER")
        room2 = self.hs.create_room("alice").room_id
        self.hs.invite(room2, "alice", "bot")
        self.hs.join(self.bot, room2)
        ids = {self.send("t1")["event_id"], self.send("t1", sess=other_dev)["event_id"],
               self.send("t1", room=room2)["event_id"]}
        self.assertEqual(len(ids), 3)
        self.assertEqual(self.hs.duplicate_txns, 0)

    def test_transaction_id_only_echoed_to_sending_device(self):
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.send("t9")
        other = login(self.hs, device_id="OTHER")
        mine = timeline(self.hs.sync(self.bot, since)[0], self.room)["events"][-1]
        theirs = timeline(self.hs.sync(other, since)[0], self.room)["events"][-1]
        self.assertEqual(mine["unsigned"].get("transaction_id"), "t9")
        self.assertNotIn("transaction_id", theirs["unsigned"])
        self.assertNotIn("room_id", mine)

    def test_send_errors(self):
        with self.assertRaises(fm.MatrixError) as e:
            self.send("x", room="!nope:localhost")
        self.assertEqual((e.exception.status, e.exception.errcode), (404, "M_NOT_FOUND"))
        self.hs.leave(self.bot, self.room)
        with self.assertRaises(fm.MatrixError) as e:
            self.send("y")
        self.assertEqual((e.exception.status, e.exception.errcode), (403, "M_FORBIDDEN"))
        self.assertEqual(self.hs.sends, [])

    def test_failed_send_does_not_burn_the_txn_id(self):
        self.hs.ratelimit = {"per_second": 1.0, "burst": 1, "buckets": {}}
        self.hs.send(self.bot, self.room, "m.room.message", "a", {"body": "1"}, now_s=100.0)
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.send(self.bot, self.room, "m.room.message", "b", {"body": "2"}, now_s=100.2)
        self.assertEqual(e.exception.errcode, "M_LIMIT_EXCEEDED")
        self.assertEqual(e.exception.body()["retry_after_ms"], 800)
        r = self.hs.send(self.bot, self.room, "m.room.message", "b", {"body": "2"}, now_s=101.5)
        self.assertIn("event_id", r)
        self.assertEqual(self.hs.duplicate_txns, 0)


class SyncTokenTest(HomeserverBase):
    def test_incremental_sync_returns_only_new_events_then_nothing(self):
        r0, _ = self.hs.sync(self.bot)
        ev = self.hs.inject_message(self.room, "alice", "hello")
        r1, has1 = self.hs.sync(self.bot, r0["next_batch"])
        self.assertTrue(has1)
        self.assertEqual([e["event_id"] for e in timeline(r1, self.room)["events"]],
                         [ev["event_id"]])
        r2, has2 = self.hs.sync(self.bot, r1["next_batch"])
        self.assertFalse(has2)
        self.assertNotIn("rooms", r2)
        self.assertEqual(r2["next_batch"], r1["next_batch"])

    def test_bad_and_future_tokens(self):
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.sync(self.bot, "garbage")
        self.assertEqual(e.exception.errcode, "M_INVALID_PARAM")
        r, has = self.hs.sync(self.bot, "s999999")
        self.assertFalse(has)
        self.assertEqual(r["next_batch"], self.hs.make_token(self.hs.pos))

    def test_overflow_is_limited_with_prev_batch(self):
        since = self.hs.sync(self.bot)[0]["next_batch"]
        ids = [self.hs.inject_message(self.room, "alice", str(i))["event_id"] for i in range(15)]
        t = timeline(self.hs.sync(self.bot, since)[0], self.room)
        self.assertTrue(t["limited"])
        self.assertEqual([e["event_id"] for e in t["events"]], ids[-10:])
        back = self.hs.messages(self.bot, self.room, t["prev_batch"], "b", 5)
        self.assertEqual([e["event_id"] for e in back["chunk"]], list(reversed(ids[:5])))

    def test_filter_types_and_limit(self):
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.hs.put_state(self.bot, self.room, "m.room.topic", "", {"topic": "t"})
        msgs = [self.hs.inject_message(self.room, "alice", str(i))["event_id"] for i in range(3)]
        f = fm.SyncFilter({"room": {"timeline": {"types": ["m.room.message"], "limit": 2}}})
        t = timeline(self.hs.sync(self.bot, since, f)[0], self.room)
        self.assertEqual([e["event_id"] for e in t["events"]], msgs[1:])
        self.assertTrue(t["limited"])
        big = fm.SyncFilter({"room": {"timeline": {"limit": 5000}}})
        self.assertEqual(big.timeline_limit, 100)
        fid = self.hs.put_filter(self.bot, "@bot:localhost",
                                 {"room": {"timeline": {"not_types": ["m.room.*"]}}})["filter_id"]
        f2 = self.hs.resolve_filter(self.bot, fid)
        self.assertFalse(self.hs.sync(self.bot, since, f2)[1])
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.resolve_filter(self.bot, "77")
        self.assertEqual(e.exception.errcode, "M_INVALID_PARAM")

    def test_invite_state_kick_and_forget(self):
        room2 = self.hs.create_room("carol", name="second", encrypted=True).room_id
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.hs.invite(room2, "carol", "bot")
        r, _ = self.hs.sync(self.bot, since)
        inv = r["rooms"]["invite"][room2]["invite_state"]["events"]
        me = [e for e in inv if e["type"] == "m.room.member" and e["state_key"] == "@bot:localhost"]
        self.assertEqual(me[0]["sender"], "@carol:localhost")
        self.assertEqual(me[0]["content"]["membership"], "invite")
        self.assertIn("m.room.encryption", [e["type"] for e in inv])
        since = r["next_batch"]
        self.assertFalse(self.hs.sync(self.bot, since)[1])       # invite not repeated
        self.hs.kick(self.room, "bot", "alice", "bye")
        r, _ = self.hs.sync(self.bot, since)
        leave = r["rooms"]["leave"][self.room]["timeline"]["events"][-1]
        self.assertEqual((leave["sender"], leave["content"]["membership"]),
                         ("@alice:localhost", "leave"))
        self.assertNotIn(self.room, r["rooms"].get("join", {}))
        self.hs.forget(self.bot, self.room)
        self.assertNotIn(self.room, self.hs.sync(self.bot)[0].get("rooms", {}).get("leave", {}))
        self.hs.join(self.bot, room2)
        self.assertEqual(self.hs.room_state_event(self.bot, room2, "m.room.encryption")
                         ["algorithm"], "m.megolm.v1.aes-sha2")
        self.assertEqual(self.hs.inject_message(room2, "carol", "secret")["type"],
                         "m.room.encrypted")
        self.hs.send(self.bot, room2, "m.room.message", "e1", {"body": "plain"})
        self.assertTrue(self.hs.sends[-1]["encrypted_room"])

    def test_newly_joined_room_includes_state_and_shared_history(self):
        room2 = self.hs.create_room("alice").room_id
        old = [self.hs.inject_message(room2, "alice", "before you came %d" % i)["event_id"]
               for i in range(12)]
        self.hs.invite(room2, "alice", "bot")
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.hs.join(self.bot, room2)
        j = self.hs.sync(self.bot, since)[0]["rooms"]["join"][room2]
        tl = [e["event_id"] for e in j["timeline"]["events"]]
        self.assertTrue(j["timeline"]["limited"])
        self.assertEqual(tl[:8], old[-8:])      # then the invite and the join
        self.assertIn("m.room.create", [e["type"] for e in j["state"]["events"]])

    def test_gap_forces_one_limited_sync(self):
        since = self.hs.sync(self.bot)[0]["next_batch"]
        g = self.hs.gap(self.room, "bob", count=4, shown=1)
        r, _ = self.hs.sync(self.bot, since)
        t = timeline(r, self.room)
        self.assertTrue(t["limited"])
        self.assertEqual([e["event_id"] for e in t["events"]], g["shown"])
        self.hs.inject_message(self.room, "bob", "a")
        self.hs.inject_message(self.room, "bob", "b")
        t2 = timeline(self.hs.sync(self.bot, r["next_batch"])[0], self.room)
        self.assertFalse(t2["limited"])
        self.assertEqual(len(t2["events"]), 2)

    def test_flood_releases_batches_as_the_client_catches_up(self):
        r, _ = self.hs.sync(self.bot)
        info = self.hs.flood(self.room, 25, command_every=5, batch=10)
        self.assertEqual((info["commands"], info["batches"]), (5, 3))
        seen = []
        f = fm.SyncFilter({"room": {"timeline": {"types": ["m.room.message"], "limit": 50}}})
        for _ in range(5):
            self.hs.release_flood(self.hs.parse_token(r["next_batch"]))
            r, has = self.hs.sync(self.bot, r["next_batch"], f)
            if has:
                seen += [e["content"]["body"] for e in timeline(r, self.room)["events"]]
        self.assertEqual(len(seen), 25)
        self.assertEqual(seen.count("!ping"), 5)

    def test_login_on_known_device_drops_old_token(self):
        a = login(self.hs, device_id="D1")
        b = login(self.hs, device_id="D1")
        self.assertEqual(a["device_id"], b["device_id"])
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.auth(a["access_token"])
        self.assertEqual(e.exception.errcode, "M_UNKNOWN_TOKEN")
        with self.assertRaises(fm.MatrixError) as e:
            login(self.hs, password="wrong")
        self.assertEqual((e.exception.status, e.exception.errcode), (403, "M_FORBIDDEN"))


def signed_device_keys(acc, user_id, device_id):
    """Device keys as a client uploads them, signed by the olm Account acc."""
    keys = {"user_id": user_id, "device_id": device_id,
            "algorithms": ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
            "keys": {"curve25519:" + device_id: acc.identity_keys["curve25519"],
                     "ed25519:" + device_id: acc.identity_keys["ed25519"]}}
    keys["signatures"] = {user_id: {"ed25519:" + device_id:
                                    acc.sign(fm.canonical_json(keys))}}
    return keys


class E2eeTest(HomeserverBase):
    """Keys, claims, to-device inboxes and device lists."""

    def setUp(self):
        super().setUp()
        import olm
        self.olm = olm
        self.hs.add_user("alice", "alicepw")
        self.alice = login(self.hs, "alice", "alicepw", device_id="ALICEDEV")
        self.acc = olm.Account()

    def upload(self, sess=None, n_otk=2, fallback=None, acc=None):
        sess = sess or self.bot
        acc = acc or self.acc
        body = {"device_keys": signed_device_keys(acc, sess["user_id"], sess["device_id"]),
                "one_time_keys": {"signed_curve25519:K%d" % i: {"key": "otk%d" % i}
                                  for i in range(n_otk)}}
        if fallback:
            body["fallback_keys"] = {"signed_curve25519:" + fallback:
                                     {"key": fallback, "fallback": True}}
        return self.hs.keys_upload(sess, body)

    def claim(self, sess, user="@bot:localhost", device=None):
        return self.hs.keys_claim(sess, {"one_time_keys": {user: {
            device or self.bot["device_id"]: "signed_curve25519"}}})["one_time_keys"]

    def test_upload_query_claim_then_fallback(self):
        r = self.upload(n_otk=2, fallback="FB1")
        self.assertEqual(r, {"one_time_key_counts": {"signed_curve25519": 2}})
        dk = self.hs.keys_summary()["devices"]["@bot:localhost"][self.bot["device_id"]]
        self.assertTrue(dk["signature_valid"])
        q = self.hs.keys_query(self.alice, {"device_keys": {"@bot:localhost": []}})
        self.assertEqual(list(q["device_keys"]["@bot:localhost"]), [self.bot["device_id"]])
        self.assertEqual(q["failures"], {})
        sync = self.hs.sync(self.bot)[0]
        self.assertEqual(sync["device_one_time_keys_count"], {"signed_curve25519": 2})
        self.assertEqual(sync["device_unused_fallback_key_types"], ["signed_curve25519"])
        got = [self.claim(self.alice) for _ in range(4)]
        ids = [list(g["@bot:localhost"][self.bot["device_id"]])[0] for g in got]
        self.assertEqual(ids, ["signed_curve25519:K0", "signed_curve25519:K1",
                               "signed_curve25519:FB1", "signed_curve25519:FB1"])
        sync = self.hs.sync(self.bot)[0]
        self.assertEqual(sync["device_one_time_keys_count"], {"signed_curve25519": 0})
        self.assertEqual(sync["device_unused_fallback_key_types"], [])
        self.upload(n_otk=0, fallback="FB2")       # a new fallback key is unused again
        self.assertEqual(self.hs.sync(self.bot)[0]["device_unused_fallback_key_types"],
                         ["signed_curve25519"])
        self.hs.logout(self.bot)
        self.assertEqual(self.claim(self.alice), {})

    def test_upload_errors_and_repeats(self):
        self.upload()
        with self.assertRaises(fm.MatrixError) as e:      # same id, other key
            self.hs.keys_upload(self.bot, {"one_time_keys": {"signed_curve25519:K0":
                                                             {"key": "other"}}})
        self.assertEqual(e.exception.status, 400)
        keys = signed_device_keys(self.acc, "@bot:localhost", "NOTMINE")
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.keys_upload(self.bot, {"device_keys": keys})
        self.assertEqual((e.exception.status, e.exception.errcode), (400, "M_INVALID_PARAM"))
        changes = len(self.hs.device_changes)
        self.upload()                                       # the very same keys again
        self.assertEqual(len(self.hs.device_changes), changes)
        self.assertEqual(self.hs.key_uploads[-1]["device_keys"], "same")
        bad = signed_device_keys(self.acc, "@alice:localhost", "ALICEDEV")
        bad["keys"]["curve25519:ALICEDEV"] = "tampered"
        self.hs.keys_upload(self.alice, {"device_keys": bad})   # accepted, like Synapse
        self.assertFalse(self.hs.signature_valid[("@alice:localhost", "ALICEDEV")])

    def test_send_to_device_idempotent_star_and_removed_after_next_since(self):
        other = login(self.hs, device_id="OTHER")
        first = self.hs.sync(self.bot)[0]["next_batch"]
        body = {"messages": {"@bot:localhost": {"*": {"n": 1}}}}
        self.hs.send_to_device(self.alice, "m.test", "t1", body)
        self.hs.send_to_device(self.alice, "m.test", "t1", body)        # a retry
        self.hs.send_to_device(self.alice, "m.test", "t2",
                               {"messages": {"@bot:localhost": {"OTHER": {"n": 2},
                                                                "GONE": {"n": 3}}}})
        self.assertEqual(self.hs.to_device_duplicates, 1)
        r, has = self.hs.sync(self.bot, first)
        self.assertTrue(has)
        self.assertEqual(r["to_device"]["events"],
                         [{"type": "m.test", "sender": "@alice:localhost", "content": {"n": 1}}])
        theirs = self.hs.sync(other, first)[0]["to_device"]["events"]
        self.assertEqual([e["content"]["n"] for e in theirs], [1, 2])
        again = self.hs.sync(self.bot, first)[0]            # same since: delivered again
        self.assertEqual(len(again["to_device"]["events"]), 1)
        r2, has = self.hs.sync(self.bot, r["next_batch"])   # synced past: gone
        self.assertNotIn("to_device", r2)
        self.assertFalse(has)
        self.assertEqual(self.hs.sync(self.bot, first)[0].get("to_device"), None)

    def test_lost_to_device_batches(self):
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.hs.lose_to_device("bot")
        self.hs.lose_to_device("bot", at="sync")
        for i in range(3):
            self.hs.send_to_device(self.alice, "m.test", "t%d" % i,
                                   {"messages": {"@bot:localhost": {"*": {"n": i}}}})
        self.assertEqual(self.hs.to_device_log[0]["lost"],
                         [["@bot:localhost", self.bot["device_id"]]])
        r, _ = self.hs.sync(self.bot, since)    # batches 1 and 2 are lost at sync
        self.assertNotIn("to_device", r)
        self.hs.send_to_device(self.alice, "m.test", "t9",
                               {"messages": {"@bot:localhost": {"*": {"n": 9}}}})
        r, _ = self.hs.sync(self.bot, r["next_batch"])
        self.assertEqual([e["content"]["n"] for e in r["to_device"]["events"]], [9])
        self.assertEqual([x["fired"] for x in self.hs.to_device_losses], [1, 1])

    def test_device_lists_changed_and_left(self):
        room = self.hs.create_room("alice", initial_state=[{
            "type": "m.room.encryption", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}],
            invite=["bot"]).room_id
        self.assertTrue(self.hs.rooms[room].encrypted)
        since = self.hs.sync(self.bot)[0]["next_batch"]
        self.hs.join(self.bot, room)
        r = self.hs.sync(self.bot, since)[0]
        self.assertEqual(r["device_lists"], {"changed": ["@alice:localhost"]})
        since = r["next_batch"]
        self.upload(self.alice, acc=self.olm.Account())    # alice's new device keys
        r, has = self.hs.sync(self.bot, since)
        self.assertTrue(has)
        self.assertEqual(r["device_lists"], {"changed": ["@alice:localhost"]})
        self.assertNotIn("rooms", r)
        since = r["next_batch"]
        # keys in a room without encryption (self.room) are nobody's business
        self.hs.add_user("dave", "d")
        dave = login(self.hs, "dave", "d")
        self.hs.invite(self.room, "alice", "dave")
        self.hs.join(dave, self.room)
        self.upload(dave, acc=self.olm.Account())
        r = self.hs.sync(self.bot, since)[0]
        self.assertNotIn("device_lists", r)
        since = r["next_batch"]
        self.hs.leave(self.alice, room)
        r = self.hs.sync(self.bot, since)[0]
        self.assertEqual(r["device_lists"], {"left": ["@alice:localhost"]})
        self.assertEqual(self.hs.keys_changes(self.bot, since, r["next_batch"]),
                         {"changed": [], "left": ["@alice:localhost"]})

    def test_cross_signing_keys_and_signatures(self):
        olm = self.olm
        self.upload(self.alice)
        master, ssk = olm.PkSigning(olm.PkSigning.generate_seed()), \
            olm.PkSigning(olm.PkSigning.generate_seed())
        uid = "@alice:localhost"

        def key(usage, signer, signer_pub):
            k = {"user_id": uid, "usage": [usage],
                 "keys": {"ed25519:" + signer.public_key: signer.public_key}}
            if signer_pub:
                k["signatures"] = {uid: {"ed25519:" + signer_pub.public_key:
                                         signer_pub.sign(fm.canonical_json(k))}}
            return k
        mk, sk = key("master", master, None), key("self_signing", ssk, master)
        bad = key("self_signing", ssk, ssk)
        with self.assertRaises(fm.MatrixError) as e:
            self.hs.device_signing_upload(self.alice, {"master_key": mk,
                                                       "self_signing_key": bad})
        self.assertEqual(e.exception.errcode, "M_INVALID_SIGNATURE")
        self.hs.device_signing_upload(self.alice, {"master_key": mk, "self_signing_key": sk})
        q = self.hs.keys_query(self.bot, {"device_keys": {uid: []}})
        self.assertEqual(q["master_keys"][uid], mk)
        self.assertEqual(q["self_signing_keys"][uid], sk)
        self.assertEqual(q["user_signing_keys"], {})
        dev = fm.strip_signed(self.hs.device_keys[(uid, "ALICEDEV")])
        dev["signatures"] = {uid: {"ed25519:" + ssk.public_key:
                                   ssk.sign(fm.canonical_json(dev))}}
        r = self.hs.signatures_upload(self.alice, {uid: {"ALICEDEV": dev}})
        self.assertEqual(r, {"failures": {}})
        q = self.hs.keys_query(self.bot, {"device_keys": {uid: ["ALICEDEV"]}})
        self.assertIn("ed25519:" + ssk.public_key,
                      q["device_keys"][uid]["ALICEDEV"]["signatures"][uid])
        forged = dict(dev, signatures={uid: {"ed25519:" + ssk.public_key: "AAAA"}})
        r = self.hs.signatures_upload(self.alice, {uid: {"ALICEDEV": forged}})
        self.assertEqual(r["failures"][uid]["ALICEDEV"]["errcode"], "M_INVALID_SIGNATURE")
        other = key("master", olm.PkSigning(olm.PkSigning.generate_seed()), None)
        with self.assertRaises(fm.MatrixError) as e:       # replacing needs the password
            self.hs.device_signing_upload(self.alice, {"master_key": other})
        self.assertEqual(e.exception.status, 401)
        self.hs.device_signing_upload(self.alice, {"master_key": other, "auth": {
            "type": "m.login.password", "password": "alicepw"}})


class FaultUserTest(unittest.TestCase):
    def test_user_narrows_a_fault(self):
        f = fm.Fault(1, {"path": "/sync", "action": "503", "user": "@bot:localhost"})
        self.assertFalse(f.take("GET", "/_matrix/client/v3/sync", "before",
                                lambda: "@alice:localhost"))
        self.assertFalse(f.take("GET", "/_matrix/client/v3/sync", "before"))
        self.assertTrue(f.take("GET", "/_matrix/client/v3/sync", "before",
                               lambda: "@bot:localhost"))
        self.assertEqual(f.describe()["fired"], 1)


class HttpTest(unittest.TestCase):
    """The HTTP layer: auth errors, long-poll, and fault actions."""

    def run_async(self, coro):
        return asyncio.run(asyncio.wait_for(coro, 20))

    async def with_server(self, fn):
        from aiohttp import ClientSession, ClientTimeout
        from aiohttp.test_utils import TestServer
        hs = fm.Homeserver(seed=2)
        hs.default_users.append({"user": "bot", "password": "botpass", "access_token": "tok"})
        hs.reset()
        server = TestServer(fm.build_app(hs), host="127.0.0.1", port=0)
        await server.start_server()
        try:
            async with ClientSession(timeout=ClientTimeout(total=10)) as s:
                base = f"http://127.0.0.1:{server.port}"
                return await fn(hs, s, base)
        finally:
            await server.close()

    def test_auth_errors_and_unknown_paths(self):
        async def fn(hs, s, base):
            out = []
            for url, hdr in [("/_matrix/client/v3/account/whoami", {}),
                             ("/_matrix/client/v3/account/whoami", {"Authorization": "Bearer x"}),
                             ("/_matrix/client/v3/account/whoami?access_token=tok",
                              {"Authorization": "Bearer tok"}),
                             ("/_matrix/client/v3/nope", {}),
                             ("/_matrix/client/r0/account/whoami?access_token=tok", {})]:
                async with s.get(base + url, headers=hdr) as r:
                    out.append((r.status, (await r.json()).get("errcode")))
            return out
        self.assertEqual(self.run_async(self.with_server(fn)),
                         [(401, "M_MISSING_TOKEN"), (401, "M_UNKNOWN_TOKEN"),
                          (401, "M_MISSING_TOKEN"), (404, "M_UNRECOGNIZED"), (200, None)])

    def test_e2ee_routes_long_poll_and_user_faults(self):
        """A to-device message wakes a long-poll; a fault narrowed to another
        user spares the bot; /devices and /rooms/{id}/event/{id} answer."""
        async def fn(hs, s, base):
            auth = {"Authorization": "Bearer tok"}
            v3 = base + "/_matrix/client/v3"
            hs.add_user("alice", "pw")
            alice = login(hs, "alice", "pw", device_id="AD")
            room = hs.client_create_room(alice, {"invite": ["@bot:localhost"]})["room_id"]
            async with s.post(base + "/_control/faults", json={
                    "path": "/sync", "action": "503", "user": "@alice:localhost"}) as r:
                fault = await r.json()
            async with s.get(v3 + "/sync", headers=auth) as r:
                since = (await r.json())["next_batch"]
            poll = asyncio.ensure_future(s.get(v3 + "/sync?timeout=5000&since=" + since,
                                               headers=auth))
            await asyncio.sleep(0.2)
            hs.send_to_device(alice, "m.test", "t1",
                              {"messages": {"@bot:localhost": {"*": {"x": 1}}}})
            async with await poll as r:
                td = (await r.json()).get("to_device")
            async with s.get(v3 + "/devices", headers=auth) as r:
                devices = await r.json()
            ev = hs.room_events(room)[0]["event_id"]
            async with s.post(v3 + "/join/" + room, headers=auth) as r:
                joined = r.status
            async with s.get(v3 + "/rooms/%s/event/%s" % (room, ev), headers=auth) as r:
                event = await r.json()
            async with s.get(base + "/_control/faults") as r:
                hits = (await r.json())["faults"][0]["hits"]
            return fault["user"], td, devices, joined, event["type"], hits
        user, td, devices, joined, etype, hits = self.run_async(self.with_server(fn))
        self.assertEqual(user, "@alice:localhost")
        self.assertEqual(td, {"events": [{"type": "m.test", "sender": "@alice:localhost",
                                          "content": {"x": 1}}]})
        self.assertEqual(len(devices["devices"]), 1)        # the bot's one session
        self.assertTrue(devices["devices"][0]["device_id"])
        self.assertEqual((joined, etype, hits), (200, "m.room.create", 0))

    def test_long_poll_wakes_on_event_and_faults_fire(self):
        async def fn(hs, s, base):
            h = {"Authorization": "Bearer tok"}
            room = hs.create_room("alice").room_id
            hs.invite(room, "alice", "bot")
            async with s.post(f"{base}/_matrix/client/v3/join/{room}", headers=h) as r:
                assert r.status == 200
            async with s.get(f"{base}/_matrix/client/v3/sync", headers=h) as r:
                since = (await r.json())["next_batch"]
            poll = asyncio.ensure_future(s.get(
                f"{base}/_matrix/client/v3/sync?since={since}&timeout=8000", headers=h))
            await asyncio.sleep(0.1)
            self.assertFalse(poll.done())
            ev = hs.inject_message(room, "alice", "wake up")
            r = await poll
            body = await r.json()
            got = body["rooms"]["join"][room]["timeline"]["events"][0]["event_id"]
            self.assertEqual(got, ev["event_id"])

            async def fault(spec):
                async with s.post(base + "/_control/faults", json=spec) as r:
                    assert r.status == 200, await r.text()
            await fault({"path": "/whoami", "action": "502"})
            await fault({"path": "/whoami", "action": "429", "retry_after_ms": 2500})
            await fault({"path": "/whoami", "action": "drop"})
            await fault({"path": "/sync", "action": "stall", "seconds": 0.3})
            await fault({"path": "/whoami", "action": "delay", "seconds": 0.05})
            results = []
            for _ in range(4):
                try:
                    async with s.get(base + "/_matrix/client/v3/account/whoami",
                                     headers=h) as r:
                        results.append((r.status, r.content_type, r.headers.get("Retry-After"),
                                        (await r.text())[:40]))
                except Exception as e:      # the dropped connection
                    results.append(type(e).__name__)
            self.assertEqual(results[0][:2], (502, "text/html"))
            self.assertEqual(results[1][:3], (429, "application/json", "3"))
            self.assertTrue(results[1][3].startswith('{"errcode":"M_LIMIT_EXCEEDED"'))
            self.assertEqual(results[2], "ServerDisconnectedError")
            self.assertEqual(results[3][0], 200)
            try:
                async with s.get(f"{base}/_matrix/client/v3/sync?since={since}&timeout=0",
                                 headers=h) as r:
                    stalled = r.status
            except Exception as e:
                stalled = type(e).__name__
            self.assertEqual(stalled, "ServerDisconnectedError")
            async with s.get(base + "/_control/log") as r:
                reqs = (await r.json())["requests"]
            self.assertEqual([q["status"] for q in reqs[-5:]], [502, 429, "dropped", 200, "dropped"])
            self.assertEqual([q.get("fault") for q in reqs[-5:]], [1, 2, 3, 5, 4])
        self.run_async(self.with_server(fn))


if __name__ == "__main__":
    unittest.main(verbosity=1)
