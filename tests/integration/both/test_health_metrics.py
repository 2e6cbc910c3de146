#!/usr/bin/python3
"""The [metrics] endpoint of a `briefbot run` serving both test doubles:
/healthz and /metrics scraped during a run, the methods and paths it
refuses, and that it never shows a token or a message's text.

- /healthz: 200 "ok" once Discord and Matrix are connected; 503 naming
  Discord once the fake Discord is gone, then Matrix once /sync fails.
- /metrics: Prometheus text (every line a comment or a sample) counting
  what the run did: events per platform, commands by name, answers found
  and refused, replies sent, a Discord REST 429 and the wait it caused, a
  gateway reconnect, the command latency histogram, the heartbeat latency.
- Anything but GET on the two paths: 405; any other path: 404.
- The Discord token, the Matrix password and a marker word sent in
  messages appear in neither page.

Run: /usr/bin/python3 tests/integration/both/test_health_metrics.py"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (CH1, Bot, Checks, FakeDiscord, FakeMatrix, discord_section,  # noqa: E402
                     general_section, hard_timeout, joined_room, http_request, matrix_replies_to,
                     matrix_section, prometheus_samples, scratch_dir, until)

TOKEN = "tok-S3CRET-8d1f0c"
PASSWORD = "pw-S3CRET-77a2"
MARKER = "quokka-marker-5521"
MSGS = "/channels/\\d+/messages$"


def main():
    checks = Checks("health and metrics")
    fake_mx = FakeMatrix()
    fake_mx.ctl("POST", "/users", {"user": "bot", "password": PASSWORD})
    fake_dc = FakeDiscord("--token", TOKEN, "--heartbeat-interval", "300")
    work = scratch_dir("metrics-")
    bot = Bot(work, {"general": general_section(work),
                     "matrix": matrix_section(fake_mx, password=PASSWORD),
                     "discord": discord_section(fake_dc, token=TOKEN),
                     "metrics": {"listen": "127.0.0.1:0"}})
    hard_timeout(150, lambda: (bot.stop(), fake_mx.stop(), fake_dc.stop()))
    bot.start()
    try:
        port = bot.metrics_port()
        checks.ok("the endpoint logs its port", port, bot.output()[-2000:] if not port else "")
        if not port:
            return checks.finish()
        healthy = until(lambda: http_request(port, "/healthz") == (200, "ok\n"), timeout=20)
        checks.ok("/healthz 200 once both platforms are connected", healthy,
                  http_request(port, "/healthz"))
        room = joined_room(fake_mx)

        # A session: pings, a found and a refused question carrying the
        # marker, on both platforms; one Discord post answered 429 first.
        fake_dc.post("faults", {"method": "POST", "path": MSGS, "action": "429",
                                "retry_after": 0.2})
        texts = ["!ping", "!ask who backs the YPG?",
                 "!ask what does %s eat?" % MARKER]
        dc_ids = [fake_dc.post("message", {"channel_id": CH1, "content": t})["id"]
                  for t in texts]
        mx_ids = [fake_mx.say(room, t) for t in texts]
        fake_mx.sends(len(mx_ids), 20000)
        until(lambda: all(fake_dc.replies_to(m) for m in dc_ids), timeout=20)
        sends = fake_mx.sends()["sends"]
        checks.ok("every message answered on both",
                  all(fake_dc.replies_to(m) for m in dc_ids) and
                  all(matrix_replies_to(sends, e) for e in mx_ids))
        before = fake_dc.counters()["connection_count"]
        fake_dc.post("gateway/drop", {})
        checks.ok("the gateway comes back after a drop",
                  fake_dc.wait(timeout=20, connection_count=before + 1, ready_connections=1))
        until(lambda: http_request(port, "/healthz")[0] == 200, timeout=20)
        checks.ok("heartbeats acknowledged", fake_dc.wait(timeout=20, heartbeat_count=3))

        status, page = http_request(port, "/metrics")
        checks.ok("/metrics 200", status == 200, status)
        try:
            m = prometheus_samples(page)
            checks.ok("every line is a comment or a sample", True)
        except ValueError as e:
            m = {}
            checks.ok("every line is a comment or a sample", False, e)

        def val(name, labels=""):
            return m.get((name, labels), 0)
        for platform in ("discord", "matrix"):
            lbl = '{platform="%s"}' % platform
            checks.ok("events received on %s" % platform,
                      val("briefbot_events_received_total", lbl) >= 3,
                      val("briefbot_events_received_total", lbl))
            checks.ok("replies sent on %s" % platform,
                      val("briefbot_replies_sent_total", lbl) >= 3)
            checks.ok("%s shows connected" % platform,
                      val("briefbot_platform_connected", lbl) == 1)
        checks.ok("commands by name", val("briefbot_commands_total", '{command="ping"}') >= 2
                  and val("briefbot_commands_total", '{command="ask"}') >= 4)
        checks.ok("answers found and refused",
                  val("briefbot_answers_total", '{result="found"}') >= 2 and
                  val("briefbot_answers_total", '{result="refused"}') >= 2,
                  [(k, v) for k, v in m.items() if k[0] == "briefbot_answers_total"])
        checks.ok("a Discord REST 429 counted, and its wait",
                  val("briefbot_rest_429_total", '{platform="discord"}') >= 1 and
                  val("briefbot_ratelimit_waits_total", '{platform="discord"}') >= 1)
        checks.ok("the gateway reconnect counted",
                  val("briefbot_reconnects_total", '{platform="discord"}') >= 1)
        checks.ok("command latency histogram",
                  val("briefbot_command_duration_seconds_count") >= 6 and
                  val("briefbot_command_duration_seconds_bucket", '{le="+Inf"}') ==
                  val("briefbot_command_duration_seconds_count"))
        checks.ok("heartbeat latency of shard 0",
                  ("briefbot_gateway_heartbeat_latency_seconds", '{shard="0"}') in m)
        checks.ok("knowledge base loaded", val("briefbot_knowledge_articles") == 1)
        checks.ok("digest posts declared for others to count",
                  "# TYPE briefbot_digest_posts_total counter" in page)

        for method, path in (("POST", "/metrics"), ("PUT", "/healthz"),
                             ("DELETE", "/metrics"), ("HEAD", "/healthz")):
            got = http_request(port, path, method)[0]
            checks.ok("%s %s -> 405" % (method, path), got == 405, got)
        for method, path in (("GET", "/"), ("GET", "/metrics/x"), ("POST", "/admin"),
                             ("GET", "/healthz/../metrics")):
            got = http_request(port, path, method)[0]
            checks.ok("%s %s -> 404" % (method, path), got == 404, got)

        health = http_request(port, "/healthz")[1]
        for secret in (TOKEN, PASSWORD, MARKER, "YPG"):
            checks.ok("no %r in either page" % secret, secret not in page + health)

        fake_dc.stop()
        down = until(lambda: http_request(port, "/healthz")[0] == 503, timeout=20)
        status, body = http_request(port, "/healthz")
        checks.ok("/healthz 503 naming Discord once it is gone",
                  down and "discord is not connected" in body, (status, body))
        fake_mx.stop()
        gone = until(lambda: "matrix is not connected" in http_request(port, "/healthz")[1],
                     timeout=20)
        checks.ok("... and Matrix once /sync fails", gone, http_request(port, "/healthz"))
        checks.ok("clean stop", bot.stop() == 0)
    finally:
        checks.stop_all(bot, fake_mx, fake_dc)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
