#!/usr/bin/python3
"""A scriptable fake Matrix homeserver for briefbot's tests.

One process, 127.0.0.1 only.  Serves the client-server API under both
/_matrix/client/v3 and /_matrix/client/r0 (as Synapse does), and a control
API under /_control/ on the same port.  Prints one JSON line {"port": N} on
stdout once listening; logs go to stderr.  See tests/doubles/README.md.

The homeserver logic lives in class Homeserver, which knows nothing about
HTTP, so the unit tests (test_fake_matrix.py) drive it directly.
"""

import argparse
import asyncio
import base64
import bisect
import json
import logging
import math
import os
import random
import re
import sys
import time
from urllib.parse import unquote

log = logging.getLogger("fake_matrix")

DEFAULT_TIMELINE_LIMIT = 10          # Synapse's default timeline limit
MAX_TIMELINE_LIMIT = 100             # Synapse's filter_timeline_limit clamps larger ones
MAX_EVENT_BYTES = 65536              # Synapse rejects larger events (413)
TXN_KEY_FIELDS = ("user_id", "device_id", "room_id", "event_type", "txn_id")


class MatrixError(Exception):
    """An error answered as {"errcode", "error", ...} with an HTTP status."""

    def __init__(self, status, errcode, error, **extra):
        super().__init__(f"{status} {errcode} {error}")
        self.status = status
        self.errcode = errcode
        self.error = error
        self.extra = extra

    def body(self):
        b = {"errcode": self.errcode, "error": self.error}
        b.update(self.extra)
        return b


