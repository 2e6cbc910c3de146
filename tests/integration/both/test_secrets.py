#!/usr/bin/python3
"""No secret in the log: full sessions of the real `briefbot run` at
log_level = debug on both platforms at once, then the log is searched for
every secret the bot held.

Run 1: the Discord token and the Matrix password in the config file (a
password login; the access token the homeserver hands out is a secret
too).  Run 2: the Discord token in DISCORD_TOKEN and a Matrix access token
in MATRIX_ACCESS_TOKEN.  Each session connects, answers commands, and goes
through faults that make the bot retry and reconnect (REST 429 and 500, a
dropped gateway connection that resumes, op 9 d=false that identifies
again, a failed /sync and send on Matrix), then stops.  Run 1's config file
is readable by others (mode 0644) and must draw the permission warning; run
2's (0600, no secret in it) must not.

Run: /usr/bin/python3 tests/integration/both/test_secrets.py [PATH/TO/briefbot]"""

import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (CH1, Bot, Checks, FakeDiscord, FakeMatrix, discord_section,  # noqa: E402
                     find_briefbot, general_section, hard_timeout, matrix_replies_to,
                     matrix_section, scratch_dir, until)

C = Checks("secrets")


def exercise(dc, mx, room, tag):
    """Commands and faults on both platforms; returns True when all was
    answered."""
    ok = dc.wait(timeout=30, ready_connections=1)
    mx.ctl("POST", "/faults", {"method": "PUT", "path": "/send/", "action": "500"})
    mx.ctl("POST", "/faults", {"method": "GET", "path": "/sync", "action": "500", "skip": 1})
    dc.post("faults", {"method": "POST", "path": "/messages$", "action": "429",
                       "retry_after": 0.2})
    dc.post("faults", {"method": "POST", "path": "/messages$", "action": "500"})
    ids = [dc.post("message", {"channel_id": CH1, "content": "!ping"})["id"] for _ in range(3)]
    evs = [mx.say(room, "!ping") for _ in range(3)]
    c = dc.counters()
    dc.post("gateway/drop", {})
    ok = dc.wait(timeout=30, resume_count=c["resume_count"] + 1) and ok
    dc.wait(timeout=30, ready_connections=1)
    c = dc.counters()
    dc.post("gateway/invalid_session", {"resumable": False})
    ok = dc.wait(timeout=30, identify_count=c["identify_count"] + 1) and ok
    ok = dc.wait(timeout=30, ready_connections=1) and ok
    ids.append(dc.post("message", {"channel_id": CH1, "content": "!ping"})["id"])
    evs.append(mx.say(room, "!help"))
    ok = until(lambda: all(dc.replies_to(m) for m in ids), timeout=30) and ok
    mx.sends(len(evs), 30000)
    sends = mx.sends()["sends"]
    ok = all(matrix_replies_to(sends, e) for e in evs) and ok
    C.ok("%s: a full session on both platforms with faults answered everything" % tag, ok)


def check_log(bot, named, tag):
    out = bot.output()
    C.ok("%s: the debug log is not empty (%d lines)" % (tag, out.count("\n")),
         "debug" in out and out.count("\n") > 50)
    for what, value in named:
        C.ok("%s: the log never shows the %s" % (tag, what), value not in out,
             [line for line in out.splitlines() if value in line][:2])


def session_tokens(mx):
    """Every access token the fake homeserver handed out."""
    st = mx.ctl("GET", "/state")
    return [s["access_token"] for s in st.get("sessions", [])]


def run(tag, dc_token, mx_password, mx_token, pickle_key, via_env):
    dc = FakeDiscord("--token", dc_token, "--heartbeat-interval", "2000")
    user = "bot:%s:%s" % (mx_password, mx_token) if mx_token else "bot:%s" % mx_password
    mx = FakeMatrix("--user", user)
    workdir = scratch_dir("secrets-")
    sections = {"general": general_section(workdir, log_level="debug"),
                "matrix": matrix_section(mx, password=mx_password, encryption=True,
                                         pickle_key=pickle_key),
                "discord": discord_section(dc, token=dc_token)}
    env = None
    if via_env:
        sections["matrix"]["password"] = ""
        sections["discord"]["token"] = ""
        sections["matrix"]["pickle_key"] = ""
        env = {"DISCORD_TOKEN": dc_token, "MATRIX_ACCESS_TOKEN": mx_token,
               "MATRIX_PICKLE_KEY": pickle_key}
    bot = Bot(workdir, sections, env=env)
    # A config file holding a secret that others may read gets a warning.
    os.chmod(bot.config, 0o600 if via_env else 0o644)
    try:
        bot.start()
        room = mx.room(creator="alice", members=["carol"])
        mx.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
        mx.wait_member(room, "join", timeout=30)
        exercise(dc, mx, room, tag)
        issued = [t for t in session_tokens(mx) if t]
        C.ok("%s: clean stop" % tag, bot.stop() == 0)
        named = [("Discord token", dc_token), ("Matrix pickle key", pickle_key)]
        if mx_password:
            named.append(("Matrix password", mx_password))
        if mx_token:
            named.append(("Matrix access token", mx_token))
        named += [("access token the homeserver issued", t) for t in issued]
        check_log(bot, named, tag)
        warned = "warning: the file holds a secret" in bot.output()
        C.ok("%s: %s" % (tag, "no warning about a private config file" if via_env else
                          "a warning about a config file holding secrets that others may read"),
             warned != via_env)
    finally:
        bot.stop()
        mx.stop()
        dc.stop()


def main():
    find_briefbot()
    hard_timeout(280, lambda: None)
    # Unmistakable values: a hit in the log can only be a leak.  The Discord
    # token is a long JWT-like one, as Spacebar issues.
    jwt = "eyJ" + secrets.token_urlsafe(120) + "." + secrets.token_urlsafe(90) + "." + \
        secrets.token_urlsafe(40)
    run("config file, password login", jwt, "pw" + secrets.token_hex(12), None,
        "pk" + secrets.token_hex(16), False)
    run("environment, access token", "dT" + secrets.token_hex(30),
        "pw" + secrets.token_hex(12), "mxTok" + secrets.token_hex(16),
        "pk" + secrets.token_hex(16), True)
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
