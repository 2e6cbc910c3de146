"""What the end-to-end encryption tests (test_e2ee.py, test_e2ee_faults.py)
share: the bot's encryption settings, and a person in an encrypted Matrix
room played by matrix-nio with its own Olm/Megolm (python3-olm). nio's
store lives in the harness's scratch folder, so it goes with it even when a
test fails.

Everything is async (nio); the fake homeserver's control API (harness,
urllib) is called synchronously in between, which is fine: nio only does
I/O while awaited."""

import asyncio
import json
import os
import sys
import time
import urllib.request

import nio
import olm
from nio.event_builders import EnableEncryptionBuilder

from harness import (DOUBLES, Bot, Checks, FakeMatrix, general_section, hard_timeout,
                     matrix_section, scratch_dir, stop_bots)

sys.path.insert(0, DOUBLES)
from fake_matrix import canonical_json, strip_signed  # noqa: E402

BOT = "@bot:localhost"
NOTICE = "could not decrypt"

# The bot's encryption settings: [matrix] keys (bot/config_keys.def) and the
# pickle key, a secret, from the environment.
E2EE_MATRIX = {"encryption": True}
E2EE_ENV = {"MATRIX_PICKLE_KEY": "test pickle key, not a real secret"}
# The config key that says the bot can do end-to-end encryption at all.
E2EE_KEY = '"matrix", "%s"' % next(iter(E2EE_MATRIX))
CONFIG_KEYS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                           "bot", "config_keys.def")
# Room timelines of up to 100 events per sync (the double's default is 10,
# as Synapse's): the tests read every reply, none may fall into a gap.
SYNC_FILTER = {"room": {"timeline": {"limit": 100}}}