def _rand_id(n, rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _event_id(rng):
    """A room-v4+ style event id: '$' + 43 url-safe base64 characters."""
    raw = rng.getrandbits(256).to_bytes(32, "little")
    return "$" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _now_ms():
    return int(time.time() * 1000)


def _type_matches(patterns, value):
    """Synapse filter matching: exact, or a trailing '*' wildcard."""
    for p in patterns:
        if p == value or (p.endswith("*") and value.startswith(p[:-1])):
            return True
    return False


def canonical_json(obj):
    """The spec's canonical JSON: sorted keys, no whitespace, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def strip_signed(obj):
    """A signed JSON object without its signatures and unsigned parts."""
    return {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}


def verify_signed(obj, user_id, key_id, public_key):
    """Whether obj carries a valid ed25519 signature by user_id's key_id
    (public_key, unpadded base64).  True when python3-olm is missing (the
    check is then skipped), False for a missing or bad signature."""
    if not isinstance(obj, dict) or not isinstance(public_key, str):
        return False
    sig = ((obj.get("signatures") or {}).get(user_id) or {}).get(key_id)
    if not isinstance(sig, str):
        return False
    try:
        import olm
    except ImportError:
        return True
    try:
        olm.ed25519_verify(public_key, canonical_json(strip_signed(obj)), sig)
        return True
    except Exception:       # olm.OlmVerifyError, or a malformed key or signature
        return False


class EventFilter:
    """The part of a Matrix filter the double honours for one section."""

    def __init__(self, spec):
        spec = spec or {}
        self.types = spec.get("types")
        self.not_types = spec.get("not_types", [])
        self.senders = spec.get("senders")
        self.not_senders = spec.get("not_senders", [])
        self.limit = spec.get("limit")

    def allows(self, ev):
        if self.types is not None and not _type_matches(self.types, ev["type"]):
            return False
        if _type_matches(self.not_types, ev["type"]):
            return False
        if self.senders is not None and ev["sender"] not in self.senders:
            return False
        if ev["sender"] in self.not_senders:
            return False
        return True


class SyncFilter:
    """A parsed filter definition (POST /user/{id}/filter body or inline)."""

    def __init__(self, definition):
        if not isinstance(definition, dict):
            raise MatrixError(400, "M_BAD_JSON", "Filter must be a JSON object")
        room = definition.get("room") or {}
        if not isinstance(room, dict):
            raise MatrixError(400, "M_BAD_JSON", "'room' must be an object")
        self.definition = definition
        self.rooms = room.get("rooms")
        self.not_rooms = room.get("not_rooms", [])
        self.include_leave = bool(room.get("include_leave", False))
        self.timeline = EventFilter(room.get("timeline"))
        self.state = EventFilter(room.get("state"))
        limit = self.timeline.limit
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise MatrixError(400, "M_BAD_JSON", "timeline limit must be a positive integer")
        self.timeline_limit = min(limit or DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT)

    def room_allowed(self, room_id):
        if self.rooms is not None and room_id not in self.rooms:
            return False
        return room_id not in self.not_rooms


class Room:
    def __init__(self, room_id):
        self.room_id = room_id
        self.events = []            # every event, oldest first
        self.positions = []         # their stream positions (ascending), for bisect
        self.member_history = {}    # user_id -> [(pos, membership), ...]
        self.state = {}             # (type, state_key) -> event
        self.aliases = []
        self.forgotten_by = set()
        self.encryption_pos = None  # stream position of the first m.room.encryption

    def append(self, ev):
        self.events.append(ev)
        self.positions.append(ev["_pos"])
        if ev["type"] == "m.room.encryption" and ev.get("state_key") == "" \
                and self.encryption_pos is None:
            self.encryption_pos = ev["_pos"]
        if ev["type"] == "m.room.member":
            self.member_history.setdefault(ev["state_key"], []).append(
                (ev["_pos"], ev["content"].get("membership")))

    def events_between(self, lo, hi):
        """Events with lo < pos <= hi."""
        return self.events[bisect.bisect_right(self.positions, lo):
                           bisect.bisect_right(self.positions, hi)]

    def membership(self, user_id):
        ev = self.state.get(("m.room.member", user_id))
        return ev["content"].get("membership") if ev else None

    def members(self, membership="join"):
        return [k for (t, k), ev in self.state.items()
                if t == "m.room.member" and ev["content"].get("membership") == membership]

    @property
    def encrypted(self):
        return ("m.room.encryption", "") in self.state

    def joined_at(self, pos):
        """The users joined as of stream position pos (inclusive)."""
        return {u for u in self.member_history if self.membership_at(u, pos) == "join"}

    def history_visibility(self):
        ev = self.state.get(("m.room.history_visibility", ""))
        return ev["content"].get("history_visibility", "shared") if ev else "shared"

    def state_before(self, pos):
        """The room state just before stream position pos."""
        st = {}
        for ev in self.events:
            if ev["_pos"] >= pos:
                break
            if "state_key" in ev:
                st[(ev["type"], ev["state_key"])] = ev
        return st

    def membership_at(self, user_id, pos):
        """The user's membership as of stream position pos (inclusive)."""
        m = None
        for p, membership in self.member_history.get(user_id, []):
            if p > pos:
                break
            m = membership
        return m


class Homeserver:
    """All state of the fake homeserver.  Pure logic, no HTTP, no sleeping."""

    def __init__(self, server_name="localhost", seed=None, breakage=()):
        self.server_name = server_name
        self.rng = random.Random(seed)
        self.breakage = set(breakage)
        self.default_users = []
        self.reset()

    # ----------------------------------------------------------- bookkeeping
    def reset(self):
        self.pos = 0                # the global stream position
        self.users = {}             # user_id -> {"password", "displayname"}
        self.tokens = {}            # access_token -> {"user_id", "device_id"}
        self.devices = {}           # (user_id, device_id) -> access_token
        self.rooms = {}             # room_id -> Room
        self.aliases = {}           # alias -> room_id
        self.filters = {}           # user_id -> [definition, ...]
        self.txns = {}              # txn key tuple -> event_id
        self.sends = []             # every accepted client send, in order
        self.duplicate_txns = 0
        self.forced_limits = {}     # (user_id, room_id) -> timeline limit, one-shot
        self.flood_queue = []       # list of (room_id, [events]) batches not yet released
        self.flood_released_upto = 0
        self.ratelimit = None       # {"per_second", "burst", buckets}
        self.listeners = []         # callables run whenever the stream moves
        self.device_names = {}      # (user_id, device_id) -> display name
        # End-to-end encryption (see the "keys" section below)
        self.device_keys = {}       # (user_id, device_id) -> signed device keys
        self.signature_valid = {}   # (user_id, device_id) -> self-signature checked
        self.otks = {}              # (user_id, device_id) -> {"alg:id": key object}
        self.fallback_keys = {}     # (user_id, device_id) -> {alg: {"key_id", "key", "used"}}
        self.cross_signing = {}     # user_id -> {"master"|"self_signing"|"user_signing": key}
        self.device_changes = []    # [(pos, user_id)], ascending: device list changes
        self.e2e_marks = []         # positions of membership/encryption events in e2e rooms
        self.inbox = {}             # (user_id, device_id) -> [(pos, to-device event)]
        self.to_device_txns = {}    # (user, device, type, txn) -> True
        self.to_device_log = []     # every accepted sendToDevice, in order
        self.to_device_duplicates = 0
        self.to_device_delivered = 0
        self.to_device_losses = []  # pending "lose a to-device batch" rules
        self.key_uploads = []       # every /keys/upload, summarised
        self.claims = []            # every claimed key: user, device, key id, fallback
        for u in self.default_users:
            self.add_user(**u)

    def notify(self):
        for fn in list(self.listeners):
            fn()

    def user_id(self, name):
        """'bot' or '@bot:server' -> '@bot:server'."""
        if name.startswith("@"):
            return name
        return f"@{name}:{self.server_name}"

    def add_user(self, user, password=None, access_token=None, device_id=None,
                 displayname=None):
        uid = self.user_id(user)
        entry = self.users.setdefault(uid, {"password": None, "displayname": None})
        if password is not None:
            entry["password"] = password
        entry["displayname"] = displayname or entry["displayname"] or uid[1:].split(":")[0]
        out = {"user_id": uid}
        if access_token:
            out.update(self._new_session(uid, device_id, access_token))
        return out

    def _new_session(self, uid, device_id=None, token=None):
        device_id = device_id or _rand_id(10, self.rng).upper()
        old = self.devices.get((uid, device_id))
        if old:                     # spec: login on a known device drops its old token
            self.tokens.pop(old, None)
        token = token or "syt_" + _rand_id(32, self.rng)
        self.tokens[token] = {"user_id": uid, "device_id": device_id}
        self.devices[(uid, device_id)] = token
        return {"access_token": token, "device_id": device_id}

    def invalidate_tokens(self, token=None, user=None):
        """Drop one token, or every token of a user, or every token."""
        uid = self.user_id(user) if user else None
        gone = [t for t, s in self.tokens.items()
                if (token is None or t == token) and (uid is None or s["user_id"] == uid)]
        for t in gone:
            del self.tokens[t]
        return len(gone)

    def auth(self, token):
        """The session for an access token, or MatrixError 401."""
        if not token:
            raise MatrixError(401, "M_MISSING_TOKEN", "Missing access token")
        s = self.tokens.get(token)
        if not s:
            raise MatrixError(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.",
                              soft_logout=False)
        return dict(s, access_token=token)

    # ----------------------------------------------------------------- login
    def login(self, body):
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        if body.get("type") != "m.login.password":
            raise MatrixError(400, "M_UNKNOWN", "Unknown login type %s" % body.get("type"))
        ident = body.get("identifier")
        if ident is None and "user" in body:          # legacy form
            ident = {"type": "m.id.user", "user": body["user"]}
        if not isinstance(ident, dict) or ident.get("type") != "m.id.user" \
                or not isinstance(ident.get("user"), str):
            raise MatrixError(400, "M_UNKNOWN", "Invalid login submission")
        uid = self.user_id(ident["user"])
        u = self.users.get(uid)
        if not u or u["password"] is None or u["password"] != body.get("password"):
            raise MatrixError(403, "M_FORBIDDEN", "Invalid username or password")
        sess = self._new_session(uid, body.get("device_id") or None)
        name = body.get("initial_device_display_name")
        if isinstance(name, str) and (uid, sess["device_id"]) not in self.device_names:
            self.device_names[(uid, sess["device_id"])] = name
        return {"user_id": uid, "access_token": sess["access_token"],
                "home_server": self.server_name, "device_id": sess["device_id"]}

    def logout(self, sess):
        """Logging out deletes the device, its keys and its to-device inbox (as Synapse)."""
        dev = (sess["user_id"], sess["device_id"])
        self.tokens.pop(sess["access_token"], None)
        self.devices.pop(dev, None)
        self.device_names.pop(dev, None)
        self.otks.pop(dev, None)
        self.fallback_keys.pop(dev, None)
        self.inbox.pop(dev, None)
        if self.device_keys.pop(dev, None) is not None:
            self.signature_valid.pop(dev, None)
            self._device_list_changed(sess["user_id"])
        return {}

    # --------------------------------------------------------------- filters
    def put_filter(self, sess, user_id, body):
        if user_id != sess["user_id"]:
            raise MatrixError(403, "M_FORBIDDEN", "Can only create filters for local users")
        SyncFilter(body)            # validates
        lst = self.filters.setdefault(user_id, [])
        lst.append(body)
        return {"filter_id": str(len(lst) - 1)}

    def get_filter(self, sess, user_id, filter_id):
        if user_id != sess["user_id"]:
            raise MatrixError(403, "M_FORBIDDEN", "Cannot get filters for other users")
        lst = self.filters.get(user_id, [])
        try:
            return lst[int(filter_id)]
        except (ValueError, IndexError):
            raise MatrixError(404, "M_NOT_FOUND", "No such filter") from None

    def resolve_filter(self, sess, filter_param):
        if filter_param is None or filter_param == "":
            return SyncFilter({})
        if filter_param.startswith("{"):
            try:
                return SyncFilter(json.loads(filter_param))
            except ValueError:
                raise MatrixError(400, "M_NOT_JSON", "Invalid filter JSON") from None
        try:
            return SyncFilter(self.get_filter(sess, sess["user_id"], filter_param))
        except MatrixError:
            raise MatrixError(400, "M_INVALID_PARAM", "No such filter") from None

    # ---------------------------------------------------------------- events
    def _new_event(self, room, etype, sender, content, state_key=None, txn=None,
                   ts=None, notify=True):
        self.pos += 1
        ev = {"event_id": _event_id(self.rng), "type": etype, "sender": sender,
              "content": content, "origin_server_ts": ts or _now_ms(),
              "room_id": room.room_id, "_pos": self.pos, "_txn": txn}
        if state_key is not None:
            ev["state_key"] = state_key
            prev = room.state.get((etype, state_key))
            if prev:
                ev["_prev"] = prev
            room.state[(etype, state_key)] = ev
        room.append(ev)
        if etype in ("m.room.member", "m.room.encryption") and room.encrypted:
            self.e2e_marks.append(ev["_pos"])
        if notify:
            self.notify()
        return ev

    def _stripped(self, ev):
        return {"type": ev["type"], "state_key": ev["state_key"],
                "sender": ev["sender"], "content": ev["content"]}

    def client_event(self, ev, viewer=None, now=None):
        """An event in the client format of /sync (no room_id) or /state."""
        out = {k: v for k, v in ev.items() if not k.startswith("_")}
        del out["room_id"]
        unsigned = {"age": max(0, (now or _now_ms()) - ev["origin_server_ts"])}
        if ev.get("_prev"):
            unsigned["prev_content"] = ev["_prev"]["content"]
            unsigned["replaces_state"] = ev["_prev"]["event_id"]
            unsigned["prev_sender"] = ev["_prev"]["sender"]
        txn = ev.get("_txn")
        if viewer and txn and txn[0] == viewer["user_id"] and txn[1] == viewer["device_id"]:
            unsigned["transaction_id"] = txn[2]
        if ev.get("_invite_state") is not None:
            unsigned["invite_room_state"] = ev["_invite_state"]
        out["unsigned"] = unsigned
        return out

    # ----------------------------------------------------------------- rooms
    def get_room(self, room_id):
        room = self.rooms.get(room_id)
        if not room:
            raise MatrixError(404, "M_NOT_FOUND", "Unknown room %s" % room_id)
        return room

    def create_room(self, creator="admin", name=None, alias=None, encrypted=False,
                    members=(), join_rule="invite", history_visibility="shared",
                    topic=None, is_direct=False, initial_state=(), invite=()):
        """A new room, in Synapse's order of events: create, the creator's join,
        power levels, alias, join rules, history visibility, `initial_state`
        (e.g. m.room.encryption, which makes the room encrypted), name, topic,
        then `members` joining and `invite` being invited."""
        creator = self.user_id(creator)
        self.add_user(creator)
        room = Room("!" + _rand_id(18, self.rng) + ":" + self.server_name)
        self.rooms[room.room_id] = room
        mk = lambda t, c, k="": self._new_event(room, t, creator, c, k, notify=False)
        mk("m.room.create", {"creator": creator, "room_version": "10"})
        mk("m.room.member", {"membership": "join",
                             "displayname": self.users[creator]["displayname"]}, creator)
        mk("m.room.power_levels", {"users": {creator: 100}, "users_default": 0,
                                   "events_default": 0, "state_default": 50,
                                   "ban": 50, "kick": 50, "invite": 0})
        if alias:
            full = alias if alias.startswith("#") else f"#{alias}:{self.server_name}"
            self.aliases[full] = room.room_id
            room.aliases.append(full)
            mk("m.room.canonical_alias", {"alias": full})
        mk("m.room.join_rules", {"join_rule": join_rule})
        mk("m.room.history_visibility", {"history_visibility": history_visibility})
        for st in initial_state:
            mk(st["type"], st.get("content", {}), st.get("state_key", ""))
        if name:
            mk("m.room.name", {"name": name})
        if topic:
            mk("m.room.topic", {"topic": topic})
        if encrypted:
            mk("m.room.encryption", {"algorithm": "m.megolm.v1.aes-sha2",
                                     "rotation_period_ms": 604800000,
                                     "rotation_period_msgs": 100})
        for m in members:
            self._set_membership(room, self.user_id(m), "join", self.user_id(m), notify=False)
        for u in invite:
            self._set_membership(room, self.user_id(u), "invite", creator,
                                 is_direct=is_direct, notify=False)
        self.notify()
        return room

    def client_create_room(self, sess, body):
        """POST /createRoom: name, topic, preset, visibility, invite, initial_state,
        is_direct, room_alias_name."""
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        preset = body.get("preset") or ("public_chat" if body.get("visibility") == "public"
                                        else "private_chat")
        if preset not in ("public_chat", "private_chat", "trusted_private_chat"):
            raise MatrixError(400, "M_INVALID_PARAM", "Invalid preset %r" % preset)
        initial = body.get("initial_state") or []
        invite = body.get("invite") or []
        if not isinstance(initial, list) or not all(
                isinstance(e, dict) and isinstance(e.get("type"), str)
                and isinstance(e.get("content", {}), dict) for e in initial):
            raise MatrixError(400, "M_BAD_JSON", "initial_state must be a list of events")
        if not isinstance(invite, list) or not all(isinstance(u, str) and u.startswith("@")
                                                   for u in invite):
            raise MatrixError(400, "M_INVALID_PARAM", "invite must be a list of user ids")
        alias = body.get("room_alias_name")
        if alias and f"#{alias}:{self.server_name}" in self.aliases:
            raise MatrixError(400, "M_ROOM_IN_USE", "Room alias already taken")
        room = self.create_room(sess["user_id"], body.get("name"), alias,
                                join_rule="public" if preset == "public_chat" else "invite",
                                topic=body.get("topic"), is_direct=bool(body.get("is_direct")),
                                initial_state=initial, invite=invite)
        return {"room_id": room.room_id}

    def client_invite(self, sess, room_id, body):
        """POST /rooms/{id}/invite {user_id}: the inviter must be joined."""
        room = self._require_member(sess, room_id)
        target = body.get("user_id") if isinstance(body, dict) else None
        if not isinstance(target, str) or not target.startswith("@"):
            raise MatrixError(400, "M_MISSING_PARAM", "Missing user_id")
        if room.membership(target) in ("join", "ban"):
            raise MatrixError(403, "M_FORBIDDEN", "%s is already in the room." % target)
        self.invite(room.room_id, sess["user_id"], target)
        return {}

    def client_kick(self, sess, room_id, body):
        """POST /rooms/{id}/kick {user_id, reason?}."""
        room = self._require_member(sess, room_id)
        target = body.get("user_id") if isinstance(body, dict) else None
        if not isinstance(target, str):
            raise MatrixError(400, "M_MISSING_PARAM", "Missing user_id")
        self.kick(room.room_id, target, sess["user_id"], body.get("reason"))
        return {}

    def _set_membership(self, room, target, membership, sender, reason=None,
                        is_direct=False, notify=True):
        self.add_user(target)
        content = {"membership": membership}
        if membership in ("join", "invite"):
            content["displayname"] = self.users[target]["displayname"]
        if reason:
            content["reason"] = reason
        if is_direct:
            content["is_direct"] = True
        ev = self._new_event(room, "m.room.member", sender, content, target, notify=False)
        if membership == "invite":
            ev["_invite_state"] = self._invite_state(room, sender)
        if notify:
            self.notify()
        return ev

    def _invite_state(self, room, inviter):
        """Stripped state sent with an invite, like Synapse's room_prejoin_state."""
        keys = [("m.room.create", ""), ("m.room.join_rules", ""),
                ("m.room.canonical_alias", ""), ("m.room.avatar", ""),
                ("m.room.name", ""), ("m.room.encryption", ""), ("m.room.topic", ""),
                ("m.room.member", inviter)]
        return [self._stripped(room.state[k]) for k in keys if k in room.state]

    def ensure_joined(self, room, user_id):
        if room.membership(user_id) != "join":
            self._set_membership(room, user_id, "join", user_id)

    def invite(self, room_id, inviter, user, is_direct=False):
        room = self.get_room(room_id)
        inviter, user = self.user_id(inviter), self.user_id(user)
        self.ensure_joined(room, inviter)
        if room.membership(user) == "join":
            raise MatrixError(403, "M_FORBIDDEN", "%s is already in the room." % user)
        if "invite_sender" in self.breakage:      # for proving the checks can fail
            inviter = self.user_id("mallory")
            self.ensure_joined(room, inviter)
        room.forgotten_by.discard(user)
        return self._set_membership(room, user, "invite", inviter, is_direct=is_direct)

    def kick(self, room_id, user, by=None, reason=None):
        room = self.get_room(room_id)
        user = self.user_id(user)
        by = self.user_id(by) if by else room.state[("m.room.create", "")]["sender"]
        if room.membership(user) not in ("join", "invite"):
            raise MatrixError(403, "M_FORBIDDEN", "The target user is not in the room")
        self.ensure_joined(room, by)
        return self._set_membership(room, user, "leave", by, reason=reason)

    def resolve_room(self, room_id_or_alias):
        if room_id_or_alias.startswith("#"):
            rid = self.aliases.get(room_id_or_alias)
            if not rid:
                raise MatrixError(404, "M_NOT_FOUND", "Room alias %s not found" % room_id_or_alias)
            return self.rooms[rid]
        room = self.rooms.get(room_id_or_alias)
        if not room:
            raise MatrixError(404, "M_NOT_FOUND", "No known servers")
        return room

    def join(self, sess, room_id_or_alias):
        room = self.resolve_room(room_id_or_alias)
        uid = sess["user_id"]
        m = room.membership(uid)
        if m == "join":
            return {"room_id": room.room_id}
        if m == "ban":
            raise MatrixError(403, "M_FORBIDDEN", "You are banned from this room")
        rule = room.state[("m.room.join_rules", "")]["content"]["join_rule"]
        if m != "invite" and rule != "public":
            raise MatrixError(403, "M_FORBIDDEN", "You are not invited to this room.")
        room.forgotten_by.discard(uid)
        self._set_membership(room, uid, "join", uid)
        return {"room_id": room.room_id}

    def leave(self, sess, room_id):
        room = self.get_room(room_id)
        uid = sess["user_id"]
        if room.membership(uid) in ("join", "invite"):
            self._set_membership(room, uid, "leave", uid)
        return {}

    def forget(self, sess, room_id):
        room = self.get_room(room_id)
        uid = sess["user_id"]
        if room.membership(uid) in ("join", "invite"):
            raise MatrixError(400, "M_UNKNOWN", "User %s is in room %s" % (uid, room_id))
        room.forgotten_by.add(uid)
        return {}

    def _require_member(self, sess, room_id, allow_left=False):
        room = self.get_room(room_id)
        m = room.membership(sess["user_id"])
        if m == "join" or (allow_left and m == "leave"):
            return room
        raise MatrixError(403, "M_FORBIDDEN",
                          "User %s not in room %s (%s)" % (sess["user_id"], room_id, m))

    def joined_members(self, sess, room_id):
        room = self._require_member(sess, room_id)
        return {"joined": {u: {"display_name": self.users[u]["displayname"],
                               "avatar_url": None} for u in room.members("join")}}

    def joined_rooms(self, sess):
        return {"joined_rooms": [r.room_id for r in self.rooms.values()
                                 if r.membership(sess["user_id"]) == "join"]}

    def room_state(self, sess, room_id):
        room = self._require_member(sess, room_id, allow_left=True)
        now = _now_ms()
        return [dict(self.client_event(ev, sess, now), room_id=room.room_id)
                for ev in room.state.values()]

    def room_state_event(self, sess, room_id, etype, state_key=""):
        room = self._require_member(sess, room_id, allow_left=True)
        ev = room.state.get((etype, state_key))
        if not ev:
            raise MatrixError(404, "M_NOT_FOUND", "Event not found.")
        return ev["content"]

    def room_event(self, sess, room_id, event_id):
        """GET /rooms/{id}/event/{eventId}."""
        room = self._require_member(sess, room_id, allow_left=True)
        for ev in room.events:
            if ev["event_id"] == event_id:
                return dict(self.client_event(ev, sess), room_id=room_id)
        raise MatrixError(404, "M_NOT_FOUND", "Event not found.")

    def put_state(self, sess, room_id, etype, state_key, content):
        room = self._require_member(sess, room_id)
        if not isinstance(content, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        ev = self._new_event(room, etype, sess["user_id"], content, state_key)
        return {"event_id": ev["event_id"]}

    def messages(self, sess, room_id, from_token, direction, limit):
        room = self._require_member(sess, room_id, allow_left=True)
        start = self.parse_token(from_token) if from_token else (
            self.pos if direction == "b" else 0)
        if direction == "b":
            chunk = room.events_between(-1, start)[::-1][:limit]
            end = chunk[-1]["_pos"] - 1 if chunk else start
        else:
            chunk = room.events_between(start, self.pos)[:limit]
            end = chunk[-1]["_pos"] if chunk else start
        now = _now_ms()
        out = {"chunk": [dict(self.client_event(e, sess, now), room_id=room_id) for e in chunk],
               "start": self.make_token(start)}
        if chunk:
            out["end"] = self.make_token(end)
        return out

    # ------------------------------------------------------------------ send
    def check_ratelimit(self, user_id, now_s):
        """Synapse-like token bucket for sends; raises 429 when empty."""
        rl = self.ratelimit
        if not rl:
            return
        tokens, last = rl["buckets"].get(user_id, (rl["burst"], now_s))
        tokens = min(rl["burst"], tokens + (now_s - last) * rl["per_second"])
        if tokens < 1:
            wait_ms = math.ceil(round((1 - tokens) / rl["per_second"] * 1000, 6))
            rl["buckets"][user_id] = (tokens, now_s)
            raise MatrixError(429, "M_LIMIT_EXCEEDED", "Too Many Requests",
                              retry_after_ms=wait_ms)
        rl["buckets"][user_id] = (tokens - 1, now_s)

    def send(self, sess, room_id, event_type, txn_id, content, now_s=None):
        """PUT /rooms/{room}/send/{type}/{txn}: idempotent per device + txn path."""
        key = (sess["user_id"], sess["device_id"], room_id, event_type, txn_id)
        if key in self.txns and "txn" not in self.breakage:
            self.duplicate_txns += 1
            return {"event_id": self.txns[key]}
        room = self.get_room(room_id)
        if room.membership(sess["user_id"]) != "join":
            raise MatrixError(403, "M_FORBIDDEN", "User %s not in room %s (%s)" % (
                sess["user_id"], room_id, room.membership(sess["user_id"])))
        if not isinstance(content, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        if len(json.dumps(content).encode()) > MAX_EVENT_BYTES:
            raise MatrixError(413, "M_TOO_LARGE", "event too large")
        self.check_ratelimit(sess["user_id"], time.monotonic() if now_s is None else now_s)
        ev = self._new_event(room, event_type, sess["user_id"], content,
                             txn=(sess["user_id"], sess["device_id"], txn_id))
        self.txns[key] = ev["event_id"]
        self.sends.append({"room_id": room_id, "type": event_type, "txn_id": txn_id,
                           "event_id": ev["event_id"], "sender": sess["user_id"],
                           "device_id": sess["device_id"], "content": content,
                           "encrypted_room": room.encrypted})
        return {"event_id": ev["event_id"]}

    # ------------------------------------------------------------------ keys
    # End-to-end encryption, as the client-server spec's "End-to-end
    # encryption" module and Synapse do it: device keys, one-time keys and
    # fallback keys per (user, device); to-device messages in a per-device
    # inbox on the global stream; device list changes on the same stream.

    def _device_list_changed(self, user_id):
        """A user's device list changed: a new stream position, syncs wake."""
        self.pos += 1
        self.device_changes.append((self.pos, user_id))
        self.notify()

    def _otk_counts(self, dev):
        counts = {"signed_curve25519": 0}
        for key_id in self.otks.get(dev, {}):
            alg = key_id.split(":", 1)[0]
            counts[alg] = counts.get(alg, 0) + 1
        return counts

    def _unused_fallback_types(self, dev):
        return sorted(alg for alg, f in self.fallback_keys.get(dev, {}).items() if not f["used"])

    def keys_upload(self, sess, body):
        """POST /keys/upload {device_keys?, one_time_keys?, fallback_keys?}."""
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        uid, did = sess["user_id"], sess["device_id"]
        dev = (uid, did)
        entry = {"user_id": uid, "device_id": did, "device_keys": None,
                 "one_time_keys": 0, "fallback_keys": 0}
        dk = body.get("device_keys")
        if dk is not None:
            if not isinstance(dk, dict) or not isinstance(dk.get("keys"), dict) \
                    or not isinstance(dk.get("algorithms"), list):
                raise MatrixError(400, "M_BAD_JSON", "device_keys must have keys and algorithms")
            if dk.get("user_id") != uid or dk.get("device_id") != did:
                raise MatrixError(400, "M_INVALID_PARAM",
                                  "User ID or device ID in device_keys does not match the "
                                  "access token (%s, %s)" % (uid, did))
        otks = body.get("one_time_keys") or {}
        fbks = body.get("fallback_keys") or body.get("org.matrix.msc2732.fallback_keys") or {}
        for what, keys in (("one_time_keys", otks), ("fallback_keys", fbks)):
            if not isinstance(keys, dict) or not all(
                    isinstance(k, str) and ":" in k and isinstance(v, (dict, str))
                    for k, v in keys.items()):
                raise MatrixError(400, "M_BAD_JSON", "%s must map 'algorithm:id' to keys" % what)
        mine = self.otks.setdefault(dev, {})
        for key_id, key in otks.items():      # Synapse checks all before storing any
            if key_id in mine and mine[key_id] != key:
                raise MatrixError(400, "M_UNKNOWN",
                                  "One time key %s already exists. Old key: %s; new key: %r"
                                  % (key_id, json.dumps(mine[key_id]), key))
        if dk is not None:
            old = self.device_keys.get(dev)
            valid = verify_signed(dk, uid, "ed25519:" + did,
                                  dk["keys"].get("ed25519:" + did))
            entry["signature_valid"] = valid
            if not valid:
                log.warning("device keys of %s %s: self-signature does not verify", uid, did)
            if old is None or old != dk:
                entry["device_keys"] = "new" if old is None else "changed"
                self.device_keys[dev] = dk
                self.signature_valid[dev] = valid
                self._device_list_changed(uid)
            else:
                entry["device_keys"] = "same"
        for key_id, key in otks.items():
            if key_id not in mine:
                mine[key_id] = key
                entry["one_time_keys"] += 1
        for key_id, key in fbks.items():
            alg = key_id.split(":", 1)[0]
            cur = self.fallback_keys.setdefault(dev, {}).get(alg)
            if cur is None or cur["key_id"] != key_id or cur["key"] != key:
                self.fallback_keys[dev][alg] = {"key_id": key_id, "key": key, "used": False}
                entry["fallback_keys"] += 1
        self.key_uploads.append(entry)
        return {"one_time_key_counts": self._otk_counts(dev)}

    def _device_keys_view(self, dev):
        dk = json.loads(json.dumps(self.device_keys[dev]))
        name = self.device_names.get(dev)
        if name is not None:
            dk.setdefault("unsigned", {})["device_display_name"] = name
        return dk

    def keys_query(self, sess, body):
        """POST /keys/query {device_keys: {user: [device, ...] ([] = all)}}."""
        want = body.get("device_keys") if isinstance(body, dict) else None
        if not isinstance(want, dict) or not all(isinstance(v, list) for v in want.values()):
            raise MatrixError(400, "M_BAD_JSON", "device_keys must map user ids to lists")
        out = {"device_keys": {}, "failures": {}, "master_keys": {},
               "self_signing_keys": {}, "user_signing_keys": {}}
        for uid, dids in want.items():
            devs = {}
            for (u, d) in self.device_keys:
                if u == uid and (not dids or d in dids):
                    devs[d] = self._device_keys_view((u, d))
            out["device_keys"][uid] = devs
            cs = self.cross_signing.get(uid, {})
            if "master" in cs:
                out["master_keys"][uid] = cs["master"]
            if "self_signing" in cs:
                out["self_signing_keys"][uid] = cs["self_signing"]
            if "user_signing" in cs and uid == sess["user_id"]:
                out["user_signing_keys"][uid] = cs["user_signing"]
        return out

    def keys_claim(self, sess, body):
        """POST /keys/claim {one_time_keys: {user: {device: algorithm}}}: one
        one-time key per device, else its fallback key (marked used), else none."""
        want = body.get("one_time_keys") if isinstance(body, dict) else None
        if not isinstance(want, dict) or not all(
                isinstance(v, dict) and all(isinstance(a, str) for a in v.values())
                for v in want.values()):
            raise MatrixError(400, "M_BAD_JSON",
                              "one_time_keys must map user ids to {device: algorithm}")
        out = {}
        for uid, devs in want.items():
            for did, alg in devs.items():
                dev = (uid, did)
                mine = self.otks.get(dev, {})
                key_id = next((k for k in sorted(mine) if k.split(":", 1)[0] == alg), None)
                fallback = False
                if key_id is not None:
                    key = mine.pop(key_id)
                else:
                    f = self.fallback_keys.get(dev, {}).get(alg)
                    if f is None:
                        continue
                    key_id, key, fallback = f["key_id"], f["key"], True
                    f["used"] = True
                out.setdefault(uid, {})[did] = {key_id: key}
                self.claims.append({"by": sess["user_id"], "user_id": uid, "device_id": did,
                                    "key_id": key_id, "fallback": fallback})
        return {"one_time_keys": out, "failures": {}}

    def device_signing_upload(self, sess, body):
        """POST /keys/device_signing/upload {master_key?, self_signing_key?,
        user_signing_key?}.  Replacing an existing master key needs the user's
        password as user-interactive auth, as in Synapse."""
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        uid = sess["user_id"]
        cur = self.cross_signing.setdefault(uid, {})
        new = {}
        for field, usage in (("master_key", "master"), ("self_signing_key", "self_signing"),
                             ("user_signing_key", "user_signing")):
            key = body.get(field)
            if key is None:
                continue
            if not isinstance(key, dict) or key.get("user_id") != uid \
                    or usage not in (key.get("usage") or []) \
                    or not isinstance(key.get("keys"), dict) or len(key["keys"]) != 1:
                raise MatrixError(400, "M_INVALID_PARAM", "Invalid %s" % field)
            new[usage] = key
        if "master" in new and "master" in cur and new["master"] != cur["master"]:
            auth = body.get("auth") or {}
            if auth.get("type") != "m.login.password" or \
                    auth.get("password") != self.users[uid]["password"]:
                raise MatrixError(401, "M_FORBIDDEN", "User-interactive auth required",
                                  flows=[{"stages": ["m.login.password"]}], params={},
                                  session=_rand_id(24, self.rng))
        master = new.get("master") or cur.get("master")
        for usage in ("self_signing", "user_signing"):
            if usage in new:
                if master is None:
                    raise MatrixError(400, "M_MISSING_PARAM", "No master key available")
                mpub = next(iter(master["keys"].values()))
                mkid = next(iter(master["keys"]))
                if not verify_signed(new[usage], uid, mkid, mpub):
                    raise MatrixError(400, "M_INVALID_SIGNATURE",
                                      "Invalid signature on %s key" % usage)
        if new:
            cur.update(new)
            self._device_list_changed(uid)
        return {}

    def signatures_upload(self, sess, body):
        """POST /keys/signatures/upload {user: {key id (device id or public
        key): signed object}}: stores the new signatures it can verify."""
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "Content must be a JSON object.")
        uid = sess["user_id"]
        failures = {}
        changed = set()
        for target, objs in body.items():
            if not isinstance(objs, dict):
                raise MatrixError(400, "M_BAD_JSON", "Invalid signature upload")
            for key_id, obj in objs.items():
                stored = self.device_keys.get((target, key_id))
                if stored is None:
                    master = self.cross_signing.get(target, {}).get("master")
                    if master and ("ed25519:" + key_id) in master["keys"]:
                        stored = master
                ok = stored is not None and isinstance(obj, dict) and \
                    strip_signed(obj) == strip_signed(stored)
                sigs = (obj.get("signatures") or {}).get(uid, {}) if ok else {}
                signer = self.cross_signing.get(uid, {})
                good = {}
                for skid, sig in sigs.items():
                    pub = skid.split(":", 1)[1] if ":" in skid else None
                    known = [k for k in (signer.get("self_signing"), signer.get("user_signing"),
                                         signer.get("master"))
                             if k and skid in k["keys"]]
                    dk = self.device_keys.get((uid, pub)) if pub else None
                    if dk and skid in dk["keys"]:
                        known.append(dk)
                    if known and verify_signed(obj, uid, skid, known[0]["keys"][skid]):
                        good[skid] = sig
                if not good:
                    failures.setdefault(target, {})[key_id] = {
                        "errcode": "M_INVALID_SIGNATURE", "error": "Invalid signature"}
                    continue
                stored.setdefault("signatures", {}).setdefault(uid, {}).update(good)
                changed.add(target)
        for t in sorted(changed):
            self._device_list_changed(t)
        return {"failures": failures}

    def send_to_device(self, sess, event_type, txn_id, body):
        """PUT /sendToDevice/{type}/{txnId}: idempotent per (sender device, type,
        txn id); queues the event in each recipient device's inbox ("*" = every
        device the user has now).  Unknown devices are skipped, as in Synapse."""
        uid, did = sess["user_id"], sess["device_id"]
        key = (uid, did, event_type, txn_id)
        if key in self.to_device_txns:
            self.to_device_duplicates += 1
            return {}
        msgs = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(msgs, dict) or not all(
                isinstance(v, dict) and all(isinstance(c, dict) for c in v.values())
                for v in msgs.values()):
            raise MatrixError(400, "M_BAD_JSON", "messages must map users to {device: content}")
        self.pos += 1
        known = set(self.devices) | set(self.device_keys)
        queued, lost = [], []
        for target, devs in msgs.items():
            rule = self._loss_rule(uid, target, event_type, "send")
            for tdid, content in devs.items():
                tdids = sorted(d for (u, d) in known if u == target) if tdid == "*" else \
                    ([tdid] if (target, tdid) in known else [])
                for t in tdids:
                    if rule is not None and rule["device"] in (None, t):
                        lost.append([target, t])
                        continue
                    ev = {"type": event_type, "sender": uid, "content": content}
                    self.inbox.setdefault((target, t), []).append((self.pos, ev))
                    queued.append([target, t])
            if rule is not None and any(u == target for u, _ in lost):
                rule["fired"] += 1
        self.to_device_txns[key] = True
        self.to_device_log.append({"sender": uid, "device_id": did, "type": event_type,
                                   "txn_id": txn_id, "pos": self.pos, "recipients": queued,
                                   "lost": lost})
        self.notify()
        return {}

    def lose_to_device(self, user, device=None, sender=None, event_type=None, times=1,
                       at="send"):
        """Fault: the next `times` to-device batches for `user` (narrowed by device,
        sender, type) are lost: at="send" drops them when sendToDevice accepts
        them (200, nothing queued); at="sync" drops them from the inbox in the
        sync that would have delivered them."""
        if at not in ("send", "sync"):
            raise MatrixError(400, "M_INVALID_PARAM", "at must be send or sync")
        rule = {"user": self.user_id(user), "device": device,
                "sender": self.user_id(sender) if sender else None, "type": event_type,
                "times": int(times), "fired": 0, "at": at, "id": len(self.to_device_losses) + 1}
        self.to_device_losses.append(rule)
        return rule

    def _loss_rule(self, sender, target, event_type, at, device=None):
        """The first live loss rule for a batch to `target` (not yet used up)."""
        for r in self.to_device_losses:
            if r["at"] != at or r["fired"] >= r["times"] or r["user"] != target:
                continue
            if r["sender"] not in (None, sender) or r["type"] not in (None, event_type):
                continue
            if at == "sync" and r["device"] not in (None, device):
                continue
            return r
        return None

    def _shared_e2e_users(self, uid, pos):
        """Users who share an encrypted room with uid as of stream position pos."""
        out = set()
        for room in self.rooms.values():
            if room.encryption_pos is None or room.encryption_pos > pos:
                continue
            if room.membership_at(uid, pos) == "join":
                out |= room.joined_at(pos)
        out.discard(uid)
        return out

    def device_list_changes(self, uid, lo, hi):
        """(changed, left) for uid between stream positions lo and hi: users who
        share an encrypted room with uid and changed devices (uid itself too),
        users who now share one and did not, and users who no longer share any."""
        i = bisect.bisect_right(self.e2e_marks, lo)
        touched = {u for p, u in self.device_changes[
            bisect.bisect_right(self.device_changes, (lo, "\uffff")):
            bisect.bisect_right(self.device_changes, (hi, "\uffff"))]}
        if not touched and (i >= len(self.e2e_marks) or self.e2e_marks[i] > hi):
            return [], []
        before, after = self._shared_e2e_users(uid, lo), self._shared_e2e_users(uid, hi)
        changed = (after - before) | {u for u in touched if u in after or u == uid}
        return sorted(changed), sorted(before - after)

    def keys_changes(self, sess, from_token, to_token):
        """GET /keys/changes?from=&to=."""
        if from_token is None or to_token is None:
            raise MatrixError(400, "M_MISSING_PARAM", "from and to are required")
        changed, left = self.device_list_changes(sess["user_id"], self.parse_token(from_token),
                                                 self.parse_token(to_token))
        return {"changed": changed, "left": left}

    def _to_device_section(self, sess, since_pos, upto):
        """The to-device events for the syncing device.  Those at or before
        `since_pos` were received (the client synced past them): deleted."""
        dev = (sess["user_id"], sess["device_id"])
        box = self.inbox.get(dev)
        if not box or "to_device" in self.breakage:     # broken: never delivered
            return []
        if since_pos is not None:
            box[:] = [(p, e) for p, e in box if p > since_pos]
        out, lost = [], []
        for p, e in box:
            if p > upto:
                continue
            rule = self._loss_rule(e["sender"], dev[0], e["type"], "sync", dev[1])
            if rule is not None and (not lost or lost[0][0] is rule):
                lost.append((rule, p, e))
            else:
                out.append(e)
        if lost:            # one batch lost: one rule used once
            lost[0][0]["fired"] += 1
            for _, p, e in lost:
                box.remove((p, e))
            self.to_device_log.append({"sender": None, "type": None, "pos": upto,
                                       "recipients": [], "lost": [list(dev)] * len(lost),
                                       "lost_at_sync": True})
        self.to_device_delivered += len(out)
        return out

    # ----------------------------------------------------- control injection
    def inject_message(self, room_id, sender, body=None, msgtype="m.text",
                       formatted_body=None, content=None, event_type=None):
        room = self.get_room(room_id)
        sender = self.user_id(sender)
        self.ensure_joined(room, sender)
        etype, content = self._message(room, body, msgtype, formatted_body, content,
                                       event_type)
        return self._new_event(room, etype, sender, content)

    def _message(self, room, body, msgtype, formatted_body, content, event_type):
        """(type, content) of an injected message; opaque ciphertext in e2e rooms."""
        if content is None:
            content = {"msgtype": msgtype, "body": body if body is not None else ""}
            if formatted_body is not None:
                content["format"] = "org.matrix.custom.html"
                content["formatted_body"] = formatted_body
        if event_type is None and room.encrypted:
            return "m.room.encrypted", {
                "algorithm": "m.megolm.v1.aes-sha2",
                "ciphertext": base64.b64encode(json.dumps(content).encode()).decode(),
                "device_id": "FAKEDEVICE", "sender_key": "fakesenderkey",
                "session_id": "fakesession"}
        return event_type or "m.room.message", content

    def gap(self, room_id, sender, count=5, shown=2, user="bot", body="gap message"):
        """Inject count messages; the user's next sync of the room shows only the last
        `shown` of them, limited=true with a prev_batch (events older are omitted)."""
        room = self.get_room(room_id)
        sender = self.user_id(sender)
        self.ensure_joined(room, sender)
        ids = []
        for i in range(count):
            t, c = self._message(room, f"{body} {i + 1}", "m.text", None, None, None)
            ids.append(self._new_event(room, t, sender, c, notify=False)["event_id"])
        self.forced_limits[(self.user_id(user), room.room_id)] = shown
        self.notify()
        return {"event_ids": ids, "omitted": ids[:count - shown], "shown": ids[count - shown:]}

    def flood(self, room_id, count, senders=("alice", "bob", "carol"), command="!ping",
              command_every=10, batch=50, chatter="chatter message", contents=None):
        """Precompute count messages (every command_every-th is `command`); release them
        to the stream in batches of `batch`, the next one each time the client has
        synced past the previous one.  batch <= 0 releases everything at once.
        `contents` (a list of [type, content], e.g. Megolm ciphertexts a client
        made) replaces the generated messages; command_every still says which
        of them are commands."""
        room = self.get_room(room_id)
        senders = [self.user_id(s) for s in senders]
        for s in senders:
            self.ensure_joined(room, s)
        msgs, command_ids = [], []
        ts = _now_ms()
        if contents is not None:
            count = len(contents)
        for i in range(count):
            is_cmd = command_every > 0 and i % command_every == command_every - 1
            body = command if is_cmd else f"{chatter} {i + 1}"
            if contents is not None:
                t, c = contents[i]
            else:
                t, c = self._message(room, body, "m.text", None, None, None)
            ev = {"event_id": _event_id(self.rng), "type": t,
                  "sender": senders[i % len(senders)], "content": c,
                  "origin_server_ts": ts, "room_id": room.room_id, "_txn": None}
            msgs.append(ev)
            if is_cmd:
                command_ids.append(ev["event_id"])
        size = batch if batch > 0 else max(1, count)
        for i in range(0, count, size):
            self.flood_queue.append((room.room_id, msgs[i:i + size]))
        self.release_flood(force=True)
        return {"count": count, "commands": len(command_ids),
                "command_event_ids": command_ids, "batches": (count + size - 1) // size}

    def release_flood(self, since_pos=None, force=False):
        """Release the next flood batch if the client has caught up (or if forced)."""
        if not self.flood_queue:
            return False
        if not force and since_pos is not None and since_pos < self.flood_released_upto:
            return False
        room_id, evs = self.flood_queue.pop(0)
        room = self.rooms.get(room_id)
        if room is None:
            return False
        for ev in evs:
            self.pos += 1
            ev["_pos"] = self.pos
            room.append(ev)
        self.flood_released_upto = self.pos
        self.notify()
        return True

    # ------------------------------------------------------------------ sync
    def make_token(self, pos):
        return f"s{pos}"

    def parse_token(self, token):
        m = re.fullmatch(r"s(\d+)", token or "")
        if not m:
            raise MatrixError(400, "M_INVALID_PARAM", "Invalid stream token")
        return min(int(m.group(1)), self.pos)

    def _visible_from(self, room, uid, join_pos):
        """First stream position of the room the user may see on joining."""
        vis = room.history_visibility()
        if vis in ("shared", "world_readable"):
            return 0
        if vis == "invited":
            for ev in room.events:
                if ev["type"] == "m.room.member" and ev.get("state_key") == uid \
                        and ev["content"].get("membership") in ("invite", "join"):
                    return ev["_pos"]
        return join_pos

    def _room_section(self, room, sess, flt, lo, upto, full, limit, now, always):
        """Timeline of events in (lo, upto] plus state: the full state at the start
        of the timeline when `full`, else the state changes skipped by a gap.
        None when nothing is new and `always` is false."""
        cands = [e for e in room.events_between(lo, upto) if flt.timeline.allows(e)]
        if not always and not cands:
            return None
        limited = len(cands) > limit
        tl = cands[-limit:] if limit else []
        start = tl[0]["_pos"] if tl else upto + 1
        if full:
            st = room.state_before(start)
        else:
            st = {(e["type"], e["state_key"]): e
                  for e in room.events_between(lo, start - 1) if "state_key" in e}
        state_events = [self.client_event(e, sess, now) for e in st.values()
                        if flt.state.allows(e)]
        prev = (tl[0]["_pos"] - 1) if tl else upto
        return {"timeline": {"events": [self.client_event(e, sess, now) for e in tl],
                             "limited": limited, "prev_batch": self.make_token(prev)},
                "state": {"events": state_events},
                "account_data": {"events": []}}

    def sync(self, sess, since=None, flt=None, full_state=False):
        """One /sync computation.  Returns (response, has_data)."""
        flt = flt or SyncFilter({})
        uid = sess["user_id"]
        since_pos = self.parse_token(since) if since is not None else None
        upto = self.pos
        now = _now_ms()
        joined, invited, left = {}, {}, {}
        used_forced = []
        for room in self.rooms.values():
            if uid in room.forgotten_by or not flt.room_allowed(room.room_id):
                continue
            mev = room.state.get(("m.room.member", uid))
            if not mev:
                continue
            m = mev["content"].get("membership")
            was = room.membership_at(uid, since_pos) if since_pos is not None else None
            if m == "join":
                newly = since_pos is None or was != "join"
                limit = flt.timeline_limit
                if (uid, room.room_id) in self.forced_limits and not newly:
                    limit = self.forced_limits[(uid, room.room_id)]
                    used_forced.append((uid, room.room_id))
                lo = self._visible_from(room, uid, mev["_pos"]) if newly else since_pos
                sec = self._room_section(room, sess, flt, lo, upto, newly or full_state,
                                         limit, now, newly or full_state)
                if sec is None:
                    continue
                sec["ephemeral"] = {"events": []}
                sec["unread_notifications"] = {"notification_count": 0, "highlight_count": 0}
                heroes = [u for u in room.members("join") if u != uid][:5]
                sec["summary"] = {"m.joined_member_count": len(room.members("join")),
                                  "m.invited_member_count": len(room.members("invite")),
                                  "m.heroes": heroes}
                joined[room.room_id] = sec
            elif m == "invite":
                if since_pos is not None and mev["_pos"] <= since_pos:
                    continue
                inv = self.client_event(mev, sess, now)
                stripped = list(inv["unsigned"].pop("invite_room_state", []))
                stripped.append(inv)
                invited[room.room_id] = {"invite_state": {"events": stripped}}
            elif m in ("leave", "ban"):
                if since_pos is None and not flt.include_leave:
                    continue
                if since_pos is not None and (mev["_pos"] <= since_pos or
                                              was not in ("join", "invite")):
                    continue
                initial = since_pos is None
                lo = self._visible_from(room, uid, mev["_pos"]) if initial else since_pos
                left[room.room_id] = self._room_section(
                    room, sess, flt, lo, mev["_pos"], initial or full_state,
                    flt.timeline_limit, now, True)
        dev = (uid, sess["device_id"])
        fallback_types = self._unused_fallback_types(dev)
        resp = {"next_batch": self.make_token(upto),
                "device_one_time_keys_count": self._otk_counts(dev),
                "org.matrix.msc2732.device_unused_fallback_key_types": fallback_types,
                "device_unused_fallback_key_types": list(fallback_types)}
        rooms = {}
        if joined:
            rooms["join"] = joined
        if invited:
            rooms["invite"] = invited
        if left:
            rooms["leave"] = left
        if rooms:
            resp["rooms"] = rooms
        to_device = self._to_device_section(sess, since_pos, upto)
        if to_device:
            resp["to_device"] = {"events": to_device}
        changed, gone = self.device_list_changes(uid, since_pos, upto) \
            if since_pos is not None else ([], [])
        if changed or gone:
            resp["device_lists"] = {k: v for k, v in (("changed", changed), ("left", gone)) if v}
        has_data = bool(rooms) or bool(to_device) or bool(changed or gone)
        if has_data:
            for k in used_forced:
                self.forced_limits.pop(k, None)
        return resp, has_data

    # ------------------------------------------------------------ inspection
    def summary(self):
        return {"server_name": self.server_name, "stream_pos": self.pos,
                "users": sorted(self.users),
                "sessions": [dict(s, access_token=t) for t, s in self.tokens.items()],
                "rooms": {r.room_id: {"aliases": r.aliases, "encrypted": r.encrypted,
                                      "members": {k: ev["content"]["membership"]
                                                  for (t, k), ev in r.state.items()
                                                  if t == "m.room.member"},
                                      "events": len(r.events)}
                          for r in self.rooms.values()},
                "flood_batches_pending": len(self.flood_queue)}

    def keys_summary(self):
        """GET /_control/keys: what each device has uploaded, and the logs."""
        devices = {}
        for dev in sorted(set(self.device_keys) | set(self.otks) | set(self.fallback_keys)):
            devices.setdefault(dev[0], {})[dev[1]] = {
                "device_keys": self.device_keys.get(dev),
                "signature_valid": self.signature_valid.get(dev),
                "one_time_keys": self._otk_counts(dev),
                "fallback_keys": {a: {"key_id": f["key_id"], "used": f["used"]}
                                  for a, f in self.fallback_keys.get(dev, {}).items()}}
        return {"devices": devices, "cross_signing": self.cross_signing,
                "uploads": self.key_uploads, "claims": self.claims,
                "device_list_changes": [{"pos": p, "user_id": u}
                                        for p, u in self.device_changes]}

    def to_device_summary(self):
        """GET /_control/to_device: every batch sent, what is still queued."""
        return {"sent": self.to_device_log, "duplicate_txn_ids": self.to_device_duplicates,
                "delivered": self.to_device_delivered,
                "pending": {"%s|%s" % dev: len(box) for dev, box in self.inbox.items() if box},
                "loss_rules": self.to_device_losses}

    def room_events(self, room_id):
        room = self.get_room(room_id)
        return [dict(self.client_event(e), room_id=room_id) for e in room.events]


# =====================================================================  HTTP
CLIENT_PREFIX = re.compile(r"^/_matrix/client/(?:v3|r0)(/.*)$")


class Fault:
    """A scripted misbehaviour: match method + path regex, act `times` times."""

    ACTIONS = {"429", "500", "502", "503", "error", "delay", "drop", "stall"}

    def __init__(self, fid, spec):
        self.id = fid
        self.method = (spec.get("method") or "*").upper()
        self.path = re.compile(spec.get("path", ".*"))
        self.action = str(spec.get("action", "500"))
        if self.action not in self.ACTIONS:
            raise MatrixError(400, "M_INVALID_PARAM", "unknown fault action %s" % self.action)
        self.times = int(spec.get("times", 1))          # <= 0: forever
        self.skip = int(spec.get("skip", 0))
        self.when = spec.get("when", "before")
        self.user = spec.get("user")                    # only this user's requests
        self.retry_after_ms = int(spec.get("retry_after_ms", 1000))
        self.seconds = spec.get("seconds")
        self.status = int(spec.get("status", 500))
        self.errcode = spec.get("errcode", "M_UNKNOWN")
        self.error = spec.get("error", "Internal server error")
        self.hits = 0
        self.fired = 0

    def describe(self):
        return {"id": self.id, "method": self.method, "path": self.path.pattern,
                "user": self.user,
                "action": self.action, "times": self.times, "skip": self.skip,
                "when": self.when, "hits": self.hits, "fired": self.fired}

    def live(self):
        return self.times <= 0 or self.fired < self.times

    def take(self, method, path, when, user_of=None):
        """Whether the fault fires on this request; user_of() names the
        request's user (asked only when the rule has a `user`)."""
        if self.when != when or not self.live():
            return False
        if self.method not in ("*", method) or not self.path.search(path):
            return False
        if self.user is not None and (user_of is None or user_of() != self.user):
            return False
        self.hits += 1
        if self.hits <= self.skip:
            return False
        self.fired += 1
        return True


def _parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--server-name", default="localhost")
    ap.add_argument("--user", action="append", default=[],
                    help="localpart:password[:access_token], may repeat; "
                         "default bot:botpass")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--break", dest="breakage", action="append", default=[],
                    choices=["txn", "invite_sender", "retry_after", "to_device"],
                    help="misbehave on purpose (to prove a checker can fail)")
    return ap.parse_args(argv)


def build_app(hs):
    from aiohttp import web

    faults = []
    reqlog = []
    state = {"next_fault": 1, "wakeup": asyncio.Event()}

    def on_change():
        state["wakeup"].set()
        state["wakeup"] = asyncio.Event()

    hs.listeners.append(on_change)

    def jresp(body, status=200, headers=None):
        return web.json_response(body, status=status, headers=headers,
                                 dumps=lambda o: json.dumps(o, separators=(",", ":")))

    def err_resp(e):
        headers = None
        body = e.body()
        if e.status == 429:
            if "retry_after" in hs.breakage:
                body.pop("retry_after_ms", None)
            else:
                headers = {"Retry-After": str((body.get("retry_after_ms", 0) + 999) // 1000)}
        return jresp(body, e.status, headers)

    async def body_json(request):
        raw = await request.read()
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            raise MatrixError(400, "M_NOT_JSON", "Content not JSON.") from None

    def session(request):
        header = request.headers.get("Authorization", "")
        qtok = request.query.get("access_token")
        htok = header[7:].strip() if header.lower().startswith("bearer ") else None
        if htok and qtok:
            raise MatrixError(401, "M_MISSING_TOKEN",
                              "Mixing Authorization headers and access_token query parameters.")
        return hs.auth(htok or qtok)

    # -------------------------------------------------------- client routes
    async def r_versions(request, m):
        return {"versions": ["r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6"],
                "unstable_features": {}}

    async def r_login_get(request, m):
        return {"flows": [{"type": "m.login.password"}]}

    async def r_login(request, m):
        return hs.login(await body_json(request))

    async def r_logout(request, m):
        return hs.logout(session(request))

    async def r_whoami(request, m):
        s = session(request)
        return {"user_id": s["user_id"], "device_id": s["device_id"], "is_guest": False}

    async def r_filter_post(request, m):
        return hs.put_filter(session(request), m["user"], await body_json(request))

    async def r_filter_get(request, m):
        return hs.get_filter(session(request), m["user"], m["fid"])

    async def r_sync(request, m):
        s = session(request)
        q = request.query
        flt = hs.resolve_filter(s, q.get("filter"))
        since = q.get("since")
        try:
            timeout_ms = max(0, int(q.get("timeout", "0")))
        except ValueError:
            raise MatrixError(400, "M_INVALID_PARAM", "Query parameter 'timeout' must be an integer") from None
        full_state = q.get("full_state", "false") == "true"
        since_pos = hs.parse_token(since) if since is not None else None
        hs.release_flood(since_pos)
        deadline = time.monotonic() + timeout_ms / 1000.0
        while True:
            wake = state["wakeup"]
            resp, has_data = hs.sync(s, since, flt, full_state)
            left = deadline - time.monotonic()
            if has_data or since is None or full_state or left <= 0:
                return resp
            try:
                await asyncio.wait_for(wake.wait(), left)
            except asyncio.TimeoutError:
                pass
            session(request)        # token may have been invalidated meanwhile

    async def r_join(request, m):
        return hs.join(session(request), m["room"])

    async def r_leave(request, m):
        return hs.leave(session(request), m["room"])

    async def r_forget(request, m):
        return hs.forget(session(request), m["room"])

    async def r_members(request, m):
        return hs.joined_members(session(request), m["room"])

    async def r_joined_rooms(request, m):
        return hs.joined_rooms(session(request))

    async def r_state(request, m):
        return hs.room_state(session(request), m["room"])

    async def r_state_event(request, m):
        return hs.room_state_event(session(request), m["room"], m["type"], m["key"] or "")

    async def r_event(request, m):
        return hs.room_event(session(request), m["room"], m["eid"])

    async def r_state_put(request, m):
        return hs.put_state(session(request), m["room"], m["type"], m["key"] or "",
                            await body_json(request))

    async def r_send(request, m):
        s = session(request)
        return hs.send(s, m["room"], m["type"], m["txn"], await body_json(request))

    async def r_messages(request, m):
        q = request.query
        try:
            limit = int(q.get("limit", "10"))
        except ValueError:
            raise MatrixError(400, "M_INVALID_PARAM", "limit must be an integer") from None
        return hs.messages(session(request), m["room"], q.get("from"), q.get("dir", "b"), limit)

    async def r_create_room(request, m):
        return hs.client_create_room(session(request), await body_json(request))

    async def r_invite(request, m):
        return hs.client_invite(session(request), m["room"], await body_json(request))

    async def r_kick(request, m):
        return hs.client_kick(session(request), m["room"], await body_json(request))

    async def r_keys_upload(request, m):
        return hs.keys_upload(session(request), await body_json(request))

    async def r_keys_query(request, m):
        return hs.keys_query(session(request), await body_json(request))

    async def r_keys_claim(request, m):
        return hs.keys_claim(session(request), await body_json(request))

    async def r_keys_changes(request, m):
        return hs.keys_changes(session(request), request.query.get("from"),
                               request.query.get("to"))

    async def r_device_signing(request, m):
        return hs.device_signing_upload(session(request), await body_json(request))

    async def r_signatures(request, m):
        return hs.signatures_upload(session(request), await body_json(request))

    async def r_send_to_device(request, m):
        return hs.send_to_device(session(request), m["type"], m["txn"],
                                 await body_json(request))

    async def r_devices(request, m):
        s = session(request)
        devs = [{"device_id": d, "display_name": hs.device_names.get((u, d))}
                for (u, d) in sorted(hs.devices) if u == s["user_id"]]
        if m.get("dev") is None:
            return {"devices": devs}
        for d in devs:
            if d["device_id"] == m["dev"]:
                return d
        raise MatrixError(404, "M_NOT_FOUND", "Device not found")

    async def r_ok(request, m):
        session(request)
        await body_json(request)
        return {}

    seg = r"(?P<%s>[^/]+)"
    routes = [
        ("GET", r"^/_matrix/client/versions$", r_versions),
        ("GET", r"/login", r_login_get),
        ("POST", r"/login", r_login),
        ("POST", r"/logout", r_logout),
        ("GET", r"/account/whoami", r_whoami),
        ("POST", r"/user/%s/filter" % (seg % "user"), r_filter_post),
        ("GET", r"/user/%s/filter/%s" % (seg % "user", seg % "fid"), r_filter_get),
        ("GET", r"/sync", r_sync),
        ("POST", r"/join/%s" % (seg % "room"), r_join),
        ("POST", r"/rooms/%s/join" % (seg % "room"), r_join),
        ("POST", r"/rooms/%s/leave" % (seg % "room"), r_leave),
        ("POST", r"/rooms/%s/forget" % (seg % "room"), r_forget),
        ("GET", r"/rooms/%s/joined_members" % (seg % "room"), r_members),
        ("GET", r"/joined_rooms", r_joined_rooms),
        ("GET", r"/rooms/%s/state" % (seg % "room"), r_state),
        ("GET", r"/rooms/%s/state/%s(?:/(?P<key>[^/]*))?" % (seg % "room", seg % "type"),
         r_state_event),
        ("PUT", r"/rooms/%s/state/%s(?:/(?P<key>[^/]*))?" % (seg % "room", seg % "type"),
         r_state_put),
        ("PUT", r"/rooms/%s/send/%s/%s" % (seg % "room", seg % "type", seg % "txn"), r_send),
        ("GET", r"/rooms/%s/messages" % (seg % "room"), r_messages),
        ("GET", r"/rooms/%s/event/%s" % (seg % "room", seg % "eid"), r_event),
        ("POST", r"/createRoom", r_create_room),
        ("POST", r"/rooms/%s/invite" % (seg % "room"), r_invite),
        ("POST", r"/rooms/%s/kick" % (seg % "room"), r_kick),
        ("POST", r"/keys/upload", r_keys_upload),
        ("POST", r"/keys/query", r_keys_query),
        ("POST", r"/keys/claim", r_keys_claim),
        ("GET", r"/keys/changes", r_keys_changes),
        ("POST", r"/keys/device_signing/upload", r_device_signing),
        ("POST", r"/keys/signatures/upload", r_signatures),
        ("PUT", r"/sendToDevice/%s/%s" % (seg % "type", seg % "txn"), r_send_to_device),
        ("GET", r"/devices", r_devices),
        ("GET", r"/devices/%s" % (seg % "dev"), r_devices),
        ("PUT", r"/rooms/%s/typing/%s" % (seg % "room", seg % "user"), r_ok),
        ("POST", r"/rooms/%s/receipt/%s/%s" % (seg % "room", seg % "rt", seg % "ev"), r_ok),
        ("POST", r"/rooms/%s/read_markers" % (seg % "room"), r_ok),
    ]
    compiled = [(meth, re.compile(pat if pat.startswith("^") else "^" + pat + "$"), fn)
                for meth, pat, fn in routes]

    def route(method, raw_path):
        """(handler, match) or MatrixError 404/405."""
        sub = CLIENT_PREFIX.match(raw_path)
        candidates = [raw_path] if raw_path.startswith("/_matrix/client/versions") else []
        if sub:
            candidates.append(sub.group(1))
        allowed = False
        for path in candidates:
            for meth, rx, fn in compiled:
                m = rx.match(path)
                if not m:
                    continue
                if meth != method:
                    allowed = True
                    continue
                groups = {k: unquote(v) if v is not None else None
                          for k, v in m.groupdict().items()}
                return fn, groups
        if allowed:
            raise MatrixError(405, "M_UNRECOGNIZED", "Unrecognized request")
        raise MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request")

    # ------------------------------------------------------- fault handling
    async def apply_fault(fault, request, entry):
        entry["fault"] = fault.id
        act = fault.action
        if act == "delay":
            await asyncio.sleep(float(fault.seconds or 1))
            return None
        if act in ("drop", "stall"):
            if act == "stall":
                secs = fault.seconds
                if secs is None:
                    try:
                        secs = int(request.query.get("timeout", "0")) / 1000.0 + 30
                    except ValueError:
                        secs = 30
                entry["status"] = "stalled"
                await asyncio.sleep(float(secs))
            entry["status"] = "dropped"
            if request.transport is not None:  # None: the client left during a stall
                request.transport.abort()
            raise asyncio.CancelledError()
        if act in ("502", "503"):
            text = "<html><body><h1>%s Bad Gateway</h1></body></html>" % act
            return web.Response(status=int(act), text=text, content_type="text/html")
        if act == "429":
            return err_resp(MatrixError(429, "M_LIMIT_EXCEEDED", "Too Many Requests",
                                        retry_after_ms=fault.retry_after_ms))
        if act == "500":
            return err_resp(MatrixError(500, "M_UNKNOWN", "Internal server error"))
        return err_resp(MatrixError(fault.status, fault.errcode, fault.error))

    def user_of(request):
        header = request.headers.get("Authorization", "")
        tok = header[7:].strip() if header.lower().startswith("bearer ") \
            else request.query.get("access_token")
        return (hs.tokens.get(tok) or {}).get("user_id")

    async def pick_fault(request, entry, when):
        for f in faults:
            if f.take(request.method, request.path, when, lambda: user_of(request)):
                log.info("fault %d (%s) on %s %s", f.id, f.action, request.method, request.path)
                return await apply_fault(f, request, entry)
        return None

    # ------------------------------------------------------- control routes
    async def control(request):
        path = request.path[len("/_control"):]
        meth = request.method
        body = await body_json(request) if meth in ("POST", "PUT") else {}
        q = request.query
        if not isinstance(body, dict):
            raise MatrixError(400, "M_BAD_JSON", "control body must be an object")
        m = re.match(r"^/rooms/([^/]+)/(\w+)$", path)
        if meth == "POST" and path == "/reset":
            faults.clear()
            reqlog.clear()
            hs.reset()
            return {}
        if meth == "POST" and path == "/users":
            return hs.add_user(body.get("user", "bot"), body.get("password"),
                               body.get("access_token"), body.get("device_id"),
                               body.get("displayname"))
        if meth == "POST" and path == "/rooms":
            room = hs.create_room(body.get("creator", "admin"), body.get("name"),
                                  body.get("alias"), bool(body.get("encrypted")),
                                  body.get("members", []), body.get("join_rule", "invite"),
                                  body.get("history_visibility", "shared"), body.get("topic"))
            return {"room_id": room.room_id, "aliases": room.aliases}
        if m and meth == "GET" and m.group(2) == "events":
            return {"events": hs.room_events(unquote(m.group(1)))}
        if m and meth == "POST":
            rid, what = unquote(m.group(1)), m.group(2)
            if what == "invite":
                ev = hs.invite(rid, body.get("inviter", "admin"), body.get("user", "bot"),
                               bool(body.get("is_direct")))
                return {"event_id": ev["event_id"]}
            if what == "messages":
                ev = hs.inject_message(rid, body.get("sender", "alice"), body.get("body"),
                                       body.get("msgtype", "m.text"),
                                       body.get("formatted_body"), body.get("content"),
                                       body.get("type"))
                return {"event_id": ev["event_id"], "type": ev["type"]}
            if what == "kick":
                ev = hs.kick(rid, body.get("user", "bot"), body.get("by"), body.get("reason"))
                return {"event_id": ev["event_id"]}
            if what == "join":
                room = hs.get_room(rid)
                hs.ensure_joined(room, hs.user_id(body.get("user", "alice")))
                return {}
            if what == "gap":
                return hs.gap(rid, body.get("sender", "alice"), int(body.get("count", 5)),
                              int(body.get("shown", 2)), body.get("user", "bot"))
            if what == "flood":
                return hs.flood(rid, int(body.get("count", 100)),
                                body.get("senders", ["alice", "bob", "carol"]),
                                body.get("command", "!ping"),
                                int(body.get("command_every", 10)),
                                int(body.get("batch", 50)),
                                contents=body.get("contents"))
        if meth == "GET" and path == "/keys":
            return hs.keys_summary()
        if path == "/to_device":
            return hs.to_device_summary()
        if path == "/to_device/lose":
            if meth == "DELETE":
                hs.to_device_losses.clear()
                return {}
            if meth == "POST":
                return hs.lose_to_device(body.get("user", "bot"), body.get("device"),
                                         body.get("sender"), body.get("type"),
                                         int(body.get("times", 1)), body.get("at", "send"))
            return {"rules": hs.to_device_losses}
        if meth == "POST" and path == "/invalidate_token":
            return {"invalidated": hs.invalidate_tokens(body.get("token"), body.get("user"))}
        if meth == "POST" and path == "/ratelimit":
            if body.get("per_second"):
                hs.ratelimit = {"per_second": float(body["per_second"]),
                                "burst": float(body.get("burst", 10)), "buckets": {}}
            else:
                hs.ratelimit = None
            return {}
        if path == "/faults":
            if meth == "POST":
                f = Fault(state["next_fault"], body)
                state["next_fault"] += 1
                faults.append(f)
                return f.describe()
            if meth == "DELETE":
                faults.clear()
                return {}
            return {"faults": [f.describe() for f in faults]}
        if meth == "GET" and path == "/sends":
            want = int(q.get("min", "0"))
            deadline = time.monotonic() + int(q.get("timeout_ms", "0")) / 1000.0
            while len(hs.sends) < want and time.monotonic() < deadline:
                wake = state["wakeup"]
                try:
                    await asyncio.wait_for(wake.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    pass
            return {"sends": hs.sends, "count": len(hs.sends),
                    "duplicate_txn_ids": hs.duplicate_txns}
        if meth == "GET" and path == "/log":
            return {"requests": reqlog}
        if meth == "GET" and path == "/state":
            return hs.summary()
        raise MatrixError(404, "M_UNRECOGNIZED", "Unknown control request")

    # ------------------------------------------------------------- dispatch
    async def dispatch(request):
        if request.path.startswith("/_control/"):
            try:
                return jresp(await control(request))
            except MatrixError as e:
                return err_resp(e)
            except (KeyError, ValueError, TypeError, re.error) as e:
                return jresp({"errcode": "M_BAD_JSON", "error": "control: %r" % (e,)}, 400)
        query = {k: ("<redacted>" if k == "access_token" else v)
                 for k, v in request.query.items()}
        entry = {"method": request.method, "path": request.path, "query": query,
                 "status": None, "auth": "header" if "Authorization" in request.headers
                 else ("query" if "access_token" in request.query else None)}
        reqlog.append(entry)
        try:
            resp = await pick_fault(request, entry, "before")
            if resp is None:
                try:
                    fn, groups = route(request.method, request.rel_url.raw_path)
                    resp = jresp(await fn(request, groups))
                except MatrixError as e:
                    resp = err_resp(e)
                after = await pick_fault(request, entry, "after")
                resp = after or resp
        except asyncio.CancelledError:
            if entry["status"] is None:
                entry["status"] = "cancelled"
            raise
        entry["status"] = resp.status
        return resp

    # big enough for a control-API flood of 20,000 client-encrypted events
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", dispatch)
    app["hs"] = hs
    app["faults"] = faults
    app["log"] = reqlog
    return app


async def serve(args):
    from aiohttp import web

    hs = Homeserver(args.server_name, args.seed, args.breakage)
    users = args.user or ["bot:botpass"]
    for spec in users:
        parts = spec.split(":")
        hs.default_users.append({"user": parts[0],
                                 "password": parts[1] if len(parts) > 1 else None,
                                 "access_token": parts[2] if len(parts) > 2 else None})
    hs.reset()
    app = build_app(hs)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    sys.stdout.write(json.dumps({"port": port}) + "\n")
    sys.stdout.flush()
    log.info("fake matrix homeserver %s listening on 127.0.0.1:%d", args.server_name, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main(argv=None):
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("FAKE_MATRIX_LOG", "INFO"), stream=sys.stderr,
                        format="fake_matrix: %(levelname)s %(message)s")
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
