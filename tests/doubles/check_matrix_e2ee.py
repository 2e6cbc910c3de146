#!/usr/bin/python3
"""Cross-check of end-to-end encryption: two real matrix-nio clients with
their own Olm/Megolm (python3-olm) against tests/doubles/fake_matrix.py.

alice and bob log in with a store each (in one temporary folder, removed
at the end), upload device and one-time keys, alice creates an encrypted
room (initial_state m.room.encryption) and invites bob; they exchange
encrypted messages that the other decrypts.  The keys are uploaded,
queried and claimed and the room keys travel as to-device events through
the double only.  Then: the double loses one to-device batch (bob cannot
decrypt that message), a third user joins (device_lists.changed) and bob
leaves (device_lists.left).  Each step is verified at the control API too.

Prints 'matrix-nio e2ee cross-check: N passed, M failed'; exit 0 only if
M == 0.  Arguments after '--' go to the double."""

import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time

import aiohttp
import nio
from nio.event_builders import EnableEncryptionBuilder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_matrix_double import Checks, Double  # noqa: E402

HARD_TIMEOUT_S = 80


def client(d, store, name):
    cfg = nio.AsyncClientConfig(store_sync_tokens=False, encryption_enabled=True)
    path = os.path.join(store, name)
    os.makedirs(path, exist_ok=True)
    return nio.AsyncClient(d.url, "@%s:localhost" % name, device_id=name.upper() + "DEV",
                           store_path=path, config=cfg)


async def login(c, password):
    r = await c.login(password, device_name=c.user + " device")
    if not isinstance(r, nio.LoginResponse):
        raise RuntimeError("login of %s failed: %s" % (c.user, r))
    up = await c.keys_upload() if c.should_upload_keys else None
    return up


async def sync(c, timeout=0):
    """One sync (with the keys traffic nio's sync_forever would do after it)."""
    r = await c.sync(timeout=timeout, full_state=c.next_batch is None)
    if not isinstance(r, nio.SyncResponse):
        raise RuntimeError("sync of %s failed: %s" % (c.user_id, r))
    if c.should_upload_keys:
        await c.keys_upload()
    if c.should_query_keys:
        await c.keys_query()
    return r


def room_events(resp, room_id, cls):
    room = resp.rooms.join.get(room_id)
    return [e for e in (room.timeline.events if room else []) if isinstance(e, cls)]


async def sync_until(c, room_id, pred, tries=10):
    """Syncs until a timeline event of the room satisfies pred; returns it."""
    for _ in range(tries):
        r = await sync(c, timeout=2000)
        for e in room_events(r, room_id, nio.Event):
            if pred(e):
                return e, r
    return None, None


