"""The one harness of briefbot's integration tests and benchmarks: start the
test doubles (tests/doubles/fake_discord.py, fake_matrix.py) and the real
`briefbot run --config FILE` as subprocesses on 127.0.0.1, talk to the
doubles' control APIs, record checks, and stop everything.

Everything a test writes (configs, databases, logs) lives in one scratch
folder per test process, removed when the process exits, also after a
failure or a hard timeout: tests leave /tmp as they found it.

Standard library only; run with Debian's /usr/bin/python3. A test puts this
folder on sys.path (tests/integration/<platform>/ -> parent)."""

import atexit
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DOUBLES = os.path.join(os.path.dirname(HERE), "doubles")
PY = "/usr/bin/python3"

# Discord ids the fake Discord uses for the bot and its two channels.
BOT_ID = "900000000000000001"
CH1 = "800000000000000011"
CH2 = "800000000000000012"

_scratch = None


def _scratch_root():
    global _scratch
    if _scratch is None:
        _scratch = tempfile.mkdtemp(prefix="briefbot-it-")
        atexit.register(remove_scratch)
        # meson ends a test that runs over its time with SIGTERM: exit
        # through the finally blocks and atexit, so the scratch goes too
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    return _scratch


def scratch_dir(prefix="bot-"):
    """A new folder inside this process's scratch root (removed at exit)."""
    return tempfile.mkdtemp(prefix=prefix, dir=_scratch_root())


def remove_scratch():
    global _scratch
    if _scratch is not None:
        shutil.rmtree(_scratch, ignore_errors=True)
        _scratch = None


def find_briefbot():
    """The briefbot binary: argv[1] when it is one (the benchmarks), else $BRIEFBOT, else
    build/bot/briefbot of the source tree."""
    if len(sys.argv) > 1 and os.path.isfile(sys.argv[1]) and os.access(sys.argv[1], os.X_OK):
        return sys.argv[1]
    path = os.environ.get("BRIEFBOT") or os.path.join(
        os.path.dirname(os.path.dirname(HERE)), "build", "bot", "briefbot")
    if not os.access(path, os.X_OK):
        sys.exit("briefbot binary not found at %s (pass it as the first argument or set BRIEFBOT)" % path)
    return path


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


def read_vmhwm(pid):
    """Peak resident set of a live process, in KiB (0 when unknown)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Double:
    """A fake server subprocess that prints {"port": N} once listening."""

    def __init__(self, script, *args, quiet=False, env=None):
        self.proc = subprocess.Popen([PY, os.path.join(DOUBLES, script), *args],
                                     stdout=subprocess.PIPE, text=True,
                                     stderr=subprocess.DEVNULL if quiet else None,
                                     env=dict(os.environ, **(env or {})))
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("%s did not start" % script)
        self.port = json.loads(line)["port"]
        self.base = "http://127.0.0.1:%d" % self.port

    def stop(self):
        stop_process(self.proc, 10)


class FakeDiscord(Double):
    """fake_discord.py on an OS-chosen port, with its control API."""

    def __init__(self, *args):
        super().__init__("fake_discord.py", "--port", "0", *args, quiet=True)
        self.conn = None

    def call(self, method, path, body=None, timeout=300):
        """One control request over a kept-alive connection (cheap enough
        to pace a benchmark with)."""
        data = None if body is None else json.dumps(body).encode()
        for attempt in (0, 1):
            if self.conn is None:
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

    def replies_to(self, message_id):
        """The bot's posted messages that reply to message_id."""
        return [m for m in self.get("messages")["all"]
                if (m.get("message_reference") or {}).get("message_id") == message_id]


class FakeMatrix(Double):
    """fake_matrix.py on an OS-chosen port, with its control API."""

    def __init__(self, *args):
        super().__init__("fake_matrix.py", *args,
                         env={"FAKE_MATRIX_LOG": os.environ.get("FAKE_MATRIX_LOG", "WARNING")})

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


