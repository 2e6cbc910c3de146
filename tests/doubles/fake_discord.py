#!/usr/bin/python3
"""A scriptable fake Discord (REST v10 + gateway v10) for briefbot's tests.

One process, one port on 127.0.0.1 (0 = chosen by the OS).  Once listening it
prints one JSON line on stdout, {"port": N}, and then logs to stderr.

  * REST under --prefix (default /api/v10): auth, User-Agent, per-route
    rate-limit buckets with Discord's headers, 429s, nonces, replies,
    interactions, webhooks, bulk command overwrite.
  * Gateway websocket at /gateway: HELLO, IDENTIFY/RESUME, READY,
    GUILD_CREATE, heartbeats, sequence numbers kept per session, replay on
    resume, zlib-stream transport compression, 120 sends / 60 s, heartbeat
    timeout, intents.
  * Control API under /_control/ (JSON, no auth) to inject events, inject
    faults and read back everything the client did.  See README.md.

Only the standard library and Debian's python3-aiohttp.  Run it with
/usr/bin/python3.
"""

import argparse
import asyncio
import base64
import collections
import gc
import hashlib
import json
import math
import os
import random
import re
import socket
import struct
import sys
import time
import zlib
from datetime import datetime, timezone

from aiohttp import WSMsgType, web

# --------------------------------------------------------------------------
# constants

DISCORD_EPOCH_MS = 1420070400000

OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_PRESENCE = 3
OP_VOICE_STATE = 4
OP_RESUME = 6
OP_RECONNECT = 7
OP_REQUEST_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
# Every intent bit Discord knows (0-16, 20, 21, 24, 25).
VALID_INTENTS = (
    ((1 << 17) - 1) | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25))
PRIVILEGED_INTENTS = (
    INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT)

# Close codes after which Discord will not accept a RESUME of the session.
NON_RESUMABLE_CLOSES = (4004, 4010, 4011, 4012, 4013, 4014)

ZLIB_SUFFIX = b"\x00\x00\xff\xff"

# Application command names: lowercase letters, digits, - and _ (Discord
# also allows other scripts; a C bot has no reason to use them).
COMMAND_NAME_RE = re.compile(r"^[-_\w]{1,32}$", re.UNICODE)
OPTION_TYPES = range(1, 12)  # SUB_COMMAND (1) .. ATTACHMENT (11)

# Default buckets: name -> (limit, window seconds).
DEFAULT_BUCKETS = {
    "create_message": (5, 5.0),
    "edit_message": (5, 5.0),
    "delete_message": (5, 1.0),
    "get_message": (50, 1.0),
    "typing": (5, 5.0),
    "interaction_callback": (50, 1.0),
    "webhook": (5, 2.0),
    "commands": (10, 10.0),
    "gateway": (50, 1.0),
    "identity": (50, 1.0),
    "channel": (50, 1.0),
    "dm": (5, 5.0),
}
# Routes authenticated by the token in their path (no Bot header needed).
TOKEN_ROUTES = ("interaction_callback", "webhook")
# Discord's global limit: 50 requests per second per bot (interaction
# endpoints are exempt).
DEFAULT_GLOBAL = (50, 1.0)

UA_LENIENT_RE = re.compile(r"^DiscordBot \(.+\)")
UA_STRICT_RE = re.compile(r"^DiscordBot \([^,()\s]+, [^,()]+\)")


def _send_all(sock, blob):
    """Writes blob to a non-blocking socket, waiting whenever it is full."""
    import select
    view = memoryview(blob)
    while view:
        try:
            n = sock.send(view)
            view = view[n:]
        except BlockingIOError:
            select.select([], [sock], [], 1.0)


async def push_blob(transport, blob):
    """Sends a large pre-encoded flood from a worker thread, so that the
    double's event loop (busy answering the bot's REST calls) does not
    throttle the gateway stream: the flood measures the bot, not the
    double. Only when nothing else is queued on the transport (the caller
    holds the connection's send lock); otherwise an ordinary write."""
    sock = transport.get_extra_info("socket")
    if sock is None or transport.get_write_buffer_size() > 0 or len(blob) < (1 << 20):
        transport.write(blob)
        return
    raw = socket.socket(fileno=os.dup(sock.fileno()))
    try:
        raw.setblocking(False)
        await asyncio.get_running_loop().run_in_executor(None, _send_all, raw, blob)
    finally:
        raw.close()  # the duplicate only; asyncio keeps its own


def ws_frame(wire):
    """A complete unmasked server websocket frame (FIN set) holding `wire`:
    binary for bytes, text for str."""
    if isinstance(wire, bytes):
        opcode, data = 0x2, wire
    else:
        opcode, data = 0x1, wire.encode()
    n = len(data)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
    return head + data


# Discord JSON error codes the double answers with: code -> (status, message)
ERRORS = {
    10003: (404, "Unknown Channel"),
    10008: (404, "Unknown Message"),
    10015: (404, "Unknown Webhook"),
    10062: (404, "Unknown interaction"),
    40060: (400, "Interaction has already been acknowledged."),
    50001: (403, "Missing Access"),
    50005: (403, "Cannot edit a message authored by another user"),
    50006: (400, "Cannot send an empty message"),
    50035: (400, "Invalid Form Body"),
    50109: (400, "The request body contains invalid JSON."),
}


