"""Shared helpers for briefbot's integration tests: start the fake Matrix
homeserver (tests/doubles/fake_matrix.py) and the real `briefbot run` as
subprocesses on 127.0.0.1, talk to the double's control API, stop both.

Standard library only; run with Debian's /usr/bin/python3."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DOUBLES = os.path.join(os.path.dirname(HERE), "doubles")


def find_briefbot():
    """The briefbot binary: $BRIEFBOT, else build/bot/briefbot of the source tree."""
    path = os.environ.get("BRIEFBOT") or os.path.join(
        os.path.dirname(os.path.dirname(HERE)), "build", "bot", "briefbot")
    if not os.access(path, os.X_OK):
        sys.exit("briefbot binary not found at %s (set BRIEFBOT)" % path)
    return path


class Double:
    """A fake server subprocess that prints {"port": N} once listening."""

    def __init__(self, script, *args):
        env = dict(os.environ, FAKE_MATRIX_LOG=os.environ.get("FAKE_MATRIX_LOG", "WARNING"))
        self.proc = subprocess.Popen([sys.executable, os.path.join(DOUBLES, script), *args],
                                     stdout=subprocess.PIPE, env=env, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("%s did not start" % script)
        self.port = json.loads(line)["port"]
        self.base = "http://127.0.0.1:%d" % self.port

    def call(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s -> %d %s" % (method, path, e.code, e.read()[:300]))

    def ctl(self, method, path, body=None, timeout=60):
        return self.call(method, "/_control" + path, body, timeout)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class FakeMatrix(Double):
    def __init__(self, *args):
        super().__init__("fake_matrix.py", *args)

    def sends(self, min_count=0, timeout_ms=0):
        return self.ctl("GET", "/sends?min=%d&timeout_ms=%d" % (min_count, timeout_ms),
                        timeout=timeout_ms / 1000 + 30)

    def room(self, **kw):
        return self.ctl("POST", "/rooms", kw)["room_id"]

    def say(self, room, body, sender="alice", **kw):
        return self.ctl("POST", "/rooms/%s/messages" % room,
                        dict(kw, sender=sender, body=body))["event_id"]

    def member(self, room, user="bot"):
        st = self.ctl("GET", "/state")
        uid = user if user.startswith("@") else "@%s:%s" % (user, st["server_name"])
        return st["rooms"][room]["members"].get(uid)

    def wait_member(self, room, membership, user="bot", timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.member(room, user) == membership:
                return True
            time.sleep(0.05)
        raise AssertionError("%s never became %s in %s" % (user, membership, room))


def replies_to(sends, event_id):
    """The bot's sends that reply to event_id."""
    out = []
    for s in sends:
        rel = s["content"].get("m.relates_to") or {}
        if (rel.get("m.in_reply_to") or {}).get("event_id") == event_id:
            out.append(s)
    return out


class Bot:
    """`briefbot run --config FILE` with a temporary database."""

    def __init__(self, workdir, sections, env=None, name="bot"):
        self.workdir = workdir
        self.config = os.path.join(workdir, name + ".conf")
        self.log_path = os.path.join(workdir, name + ".log")
        text = []
        for section, keys in sections.items():
            text.append("[%s]" % section)
            for k, v in keys.items():
                if isinstance(v, bool):
                    v = "true" if v else "false"
                text.append("%s = %s" % (k, v))
            text.append("")
        with open(self.config, "w") as f:
            f.write("\n".join(text))
        self.env = dict(os.environ, **(env or {}))
        for var in ("MATRIX_PASSWORD", "MATRIX_ACCESS_TOKEN", "DISCORD_TOKEN"):
            if env is None or var not in env:
                self.env.pop(var, None)
        self.proc = None

    def start(self):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([find_briefbot(), "run", "--config", self.config],
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=self.env)
        return self

    def pid(self):
        return self.proc.pid

    def vm_hwm_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return -1

    def stop(self, timeout=15):
        """SIGTERM and wait; returns the exit status."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("briefbot did not stop on SIGTERM")
        if self.proc:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def wait_exit(self, timeout=20):
        rc = self.proc.wait(timeout)
        self.log.close()
        return rc

    def output(self):
        with open(self.log_path) as f:
            return f.read()


def matrix_section(fake, **over):
    keys = {"enabled": True, "homeserver": fake.base, "user_id": "@bot:localhost",
            "password": "botpass", "allowed_inviters": ":localhost",
            "sync_timeout_ms": 1000}
    keys.update(over)
    return keys


def general_section(workdir, **over):
    keys = {"database": os.path.join(workdir, "bot.db"), "log_level": "info",
            "cooldown_user_per_min": 0, "cooldown_room_per_min": 0,
            "http_timeout_ms": 3000, "reconnect_max_ms": 2000}
    keys.update(over)
    return keys


def tempdir():
    return tempfile.TemporaryDirectory(prefix="briefbot-it-")