def joined_room(fake_mx):
    """A new room on the fake homeserver the bot has been invited to by
    alice and has joined; returns its id."""
    room = fake_mx.room(creator="alice", members=["carol"])
    fake_mx.ctl("POST", "/rooms/%s/invite" % room, {"inviter": "alice"})
    fake_mx.wait_member(room, "join")
    return room


def matrix_replies_to(sends, event_id):
    """The bot's Matrix sends that reply to event_id."""
    out = []
    for s in sends:
        rel = s["content"].get("m.relates_to") or {}
        if (rel.get("m.in_reply_to") or {}).get("event_id") == event_id:
            out.append(s)
    return out


class Bot:
    """`briefbot run --config FILE`: the config is written from `sections`
    ({section: {key: value}}) into `workdir` (a scratch folder when None);
    stdout and stderr go to one log there."""

    def __init__(self, workdir, sections, env=None, name="bot"):
        self.workdir = workdir or scratch_dir()
        self.config = os.path.join(self.workdir, name + ".conf")
        self.log_path = os.path.join(self.workdir, name + ".log")
        self.db = (sections.get("general") or {}).get("database")
        self.write_config(sections)
        self.env = dict(os.environ, **(env or {}))
        for var in ("MATRIX_PASSWORD", "MATRIX_ACCESS_TOKEN", "DISCORD_TOKEN"):
            if env is None or var not in env:
                self.env.pop(var, None)
        self.proc = None
        self.log = None

    def write_config(self, sections, raw=""):
        """(Re)writes the config file from `sections`, then `raw` lines."""
        text = []
        for section, keys in sections.items():
            text.append("[%s]" % section)
            for k, v in keys.items():
                if isinstance(v, bool):
                    v = "true" if v else "false"
                text.append("%s = %s" % (k, v))
            text.append("")
        with open(self.config, "w") as f:
            f.write("\n".join(text) + raw)

    def reload(self, timeout=10):
        """SIGHUP, then waits for the bot to log the outcome; returns
        "applied", "refused" or None (no answer in time)."""
        before = self.output().count("reload: applied"), self.output().count("reload refused")
        self.proc.send_signal(signal.SIGHUP)

        def outcome():
            out = self.output()
            if out.count("reload: applied") > before[0]:
                return "applied"
            if out.count("reload refused") > before[1]:
                return "refused"
            return None
        return until(outcome, timeout)

    def metrics_port(self, timeout=10):
        """The port of the [metrics] endpoint, from the bot's log (listen
        on port 0 picks a free one)."""
        def find():
            m = re.search(r"serving /healthz and /metrics on \S+ \(port (\d+)\)", self.output())
            return int(m.group(1)) if m else None
        return until(find, timeout)

    def start(self):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([find_briefbot(), "run", "--config", self.config],
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=self.env)
        return self

    def pid(self):
        return self.proc.pid

    def vm_hwm_kb(self):
        return read_vmhwm(self.proc.pid)

    def stop(self, timeout=15):
        """SIGTERM and wait; returns the exit status. A bot still running
        after `timeout` s is killed and AssertionError raised: not stopping
        on SIGTERM is a bug."""
        if self.proc is None:
            return None
        hung = False
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                hung = True
        if self.log:
            self.log.close()
            self.log = None
        if hung:
            raise AssertionError("briefbot did not stop on SIGTERM")
        return self.proc.returncode

    def wait_exit(self, timeout=20):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        if self.log:
            self.log.close()
            self.log = None
        return rc

    def output(self):
        with open(self.log_path) as f:
            return f.read()


