"""Shared pieces of the Discord integration tests and the benchmark: start
the fake Discord (tests/doubles/fake_discord.py) and the real
`briefbot run --config FILE` against it, talk to the double's control API,
and record checks.  Standard library only; run with /usr/bin/python3."""

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "..", "doubles", "fake_discord.py")
PY = "/usr/bin/python3"
BOT_ID = "900000000000000001"
CH1 = "800000000000000011"
CH2 = "800000000000000012"


class Double:
    """fake_discord.py as a subprocess on an OS-chosen port."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([PY, FAKE, "--port", "0"] + list(args),
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.port = json.loads(line)["port"]
        self.base = "http://127.0.0.1:%d" % self.port

    def call(self, method, path, body=None, timeout=300):
        """One control request over a kept-alive connection (cheap enough
        to pace a benchmark with)."""
        data = None if body is None else json.dumps(body).encode()
        for attempt in (0, 1):
            if getattr(self, "conn", None) is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.conn.request(method, "/_control/" + path, body=data,
                                  headers={"Content-Type": "application/json"})
                r = self.conn.getresponse()
                raw = r.read()
                if r.status != 200:
                    raise RuntimeError("control %s: %d %s" % (path, r.status, raw[:200]))
                return json.loads(raw or b"{}")
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise

    def post(self, path, body=None):
        return self.call("POST", path, body or {})

    def get(self, path):
        return self.call("GET", path)

    def state(self):
        return self.get("state")

    def counters(self):
        return self.get("counters")

    def wait(self, timeout=10, **want):
        want["timeout"] = timeout
        return self.post("wait", want)["ok"]

    def stop(self):
        stop_process(self.proc, 5)


def stop_process(proc, timeout):
    """SIGTERM, then SIGKILL after `timeout` s; returns the exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class Bot:
    """`briefbot run --config FILE` against a double."""

    def __init__(self, exe, double, db=None, extra=None, log_level="info", token="test-token"):
        self.exe = exe
        self.dir = tempfile.mkdtemp(prefix="bb-discord-")
        self.db = db or os.path.join(self.dir, "bot.db")
        self.conf = os.path.join(self.dir, "bot.conf")
        sections = {
            "general": {"database": self.db, "log_level": log_level,
                        "cooldown_user_per_min": "0", "cooldown_room_per_min": "0"},
            "discord": {"enabled": "true", "token": token,
                        "api_base": double.base + "/api/v10"},
        }
        for sec, kv in (extra or {}).items():
            sections.setdefault(sec, {}).update(kv)
        with open(self.conf, "w") as f:
            for sec, kv in sections.items():
                f.write("[%s]\n" % sec)
                for k, v in kv.items():
                    f.write("%s = %s\n" % (k, v))
        self.err_path = os.path.join(self.dir, "stderr.log")
        self.proc = None

    def start(self):
        self.errf = open(self.err_path, "w")
        self.proc = subprocess.Popen([self.exe, "run", "--config", self.conf],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.errf)
        return self

    def stop(self, timeout=10):
        if self.proc is None:
            return None
        rc = stop_process(self.proc, timeout)
        self.errf.close()
        return rc

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()

    def vmhwm_kb(self):
        return read_vmhwm(self.proc.pid)


def read_vmhwm(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Checks:
    def __init__(self, title):
        self.title = title
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
        print("%s: %s%s" % ("PASS" if cond else "FAIL", name,
                            (" -- " + str(detail)) if detail else ""), flush=True)
        return cond

    def finish(self):
        print("%s: %d passed, %d failed" % (self.title, self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


def until(pred, timeout=10.0, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def replies_to(double, message_id):
    """The bot's posted messages that reply to message_id."""
    out = []
    for m in double.get("messages")["all"]:
        ref = m.get("message_reference") or {}
        if ref.get("message_id") == message_id:
            out.append(m)
    return out


def hard_timeout(seconds, cleanup):
    def on_alarm(signum, frame):
        print("FAIL: hard timeout of %d s" % seconds, flush=True)
        cleanup()
        os._exit(1)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)


def exe_from_argv():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: %s PATH/TO/briefbot" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    return sys.argv[1]
