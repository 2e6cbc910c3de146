#!/usr/bin/python3
"""Benchmark: briefbot's Discord adapter against a discord.py 2.x bot, both
answering `!ping` with a reply, each against its own fresh fake Discord over
loopback, each at its defaults (both ask for compress=zlib-stream, which the
double honours as Discord does: one zlib stream per connection, each payload
ending in a Z_SYNC_FLUSH).

Usage: bench_discord.py PATH/TO/briefbot [--events N] [--commands F]
       [--floods K] [--seconds S] [--only briefbot|discord.py] [--perf FILE]
       [--callgrind FILE]

For each bot it prints:
  * CPU-us per MESSAGE_CREATE, the figure the targets are set on: the
    double writes N (100,000) pre-encoded MESSAGE_CREATE events in one go
    (a fraction F (0.01) of them `!ping`, the rest chatter), then sends
    op 1; the bot's CPU time (utime+stime of its process, which a busy
    machine's wall-clock noise barely touches) from just before the flood
    until every reply to its pings has reached the double, divided by N.
    K floods (3) one after another: the median counts, each flood's figure
    is printed;
  * events/s (wall clock): the bot answers op 1 at once with the last
    sequence number it processed, so the time from the double's first
    write until that heartbeat (the one carrying the flood's last sequence
    number) arrives is the time the bot took to consume the flood;
  * command round trip p50/p99 at 1,000 commands/s: batches of 5 `!ping`
    every 5 ms, each of the five in its own DM channel (50 in turn), for S
    seconds; a round trip runs from the double writing the event to the
    double receiving the reply (POST .../messages).  Commands at that rate
    come from many channels; five in one channel would be answered one
    after another (a bot keeps a channel's replies in order), so each
    round trip would also hold up to four of the double's own REST
    answers, about 0.5 ms each in Python;
  * peak RSS: VmHWM of the bot's process at the end.
Then the ratios (discord.py / briefbot CPU per event; briefbot / discord.py
for the rest).  Buckets and the global limit of the double are lifted, and
briefbot's rest_max_per_s raised, so that neither bot is measured against
Discord's rate limits.  --perf FILE records briefbot's floods with
`perf record -g` into FILE.  --callgrind FILE runs briefbot under
valgrind's callgrind, counting only its floods (the counters are zeroed
before the first and dumped after the last, into FILE), and prints the
instructions per event.  Prints; asserts nothing.  Targets: at most
2.5 CPU-us per MESSAGE_CREATE and >= 20x discord.py's figure, p99 <= 5 ms
at 1,000 commands/s."""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from harness import CH1, PY, FakeDiscord, discord_bot, read_vmhwm, stop_process, until  # noqa: E402

DPY_BOT = os.path.join(HERE, "discordpy_ping_bot.py")


def unlimited(d):
    d.post("buckets", {"global": {"limit": 1000000, "window": 1},
                       "routes": {"create_message": {"limit": 1000000, "window": 1}}})


def flood_once(d, n, pid, commands):
    """Floods n events (a fraction `commands` of them `!ping`); returns
    {"eps": events/s wall, "secs": seconds, "cpu_us": the bot's CPU-us per
    event, the replies to its pings included}."""
    hb0 = d.counters()["heartbeat_count"]
    posted0 = d.counters()["messages_posted"]
    log0 = d.get("log")["next"]
    cpu0, sys0 = cpu_s(pid), cpu_s(pid, (12,))
    flood = d.post("flood", {"n": n, "channel_id": CH1,
                             "mix": {"chatter about the article": 1 - commands,
                                     "!ping": commands}})
    t_sent = time.time()
    d.post("gateway/heartbeat", {})
    # The answer to that op 1 carries the flood's last sequence number; a
    # heartbeat the bot's own timer happened to send during the flood
    # carries less and is not the end of the flood.
    last = flood.get("last_seq") or 0

    def answered():
        return [e for e in d.get("log?kind=gateway&since=%d" % log0)["entries"]
                if e.get("dir") == "in" and e.get("op") == 1 and
                isinstance((e.get("payload") or {}).get("d"), int) and e["payload"]["d"] >= last]
    d.wait(timeout=600, heartbeat_count=hb0 + 1)
    beats = until(answered, timeout=600, step=0.01)
    t_done = beats[0]["t"] if beats else time.time()
    # From when the double began writing the flood (its clock, as t_done):
    # the answer to the flood request (its ids) takes a while to build and
    # read, and the bot is already at work meanwhile.
    t_write = flood.get("t_write") or t_sent - flood.get("write_s", 0)
    secs = max(t_done - t_write, 1e-6)
    # the replies to the flood's pings are part of the work
    until(lambda: d.counters()["messages_posted"] >= posted0 + flood["counts"].get("!ping", 0),
          timeout=300, step=0.1)
    cpu = cpu_s(pid) - cpu0
    sys_s = cpu_s(pid, (12,)) - sys0
    return {"eps": flood["sent"] / secs, "secs": secs,
            "cpu_us": cpu * 1e6 / max(flood["sent"], 1),
            "sys_us": sys_s * 1e6 / max(flood["sent"], 1)}