def http_request(port, path, method="GET", timeout=10):
    """One request to 127.0.0.1:port; returns (status, body text), or
    (0, the error) when there was no answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as e:
        return 0, repr(e)
    finally:
        conn.close()


def prometheus_samples(text):
    """{(name, labels-as-text): value} of a Prometheus text page; raises
    ValueError on a line that is neither a comment nor a sample."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)', line)
        if not m:
            raise ValueError("not a Prometheus sample: %r" % line)
        out[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return out


def general_section(workdir=None, **over):
    workdir = workdir or scratch_dir()
    keys = {"database": os.path.join(workdir, "bot.db"), "log_level": "info",
            "cooldown_user_per_min": 0, "cooldown_room_per_min": 0,
            "http_timeout_ms": 3000, "reconnect_max_ms": 2000}
    keys.update(over)
    return keys


def matrix_section(fake, **over):
    """[matrix] keys for a bot serving `fake`. Encryption is off unless a
    test turns it on (with a pickle key): it loads libolm, which the plain
    tests and the memory bench do not want."""
    keys = {"enabled": True, "homeserver": fake.base, "user_id": "@bot:localhost",
            "password": "botpass", "allowed_inviters": ":localhost",
            "sync_timeout_ms": 1000, "encryption": False}
    keys.update(over)
    return keys


def discord_section(fake, **over):
    keys = {"enabled": True, "token": "test-token", "api_base": fake.base + "/api/v10"}
    keys.update(over)
    return keys


def discord_bot(double, db=None, extra=None, log_level="info", token="test-token"):
    """A bot serving only the fake Discord `double`; `db` reuses a database
    (a restart), `extra` adds or overrides config keys per section."""
    workdir = scratch_dir("discord-")
    general = {"database": db or os.path.join(workdir, "bot.db"), "log_level": log_level,
               "cooldown_user_per_min": "0", "cooldown_room_per_min": "0"}
    sections = {"general": general, "discord": discord_section(double, token=token)}
    for sec, kv in (extra or {}).items():
        sections.setdefault(sec, {}).update(kv)
    return Bot(workdir, sections)


class Clock:
    """The bot's digest test clock (BRIEFBOT_TEST_CLOCK_FILE, test-only): a
    file holding the seconds added to the wall clock; SIGUSR2 makes a
    running bot re-read it."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.write()

    def write(self):
        with open(self.path + ".tmp", "w") as f:
            f.write("%d\n" % self.offset)
        os.replace(self.path + ".tmp", self.path)

    def now(self):
        return int(time.time()) + self.offset

    def go_to(self, t, bot=None):
        """Moves the bot's clock to unix time t (SIGUSR2 if it runs)."""
        self.offset = int(t - time.time())
        self.write()
        if bot is not None and bot.proc.poll() is None:
            os.kill(bot.pid(), signal.SIGUSR2)


def stop_bots(bots, checks, *doubles):
    """Stops every bot still running (a bot that ignores SIGTERM is a
    failed check), then the doubles."""
    for b in bots:
        if b.proc is None or b.proc.poll() is not None:
            continue
        try:
            b.stop()
        except AssertionError as e:
            checks.ok("bot stops on SIGTERM", False, e)
    for d in doubles:
        d.stop()


def tempdir():
    """A scratch folder as a context manager (removed on exit, and with the
    scratch root at the latest)."""
    return tempfile.TemporaryDirectory(prefix="dir-", dir=_scratch_root())


class Checks:
    """PASS/FAIL lines and the closing 'N passed, N failed' line."""

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

    def stop_all(self, bot, *doubles):
        """Stops the bot and the doubles; prints the end of the bot's log
        when a check failed."""
        bot.stop()
        for d in doubles:
            d.stop()
        if self.failed:
            print(bot.output()[-4000:])


def until(pred, timeout=10.0, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def hard_timeout(seconds, cleanup):
    """After `seconds`, print a FAIL, run cleanup, remove the scratch root
    and exit 1."""
    def on_alarm(signum, frame):
        print("FAIL: hard timeout of %d s" % seconds, flush=True)
        try:
            cleanup()
        except Exception as e:  # noqa: BLE001 -- we are exiting anyway
            print("cleanup after the timeout failed: %s" % e, flush=True)
        remove_scratch()
        os._exit(1)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