class Human:
    def __init__(self, fake, name, device=None):
        self.fake = fake
        self.name = name
        self.user_id = "@%s:localhost" % name
        fake.ctl("POST", "/users", {"user": name, "password": name + "-pw"})
        cfg = nio.AsyncClientConfig(store_sync_tokens=False, encryption_enabled=True)
        self.client = nio.AsyncClient(fake.base, self.user_id,
                                      device_id=device or name.upper() + "PHONE",
                                      store_path=scratch_dir("nio-%s-" % name), config=cfg)
        self.decrypted = {}         # event_id -> nio event, every decrypted room message
        self.undecryptable = {}     # event_id -> MegolmEvent nio could not decrypt

    async def start(self):
        r = await self.client.login(self.name + "-pw", device_name=self.name + "'s phone")
        if not isinstance(r, nio.LoginResponse):
            raise RuntimeError("%s: login failed: %s" % (self.name, r))
        await self.sync(0)

    async def close(self):
        await self.client.close()

    async def sync(self, timeout_ms=1000):
        """One /sync plus the key traffic a nio client does after it."""
        c = self.client
        r = await c.sync(timeout=timeout_ms, full_state=c.next_batch is None,
                         sync_filter=SYNC_FILTER)
        if not isinstance(r, nio.SyncResponse):
            return None
        for room in r.rooms.join.values():
            for e in room.timeline.events:
                if isinstance(e, nio.MegolmEvent):
                    self.undecryptable[e.event_id] = e
                elif isinstance(e, (nio.RoomMessageText, nio.RoomMessageNotice)):
                    self.decrypted[e.event_id] = e
        if c.should_upload_keys:
            await c.keys_upload()
        if c.should_query_keys:
            await c.keys_query()
        return r

    async def create_encrypted_room(self, invite):
        r = await self.client.room_create(
            name="briefing", invite=list(invite),
            initial_state=[EnableEncryptionBuilder().as_dict()])
        if not isinstance(r, nio.RoomCreateResponse):
            raise RuntimeError("room_create: %s" % r)
        await self.sync(0)
        return r.room_id

    async def join_when_invited(self, room_id, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = await self.sync(500)
            if r is not None and room_id in r.rooms.invite:
                break
        j = await self.client.join(room_id)
        if not isinstance(j, nio.JoinResponse):
            raise RuntimeError("%s: join failed: %s" % (self.name, j))
        await self.sync(0)

    async def say(self, room_id, body):
        """Sends an encrypted message (to every device, verified or not, as
        Element does by default); returns its event id."""
        r = await self.client.room_send(room_id, "m.room.message",
                                        {"msgtype": "m.text", "body": body},
                                        ignore_unverified_devices=True)
        if not isinstance(r, nio.RoomSendResponse):
            raise RuntimeError("%s: room_send failed: %s" % (self.name, r))
        return r.event_id

    def bot_replies(self, event_id):
        """The bot's decrypted messages that reply to event_id."""
        return [e for e in self.decrypted.values() if e.sender == BOT and
                ((e.source.get("content") or {}).get("m.relates_to") or {})
                .get("m.in_reply_to", {}).get("event_id") == event_id]

    async def wait_replies(self, event_ids, timeout=60):
        """Syncs until every event has a decrypted reply from the bot (or
        the time is up); returns {event_id: [replies]}."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(self.bot_replies(e) for e in event_ids):
                break
            await self.sync(1000)
        return {e: self.bot_replies(e) for e in event_ids}

    async def settle(self, rounds=3):
        """A few more syncs, so late duplicates would show."""
        for _ in range(rounds):
            await self.sync(1000)


class CrossSigning:
    """A user's cross-signing keys (python3-olm PkSigning), which nio 0.20
    cannot make: a master key and a self-signing key signed by it, uploaded
    with the user's access token; sign_device() cross-signs one device."""

    def __init__(self, fake, human):
        self.fake = fake
        self.human = human
        self.master = olm.PkSigning(olm.PkSigning.generate_seed())
        self.ssk = olm.PkSigning(olm.PkSigning.generate_seed())
        mk = self._key("master", self.master)
        sk = self._signed(self._key("self_signing", self.ssk), self.master)
        self.call("/keys/device_signing/upload", {"master_key": mk, "self_signing_key": sk})

    def _key(self, usage, signer):
        return {"user_id": self.human.user_id, "usage": [usage],
                "keys": {"ed25519:" + signer.public_key: signer.public_key}}

    def _signed(self, obj, signer):
        obj = strip_signed(obj)
        obj["signatures"] = {self.human.user_id: {
            "ed25519:" + signer.public_key: signer.sign(canonical_json(obj))}}
        return obj

    def call(self, path, body):
        req = urllib.request.Request(
            self.fake.base + "/_matrix/client/v3" + path, data=json.dumps(body).encode(),
            method="POST", headers={"Content-Type": "application/json", "Authorization":
                                    "Bearer " + self.human.client.access_token})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def sign_device(self, device_id):
        """Cross-signs the device's uploaded keys with the self-signing key."""
        dk = self.fake.ctl("GET", "/keys")["devices"][self.human.user_id][device_id]
        signed = self._signed(dk["device_keys"], self.ssk)
        r = self.call("/keys/signatures/upload", {self.human.user_id: {device_id: signed}})
        if r.get("failures"):
            raise RuntimeError("signatures/upload: %s" % r)


def raw_event(fake, room_id, event_id):
    """The event as the homeserver holds it (ciphertext and clear parts)."""
    for e in fake.ctl("GET", "/rooms/%s/events" % room_id)["events"]:
        if e["event_id"] == event_id:
            return e
    return None


def bot_keys(fake):
    """The bot's devices at the homeserver: {device_id: summary}."""
    return fake.ctl("GET", "/keys")["devices"].get(BOT, {})


def wait_bot_keys(fake, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        devs = bot_keys(fake)
        if any(d.get("device_keys") for d in devs.values()):
            return devs
        time.sleep(0.1)
    return bot_keys(fake)


def skip_without_e2ee():
    """Exit 77 (meson: skipped) when the source tree's bot has no encryption
    setting yet (bot/config_keys.def), i.e. before the bot side of issue 13."""
    with open(CONFIG_KEYS) as f:
        if E2EE_KEY not in f.read():
            print("SKIP: bot/config_keys.def has no %s key: no end-to-end encryption "
                  "in this bot" % E2EE_KEY)
            sys.exit(77)


def e2ee_bot(fake, **matrix):
    """A bot with encryption on (and `matrix` keys), serving the fake
    homeserver (not started)."""
    workdir = scratch_dir("e2ee-")
    return Bot(workdir, {"general": general_section(workdir),
                         "matrix": matrix_section(fake, **dict(E2EE_MATRIX, **matrix))},
               env=E2EE_ENV)


def expected(command, body):
    """Whether body is the right answer to one of the tests' commands."""
    return body == "pong" if command == "!ping" else "United States" in body


def main(title, scenario, hard_timeout_s, *args):
    """Runs `await scenario(checks, fake, bots, *args)` against a new fake
    homeserver, within hard_timeout_s; returns the exit status."""
    skip_without_e2ee()
    c = Checks(title)
    fake = FakeMatrix("--user", "bot:botpass")
    bots = []
    hard_timeout(hard_timeout_s, lambda: stop_bots(bots, c, fake))
    try:
        asyncio.run(asyncio.wait_for(scenario(c, fake, bots, *args), hard_timeout_s - 20))
    except Exception as e:              # a crash or a timeout is one failure
        c.ok("the scenario runs to its end", False, repr(e))
    finally:
        stop_bots(bots, c, fake)
        if c.failed and bots:
            print(bots[0].output()[-4000:])
    return c.finish()