def round_trips(d, seconds, rate=1000, batch=5, channels=50):
    """Sends `rate` !ping/s in batches of `batch`, each ping of a batch to
    the next of `channels` DM channels, for `seconds`; returns the sorted
    round trips in ms, how many commands were sent and the rate achieved."""
    sent = []  # (id, time written)
    period = batch / rate
    posted0 = d.counters()["messages_posted"]
    start = time.monotonic()
    k = 0
    while time.monotonic() - start < seconds:
        target = start + k * period
        now = time.monotonic()
        if target > now:
            time.sleep(target - now)
        chans = [str(830000000000000000 + (k * batch + i) % channels) for i in range(batch)]
        r = d.post("flood", {"n": batch, "channel_ids": chans,
                             "guild_id": None, "mix": {"!ping": 1.0}, "seed": k + 1})
        # from the double's write (its clock, as the replies' times), not
        # from when the answer to this request got back here
        t = r.get("t_write") or time.time()
        for mid in r["ids"].get("!ping", []):
            sent.append((mid, t))
        k += 1
    achieved = k * batch / (time.monotonic() - start)
    until(lambda: d.counters()["messages_posted"] >= posted0 + len(sent), timeout=120, step=0.1)
    replies = {}
    for m in d.get("messages")["all"]:
        ref = (m.get("message_reference") or {}).get("message_id")
        if ref:
            replies[str(ref)] = m["t"]  # discord.py sends the id as a number
    rtts = sorted((replies[mid] - t) * 1000 for mid, t in sent if mid in replies)
    return rtts, len(sent), achieved


