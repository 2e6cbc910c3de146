#!/usr/bin/python3
"""Rate limits end to end, the real `briefbot run` against the fake Discord.
Usage: test_discord_ratelimit.py PATH/TO/briefbot

1. A burst of 200 replies into one channel under a bucket of 5 per window
   gets no 429 beyond the first and finishes within one reset of the
   minimum the bucket allows ((200/5 - 1) windows).  Discord's bucket is 5
   per 5 s, which would take 195 s; the window here is 0.5 s (same shape,
   ten times faster) to keep the suite short.
2. A global 429 pauses every route: a reply to another channel waits for
   retry_after too.
3. 300 replies over 30 channels stay under the global 50 requests/s."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import CH1, CH2, discord_bot, Checks, FakeDiscord, find_briefbot, hard_timeout, \
    until  # noqa: E402

WINDOW = 0.5
LIMIT = 5
BURST = 200


def rest_429s(d, since):
    return [e for e in d.get("log?kind=rest&since=%d" % since)["entries"]
            if e["status"] == 429]


def main():
    find_briefbot()
    C = Checks("discord rate limits")
    d = FakeDiscord("--heartbeat-interval", "1000", "--heartbeat-timeout-factor", "3")
    bot = discord_bot(d)
    hard_timeout(150, lambda: (bot.stop(), d.stop()))
    bot.start()
    try:
        C.ok("bot ready", d.wait(timeout=15, ready_connections=1))
        d.post("buckets", {"route": "create_message", "limit": LIMIT, "window": WINDOW})
        log0 = d.get("log")["next"]
        v0 = d.state()["violations"]
        flood = d.post("flood", {"n": BURST, "channel_id": CH1, "mix": {"!ping": 1.0}})
        ok = d.wait(timeout=60, messages_posted=BURST)
        posted = d.get("messages")["channels"].get(CH1, [])
        times = sorted(m["t"] for m in posted)
        elapsed = times[-1] - times[0] if len(times) > 1 else 0
        minimum = (BURST / LIMIT - 1) * WINDOW
        n429 = len(rest_429s(d, log0))
        viol = d.state()["violations"] - v0
        print("burst: %d replies in %.2f s (minimum %.2f s, one reset %.2f s), %d 429s, "
              "%d violations" % (len(posted), elapsed, minimum, WINDOW, n429, viol), flush=True)
        C.ok("burst of %d answered" % BURST, ok and len(posted) == BURST and
             flood["sent"] == BURST)
        C.ok("no 429 beyond the first", n429 <= 1 and viol <= 1, (n429, viol))
        C.ok("finished within one reset of the minimum", elapsed <= minimum + WINDOW,
             "%.2f s" % elapsed)

        # a global 429 pauses every route
        d.post("buckets", {"route": "create_message", "limit": 50, "window": 1})
        time.sleep(WINDOW)
        v0 = d.state()["violations"]
        d.post("faults", {"method": "POST", "path": "/channels/%s/messages$" % CH1,
                          "action": "429", "scope": "global", "retry_after": 1.0})
        m1 = d.post("message", {"channel_id": CH1, "content": "!ping"})["id"]
        r1 = until(lambda: d.replies_to(m1), timeout=10)
        log = d.get("log?kind=rest")["entries"]
        t429 = [e["t"] for e in log if e["status"] == 429][-1]
        m2 = d.post("message", {"channel_id": CH2, "content": "!ping"})["id"]
        r2 = until(lambda: d.replies_to(m2), timeout=10)
        d.call("DELETE", "faults")
        waited = r2[0]["t"] - t429 if r2 else -1
        C.ok("global 429: the other channel's reply waited for retry_after",
             r1 and r2 and waited >= 1.0 - 0.05 and d.state()["violations"] == v0,
             "waited %.2f s" % waited)

        # the global cap across many channels
        d.post("buckets", {"route": "create_message", "limit": LIMIT, "window": WINDOW})
        posted0 = d.counters()["messages_posted"]
        v0 = d.state()["violations"]
        t0 = time.monotonic()
        for i in range(300):
            d.post("message", {"channel_id": str(820000000000000000 + i % 30),
                               "guild_id": None, "content": "!ping",
                               "author": {"id": str(700000000000001000 + i % 30)}})
        ok = d.wait(timeout=40, messages_posted=posted0 + 300)
        el = time.monotonic() - t0
        print("global cap: 300 replies over 30 channels in %.2f s (%.0f/s)" % (el, 300 / el),
              flush=True)
        C.ok("300 replies over 30 channels under the global limit",
             ok and d.state()["violations"] == v0, d.state()["violation_list"][-3:])
    finally:
        bot.stop()
        d.stop()
    return C.finish()


if __name__ == "__main__":
    sys.exit(main())