def derr(code, errors=None):
    """(status, body) of a Discord JSON error, with field `errors` if any."""
    status, message = ERRORS[code]
    body = {"code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    return status, body


def iso_now():
    """Discord-style ISO-8601 timestamp."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def bucket_hash(name):
    """An opaque bucket id like the ones Discord sends."""
    return hashlib.md5(("bucket:" + name).encode()).hexdigest()


# --------------------------------------------------------------------------
# pure pieces (unit-tested in test_fake_discord.py): they take `now`


class Bucket:
    """A fixed-window rate limit: `limit` requests per `window` seconds,
    the window starting at the first request after the previous one ended.
    `tolerance` forgives a client that arrives a hair before the reset it
    was told (clock granularity)."""

    def __init__(self, limit, window, tolerance=0.0):
        self.limit = int(limit)
        self.window = float(window)
        self.tolerance = float(tolerance)
        self.remaining = self.limit
        self.reset_at = None

    def _roll(self, now):
        if self.reset_at is None or now + self.tolerance >= self.reset_at:
            self.remaining = self.limit
            self.reset_at = now + self.window

    def take(self, now):
        """Try to spend one request at `now`.  Returns (allowed, remaining,
        reset_after); when not allowed the bucket was already exhausted."""
        self._roll(now)
        if self.remaining <= 0:
            return False, 0, max(0.0, self.reset_at - now)
        self.remaining -= 1
        return True, self.remaining, max(0.0, self.reset_at - now)

    def peek(self, now):
        """(remaining, reset_after) without spending anything."""
        if self.reset_at is None or now + self.tolerance >= self.reset_at:
            return self.limit, self.window
        return self.remaining, max(0.0, self.reset_at - now)


class NonceStore:
    """Remembers (channel, nonce) -> message for `ttl` seconds, like
    Discord's enforce_nonce window."""

    def __init__(self, ttl=300.0):
        self.ttl = float(ttl)
        self._seen = {}

    def lookup(self, channel_id, nonce, now):
        """The message first posted with this nonce in this channel, or
        None."""
        if nonce is None:
            return None
        key = (str(channel_id), str(nonce))
        hit = self._seen.get(key)
        if hit is None:
            return None
        when, msg = hit
        if now - when > self.ttl:
            del self._seen[key]
            return None
        return msg

    def remember(self, channel_id, nonce, msg, now):
        if nonce is not None:
            self._seen[(str(channel_id), str(nonce))] = (now, msg)

    def clear(self):
        self._seen.clear()


class Snowflakes:
    """Discord snowflake ids (ms since 2015 << 22 | worker | process |
    increment), strictly increasing."""

    def __init__(self):
        self._last_ms = 0
        self._inc = 0

    def next(self):
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        if ms <= self._last_ms:
            ms = self._last_ms
            self._inc += 1
            if self._inc > 0xFFF:
                ms += 1
                self._inc = 0
        else:
            self._inc = 0
        self._last_ms = ms
        return str((ms << 22) | (1 << 17) | (1 << 12) | self._inc)


def validate_message_body(body):
    """Discord's checks on a create-message body.  Returns None or
    (status, error-json)."""
    if not isinstance(body, dict):
        return derr(50109)
    content = body.get("content")
    errors = {}
    if content is not None and not isinstance(content, str):
        errors["content"] = "must be a string"
    elif isinstance(content, str) and len(content) > 2000:
        errors["content"] = "Must be 2000 or fewer in length."
    embeds = body.get("embeds")
    if embeds is not None and (not isinstance(embeds, list) or len(embeds) > 10):
        errors["embeds"] = "Must be a list of 10 or fewer embeds."
    nonce = body.get("nonce")
    if nonce is not None:
        if isinstance(nonce, bool) or not isinstance(nonce, (str, int)):
            errors["nonce"] = "must be an integer or a string"
        elif isinstance(nonce, str) and len(nonce) > 25:
            errors["nonce"] = "Must be 25 or fewer in length."
    if body.get("enforce_nonce") and nonce is None:
        errors["enforce_nonce"] = "needs a nonce"
    am = body.get("allowed_mentions")
    if am is not None:
        if not isinstance(am, dict):
            errors["allowed_mentions"] = "must be an object"
        else:
            parse = am.get("parse", [])
            if not isinstance(parse, list) or any(
                    p not in ("roles", "users", "everyone") for p in parse):
                errors["allowed_mentions.parse"] = "invalid parse type"
            elif ("users" in parse and am.get("users")) or (
                    "roles" in parse and am.get("roles")):
                errors["allowed_mentions"] = "parse and explicit ids are mutually exclusive"
    ref = body.get("message_reference")
    if ref is not None and (not isinstance(ref, dict) or "message_id" not in ref):
        errors["message_reference"] = "needs message_id"
    if errors:
        return derr(50035, errors)
    if not content and not embeds and not body.get("sticker_ids") \
            and not body.get("components") and not body.get("attachments"):
        return derr(50006)
    return None


def _check_name(name, errors, where, lowercase):
    if not isinstance(name, str) or not COMMAND_NAME_RE.match(name):
        errors[where + ".name"] = "invalid name (1-32 of a-z 0-9 - _)"
    elif lowercase and name != name.lower():
        errors[where + ".name"] = "must be lowercase"


def _check_description(desc, errors, where):
    if not isinstance(desc, str) or not 1 <= len(desc) <= 100:
        errors[where + ".description"] = "must be 1-100 characters"


def _check_options(options, errors, where, depth):
    if options is None:
        return
    if not isinstance(options, list) or len(options) > 25:
        errors[where + ".options"] = "must be a list of at most 25 options"
        return
    seen = set()
    optional_seen = False
    for i, opt in enumerate(options):
        w = "%s.options.%d" % (where, i)
        if not isinstance(opt, dict):
            errors[w] = "must be an object"
            continue
        _check_name(opt.get("name"), errors, w, True)
        _check_description(opt.get("description"), errors, w)
        if opt.get("name") in seen:
            errors[w + ".name"] = "duplicate option name"
        seen.add(opt.get("name"))
        otype = opt.get("type")
        if isinstance(otype, bool) or otype not in OPTION_TYPES:
            errors[w + ".type"] = "must be an option type 1-11"
            continue
        if otype in (1, 2):  # sub command / group
            if depth >= 2 or (otype == 2 and depth >= 1):
                errors[w + ".type"] = "sub-commands nested too deep"
            _check_options(opt.get("options"), errors, w, depth + 1)
            continue
        if opt.get("required"):
            if optional_seen:
                errors[w + ".required"] = "required options must come before optional ones"
        else:
            optional_seen = True
        choices = opt.get("choices")
        if choices is not None and (not isinstance(choices, list) or len(choices) > 25):
            errors[w + ".choices"] = "at most 25 choices"


def validate_commands(commands):
    """Validate a bulk-overwrite body roughly as Discord does.  Returns a
    dict of errors (empty when fine)."""
    errors = {}
    if not isinstance(commands, list):
        return {"_root": "must be a list of commands"}
    if len(commands) > 100:
        errors["_root"] = "at most 100 commands"
    seen = set()
    for i, cmd in enumerate(commands):
        w = str(i)
        if not isinstance(cmd, dict):
            errors[w] = "must be an object"
            continue
        ctype = cmd.get("type", 1)
        if ctype not in (1, 2, 3):
            errors[w + ".type"] = "must be 1, 2 or 3"
            continue
        if ctype == 1:
            _check_name(cmd.get("name"), errors, w, True)
            _check_description(cmd.get("description"), errors, w)
            _check_options(cmd.get("options"), errors, w, 0)
        else:
            name = cmd.get("name")
            if not isinstance(name, str) or not 1 <= len(name) <= 32:
                errors[w + ".name"] = "must be 1-32 characters"
            if cmd.get("description"):
                errors[w + ".description"] = "user/message commands have no description"
        key = (ctype, cmd.get("name"))
        if key in seen:
            errors[w + ".name"] = "duplicate command name"
        seen.add(key)
    return errors


# --------------------------------------------------------------------------
# gateway sessions and connections


class Session:
    """A gateway session: survives its connection so it can be resumed."""

    def __init__(self, session_id, shard, intents):
        self.id = session_id
        self.shard = shard  # [id, count]
        self.intents = intents
        self.seq = 0
        self.history = []  # (seq, json text) of every dispatch
        self.conn = None
        self.resumable = True
        self.created = time.time()

    def to_json(self):
        return {
            "session_id": self.id,
            "shard": self.shard,
            "intents": self.intents,
            "seq": self.seq,
            "resumable": self.resumable,
            "connected": self.conn is not None,
            "connection": self.conn.id if self.conn else None,
        }


class Connection:
    """One websocket to the gateway."""

    def __init__(self, conn_id, ws, transport, compress, query):
        self.id = conn_id
        self.ws = ws
        self.transport = transport
        self.zlib = zlib.compressobj() if compress else None
        self.query = query
        self.session = None
        self.lock = asyncio.Lock()
        self.outbox = collections.deque()  # texts queued, not yet written
        self.tasks = set()                 # background flushes
        self.last_heartbeat = time.monotonic()
        self.heartbeats = 0
        self.closed = False
        self.close_done = None  # set once a server-side close has been sent
        self.close_code = None
        self.close_by = None
        self.opened = time.time()
        self.frames_in = 0
        self.frames_out = 0

    def encode(self, text):
        """The wire form of one payload (compressed through the connection's
        one zlib stream when zlib-stream was asked for)."""
        if self.zlib is None:
            return text
        return self.zlib.compress(text.encode()) + self.zlib.flush(zlib.Z_SYNC_FLUSH)

    async def write(self, wire):
        if isinstance(wire, bytes):
            await self.ws.send_bytes(wire)
        else:
            await self.ws.send_str(wire)
        self.frames_out += 1

    def queue(self, texts):
        """Queue payloads (JSON text) to go out after everything queued
        before; False if the socket is gone.  Frames leave in the order they
        were queued whoever flushes them."""
        if self.closed:
            return False
        self.outbox.extend(texts)
        return True

    async def flush(self):
        """Write what is queued; False if the socket is gone."""
        async with self.lock:
            try:
                while self.outbox:
                    await self.write(self.encode(self.outbox.popleft()))
            except (ConnectionError, RuntimeError):
                return False
        return not self.closed

    def flush_soon(self):
        """flush() in the background."""
        task = asyncio.ensure_future(self.flush())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def send_texts(self, texts):
        """Send payloads (JSON text) in order; False if the socket is gone."""
        return self.queue(texts) and await self.flush()

    def to_json(self):
        return {
            "id": self.id,
            "session_id": self.session.id if self.session else None,
            "compress": self.zlib is not None,
            "query": self.query,
            "heartbeats": self.heartbeats,
            "frames_in": self.frames_in,
            "frames_out": self.frames_out,
            "closed": self.closed,
            "close_code": self.close_code,
            "close_by": self.close_by,
        }


# --------------------------------------------------------------------------
# the double


class FakeDiscord:
    """The whole fake: create, `await start()`, read `.port`, `await
    stop()`."""

    def __init__(self, token="test-token", prefix="/api/v10", port=0,
                 heartbeat_interval=41250, heartbeat_timeout_factor=1.5,
                 allow_message_content=True, shards=1, guilds=2,
                 interaction_timeout=3.0, verbose=False):
        self.defaults = dict(
            token=token, heartbeat_interval=heartbeat_interval,
            heartbeat_timeout_factor=heartbeat_timeout_factor,
            privileged_allowed=PRIVILEGED_INTENTS if allow_message_content
            else PRIVILEGED_INTENTS & ~INTENT_MESSAGE_CONTENT,
            recommended_shards=shards, interaction_timeout=interaction_timeout,
            gateway_send_limit=120, gateway_send_window=60.0,
            require_sharding=False, acks=True, echo_own_messages=True,
            heartbeat_timeout_code=4009, nonce_ttl=300.0,
            rate_tolerance=0.015, max_payload=4096, strict_auth=False,
            resume_supported=True, identify_close_code=0,
        )
        self.prefix = prefix.rstrip("/")
        self.want_port = port
        self.guild_count = guilds
        self.verbose = verbose
        self.port = None
        self.runner = None
        self.ids = Snowflakes()
        self.bot_user = {
            "id": "900000000000000001", "username": "briefbot",
            "discriminator": "0", "global_name": None, "avatar": None,
            "bot": True, "verified": True, "flags": 0, "mfa_enabled": False,
            "public_flags": 0,
        }
        self.app_id = self.bot_user["id"]
        self._reset_state()

    # ----------------------------------------------------------- state
    def _reset_state(self):
        self.cfg = dict(self.defaults)
        self.buckets_cfg = dict(DEFAULT_BUCKETS)
        self.global_cfg = DEFAULT_GLOBAL
        self.buckets = {}
        self.global_bucket = Bucket(*self.global_cfg, tolerance=self.cfg["rate_tolerance"])
        self.penalties = {}  # bucket key or "global" -> monotonic until
        self.faults = []
        self.fault_seq = 0
        self.violations = []
        self.nonces = NonceStore(self.cfg["nonce_ttl"])
        self.duplicate_nonce_hits = 0
        self.duplicate_nonces_posted = 0
        self.nonces_posted = set()
        self.log = []
        self.rest_count = 0
        self.ua_missing = 0
        self.ua_not_strict = 0
        self.user_agents = set()
        self.unauthorized = 0
        self.auth_missing_token_routes = 0
        self.sessions = {}
        self.latest_session = {}  # shard id -> Session
        self.conns = {}
        self.conn_seq = 0
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeat_count = 0
        self.session_start_remaining = 1000
        self.messages = {}  # channel id -> every message, in order
        self.posted = {}  # channel id -> messages the bot created, in order
        self.by_id = {}
        self.posted_by_id = {}
        self.interaction_tokens = {}
        self.interactions = {}
        self.commands_global = []
        self.commands_guild = {}
        self.guilds = self._make_guilds(self.guild_count)
        self.dm_channels = {}

    def _make_guilds(self, n):
        guilds = []
        for i in range(n):
            gid = str(800000000000000001 + i * (1 << 22))
            guilds.append({
                "id": gid, "name": "Guild %d" % (i + 1),
                "channels": [str(int(gid) + 10), str(int(gid) + 11)],
            })
        return guilds

    def guild_of_channel(self, channel_id):
        for g in self.guilds:
            if str(channel_id) in g["channels"]:
                return g["id"]
        return None

    def shard_of(self, guild_id, count):
        if guild_id is None:
            return 0
        return (int(guild_id) >> 22) % count

    def _log(self, fmt, *args):
        if self.verbose:
            print("fake_discord: " + (fmt % args), file=sys.stderr, flush=True)

    # ----------------------------------------------------------- server
    def make_app(self):
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway_handler)
        app.router.add_get("/gateway/", self.gateway_handler)
        app.router.add_route("*", "/_control/{tail:.*}", self.control_handler)
        app.router.add_route("*", self.prefix + "/{tail:.*}", self.rest_handler)
        return app

    async def start(self):
        self.runner = web.AppRunner(self.make_app(), handle_signals=False,
                                    access_log=None)
        await self.runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.want_port))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self.runner, sock, shutdown_timeout=0.5)
        await site.start()
        self._bg = asyncio.ensure_future(self._heartbeat_watch())
        return self.port

    async def stop(self):
        self._bg.cancel()
        for conn in list(self.conns.values()):
            if not conn.closed and conn.transport is not None:
                conn.transport.abort()
        await self.runner.cleanup()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    @property
    def gateway_url(self):
        return "ws://127.0.0.1:%d/gateway" % self.port

    # ----------------------------------------------------------- helpers
    def json_response(self, data, status=200, headers=None):
        h = {"Via": "1.1 google"}  # discord.py treats a 429 without Via as Cloudflare
        if headers:
            h.update(headers)
        if status == 204:
            return web.Response(status=204, headers=h)
        # exactly "application/json": discord.py compares the header verbatim
        h["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(data).encode(), status=status, headers=h)

    def user_obj(self, user):
        """A full user object from an id or a partial dict."""
        if isinstance(user, (str, int)):
            user = {"id": str(user)}
        user = dict(user or {})
        uid = str(user.get("id") or "700000000000000001")
        if uid == self.bot_user["id"]:
            return dict(self.bot_user)
        out = {"id": uid, "username": user.get("username", "user" + uid[-4:]),
               "discriminator": "0", "global_name": user.get("global_name"),
               "avatar": None, "public_flags": 0}
        if user.get("bot"):
            out["bot"] = True
        return out

    def member_obj(self, user=None):
        m = {"roles": [], "joined_at": "2021-09-28T10:00:00.000000+00:00",
             "deaf": False, "mute": False, "nick": None, "flags": 0,
             "pending": False, "permissions": "1071698660929"}
        if user is not None:
            m["user"] = user
        return m

    def guild_payload(self, g):
        gid = g["id"]
        channels = [{
            "id": cid, "type": 0, "guild_id": gid, "name": "channel-%d" % i,
            "position": i,
            "permission_overwrites": list(g.get("overwrites", {}).get(cid, [])),
            "nsfw": False,
            "topic": None, "last_message_id": None, "rate_limit_per_user": 0,
            "parent_id": None,
        } for i, cid in enumerate(g["channels"])]
        return {
            "id": gid, "name": g["name"], "icon": None, "splash": None,
            "discovery_splash": None, "owner_id": "700000000000000001",
            "afk_channel_id": None, "afk_timeout": 300,
            "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [{"id": gid, "name": "@everyone", "permissions": "1071698660929",
                       "position": 0, "color": 0, "hoist": False,
                       "managed": False, "mentionable": False, "flags": 0}]
                     + list(g.get("roles", {}).values()),
            "emojis": [], "stickers": [], "features": [], "mfa_level": 0,
            "application_id": None, "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None,
            "joined_at": "2021-09-28T10:00:00.000000+00:00", "large": False,
            "unavailable": False, "member_count": 2, "voice_states": [],
            "members": [self.member_obj(dict(self.bot_user))],
            "channels": channels, "threads": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [],
            "max_members": 500000, "vanity_url_code": None,
            "description": None, "banner": None, "premium_tier": 0,
            "premium_subscription_count": 0, "preferred_locale": "en-US",
            "public_updates_channel_id": None, "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
        }

    def record(self, entry):
        entry.setdefault("t", time.time())
        entry.setdefault("mono", time.monotonic())
        self.log.append(entry)

    # ================================================================ REST
    def route(self, method, path):
        """(bucket name, major parameter, handler, match groups) or None."""
        for m, pattern, name, major, handler in self.ROUTES:
            if m != method:
                continue
            match = re.fullmatch(pattern, path)
            if match:
                groups = match.groupdict()
                return name, groups.get(major) if major else None, handler, groups
        return None

    def bucket_for(self, name, major):
        key = "%s:%s" % (name, major or "")
        b = self.buckets.get(key)
        limit, window = self.buckets_cfg.get(name, (50, 1.0))
        if b is None or b.limit != limit or b.window != window:
            b = Bucket(limit, window, tolerance=self.cfg["rate_tolerance"])
            self.buckets[key] = b
        return key, b

    def rl_headers(self, name, b, remaining, reset_after):
        return {
            "X-RateLimit-Limit": str(b.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": "%.3f" % (time.time() + reset_after),
            "X-RateLimit-Reset-After": "%.3f" % reset_after,
            "X-RateLimit-Bucket": bucket_hash(name),
        }

    def too_many(self, retry_after, scope, headers=None):
        h = dict(headers or {})
        h["Retry-After"] = str(max(1, math.ceil(retry_after)))
        h["X-RateLimit-Scope"] = scope
        is_global = scope == "global"
        if is_global:
            h["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.",
                "retry_after": round(retry_after, 3), "global": is_global}
        if is_global:
            body["code"] = 0
        return self.json_response(body, status=429, headers=h)

    def match_fault(self, method, path):
        for f in self.faults:
            if f["remaining"] == 0:
                continue
            if f["method"] not in ("*", method):
                continue
            if not re.search(f["path"], path):
                continue
            if f["remaining"] > 0:
                f["remaining"] -= 1
            f["hits"] += 1
            return f
        return None

    async def rest_handler(self, request):
        now = time.monotonic()
        path = "/" + request.match_info["tail"]
        method = request.method
        raw = await request.read()
        body = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        entry = {"kind": "rest", "method": method, "path": path,
                 "query": dict(request.query), "headers": dict(request.headers),
                 "body": body, "status": None}
        self.record(entry)
        self.rest_count += 1
        resp = await self._rest(request, entry, now, method, path, body, raw)
        entry["status"] = resp.status if resp is not None else "dropped"
        if resp is None:
            return web.Response(status=500)
        return resp

    async def _rest(self, request, entry, now, method, path, body, raw):
        ua = request.headers.get("User-Agent")
        if ua:
            self.user_agents.add(ua)
        if not ua or not UA_LENIENT_RE.match(ua):
            self.ua_missing += 1
        elif not UA_STRICT_RE.match(ua):
            self.ua_not_strict += 1
        found = self.route(method, path)
        auth = request.headers.get("Authorization")
        # Interaction callbacks and webhook-token routes are authenticated by
        # the token in the path: Discord needs no Bot header there (and
        # discord.py sends none), unless strict_auth asks for it everywhere.
        token_route = found is not None and found[0] in TOKEN_ROUTES
        if auth is None and token_route and not self.cfg["strict_auth"]:
            self.auth_missing_token_routes += 1
        elif auth != "Bot " + self.cfg["token"]:
            self.unauthorized += 1
            return self.json_response({"message": "401: Unauthorized", "code": 0}, 401)
        fault = self.match_fault(method, path)
        if fault is not None:
            entry["fault"] = fault["id"]
            resp = await self.apply_fault(request, fault, found, now)
            if resp is not False:
                return resp
            now = time.monotonic()
        if found is None:
            return self.json_response({"message": "404: Not Found", "code": 0}, 404)
        name, major, handler, groups = found
        key, b = self.bucket_for(name, major)
        # a retry that comes before the retry_after it was told
        for pkey in ("global", key):
            until = self.penalties.get(pkey)
            if until is not None and now + self.cfg["rate_tolerance"] < until:
                self.violation(entry, pkey, "retried %.3fs before retry_after" % (until - now))
                scope = "global" if pkey == "global" else "user"
                return self.too_many(until - now, scope)
        if name != "interaction_callback":
            ok, _, reset_after = self.global_bucket.take(now)
            if not ok:
                self.violation(entry, "global", "global limit exhausted")
                return self.too_many(reset_after, "global")
        ok, remaining, reset_after = b.take(now)
        headers = self.rl_headers(name, b, remaining, reset_after)
        entry["bucket"] = key
        if not ok:
            self.violation(entry, key, "bucket exhausted")
            return self.too_many(reset_after, "user", headers)
        if raw and method in ("POST", "PATCH", "PUT") and not isinstance(body, (dict, list)):
            return self.json_response({"code": 50109, "message": "The request body contains invalid JSON."}, 400, headers)
        status, data = await handler(self, groups, body, request)
        return self.json_response(data, status, headers)

    def violation(self, entry, key, why):
        entry["violation"] = why
        self.violations.append({"t": time.time(), "method": entry["method"],
                                "path": entry["path"], "bucket": key, "why": why})

    async def apply_fault(self, request, f, found, now):
        """A response for the fault, or False to go on normally."""
        action = f["action"]
        if action == "delay":
            await asyncio.sleep(f["delay"])
            return False
        if action == "drop":
            transport = request.transport
            if transport is not None:
                sock = transport.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                transport.abort()
            return None
        if action == "429":
            ra = f["retry_after"]
            scope = f["scope"]
            if scope == "global":
                self.penalties["global"] = now + ra
                return self.too_many(ra, "global")
            headers = {}
            if found is not None:
                key, b = self.bucket_for(found[0], found[1])
                self.penalties[key] = now + ra
                headers = self.rl_headers(found[0], b, 0, ra)
            return self.too_many(ra, scope, headers)
        status = int(f["status"])
        return self.json_response({"message": "%d: fault injected" % status, "code": 0}, status)

    # ---------------------------------------------------------- handlers
    async def h_gateway(self, g, body, request):
        return 200, {"url": self.gateway_url}

    async def h_gateway_bot(self, g, body, request):
        return 200, {
            "url": self.gateway_url, "shards": self.cfg["recommended_shards"],
            "session_start_limit": {"total": 1000,
                                    "remaining": self.session_start_remaining,
                                    "reset_after": 86400000, "max_concurrency": 1}}

    async def h_me(self, g, body, request):
        return 200, dict(self.bot_user)

    async def h_app(self, g, body, request):
        return 200, {
            "id": self.app_id, "name": "briefbot", "icon": None,
            "description": "", "summary": "", "rpc_origins": [],
            "bot_public": True, "bot_require_code_grant": False,
            "verify_key": "0" * 64, "owner": self.user_obj("700000000000000001"),
            "team": None, "flags": 1 << 19, "bot": dict(self.bot_user),
            "tags": [], "cover_image": None, "privacy_policy_url": None,
            "terms_of_service_url": None, "custom_install_url": None,
            "install_params": None,
        }

    def known_channel(self, channel_id):
        return self.guild_of_channel(channel_id) is not None or channel_id in self.dm_channels

    def new_message(self, channel_id, author, content, guild_id="auto", **extra):
        """Store and return a message; guild_id "auto" = the channel's guild."""
        if guild_id == "auto":
            guild_id = self.guild_of_channel(channel_id)
        msg = {
            "id": self.ids.next(), "channel_id": str(channel_id),
            "author": author, "content": content, "timestamp": iso_now(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": False, "type": 0, "flags": 0,
            "components": [],
        }
        if guild_id is not None:
            msg["guild_id"] = str(guild_id)
        msg.update(extra)
        self.messages.setdefault(str(channel_id), []).append(msg)
        self.by_id[msg["id"]] = msg
        return msg

    async def post_bot_message(self, channel_id, body, source, interaction=None):
        """Create a message from the bot (REST send, interaction response or
        follow-up); record it and echo it on the gateway."""
        extra = {k: body[k] for k in ("embeds", "components", "tts") if k in body}
        if "nonce" in body:
            extra["nonce"] = body["nonce"]
        ref = body.get("message_reference")
        if ref:
            target = self.by_id.get(str(ref.get("message_id")))
            if target is None and ref.get("fail_if_not_exists", True):
                return derr(50035, {"message_reference": "Unknown message"})
            extra["type"] = 19
            extra["message_reference"] = {
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel_id)}
            if target is not None and "guild_id" in target:
                extra["message_reference"]["guild_id"] = target["guild_id"]
            extra["referenced_message"] = target
        if interaction is not None:
            extra["interaction"] = {"id": interaction["id"], "type": 2,
                                    "name": interaction["name"],
                                    "user": interaction["user"]}
            extra["webhook_id"] = self.app_id
            if source == "interaction" or source == "followup":
                extra["type"] = 20 if source == "interaction" else extra.get("type", 0)
        if body.get("flags"):
            extra["flags"] = body["flags"]
        content = body.get("content") or ""
        extra["mentions"] = self.parse_mentions(content)
        msg = self.new_message(channel_id, dict(self.bot_user), content, **extra)
        rec = {"id": msg["id"], "channel_id": str(channel_id),
               "content": content, "nonce": body.get("nonce"),
               "enforce_nonce": bool(body.get("enforce_nonce")),
               "message_reference": body.get("message_reference"),
               "allowed_mentions": body.get("allowed_mentions"),
               "embeds": body.get("embeds"), "flags": body.get("flags"),
               "source": source, "t": time.time(), "edits": [],
               "deleted": False,
               "interaction_id": interaction["id"] if interaction else None}
        self.posted.setdefault(str(channel_id), []).append(rec)
        self.posted_by_id[rec["id"]] = rec
        if body.get("nonce") is not None:
            nk = (str(channel_id), str(body["nonce"]))
            if nk in self.nonces_posted:
                self.duplicate_nonces_posted += 1
            self.nonces_posted.add(nk)
        if self.cfg["echo_own_messages"]:
            self.dispatch_soon("MESSAGE_CREATE", dict(self.with_member(msg)),
                               guild_id=msg.get("guild_id"))
        return 200, msg

    def with_member(self, msg):
        if "guild_id" in msg and "member" not in msg:
            msg = dict(msg)
            msg["member"] = self.member_obj()
        return msg

    def parse_mentions(self, content):
        out = []
        for uid in re.findall(r"<@!?(\d+)>", content or ""):
            if all(u["id"] != uid for u in out):
                out.append(self.user_obj(uid))
        return out

    async def h_create_message(self, g, body, request):
        cid = g["channel_id"]
        if not self.known_channel(cid):
            return derr(10003)
        bad = validate_message_body(body)
        if bad:
            return bad
        now = time.monotonic()
        if body.get("enforce_nonce"):
            original = self.nonces.lookup(cid, body["nonce"], now)
            if original is not None:
                self.duplicate_nonce_hits += 1
                return 200, original
        status, msg = await self.post_bot_message(cid, body, "rest")
        if status == 200 and body.get("nonce") is not None:
            self.nonces.remember(cid, body["nonce"], msg, now)
        return status, msg

    def find_posted(self, message_id):
        """The record of a message the bot posted, or None."""
        return self.posted_by_id.get(message_id)

    def message_at(self, g):
        """The message {channel_id, message_id} names, or None."""
        msg = self.by_id.get(g["message_id"])
        if msg is None or msg["channel_id"] != g["channel_id"]:
            return None
        return msg

    async def h_get_message(self, g, body, request):
        msg = self.message_at(g)
        return (200, msg) if msg is not None else derr(10008)

    async def edit_message(self, msg, body):
        if not isinstance(body, dict):
            return derr(50109)
        if isinstance(body.get("content"), str) and len(body["content"]) > 2000:
            return derr(50035, {"content": "Must be 2000 or fewer in length."})
        for k in ("content", "embeds", "components", "flags", "allowed_mentions"):
            if k in body and k != "allowed_mentions":
                msg[k] = body[k]
        msg["edited_timestamp"] = iso_now()
        rec = self.find_posted(msg["id"])
        if rec is not None:
            rec["edits"].append(body)
            if "content" in body:
                rec["content"] = body["content"]
        await self.dispatch("MESSAGE_UPDATE", self.with_member(msg), guild_id=msg.get("guild_id"))
        return 200, msg

    async def h_edit_message(self, g, body, request):
        msg = self.message_at(g)
        if msg is None:
            return derr(10008)
        if msg["author"]["id"] != self.bot_user["id"]:
            return derr(50005)
        return await self.edit_message(msg, body)

    async def h_delete_message(self, g, body, request):
        msg = self.message_at(g)
        if msg is None:
            return derr(10008)
        del self.by_id[msg["id"]]
        rec = self.find_posted(msg["id"])
        if rec is not None:
            rec["deleted"] = True
        d = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            d["guild_id"] = msg["guild_id"]
        await self.dispatch("MESSAGE_DELETE", d, guild_id=msg.get("guild_id"))
        return 204, None

    async def h_typing(self, g, body, request):
        if not self.known_channel(g["channel_id"]):
            return derr(10003)
        return 204, None

    async def h_get_channel(self, g, body, request):
        cid = g["channel_id"]
        gid = self.guild_of_channel(cid)
        if gid is not None:
            return 200, {"id": cid, "type": 0, "guild_id": gid, "name": "channel",
                         "position": 0, "permission_overwrites": [], "nsfw": False,
                         "parent_id": None, "last_message_id": None}
        if cid in self.dm_channels:
            return 200, self.dm_channels[cid]
        return derr(10003)

    async def h_create_dm(self, g, body, request):
        rid = str((body or {}).get("recipient_id", ""))
        if not rid.isdigit():
            return derr(50035)
        for ch in self.dm_channels.values():
            if ch["recipients"][0]["id"] == rid:
                return 200, ch
        cid = self.ids.next()
        ch = {"id": cid, "type": 1, "last_message_id": None,
              "recipients": [self.user_obj(rid)]}
        self.dm_channels[cid] = ch
        return 200, ch

    # interactions -------------------------------------------------------
    def interaction_by_token(self, app_id, token):
        if app_id != self.app_id:
            return None
        return self.interactions.get(self.interaction_tokens.get(token))

    async def h_callback(self, g, body, request):
        it = self.interactions.get(g["interaction_id"])
        if it is None or it["token"] != g["token"]:
            return derr(10062)
        elapsed = time.monotonic() - it["mono"]
        it["callback_attempts"].append({"elapsed": elapsed, "body": body})
        if it["acked"]:
            return derr(40060)
        if self.cfg["interaction_timeout"] and elapsed > self.cfg["interaction_timeout"]:
            it["late"] = True
            return derr(10062)
        if not isinstance(body, dict) or body.get("type") not in (4, 5):
            return derr(50035, {"type": "must be 4 or 5 for a command"})
        data = body.get("data") or {}
        if body["type"] == 4:
            bad = validate_message_body(data)
            if bad:
                return bad
        it["acked"] = True
        it["ack_elapsed"] = elapsed
        it["callback_type"] = body["type"]
        it["callback"] = body
        if body["type"] == 4:
            status, msg = await self.post_bot_message(it["channel_id"], data, "interaction", it)
            if status != 200:
                it["acked"] = False
                return status, msg
            it["original_id"] = msg["id"]
        return 204, None

    async def h_original(self, g, body, request):
        it = self.interaction_by_token(g["app_id"], g["token"])
        if it is None or not it["acked"]:
            return derr(10015)
        method = request.method
        if it["original_id"] is None:
            if method != "PATCH":
                return derr(10008)
            bad = validate_message_body(body)
            if bad:
                return bad
            status, msg = await self.post_bot_message(it["channel_id"], body, "interaction", it)
            if status == 200:
                it["original_id"] = msg["id"]
                it["edits"].append(body)
            return status, msg
        msg = self.by_id.get(it["original_id"])
        if msg is None:
            return derr(10008)
        if method == "GET":
            return 200, msg
        if method == "DELETE":
            return await self.h_delete_message({"channel_id": msg["channel_id"],
                                                "message_id": msg["id"]}, None, request)
        it["edits"].append(body)
        return await self.edit_message(msg, body)

    async def h_followup(self, g, body, request):
        it = self.interaction_by_token(g["app_id"], g["token"])
        if it is None or not it["acked"]:
            return derr(10015)
        bad = validate_message_body(body)
        if bad:
            return bad
        status, msg = await self.post_bot_message(it["channel_id"], body, "followup", it)
        if status == 200:
            it["followups"].append(msg["id"])
        return status, msg

    # application commands ---------------------------------------------
    def store_commands(self, cmds, guild_id):
        out = []
        for c in cmds:
            c2 = dict(c)
            c2.setdefault("type", 1)
            c2["id"] = self.ids.next()
            c2["application_id"] = self.app_id
            c2["version"] = self.ids.next()
            c2.setdefault("description", "")
            c2.setdefault("default_member_permissions", None)
            c2.setdefault("dm_permission", True)
            c2.setdefault("nsfw", False)
            if guild_id:
                c2["guild_id"] = guild_id
            out.append(c2)
        return out

    async def h_put_commands(self, g, body, request):
        if g["app_id"] != self.app_id:
            return derr(50001)
        errors = validate_commands(body)
        if errors:
            return derr(50035, errors)
        gid = g.get("guild_id")
        cmds = self.store_commands(body, gid)
        if gid:
            if not any(x["id"] == gid for x in self.guilds):
                return derr(50001)
            self.commands_guild[gid] = cmds
        else:
            self.commands_global = cmds
        return 200, cmds

    async def h_get_commands(self, g, body, request):
        if g["app_id"] != self.app_id:
            return derr(50001)
        gid = g.get("guild_id")
        return 200, self.commands_guild.get(gid, []) if gid else self.commands_global

    SNOW = r"(?P<%s>\d{1,20})"
    ROUTES = [
        ("GET", r"/gateway", "gateway", None, h_gateway),
        ("GET", r"/gateway/bot", "gateway", None, h_gateway_bot),
        ("GET", r"/users/@me", "identity", None, h_me),
        ("GET", r"/oauth2/applications/@me", "identity", None, h_app),
        ("GET", r"/applications/@me", "identity", None, h_app),
        ("POST", r"/users/@me/channels", "dm", None, h_create_dm),
        ("GET", r"/channels/%s" % (SNOW % "channel_id"), "channel", "channel_id", h_get_channel),
        ("POST", r"/channels/%s/messages" % (SNOW % "channel_id"),
         "create_message", "channel_id", h_create_message),
        ("GET", r"/channels/%s/messages/%s" % (SNOW % "channel_id", SNOW % "message_id"),
         "get_message", "channel_id", h_get_message),
        ("PATCH", r"/channels/%s/messages/%s" % (SNOW % "channel_id", SNOW % "message_id"),
         "edit_message", "channel_id", h_edit_message),
        ("DELETE", r"/channels/%s/messages/%s" % (SNOW % "channel_id", SNOW % "message_id"),
         "delete_message", "channel_id", h_delete_message),
        ("POST", r"/channels/%s/typing" % (SNOW % "channel_id"), "typing", "channel_id", h_typing),
        ("POST", r"/interactions/%s/(?P<token>[^/]+)/callback" % (SNOW % "interaction_id"),
         "interaction_callback", "interaction_id", h_callback),
        ("GET", r"/webhooks/%s/(?P<token>[^/]+)/messages/@original" % (SNOW % "app_id"),
         "webhook", "token", h_original),
        ("PATCH", r"/webhooks/%s/(?P<token>[^/]+)/messages/@original" % (SNOW % "app_id"),
         "webhook", "token", h_original),
        ("DELETE", r"/webhooks/%s/(?P<token>[^/]+)/messages/@original" % (SNOW % "app_id"),
         "webhook", "token", h_original),
        ("POST", r"/webhooks/%s/(?P<token>[^/]+)" % (SNOW % "app_id"), "webhook", "token", h_followup),
        ("PUT", r"/applications/%s/commands" % (SNOW % "app_id"), "commands", None, h_put_commands),
        ("GET", r"/applications/%s/commands" % (SNOW % "app_id"), "commands", None, h_get_commands),
        ("PUT", r"/applications/%s/guilds/%s/commands" % (SNOW % "app_id", SNOW % "guild_id"),
         "commands", "guild_id", h_put_commands),
        ("GET", r"/applications/%s/guilds/%s/commands" % (SNOW % "app_id", SNOW % "guild_id"),
         "commands", "guild_id", h_get_commands),
    ]

    # ============================================================= gateway
    def frame(self, op, d, s=None, t=None):
        return json.dumps({"op": op, "d": d, "s": s, "t": t}, separators=(",", ":"))

    def dispatch_text(self, session, event, data):
        session.seq += 1
        text = self.frame(OP_DISPATCH, data, session.seq, event)
        session.history.append((session.seq, text))
        return text

    def wants(self, session, event, data, guild_id):
        """Whether Discord would send this event to this session (intents
        and shard routing), and the payload after intents."""
        count = session.shard[1]
        if guild_id is not None and self.shard_of(guild_id, count) != session.shard[0]:
            return False, data
        if guild_id is None and event.startswith("MESSAGE_") and session.shard[0] != 0:
            return False, data  # DMs go to shard 0
        intents = session.intents
        if event.startswith("MESSAGE_"):
            need = INTENT_GUILD_MESSAGES if guild_id is not None else INTENT_DIRECT_MESSAGES
            if not intents & need:
                return False, data
            if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and \
                    not intents & INTENT_MESSAGE_CONTENT and guild_id is not None:
                author = (data.get("author") or {}).get("id")
                mentioned = any(u.get("id") == self.bot_user["id"] for u in data.get("mentions", []))
                if author != self.bot_user["id"] and not mentioned:
                    data = dict(data, content="", embeds=[], attachments=[], components=[])
        if event.startswith("GUILD_") and not intents & INTENT_GUILDS:
            return False, data
        return True, data

    def target_sessions(self, guild_id, session_id=None):
        if session_id:
            s = self.sessions.get(session_id)
            return [s] if s else []
        out = []
        for shard_id, s in self.latest_session.items():
            if s.resumable and (guild_id is None and shard_id == 0 or
                                guild_id is not None and
                                self.shard_of(guild_id, s.shard[1]) == shard_id):
                out.append(s)
        return out

    def sequence(self, event, data, guild_id=None, session_id=None):
        """Give a dispatch a sequence number in every session that should
        see it and queue it where a connection is live.  Returns the seqs
        and the connections that have it queued."""
        seqs = {}
        conns = []
        for s in self.target_sessions(guild_id, session_id):
            ok, payload = self.wants(s, event, data, guild_id)
            if not ok:
                continue
            text = self.dispatch_text(s, event, payload)
            seqs[s.id] = s.seq
            if s.conn is not None and s.conn.queue([text]):
                conns.append(s.conn)
        return seqs, conns

    async def dispatch(self, event, data, guild_id=None, session_id=None):
        """sequence(), then send it.  Returns the seqs."""
        seqs, conns = self.sequence(event, data, guild_id, session_id)
        for c in conns:
            await c.flush()
        return seqs

    def dispatch_soon(self, event, data, guild_id=None):
        """Like dispatch(), from the next turn of the loop and without
        waiting for the write: for events Discord sends on their own, such
        as the echo of a message the bot posted, which does not hold up the
        REST answer."""
        def go():
            for c in self.sequence(event, data, guild_id)[1]:
                c.flush_soon()
        asyncio.get_running_loop().call_soon(go)

    def gw_log(self, conn, direction, payload, note=None):
        e = {"kind": "gateway", "conn": conn.id, "dir": direction,
             "op": payload.get("op") if isinstance(payload, dict) else None,
             "payload": payload}
        if note:
            e["note"] = note
        self.record(e)

    async def close_conn(self, conn, code, reason=""):
        if conn.closed:
            return
        conn.closed = True
        conn.close_code = code
        conn.close_by = "server"
        conn.close_done = asyncio.Event()
        if conn.session is not None and code in NON_RESUMABLE_CLOSES:
            conn.session.resumable = False
        self.record({"kind": "gateway", "conn": conn.id, "dir": "server_close",
                     "op": None, "code": code, "reason": reason})
        try:
            await conn.ws.close(code=code, message=reason.encode())
        except Exception:  # noqa: BLE001 - the peer may be gone already
            pass
        finally:
            conn.close_done.set()

    def drop_conn(self, conn, rst=True):
        if conn.closed:
            return
        conn.closed = True
        conn.close_by = "dropped"
        self.record({"kind": "gateway", "conn": conn.id, "dir": "server_drop", "op": None})
        if conn.transport is not None:
            if rst:
                sock = conn.transport.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.transport.abort()
        self._detach(conn)

    def _detach(self, conn):
        if conn.session is not None and conn.session.conn is conn:
            conn.session.conn = None

    async def gateway_handler(self, request):
        q = dict(request.query)
        if q.get("encoding", "json") != "json":
            return web.Response(status=400, text="only encoding=json is faked")
        compress = q.get("compress") == "zlib-stream"
        ws = web.WebSocketResponse(compress=False, max_msg_size=0, autoping=True,
                                   timeout=2.0)
        await ws.prepare(request)
        self.conn_seq += 1
        conn = Connection(self.conn_seq, ws, request.transport, compress, q)
        self.conns[conn.id] = conn
        self.record({"kind": "gateway", "conn": conn.id, "dir": "open", "op": None,
                     "query": q, "headers": dict(request.headers)})
        self._log("gateway connection %d %s", conn.id, q)
        send_limit = Bucket(self.cfg["gateway_send_limit"], self.cfg["gateway_send_window"])
        try:
            if q.get("v") not in (None, "9", "10"):
                await self.close_conn(conn, 4012, "Invalid API version")
                return ws
            await conn.send_texts([self.frame(OP_HELLO, {"heartbeat_interval": self.cfg["heartbeat_interval"]})])
            conn.last_heartbeat = time.monotonic()
            async for msg in ws:
                if conn.closed:
                    break
                conn.frames_in += 1
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                size = len(msg.data)
                ok, _, _ = send_limit.take(time.monotonic())
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    self.gw_log(conn, "in", None, "undecodable")
                    await self.close_conn(conn, 4002, "Error while decoding payload.")
                    break
                self.gw_log(conn, "in", payload)
                if not ok:
                    await self.close_conn(conn, 4008, "Rate limited.")
                    break
                if size > self.cfg["max_payload"]:
                    await self.close_conn(conn, 4002, "Payload too large.")
                    break
                if not isinstance(payload, dict) or "op" not in payload:
                    await self.close_conn(conn, 4002, "Error while decoding payload.")
                    break
                await self.gateway_op(conn, payload)
                if conn.closed:
                    break
        finally:
            if conn.close_done is not None:
                # a close sent from another task (control, heartbeat watch):
                # let it finish, or aiohttp closes with 1000 on return
                try:
                    await asyncio.wait_for(conn.close_done.wait(), 5)
                except asyncio.TimeoutError:
                    pass
            if not conn.closed:
                conn.closed = True
                conn.close_by = "client"
                conn.close_code = ws.close_code
                # a client that closes with 1000/1001 ends its session
                if conn.session is not None and ws.close_code in (1000, 1001):
                    conn.session.resumable = False
                self.record({"kind": "gateway", "conn": conn.id, "dir": "client_close",
                             "op": None, "code": ws.close_code})
            self._detach(conn)
        return ws

    async def gateway_op(self, conn, p):
        op = p.get("op")
        d = p.get("d")
        if op == OP_HEARTBEAT:
            conn.last_heartbeat = time.monotonic()
            conn.heartbeats += 1
            self.heartbeat_count += 1
            if self.cfg["acks"]:
                await conn.send_texts([self.frame(OP_HEARTBEAT_ACK, None)])
            return
        if op in (OP_IDENTIFY, OP_RESUME):
            if conn.session is not None:
                await self.close_conn(conn, 4005, "Already authenticated.")
                return
            start = self.identify if op == OP_IDENTIFY else self.resume
            await start(conn, d if isinstance(d, dict) else {})
            return
        if op in (OP_PRESENCE, OP_VOICE_STATE, OP_REQUEST_MEMBERS):
            if conn.session is None:
                await self.close_conn(conn, 4003, "Not authenticated.")
                return
            if op == OP_REQUEST_MEMBERS and isinstance(d, dict):
                chunk = {"guild_id": str(d.get("guild_id")), "members": [],
                         "chunk_index": 0, "chunk_count": 1, "not_found": []}
                if d.get("nonce"):
                    chunk["nonce"] = d["nonce"]
                await self.dispatch("GUILD_MEMBERS_CHUNK", chunk, session_id=conn.session.id)
            return
        await self.close_conn(conn, 4001, "Unknown opcode.")

    def token_ok(self, token):
        if not isinstance(token, str):
            return False
        if token.startswith("Bot "):
            token = token[4:]
        return token == self.cfg["token"]

    async def identify(self, conn, d):
        self.identify_count += 1
        if self.cfg["identify_close_code"]:
            # a one-shot fault: this IDENTIFY is answered by a close
            code, self.cfg["identify_close_code"] = self.cfg["identify_close_code"], 0
            await self.close_conn(conn, int(code), "Fault injected at identify.")
            return
        if not self.token_ok(d.get("token")):
            await self.close_conn(conn, 4004, "Authentication failed.")
            return
        intents = d.get("intents")
        if isinstance(intents, str) and intents.isdigit():
            intents = int(intents)
        if isinstance(intents, bool) or not isinstance(intents, int) or intents < 0 \
                or intents & ~VALID_INTENTS:
            await self.close_conn(conn, 4013, "Invalid intent(s).")
            return
        if intents & PRIVILEGED_INTENTS & ~self.cfg["privileged_allowed"]:
            await self.close_conn(conn, 4014, "Disallowed intent(s).")
            return
        shard = d.get("shard", [0, 1])
        if not (isinstance(shard, list) and len(shard) == 2 and
                all(isinstance(x, int) and not isinstance(x, bool) for x in shard) and
                shard[1] >= 1 and 0 <= shard[0] < shard[1]):
            await self.close_conn(conn, 4010, "Invalid shard.")
            return
        if self.cfg["require_sharding"] and shard[1] < self.cfg["recommended_shards"]:
            await self.close_conn(conn, 4011, "Sharding required.")
            return
        if self.session_start_remaining > 0:
            self.session_start_remaining -= 1
        session = Session(hashlib.md5(self.ids.next().encode()).hexdigest(), shard, intents)
        self.sessions[session.id] = session
        old = self.latest_session.get(shard[0])
        self.latest_session[shard[0]] = session
        session.conn = conn
        conn.session = session
        mine = [g for g in self.guilds if self.shard_of(g["id"], shard[1]) == shard[0]]
        ready = {
            "v": 10, "user": dict(self.bot_user), "session_type": "normal",
            "guilds": [{"id": g["id"], "unavailable": True} for g in mine],
            "session_id": session.id, "resume_gateway_url": self.gateway_url,
            "shard": shard, "application": {"id": self.app_id, "flags": 1 << 19},
            "private_channels": [], "relationships": [], "presences": [],
            "geo_ordered_rtc_regions": [], "_trace": ["fake-discord"],
        }
        texts = [self.dispatch_text(session, "READY", ready)]
        if intents & INTENT_GUILDS:
            for g in mine:
                texts.append(self.dispatch_text(session, "GUILD_CREATE", self.guild_payload(g)))
        self._log("identify conn %d -> session %s shard %s intents %d", conn.id,
                  session.id, shard, intents)
        await conn.send_texts(texts)
        if old is not None and old.conn is not None and old.conn is not conn:
            pass  # an older session may stay connected (Discord allows that)

    async def resume(self, conn, d):
        self.resume_count += 1
        session = self.sessions.get(d.get("session_id"))
        seq = d.get("seq")
        valid = (self.token_ok(d.get("token")) and session is not None and
                 session.resumable and (seq is None or (isinstance(seq, int) and 0 <= seq <= session.seq)))
        if not self.cfg["resume_supported"]:
            # Spacebar has no RESUME: every one is answered op 9 d=false
            valid = False
            if session is not None:
                session.resumable = False
        if not valid:
            self.record({"kind": "gateway", "conn": conn.id, "dir": "note", "op": None,
                         "note": "resume rejected"})
            await conn.send_texts([self.frame(OP_INVALID_SESSION, False)])
            return
        if session.conn is not None and session.conn is not conn:
            old = session.conn
            old.session = None
            await self.close_conn(old, 4000, "Session resumed elsewhere.")
        session.conn = conn
        conn.session = session
        self.latest_session[session.shard[0]] = session
        seq = seq or 0
        missed = [text for s, text in session.history if s > seq]
        missed.append(self.dispatch_text(session, "RESUMED", {"_trace": ["fake-discord"]}))
        self._log("resume conn %d session %s from %d: replaying %d", conn.id,
                  session.id, seq, len(missed) - 1)
        await conn.send_texts(missed)

    async def _heartbeat_watch(self):
        while True:
            await asyncio.sleep(0.05)
            factor = self.cfg["heartbeat_timeout_factor"]
            if not factor:
                continue
            limit = self.cfg["heartbeat_interval"] / 1000.0 * factor
            now = time.monotonic()
            for conn in list(self.conns.values()):
                if not conn.closed and now - conn.last_heartbeat > limit:
                    self._log("conn %d missed its heartbeat", conn.id)
                    asyncio.ensure_future(self.close_conn(
                        conn, self.cfg["heartbeat_timeout_code"], "Heartbeat timed out."))

    def live_conns(self, body):
        out = [c for c in self.conns.values() if not c.closed]
        if body.get("conn") is not None:
            out = [c for c in out if c.id == int(body["conn"])]
        if body.get("session_id"):
            out = [c for c in out if c.session and c.session.id == body["session_id"]]
        return out

    # ============================================================= control
    def place(self, b):
        """(channel id, guild id or None) of a control request: channel_id
        defaults to the first guild's first channel, guild_id to the
        channel's guild (null = a DM)."""
        cid = str(b.get("channel_id") or self.guilds[0]["channels"][0])
        gid = b.get("guild_id", "auto")
        if gid == "auto":
            gid = self.guild_of_channel(cid)
        return cid, gid

    def make_user_message(self, b):
        cid, gid = self.place(b)
        if gid is None and cid not in self.dm_channels:
            self.dm_channels[cid] = {"id": cid, "type": 1, "last_message_id": None,
                                     "recipients": [self.user_obj(b.get("author"))]}
        author = self.user_obj(b.get("author") or {"id": "700000000000000002",
                                                   "username": "alice"})
        content = b.get("content", "")
        mentions = [self.user_obj(u) for u in b.get("mentions", [])]
        for u in self.parse_mentions(content):
            if all(m["id"] != u["id"] for m in mentions):
                mentions.append(u)
        extra = {"mentions": mentions}
        if gid is not None:
            extra["member"] = self.member_obj()
            extra["member"]["roles"] = [str(r) for r in b.get("member_roles", [])]
        if b.get("message_reference"):
            extra["message_reference"] = b["message_reference"]
            extra["type"] = 19
        return self.new_message(cid, author, content, guild_id=gid, **extra)

    def make_interaction(self, b):
        cid, gid = self.place(b)
        user = self.user_obj(b.get("user") or {"id": "700000000000000002", "username": "alice"})
        name = b.get("name", "ping")
        registered = None
        for c in self.commands_guild.get(gid, []) + self.commands_global:
            if c.get("name") == name:
                registered = c
        options = b.get("options") or []
        if isinstance(options, dict):
            types = {o["name"]: o["type"] for o in (registered or {}).get("options", []) or []}
            opts = []
            for k, v in options.items():
                t = types.get(k)
                if t is None:
                    t = 5 if isinstance(v, bool) else 4 if isinstance(v, int) else \
                        10 if isinstance(v, float) else 3
                opts.append({"name": k, "type": t, "value": v})
            options = opts
        iid = self.ids.next()
        # Shaped like Discord's: base64url of "interaction:<id>:<secret>",
        # longer than 200 characters, as real ones are.
        secret = hashlib.sha512(iid.encode()).hexdigest()
        token = base64.urlsafe_b64encode(
            ("interaction:%s:%s" % (iid, secret)).encode()).decode().rstrip("=")
        token = b.get("token", token)  # a test may send a malformed one
        data = {"id": registered["id"] if registered else self.ids.next(),
                "name": name, "type": 1}
        if options:
            data["options"] = options
        if gid is not None:
            data["guild_id"] = str(gid)
        payload = {
            "id": iid, "application_id": self.app_id, "type": b.get("type", 2),
            "data": data, "channel_id": cid,
            "channel": {"id": cid, "type": 0 if gid else 1},
            "token": token, "version": 1, "locale": "en-US",
            "app_permissions": "1071698660929", "entitlements": [],
        }
        if gid is not None:
            payload["guild_id"] = str(gid)
            payload["guild_locale"] = "en-US"
            payload["member"] = self.member_obj(user)
        else:
            payload["user"] = user
        self.interaction_tokens[token] = iid
        self.interactions[iid] = {
            "id": iid, "token": token, "name": name, "user": user,
            "channel_id": cid, "guild_id": gid, "mono": time.monotonic(),
            "t": time.time(), "acked": False, "ack_elapsed": None,
            "callback_type": None, "callback": None, "callback_attempts": [],
            "original_id": None, "followups": [], "edits": [], "late": False,
        }
        return payload

    async def c_message(self, b):
        msg = self.make_user_message(b)
        seqs = await self.dispatch("MESSAGE_CREATE", msg, guild_id=msg.get("guild_id"),
                                   session_id=b.get("session_id"))
        return {"id": msg["id"], "channel_id": msg["channel_id"], "seqs": seqs}

    async def c_role(self, b):
        """Creates (or with `id`, updates) a role in a guild and dispatches
        GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE, as Discord does."""
        gid = str(b.get("guild_id") or self.guilds[0]["id"])
        g = next(g for g in self.guilds if g["id"] == gid)
        roles = g.setdefault("roles", {})
        rid = str(b.get("id") or self.ids.next())
        event = "GUILD_ROLE_UPDATE" if rid in roles else "GUILD_ROLE_CREATE"
        roles[rid] = {"id": rid, "name": b.get("name", "role"),
                      "permissions": str(b.get("permissions", "0")), "position": len(roles) + 1,
                      "color": 0, "hoist": False, "managed": False, "mentionable": False,
                      "flags": 0}
        seqs = await self.dispatch(event, {"guild_id": g["id"], "role": roles[rid]},
                                   guild_id=g["id"])
        return {"id": rid, "seqs": seqs}

    async def c_overwrites(self, b):
        """Sets a channel's permission_overwrites ([{id, type, allow, deny}])
        and dispatches CHANNEL_UPDATE with the whole channel."""
        cid = str(b["channel_id"])
        g = next(g for g in self.guilds if cid in g["channels"])
        g.setdefault("overwrites", {})[cid] = [
            {"id": str(o["id"]), "type": int(o.get("type", 0)),
             "allow": str(o.get("allow", "0")), "deny": str(o.get("deny", "0"))}
            for o in b.get("overwrites", [])]
        channel = next(c for c in self.guild_payload(g)["channels"] if c["id"] == cid)
        seqs = await self.dispatch("CHANNEL_UPDATE", channel, guild_id=g["id"])
        return {"seqs": seqs}

    async def c_interaction(self, b):
        payload = self.make_interaction(b)
        seqs = await self.dispatch("INTERACTION_CREATE", payload,
                                   guild_id=payload.get("guild_id"),
                                   session_id=b.get("session_id"))
        self.interactions[payload["id"]]["mono"] = time.monotonic()
        return {"id": payload["id"], "token": payload["token"], "seqs": seqs}

    async def c_flood(self, b):
        n = int(b.get("n", 100))
        mix = b.get("mix") or {"chatter about the article": 0.9, "!ping": 0.1}
        if isinstance(mix, dict):
            mix = list(mix.items())
        rng = random.Random(b.get("seed", 1))
        contents = [c for c, _ in mix]
        weights = [float(w) for _, w in mix]
        # "channel_ids": the messages go to these in turn; else all to one
        cids = [str(c) for c in (b.get("channel_ids") or
                                 [b.get("channel_id") or self.guilds[0]["channels"][0]])]
        authors = [{"id": str(700000000000000100 + i), "username": "user%d" % i}
                   for i in range(int(b.get("authors", 8)))]
        counts = {}
        msgs = []
        for i in range(n):
            content = rng.choices(contents, weights)[0]
            counts[content] = counts.get(content, 0) + 1
            msgs.append(self.make_user_message({"channel_id": cids[i % len(cids)],
                                                "content": content,
                                                "guild_id": b.get("guild_id", "auto"),
                                                "author": authors[i % len(authors)]}))
        gid = msgs[0].get("guild_id") if msgs else None
        sent = 0
        last_seq = None
        t_write = None  # wall clock when the first frame went to a socket
        encode_s = write_s = 0.0
        for s in self.target_sessions(gid, b.get("session_id")):
            t0 = time.monotonic()
            texts = []
            for m in msgs:
                ok, payload = self.wants(s, "MESSAGE_CREATE", m, gid)
                if ok:
                    texts.append(self.dispatch_text(s, "MESSAGE_CREATE", payload))
                    last_seq = s.seq
            conn = s.conn
            if conn is None or conn.closed or conn.transport is None:
                continue
            # frames queued before these go first, in the same write
            pending = list(conn.outbox)
            conn.outbox.clear()
            async with conn.lock:
                # Pre-encode whole websocket frames, then hand them to the
                # socket in one write: the double is never the bottleneck.
                blob = b"".join(ws_frame(conn.encode(t)) for t in pending + texts)
                t1 = time.monotonic()
                if t_write is None:
                    t_write = time.time()
                await push_blob(conn.transport, blob)
                conn.frames_out += len(pending) + len(texts)
                sent += len(texts)
                write_s += time.monotonic() - t1
                encode_s += t1 - t0

        ids_by_content = {}
        for m in msgs:
            ids_by_content.setdefault(m["content"], []).append(m["id"])
        # What a flood stores (messages, history) lives as long as the
        # double: keep it out of the cyclic collector, whose full passes
        # over a heap this size stall the loop for tens of ms and would be
        # measured as the bot's latency.
        gc.freeze()
        return {"count": n, "sent": sent, "counts": counts, "encode_s": encode_s,
                "write_s": write_s, "ids": ids_by_content, "last_seq": last_seq,
                "t_write": t_write}

    async def c_faults(self, b):
        rules = b.get("rules") if isinstance(b.get("rules"), list) else [b]
        ids = []
        for r in rules:
            action = str(r.get("action", r.get("status", "500")))
            if action not in ("429", "500", "502", "503", "504", "delay", "drop") \
                    and not action.isdigit():
                raise ValueError("unknown fault action " + action)
            self.fault_seq += 1
            self.faults.append({
                "id": self.fault_seq, "method": r.get("method", "*").upper(),
                "path": r.get("path", ".*"), "remaining": int(r.get("count", 1)),
                "action": action, "status": int(action) if action.isdigit() else 0,
                "retry_after": float(r.get("retry_after", 1.0)),
                "scope": r.get("scope", "user"), "delay": float(r.get("delay", 1.0)),
                "hits": 0,
            })
            ids.append(self.fault_seq)
        return {"ids": ids}

    async def c_buckets(self, b):
        if "global" in b:
            g = b["global"]
            self.global_cfg = (int(g["limit"]), float(g["window"]))
            self.global_bucket = Bucket(*self.global_cfg, tolerance=self.cfg["rate_tolerance"])
        for name, v in (b.get("routes") or {}).items():
            if name not in DEFAULT_BUCKETS:
                raise ValueError("unknown route bucket " + name)
            self.buckets_cfg[name] = (int(v["limit"]), float(v["window"]))
        if b.get("route"):
            if b["route"] not in DEFAULT_BUCKETS:
                raise ValueError("unknown route bucket " + b["route"])
            self.buckets_cfg[b["route"]] = (int(b["limit"]), float(b["window"]))
        return {"routes": self.buckets_cfg, "global": self.global_cfg}

    async def c_config(self, b):
        for k, v in b.items():
            if k == "allow_message_content":
                if v:
                    self.cfg["privileged_allowed"] |= INTENT_MESSAGE_CONTENT
                else:
                    self.cfg["privileged_allowed"] &= ~INTENT_MESSAGE_CONTENT
            elif k in self.cfg:
                self.cfg[k] = v
            else:
                raise ValueError("unknown config key " + k)
        cfg = dict(self.cfg)
        cfg.pop("token")
        return cfg

    async def c_gateway(self, action, b):
        conns = self.live_conns(b)
        if action == "drop":
            for c in conns:
                self.drop_conn(c, rst=b.get("rst", True))
        elif action == "close":
            for c in conns:
                await self.close_conn(c, int(b.get("code", 4000)), b.get("reason", ""))
        elif action == "reconnect":
            for c in conns:
                await c.send_texts([self.frame(OP_RECONNECT, None)])
        elif action == "invalid_session":
            resumable = bool(b.get("resumable", b.get("d", False)))
            for c in conns:
                if c.session is not None and not resumable:
                    c.session.resumable = False
                await c.send_texts([self.frame(OP_INVALID_SESSION, resumable)])
        elif action == "heartbeat":
            for c in conns:
                await c.send_texts([self.frame(OP_HEARTBEAT, None)])
        elif action == "acks":
            self.cfg["acks"] = bool(b.get("enabled", True))
        else:
            raise KeyError(action)
        for c in conns:
            self.record({"kind": "control", "conn": c.id, "dir": "control", "op": None,
                         "action": action})
        return {"connections": [c.id for c in conns]}

    def state(self):
        live = [c for c in self.conns.values() if not c.closed]
        return {
            "port": self.port,
            "sessions": [s.to_json() for s in self.sessions.values()],
            "connections": [c.to_json() for c in self.conns.values()],
            "connection_count": len(self.conns),
            "live_connections": len(live),
            "identify_count": self.identify_count,
            "resume_count": self.resume_count,
            "heartbeat_count": self.heartbeat_count,
            "rest_count": self.rest_count,
            "violations": len(self.violations),
            "violation_list": self.violations,
            "unauthorized": self.unauthorized,
            "auth_missing_token_routes": self.auth_missing_token_routes,
            "user_agent_all_present": self.ua_missing == 0,
            "user_agent_all_strict": self.ua_missing == 0 and self.ua_not_strict == 0,
            "user_agents": sorted(self.user_agents),
            "duplicate_nonce_hits": self.duplicate_nonce_hits,
            "duplicate_nonces_posted": self.duplicate_nonces_posted,
            "messages_posted": sum(len(v) for v in self.posted.values()),
            "interactions": list(self.interactions.values()),
            "faults": self.faults,
            "buckets": {k: {"limit": v.limit, "window": v.window,
                            "remaining": v.peek(time.monotonic())[0]}
                        for k, v in self.buckets.items()},
            "commands": {"global": self.commands_global, "guild": self.commands_guild},
            "guilds": [{"id": g["id"], "channels": g["channels"]} for g in self.guilds],
            "bot_user": self.bot_user,
            "config": {k: v for k, v in self.cfg.items() if k != "token"},
        }

    def counters(self):
        live = [c for c in self.conns.values() if not c.closed]
        ready = [c for c in live if c.session is not None]
        return {
            "identify_count": self.identify_count, "resume_count": self.resume_count,
            "live_connections": len(live), "ready_connections": len(ready),
            "connection_count": len(self.conns), "heartbeat_count": self.heartbeat_count,
            "messages_posted": sum(len(v) for v in self.posted.values()),
            "rest_count": self.rest_count, "violations": len(self.violations),
            "interactions_acked": sum(1 for i in self.interactions.values() if i["acked"]),
        }

    async def c_wait(self, b):
        """Wait until every named counter is >= its value (or timeout)."""
        timeout = float(b.pop("timeout", 5.0))
        want = {k: int(v) for k, v in b.items()}
        deadline = time.monotonic() + timeout
        while True:
            c = self.counters()
            unknown = [k for k in want if k not in c]
            if unknown:
                raise ValueError("unknown counters %s" % unknown)
            if all(c[k] >= v for k, v in want.items()):
                return {"ok": True, "counters": c}
            if time.monotonic() >= deadline:
                return {"ok": False, "counters": c}
            await asyncio.sleep(0.01)

    async def control_handler(self, request):
        tail = request.match_info["tail"].strip("/")
        try:
            b = await request.json() if request.can_read_body else {}
        except ValueError:
            return web.json_response({"error": "body is not JSON"}, status=400)
        if b is None:
            b = {}
        try:
            if request.method == "GET":
                if tail == "log":
                    since = int(request.query.get("since", 0))
                    kind = request.query.get("kind")
                    entries = self.log[since:]
                    if kind:
                        entries = [e for e in entries if e["kind"] == kind]
                    return web.json_response({"entries": entries, "next": len(self.log)})
                if tail == "messages":
                    return web.json_response({"channels": self.posted,
                                              "all": sorted((m for v in self.posted.values() for m in v),
                                                            key=lambda m: m["t"])})
                if tail == "state":
                    return web.json_response(self.state())
                if tail == "counters":
                    return web.json_response(self.counters())
                return web.json_response({"error": "unknown " + tail}, status=404)
            if tail == "reset":
                for c in list(self.conns.values()):
                    self.drop_conn(c, rst=False)
                self._reset_state()
                return web.json_response({"ok": True})
            if tail == "message":
                return web.json_response(await self.c_message(b))
            if tail == "interaction":
                return web.json_response(await self.c_interaction(b))
            if tail == "role":
                return web.json_response(await self.c_role(b))
            if tail == "overwrites":
                return web.json_response(await self.c_overwrites(b))
            if tail == "flood":
                return web.json_response(await self.c_flood(b))
            if tail == "faults":
                if request.method == "DELETE":
                    self.faults = []
                    return web.json_response({"ok": True})
                return web.json_response(await self.c_faults(b))
            if tail == "buckets":
                return web.json_response(await self.c_buckets(b))
            if tail == "config":
                return web.json_response(await self.c_config(b))
            if tail == "wait":
                return web.json_response(await self.c_wait(b))
            if tail.startswith("gateway/"):
                return web.json_response(await self.c_gateway(tail[len("gateway/"):], b))
        except (KeyError, ValueError, TypeError) as exc:
            return web.json_response({"error": "%s: %s" % (type(exc).__name__, exc)}, status=400)
        return web.json_response({"error": "unknown " + tail}, status=404)


# --------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--token", default="test-token")
    p.add_argument("--prefix", default="/api/v10")
    p.add_argument("--heartbeat-interval", type=int, default=41250, help="ms")
    p.add_argument("--heartbeat-timeout-factor", type=float, default=1.5,
                   help="close a connection silent for interval*factor; 0 = never")
    p.add_argument("--no-message-content", action="store_true",
                   help="refuse the MESSAGE_CONTENT intent (close 4014)")
    p.add_argument("--shards", type=int, default=1, help="shards GET /gateway/bot recommends")
    p.add_argument("--guilds", type=int, default=2)
    p.add_argument("--interaction-timeout", type=float, default=3.0,
                   help="seconds to answer an interaction; 0 = no limit")
    p.add_argument("--strict-auth", action="store_true",
                   help="demand the Bot header on interaction/webhook routes too")
    p.add_argument("--verbose", "-v", action="store_true")
    return p.parse_args(argv)


async def amain(args):
    fake = FakeDiscord(token=args.token, prefix=args.prefix, port=args.port,
                       heartbeat_interval=args.heartbeat_interval,
                       heartbeat_timeout_factor=args.heartbeat_timeout_factor,
                       allow_message_content=not args.no_message_content,
                       shards=args.shards, guilds=args.guilds,
                       interaction_timeout=args.interaction_timeout,
                       verbose=args.verbose)
    fake.defaults["strict_auth"] = args.strict_auth
    fake.cfg["strict_auth"] = args.strict_auth
    port = await fake.start()
    print(json.dumps({"port": port}), flush=True)
    print("fake_discord: listening on 127.0.0.1:%d" % port, file=sys.stderr, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await fake.stop()


def main(argv=None):
    asyncio.run(amain(parse_args(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