def cpu_s(pid, which=(11, 12)):
    """User + system CPU seconds of a process (which=(11,): user only,
    (12,): system only)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(fields[i]) for i in which) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def pct(v, p):
    if not v:
        return float("nan")
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def median(v):
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def start_perf(pid, path):
    """perf record -g of process pid into path (None when perf is missing)."""
    try:
        return subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-g", "-p", str(pid),
                                 "-o", path], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    except OSError:
        return None


def callgrind_control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def callgrind_events(path):
    """The instructions (Ir) a callgrind dump counted."""
    with open(path) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    return 0


def run_one(name, start_bot, events, commands, floods, seconds, perf=None, callgrind=None):
    d = FakeDiscord("--heartbeat-interval", "41250", "--heartbeat-timeout-factor", "0")
    proc = None
    try:
        unlimited(d)
        proc, stop = start_bot(d)
        if not d.wait(timeout=30, ready_connections=1):
            print("%s: did not connect" % name, flush=True)
            return None
        time.sleep(0.5)
        rec = start_perf(proc.pid, perf) if perf else None
        if callgrind:
            callgrind_control(proc.pid, "--zero")
        runs = [flood_once(d, events, proc.pid, commands) for _ in range(floods)]
        if rec:
            rec.send_signal(signal.SIGINT)
            rec.wait()
        if callgrind:
            callgrind_control(proc.pid, "--dump=floods")
            ir = callgrind_events(until(lambda: dumped(callgrind, proc.pid), timeout=60))
            print("%s: %.0f instructions per MESSAGE_CREATE (callgrind, %d floods of %d)" % (
                name, ir / (events * floods), floods, events), flush=True)
        cpu_us = median([r["cpu_us"] for r in runs])
        eps = median([r["eps"] for r in runs])
        bot_cpu0, dbl_cpu0, t0 = cpu_s(proc.pid), cpu_s(d.proc.pid), time.monotonic()
        rtts, n, achieved = round_trips(d, seconds)
        wall = time.monotonic() - t0
        load = "bot CPU %.0f%%, double CPU %.0f%%" % (
            100 * (cpu_s(proc.pid) - bot_cpu0) / wall, 100 * (cpu_s(d.proc.pid) - dbl_cpu0) / wall)
        rss = read_vmhwm(proc.pid)
        res = {"cpu_us": cpu_us, "eps": eps, "p50": pct(rtts, 50), "p99": pct(rtts, 99),
               "rss": rss, "answered": len(rtts), "sent": n}
        print("%-10s CPU-us per MESSAGE_CREATE %.2f (median of %s, in order; of which "
              "system %s; %d events, %.0f%% commands) | events/s %.0f (median of %s) | round trip at %.0f cmd/s: "
              "p50 %.2f ms p99 %.2f ms (%d/%d answered; %s) | peak RSS %.1f MiB" % (
                  name, cpu_us, "/".join("%.2f" % r["cpu_us"] for r in runs),
                  "/".join("%.2f" % r["sys_us"] for r in runs), events,
                  commands * 100, eps, "/".join("%.0f" % r["eps"] for r in runs),
                  achieved, res["p50"], res["p99"], len(rtts), n, load, rss / 1024),
              flush=True)
        return res
    finally:
        if proc is not None:
            stop()
        d.stop()


def dumped(prefix, pid):
    """The file of process pid's callgrind dump named "floods"
    (prefix.PID.N), or None."""
    d, base = os.path.split(os.path.abspath(prefix))
    for f in sorted(os.listdir(d)):
        if f.startswith("%s.%d." % (base, pid)):
            with open(os.path.join(d, f)) as fh:
                if "floods" in fh.read(4096):
                    return os.path.join(d, f)
    return None


def callgrind_wrapper(briefbot, out, tmpdir):
    """A script that runs briefbot under callgrind (dumping into out.PID.N;
    the children too: `briefbot run` execs briefbot-run), for the harness
    to start in its place."""
    path = os.path.join(tmpdir, "briefbot")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec valgrind --tool=callgrind --trace-children=yes "
                "--callgrind-out-file=%s.%%p %s \"$@\"\n"
                % (os.path.abspath(out), os.path.abspath(briefbot)))
    os.chmod(path, 0o755)
    return path


def start_briefbot():
    def start(d):
        bot = discord_bot(d, log_level="warn",
                          extra={"discord": {"rest_max_per_s": "100000"}}).start()
        return bot.proc, bot.stop
    return start


def start_discordpy(d):
    proc = subprocess.Popen([PY, DPY_BOT, d.base], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return proc, lambda: stop_process(proc, 10)


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1])
    ap.add_argument("briefbot")
    ap.add_argument("--events", type=int, default=100000)
    ap.add_argument("--commands", type=float, default=0.01)
    ap.add_argument("--floods", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--only", choices=("briefbot", "discord.py"))
    ap.add_argument("--perf")
    ap.add_argument("--callgrind")
    args = ap.parse_args()
    if not os.access(args.briefbot, os.X_OK):
        ap.error("%s is not an executable" % args.briefbot)
    ours = theirs = None
    if args.only != "discord.py":
        with tempfile.TemporaryDirectory() as tmp:
            if args.callgrind:
                # the harness starts the executable named first on the command line
                sys.argv[1:] = [callgrind_wrapper(args.briefbot, args.callgrind, tmp)]
            ours = run_one("briefbot", start_briefbot(), args.events, args.commands, args.floods,
                           args.seconds, args.perf, args.callgrind)
    if args.only != "briefbot":
        theirs = run_one("discord.py", start_discordpy, args.events, args.commands,
                         args.floods, args.seconds)
    if ours and theirs:
        print("ratios: CPU per MESSAGE_CREATE %.1fx less than discord.py (target >= 20x, "
              "and <= 2.5 us: %.2f); events/s %.1fx; peak RSS %.2f of discord.py's; "
              "p99 %.2f ms vs %.2f ms (target <= 5 ms)" % (
                  theirs["cpu_us"] / ours["cpu_us"], ours["cpu_us"], ours["eps"] / theirs["eps"],
                  ours["rss"] / max(theirs["rss"], 1), ours["p99"], theirs["p99"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