async def run(d, c, store):
    d.http = aiohttp.ClientSession()
    for who in ("alice", "bob", "carol"):
        await d.ctl("POST", "/users", {"user": who, "password": who + "pw"})
    alice, bob, carol = (client(d, store, n) for n in ("alice", "bob", "carol"))
    try:
        # 1. login + /keys/upload: device keys with a valid self-signature, OTKs
        ups = [await login(x, x.user[1:].split(":")[0] + "pw") for x in (alice, bob)]
        keys = await d.ctl("GET", "/keys")
        adev = keys["devices"].get("@alice:localhost", {}).get("ALICEDEV", {})
        c.ok("keys/upload: device keys (self-signature verifies) and one-time keys stored, "
             "counts returned",
             all(isinstance(u, nio.KeysUploadResponse) and u.signed_curve25519_count > 0
                 for u in ups)
             and adev.get("signature_valid") is True
             and adev["one_time_keys"]["signed_curve25519"] == ups[0].signed_curve25519_count,
             f"{ups} {adev}")

        # 2. alice creates an encrypted room, inviting bob; bob joins
        await sync(alice)
        await sync(bob)
        cr = await alice.room_create(name="secret", invite=["@bob:localhost"],
                                     initial_state=[EnableEncryptionBuilder().as_dict()])
        room_id = getattr(cr, "room_id", None)
        r = await sync(bob, 2000)
        invited = room_id in r.rooms.invite
        jr = await bob.join(room_id)
        await sync(bob)
        r = await sync(alice, 2000)
        st = (await d.ctl("GET", "/state"))["rooms"].get(room_id, {})
        c.ok("createRoom with initial_state m.room.encryption: encrypted room, invite, join, "
             "alice's sync lists bob in device_lists.changed",
             isinstance(cr, nio.RoomCreateResponse) and invited
             and isinstance(jr, nio.JoinResponse) and st.get("encrypted") is True
             and alice.rooms[room_id].encrypted and bob.rooms[room_id].encrypted
             and "@bob:localhost" in r.device_list.changed,
             f"{cr} {invited} {jr} {st} {r.device_list}")

        # 3. alice sends: keys/query, keys/claim, to-device room key, Megolm message
        before = (await d.ctl("GET", "/keys"))["devices"]["@bob:localhost"]["BOBDEV"]
        sent = await alice.room_send(room_id, "m.room.message",
                                     {"msgtype": "m.text", "body": "the first secret"},
                                     ignore_unverified_devices=True)
        keys = await d.ctl("GET", "/keys")
        td = await d.ctl("GET", "/to_device")
        claims = [x for x in keys["claims"] if x["by"] == "@alice:localhost"]
        raw = [e for e in (await d.ctl("GET", f"/rooms/{room_id}/events"))["events"]
               if e["event_id"] == getattr(sent, "event_id", None)]
        bobdev = alice.device_store.active_user_devices("@bob:localhost")
        bobdev = [(x.device_id, x.display_name) for x in bobdev]
        c.ok("room_send: bob's device known from keys/query (with its display name), one "
             "OTK of his claimed, room key queued as m.room.encrypted to-device, the event "
             "is Megolm ciphertext",
             isinstance(sent, nio.RoomSendResponse)
             and bobdev == [("BOBDEV", "@bob:localhost device")]
             and [(x["user_id"], x["device_id"], x["fallback"]) for x in claims]
             == [("@bob:localhost", "BOBDEV", False)]
             and keys["devices"]["@bob:localhost"]["BOBDEV"]["one_time_keys"]
             ["signed_curve25519"] == before["one_time_keys"]["signed_curve25519"] - 1
             and any(s["type"] == "m.room.encrypted" and ["@bob:localhost", "BOBDEV"]
                     in s["recipients"] for s in td["sent"])
             and td["pending"].get("@bob:localhost|BOBDEV") == 1
             and raw and raw[0]["type"] == "m.room.encrypted"
             and raw[0]["content"]["algorithm"] == "m.megolm.v1.aes-sha2"
             and "the first secret" not in str(raw[0]["content"]),
             f"{sent} {bobdev} {claims} {td}")

        # 4. bob decrypts it; the to-device event goes once bob syncs past it
        got, resp = await sync_until(bob, room_id, lambda e: e.event_id == sent.event_id)
        td_after_next = None
        if got is not None:
            await sync(bob)
            td_after_next = (await d.ctl("GET", "/to_device"))["pending"]
        c.ok("bob decrypts alice's message (Olm to-device, then Megolm); the inbox is "
             "emptied by the next since token; OTK count in sync",
             isinstance(got, nio.RoomMessageText) and got.body == "the first secret"
             and got.decrypted and td_after_next is not None
             and "@bob:localhost|BOBDEV" not in td_after_next
             and resp.device_key_count.signed_curve25519 is not None,
             f"{got} {td_after_next}")

        # 5. bob replies (with in_reply_to), alice decrypts
        reply = await bob.room_send(room_id, "m.room.message",
                                    {"msgtype": "m.text", "body": "the answer",
                                     "m.relates_to": {"m.in_reply_to":
                                                      {"event_id": sent.event_id}}},
                                    ignore_unverified_devices=True)
        raw = [e for e in (await d.ctl("GET", f"/rooms/{room_id}/events"))["events"]
               if e["event_id"] == getattr(reply, "event_id", None)]
        got, _ = await sync_until(alice, room_id,
                                  lambda e: e.event_id == getattr(reply, "event_id", None))
        c.ok("bob's encrypted reply: m.relates_to in the clear, alice decrypts it",
             isinstance(got, nio.RoomMessageText) and got.body == "the answer"
             and raw and raw[0]["content"].get("m.relates_to", {}).get("m.in_reply_to")
             == {"event_id": sent.event_id},
             f"{got} {raw}")

        # 6. the double loses the next to-device batch to bob: a new session's
        #    key never arrives, so bob cannot decrypt that message
        await d.ctl("POST", "/to_device/lose", {"user": "bob"})
        alice.invalidate_outbound_session(room_id)
        lost = await alice.room_send(room_id, "m.room.message",
                                     {"msgtype": "m.text", "body": "never readable"},
                                     ignore_unverified_devices=True)
        got, _ = await sync_until(bob, room_id,
                                  lambda e: e.event_id == getattr(lost, "event_id", None))
        rules = (await d.ctl("GET", "/to_device"))["loss_rules"]
        c.ok("a lost to-device batch: the sender got 200, bob sees an undecryptable "
             "MegolmEvent", isinstance(lost, nio.RoomSendResponse)
             and isinstance(got, nio.MegolmEvent) and rules[0]["fired"] == 1,
             f"{lost} {got} {rules}")

        # 7. carol joins: device_lists.changed for alice; she decrypts the next message
        await login(carol, "carolpw")
        await sync(carol)
        await d.ctl("POST", f"/rooms/{room_id}/invite", {"inviter": "alice", "user": "carol"})
        await sync(carol, 2000)
        await carol.join(room_id)
        await sync(carol)
        r = await sync(alice, 2000)
        changed = list(r.device_list.changed)
        third = await alice.room_send(room_id, "m.room.message",
                                      {"msgtype": "m.text", "body": "hello carol"},
                                      ignore_unverified_devices=True)
        got, _ = await sync_until(carol, room_id,
                                  lambda e: e.event_id == getattr(third, "event_id", None))
        c.ok("a third member: listed in device_lists.changed, gets the room key, decrypts",
             "@carol:localhost" in changed and isinstance(got, nio.RoomMessageText)
             and got.body == "hello carol", f"{changed} {got}")

        # 8. bob leaves: device_lists.left for alice and carol
        await bob.room_leave(room_id)
        ra = await sync(alice, 2000)
        rc = await sync(carol, 2000)
        chg = await client_get(d, alice, "/keys/changes?from=s0&to=" + ra.next_batch)
        c.ok("a member leaves: device_lists.left for those who no longer share an "
             "encrypted room with him; /keys/changes agrees",
             "@bob:localhost" in ra.device_list.left and "@bob:localhost"
             in rc.device_list.left and "@bob:localhost" not in chg.get("changed", []),
             f"{ra.device_list} {rc.device_list} {chg}")

        # 9. logout deletes the device and its keys
        await bob.logout()
        q = await alice.keys_query() if alice.should_query_keys else None
        keys = await d.ctl("GET", "/keys")
        c.ok("logout deletes the device keys",
             "@bob:localhost" not in keys["devices"], f"{q} {list(keys['devices'])}")
    finally:
        for x in (alice, bob, carol):
            await x.close()
        await d.http.close()


async def client_get(d, nio_client, path):
    """A raw client-server GET with nio_client's access token."""
    async with d.http.get(d.url + "/_matrix/client/v3" + path,
                          headers={"Authorization": "Bearer " + nio_client.access_token}) as r:
        return await r.json(content_type=None)


def main():
    extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    # meson's timeout (SIGTERM) and the last-resort alarm leave through the
    # finally below, so the stores and the double go too
    for sig in (signal.SIGTERM, signal.SIGALRM):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    signal.alarm(HARD_TIMEOUT_S + 5)        # last resort if asyncio itself hangs
    start = time.monotonic()
    c = Checks()
    store = tempfile.mkdtemp(prefix="nio-e2ee-check-")
    d = Double(extra)
    try:
        asyncio.run(asyncio.wait_for(run(d, c, store), HARD_TIMEOUT_S))
    except Exception as e:                  # a crash counts as one failure
        c.ok("run to completion", False, repr(e))
    finally:
        d.stop()
        shutil.rmtree(store, ignore_errors=True)
    print(f"({time.monotonic() - start:.1f} s)")
    print(f"matrix-nio e2ee cross-check: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 and c.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
