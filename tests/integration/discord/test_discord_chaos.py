#!/usr/bin/python3
"""Chaos run: 1,000 `!ping` commands over two channels and a DM,
interleaved with 50 injected faults (gateway drops, zombie connections,
op 7, op 9 both ways, resume- and new-session-class closes, REST 429 on the
route and global, 5xx, dropped and slow requests), against the real
`briefbot run`.  Every command must be answered exactly once (counted at the
double by the reply's message_reference) and, per channel, in the order the
commands were sent.  Usage: test_discord_chaos.py PATH/TO/briefbot

Resume-class faults are injected while commands keep coming (the session
buffers them and RESUME replays them).  After a new-session fault the
driver waits for the new READY before sending more: Discord drops the
events of a session that ended, so nothing could answer them."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import CH1, CH2, discord_bot, Checks, FakeDiscord, find_briefbot, hard_timeout  # noqa: E402

N_COMMANDS = 1000
N_FAULTS = 50
DM = "810000000000000042"
MSGS = "/channels/\\d+/messages$"

RESUME_FAULTS = [
    ("gateway/drop", {}),
    ("gateway/drop", {"rst": False}),
    ("gateway/reconnect", {}),
    ("gateway/invalid_session", {"resumable": True}),
    ("gateway/close", {"code": 4000}),
    ("gateway/close", {"code": 4008}),
    ("zombie", {}),
    ("faults", {"method": "POST", "path": MSGS, "action": "429", "retry_after": 0.3}),
    ("faults", {"method": "POST", "path": MSGS, "action": "429", "scope": "global",
                "retry_after": 0.3}),
    ("faults", {"method": "POST", "path": MSGS, "action": "500", "count": 2}),
    ("faults", {"method": "POST", "path": MSGS, "action": "503"}),
    ("faults", {"method": "POST", "path": MSGS, "action": "drop"}),
    ("faults", {"method": "POST", "path": MSGS, "action": "delay", "delay": 0.5}),
]
NEW_SESSION_FAULTS = [
    ("gateway/invalid_session", {"resumable": False}),
    ("gateway/close", {"code": 4009}),
    ("gateway/invalid_session", {"resumable": False}),
]


def plan_faults():
    """50 faults: the resume-class ones in turn, three new-session ones
    spread over the run."""
    faults = []
    for i in range(N_FAULTS):
        if i in (12, 29, 44):
            faults.append(NEW_SESSION_FAULTS[(i // 15) % len(NEW_SESSION_FAULTS)])
        else:
            faults.append(RESUME_FAULTS[i % len(RESUME_FAULTS)])
    return faults


def inject(d, fault):
    path, body = fault
    if path != "faults":
        # a gateway fault needs a live connection to hit (the previous
        # one may still be reconnecting); commands keep coming meanwhile
        d.wait(timeout=10, ready_connections=1)
    c = d.counters()
    if path == "zombie":
        d.post("gateway/acks", {"enabled": False})
        d.wait(timeout=10, resume_count=c["resume_count"] + 1)
        d.post("gateway/acks", {"enabled": True})
    elif (path, body) in NEW_SESSION_FAULTS:
        d.post(path, body)
        d.wait(timeout=15, identify_count=c["identify_count"] + 1)
        d.wait(timeout=10, ready_connections=1)
    else:
        d.post(path, body)


def main():
    find_briefbot()
    C = Checks("discord chaos")
    d = FakeDiscord("--heartbeat-interval", "1000", "--heartbeat-timeout-factor", "3")
    bot = discord_bot(d)
    hard_timeout(170, lambda: (bot.stop(), d.stop()))
    # Discord's real create_message bucket is 5 per 5 s per channel; at that
    # pace 1,000 replies take 17 minutes, so this run allows 50 per second
    # (the global limit) and leaves the pacing to the bot's rate limiter.
    d.post("buckets", {"route": "create_message", "limit": 50, "window": 1})
    bot.start()
    try:
        C.ok("bot ready", d.wait(timeout=15, ready_connections=1))
        faults = plan_faults()
        sent = {CH1: [], CH2: [], DM: []}
        chans = [CH1, CH2, DM]
        t0 = time.monotonic()
        fault_every = N_COMMANDS // N_FAULTS
        for i in range(N_COMMANDS):
            ch = chans[i % 3]
            body = {"channel_id": ch, "content": "!ping"}
            if ch == DM:
                body["guild_id"] = None
                body["author"] = {"id": "700000000000000042", "username": "dm-user"}
            sent[ch].append(d.post("message", body)["id"])
            if i % fault_every == fault_every // 2:
                inject(d, faults[i // fault_every])
        d.call("DELETE", "faults")
        done = d.wait(timeout=120, messages_posted=N_COMMANDS)
        time.sleep(1.0)  # anything posted twice would arrive now
        elapsed = time.monotonic() - t0
        posted = d.get("messages")["channels"]
        st = d.state()
        all_cmds = {m for v in sent.values() for m in v}
        answered = {}
        for ch, msgs in posted.items():
            for m in msgs:
                ref = (m.get("message_reference") or {}).get("message_id")
                answered[ref] = answered.get(ref, 0) + 1
        lost = [m for m in all_cmds if answered.get(m, 0) == 0]
        dup = [m for m in all_cmds if answered.get(m, 0) > 1]
        C.ok("all %d commands answered" % N_COMMANDS, done and not lost, "%d lost" % len(lost))
        C.ok("no command answered twice", not dup, "%d duplicates" % len(dup))
        C.ok("no reply to anything else", set(answered) <= all_cmds)
        in_order = all(
            [(m.get("message_reference") or {}).get("message_id") for m in posted.get(ch, [])]
            == sent[ch] for ch in sent)
        C.ok("replies in order per channel", in_order)
        # A request already in flight on another route when a global 429
        # was answered arrives "before retry_after" without any fault of
        # the bot; every other violation is one.
        in_flight = [v for v in st["violation_list"] if v["why"].startswith("retried") and
                     float(v["why"].split()[1].rstrip("s")) >= 0.25]
        real = [v for v in st["violation_list"] if v not in in_flight]
        C.ok("no rate-limit violation at the double", not real,
             "%d (+%d in flight at a global 429) %s" % (len(real), len(in_flight), real[:3]))
        C.ok("every fault hit the bot (resumes + new sessions >= gateway faults)",
             st["resume_count"] + st["identify_count"] - 1 >=
             sum(1 for p, _ in faults if p != "faults"),
             "resume %d identify %d" % (st["resume_count"], st["identify_count"]))
        print("chaos: %d commands, %d faults, %.1f s, identify %d, resume %d, "
              "connections %d, nonce dedups %d, REST requests %d" % (
                  N_COMMANDS, N_FAULTS, elapsed, st["identify_count"], st["resume_count"],
                  st["connection_count"], st["duplicate_nonce_hits"], st["rest_count"]),
              flush=True)
    finally:
        bot.stop()
        d.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
