#!/usr/bin/python3
"""Cross-check: the real matrix-nio client against tests/doubles/fake_matrix.py.

Starts the double, drives a matrix-nio AsyncClient through login, sync,
invite/join, receiving a message, replying, idempotent sends, a 429 and a
token invalidation, and verifies each step at the double's control API.
Prints 'matrix-nio cross-check: N passed, M failed'; exit 0 only if M == 0.

Extra arguments after '--' go to the double (e.g. '-- --break txn' to prove
that the checks fail when the double misbehaves).
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import aiohttp
import nio

HERE = os.path.dirname(os.path.abspath(__file__))
HARD_TIMEOUT_S = 55


class Double:
    """The fake homeserver as a child process plus a control client."""

    def __init__(self, extra_args):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "fake_matrix.py"), "--port", "0",
             "--user", "bot:botpass"] + extra_args,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            if not os.environ.get("CHECK_VERBOSE") else None)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the double exited before listening")
        self.port = json.loads(line)["port"]
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = None

    async def ctl(self, method, path, body=None):
        async with self.http.request(method, self.url + "/_control" + path,
                                     json=body) as r:
            data = await r.json(content_type=None)
            if r.status != 200:
                raise RuntimeError(f"control {method} {path} -> {r.status} {data}")
            return data

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")
        return cond


def new_client(d, device_id=None, **cfg):
    config = nio.AsyncClientConfig(store_sync_tokens=False, encryption_enabled=False, **cfg)
    return nio.AsyncClient(d.url, "@bot:localhost", device_id=device_id, config=config)


async def run(d, c):
    d.http = aiohttp.ClientSession()
    bot = new_client(d, device_id="BRIEFBOT1")
    impatient = None
    try:
        # 1. login with password, device id reused, whoami
        resp = await bot.login("botpass")
        relog = new_client(d, device_id="BRIEFBOT1")
        resp2 = await relog.login("botpass")
        await relog.close()
        who = await bot.whoami() if isinstance(resp, nio.LoginResponse) else None
        bad = new_client(d)
        badlogin = await bad.login("wrong")
        await bad.close()
        c.ok("login: password login, device_id kept, whoami, bad password is M_FORBIDDEN",
             isinstance(resp, nio.LoginResponse) and resp.device_id == "BRIEFBOT1"
             and isinstance(resp2, nio.LoginResponse) and resp2.device_id == "BRIEFBOT1"
             and isinstance(who, nio.responses.WhoamiError)   # re-login on the device killed token 1
             and isinstance(badlogin, nio.LoginError) and badlogin.status_code == "M_FORBIDDEN",
             f"{resp} {resp2} {who} {badlogin}")
        bot.access_token = resp2.access_token
        who = await bot.whoami()
        c.ok("whoami with the new token",
             isinstance(who, nio.responses.WhoamiResponse) and who.user_id == "@bot:localhost",
             str(who))

        # 2. filter + initial sync, then invite by control, seen in a long-poll sync
        flt = await bot.upload_filter(room={"timeline": {"types": ["m.room.message"],
                                                         "limit": 20}},
                                      presence={"types": []}, account_data={"types": []})
        filter_id = getattr(flt, "filter_id", None)
        first = await bot.sync(timeout=0, sync_filter=filter_id, full_state=True)
        room_id = (await d.ctl("POST", "/rooms", {"creator": "alice", "name": "News"}))["room_id"]
        waiting = asyncio.ensure_future(bot.sync(timeout=10000, sync_filter=filter_id))
        await asyncio.sleep(0.2)
        await d.ctl("POST", f"/rooms/{room_id}/invite", {"inviter": "alice"})
        inv = await waiting
        inv_events = inv.rooms.invite[room_id].invite_state \
            if isinstance(inv, nio.SyncResponse) and room_id in inv.rooms.invite else []
        members = [e for e in inv_events if isinstance(e, nio.InviteMemberEvent)
                   and e.state_key == "@bot:localhost" and e.membership == "invite"]
        c.ok("sync: filter stored, initial sync, long-poll wakes on invite with inviter as sender",
             isinstance(flt, nio.UploadFilterResponse) and isinstance(first, nio.SyncResponse)
             and isinstance(inv, nio.SyncResponse) and len(members) == 1
             and members[0].sender == "@alice:localhost"
             and inv.next_batch != first.next_batch,
             f"{flt} {inv} {inv_events}")

        # 3. join, then receive an injected message, reply to it
        joined = await bot.join(room_id)
        jm = await bot.joined_members(room_id)
        enc = await bot.room_get_state_event(room_id, "m.room.encryption")
        js = await bot.sync(timeout=0, sync_filter=filter_id)
        waiting = asyncio.ensure_future(bot.sync(timeout=10000, sync_filter=filter_id))
        await asyncio.sleep(0.2)
        injected = await d.ctl("POST", f"/rooms/{room_id}/messages",
                               {"sender": "alice", "body": "who backs the YPG?"})
        got = await waiting
        tl = got.rooms.join[room_id].timeline.events \
            if isinstance(got, nio.SyncResponse) and room_id in got.rooms.join else []
        texts = [e for e in tl if isinstance(e, nio.RoomMessageText)]
        c.ok("join + receive: joined_members, no m.room.encryption (M_NOT_FOUND), message arrives",
             isinstance(joined, nio.JoinResponse) and isinstance(js, nio.SyncResponse)
             and isinstance(jm, nio.JoinedMembersResponse)
             and {m.user_id for m in jm.members} == {"@alice:localhost", "@bot:localhost"}
             and isinstance(enc, nio.RoomGetStateEventError) and enc.status_code == "M_NOT_FOUND"
             and len(texts) == 1 and texts[0].event_id == injected["event_id"]
             and texts[0].body == "who backs the YPG?" and texts[0].sender == "@alice:localhost",
             f"{joined} {jm} {enc} {got}")

        reply = {"msgtype": "m.text", "body": "Russia & Iran <back> Assad",
                 "format": "org.matrix.custom.html",
                 "formatted_body": "Russia &amp; Iran &lt;back&gt; Assad",
                 "m.relates_to": {"m.in_reply_to": {"event_id": injected["event_id"]}},
                 "m.mentions": {}}
        sent = await bot.room_send(room_id, "m.room.message", reply)
        sends = await d.ctl("GET", "/sends")
        last = sends["sends"][-1] if sends["sends"] else {}
        c.ok("reply: room_send recorded with in_reply_to, formatted_body and m.mentions",
             isinstance(sent, nio.RoomSendResponse) and last.get("event_id") == sent.event_id
             and last["content"]["m.relates_to"]["m.in_reply_to"]["event_id"]
             == injected["event_id"] and last["content"]["m.mentions"] == {}
             and last["content"]["formatted_body"] == reply["formatted_body"]
             and last["room_id"] == room_id, f"{sent} {last}")

        # 4. the same txn id twice: one event, same event id
        a = await bot.room_send(room_id, "m.room.message",
                                {"msgtype": "m.text", "body": "once"}, tx_id="fixed-txn-1")
        b = await bot.room_send(room_id, "m.room.message",
                                {"msgtype": "m.text", "body": "once"}, tx_id="fixed-txn-1")
        sends = await d.ctl("GET", "/sends")
        events = (await d.ctl("GET", f"/rooms/{room_id}/events"))["events"]
        onces = [e for e in events if e["content"].get("body") == "once"]
        c.ok("txn id: repeated PUT gives the original event_id and no second event",
             isinstance(a, nio.RoomSendResponse) and isinstance(b, nio.RoomSendResponse)
             and a.event_id == b.event_id and len(onces) == 1
             and sum(1 for s in sends["sends"] if s["txn_id"] == "fixed-txn-1") == 1
             and sends["duplicate_txn_ids"] == 1, f"{a} {b} {len(onces)} {sends['duplicate_txn_ids']}")

        # 5. 429: nio retries by itself after retry_after_ms with the same txn id
        await d.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "429",
                                        "retry_after_ms": 300, "times": 1})
        n_before = len((await d.ctl("GET", "/log"))["requests"])
        r = await bot.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "after 429"})
        reqs = (await d.ctl("GET", "/log"))["requests"][n_before:]
        puts = [q for q in reqs if q["method"] == "PUT"]
        c.ok("429: nio retries after retry_after_ms, same path (txn id), one event",
             isinstance(r, nio.RoomSendResponse) and [q["status"] for q in puts] == [429, 200]
             and puts[0]["path"] == puts[1]["path"]
             and sum(1 for e in (await d.ctl("GET", f"/rooms/{room_id}/events"))["events"]
                     if e["content"].get("body") == "after 429") == 1, f"{r} {puts}")

        impatient = new_client(d, max_limit_exceeded=0)
        impatient.access_token, impatient.user_id = bot.access_token, bot.user_id
        impatient.device_id = bot.device_id
        await d.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "429",
                                        "retry_after_ms": 1500, "times": 1})
        r = await impatient.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "x"})
        c.ok("429 surfaces as RoomSendError M_LIMIT_EXCEEDED with retry_after_ms parsed",
             isinstance(r, nio.RoomSendError) and r.status_code == "M_LIMIT_EXCEEDED"
             and r.retry_after_ms == 1500, str(r))

        # 6. response lost after the event was created: retry with the txn id
        await d.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "drop",
                                        "when": "after", "times": 1})
        r = await bot.room_send(room_id, "m.room.message",
                                {"msgtype": "m.text", "body": "lost reply"}, tx_id="fixed-txn-2")
        evs = (await d.ctl("GET", f"/rooms/{room_id}/events"))["events"]
        c.ok("dropped response after commit: nio retries, still one event",
             isinstance(r, nio.RoomSendResponse)
             and [e["event_id"] for e in evs if e["content"].get("body") == "lost reply"]
             == [r.event_id], f"{r}")

        # 7. limited timeline with prev_batch
        gap = await d.ctl("POST", f"/rooms/{room_id}/gap", {"sender": "bob", "count": 6,
                                                            "shown": 2})
        g = await bot.sync(timeout=5000, sync_filter=filter_id)
        t = g.rooms.join[room_id].timeline if isinstance(g, nio.SyncResponse) \
            and room_id in g.rooms.join else None
        c.ok("gap: limited timeline shows only the newest events and a prev_batch",
             t is not None and t.limited is True and bool(t.prev_batch)
             and [e.event_id for e in t.events] == gap["shown"], f"{g}")

        # 8. kick shows up in rooms.leave; invalidated token is M_UNKNOWN_TOKEN
        await d.ctl("POST", f"/rooms/{room_id}/kick", {"by": "alice", "reason": "bye"})
        k = await bot.sync(timeout=5000, sync_filter=filter_id)
        await d.ctl("POST", "/invalidate_token", {"user": "bot"})
        dead = await bot.sync(timeout=0, sync_filter=filter_id)
        c.ok("kick lands in rooms.leave; invalidated token gives M_UNKNOWN_TOKEN",
             isinstance(k, nio.SyncResponse) and room_id in k.rooms.leave
             and isinstance(dead, nio.SyncError) and dead.status_code == "M_UNKNOWN_TOKEN"
             and dead.soft_logout is False, f"{k} {dead}")

        # 9. the client used the API the way the double logs it
        reqs = (await d.ctl("GET", "/log"))["requests"]
        c.ok("request log: every client request recorded with a status",
             len(reqs) > 10 and all(q["status"] is not None for q in reqs)
             and any(q["status"] == "dropped" for q in reqs),
             json.dumps(reqs[-3:]))
    finally:
        await bot.close()
        if impatient:
            await impatient.close()
        await d.http.close()


def main():
    extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    signal.alarm(HARD_TIMEOUT_S + 5)        # last resort if asyncio itself hangs
    start = time.monotonic()
    c = Checks()
    d = Double(extra)
    try:
        asyncio.run(asyncio.wait_for(run(d, c), HARD_TIMEOUT_S))
    except Exception as e:                  # a crash counts as one failure
        c.ok("run to completion", False, repr(e))
    finally:
        d.stop()
    print(f"({time.monotonic() - start:.1f} s)")
    print(f"matrix-nio cross-check: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 and c.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
