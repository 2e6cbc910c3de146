#!/usr/bin/python3
"""Benchmark of the Matrix adapter end to end: the real `briefbot run`
against the fake homeserver's flood control, which releases precomputed
room messages in /sync batches (the next batch once the bot has synced past
the previous one).

Prints (it does not assert):
  * events/s through /sync (wall clock, double included) and per second
    of the bot's own CPU time (utime+stime from /proc/PID/stat);
  * command latency p50/p99: one "!ping" at a time, from injecting it at the
    double to the reply arriving there;
  * the bot's peak RSS (VmHWM from /proc/PID/status).

With --encrypted the room is end-to-end encrypted: a matrix-nio client
(with python3-olm) is alice, shares her Megolm session with the bot's
device through the double (keys query and claim, an Olm to-device event)
and Megolm-encrypts every flood event and ping; the bot decrypts each and
encrypts its replies.

Run: /usr/bin/python3 tests/bench/bench_matrix.py [--events 20000]
     [--command-every 100] [--batch 90] [--pings 200] [--encrypted]
     [--perf FILE]"""

import argparse
import asyncio
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
from harness import Bot, FakeMatrix, general_section, matrix_section, tempdir  # noqa: E402
from bench_discord import start_perf  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Alice:
    """alice as a matrix-nio client with encryption: her room's Megolm
    session is shared with the bot, then she encrypts messages herself
    (without sending them) for the double to release."""

    def __init__(self, fake, store):
        import nio  # only the encrypted bench needs matrix-nio and python3-olm
        self.nio = nio
        self.fake = fake
        self.loop = asyncio.new_event_loop()
        fake.ctl("POST", "/users", {"user": "alice", "password": "alicepw"})
        cfg = nio.AsyncClientConfig(store_sync_tokens=False, encryption_enabled=True)
        self.c = nio.AsyncClient(fake.base, "@alice:localhost", device_id="ALICEDEV",
                                 store_path=store, config=cfg)

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    async def _sync(self):
        await self.c.sync(timeout=0, full_state=self.c.next_batch is None)
        if self.c.should_upload_keys:
            await self.c.keys_upload()
        if self.c.should_query_keys:
            await self.c.keys_query()

    def encrypted_room_with_bot(self):
        from nio.event_builders import EnableEncryptionBuilder

        async def go():
            await self.c.login("alicepw")
            await self._sync()
            r = await self.c.room_create(name="bench", invite=["@bot:localhost"],
                                         initial_state=[EnableEncryptionBuilder().as_dict()])
            return r.room_id
        return self.run(go())

    def share_key(self, room_id):
        async def go():
            await self._sync()
            await self.c.share_group_session(room_id, ignore_unverified_devices=True)
        self.run(go())

    def encrypt(self, room_id, body):
        import olm
        session = self.c.olm.outbound_group_sessions[room_id]
        plain = {"type": "m.room.message", "room_id": room_id,
                 "content": {"msgtype": "m.text", "body": body}}
        return ["m.room.encrypted", {
            "algorithm": "m.megolm.v1.aes-sha2",
            "sender_key": self.c.olm.account.identity_keys["curve25519"],
            # olm's own encrypt: nio's wrapper stops a session after 100
            # messages (its rotation), which is the sender's choice, not a limit
            # of the receiving bot
            "ciphertext": olm.OutboundGroupSession.encrypt(session, json.dumps(plain)),
            "session_id": session.id, "device_id": self.c.device_id}]

    def close(self):
        self.run(self.c.close())
        self.loop.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--command-every", type=int, default=100)
    # The bot's timeline limit is 100 events per room and /sync; a batch
    # plus the echoes of the previous batch's replies must fit.
    ap.add_argument("--batch", type=int, default=90)
    ap.add_argument("--pings", type=int, default=200)
    ap.add_argument("--encrypted", action="store_true")
    ap.add_argument("--perf", help="record the bot's flood with perf record -g into this file")
    args = ap.parse_args()
    fake = FakeMatrix()
    with tempdir() as d:
        # end-to-end encryption loads libolm: only for the encrypted run
        keys = ({"encryption": True, "pickle_key": "bench pickle key"}
                if args.encrypted else {})
        bot = Bot(d, {"general": general_section(d, log_level="warn"),
                      "matrix": matrix_section(fake, sync_timeout_ms=5000, **keys)}).start()
        alice = Alice(fake, os.path.join(d, "alice")) if args.encrypted else None
        try:
            flood = {"count": args.events, "command": "!ping",
                     "command_every": args.command_every, "batch": args.batch}
            if alice:
                os.makedirs(os.path.join(d, "alice"), exist_ok=True)
                room = alice.encrypted_room_with_bot()
                fake.wait_member(room, "join")
                alice.share_key(room)
                every = args.command_every
                flood["senders"] = ["alice"]
                flood["contents"] = [
                    alice.encrypt(room, "!ping" if every > 0 and i % every == every - 1
                                  else "chatter message %d" % (i + 1))
                    for i in range(args.events)]
            else:
                room = fake.room(creator="alice", members=["bob", "carol"])
                fake.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
                fake.wait_member(room, "join")
            time.sleep(0.5)
            cpu0 = cpu_seconds(bot.pid())
            t0 = time.monotonic()
            rec = start_perf(bot.pid(), args.perf) if args.perf else None
            fl = fake.ctl("POST", "/rooms/%s/flood" % room, flood, timeout=600)
            got = fake.sends(fl["commands"], 600000)["count"]
            if rec:
                rec.send_signal(signal.SIGINT)
                rec.wait()
            wall = time.monotonic() - t0
            cpu = cpu_seconds(bot.pid()) - cpu0
            lat = []
            for i in range(args.pings):
                t = time.monotonic()
                if alice:
                    fake.ctl("POST", "/rooms/%s/flood" % room,
                             {"senders": ["alice"], "command_every": 1, "batch": 0,
                              "contents": [alice.encrypt(room, "!ping")]})
                else:
                    fake.say(room, "!ping")
                fake.sends(got + 1, 30000)
                got += 1
                lat.append((time.monotonic() - t) * 1000)
            lat.sort()
            hwm = bot.vm_hwm_kb()
            print("matrix bench: %d %sevents (%d commands, answered %d) in %.2f s: "
                  "%.0f events/s wall clock, %.0f events/s per bot CPU second (%.2f s CPU)"
                  % (args.events, "encrypted " if alice else "", fl["commands"],
                     got - args.pings, wall, args.events / wall,
                     args.events / cpu if cpu > 0 else float("inf"), cpu))
            print("matrix bench: command latency over %d pings: p50 %.1f ms, p99 %.1f ms"
                  % (len(lat), lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))]))
            print("matrix bench: peak RSS (VmHWM) %d kB = %.1f MB" % (hwm, hwm / 1024))
        finally:
            if alice:
                alice.close()
            bot.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
