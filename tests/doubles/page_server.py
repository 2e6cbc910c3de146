#!/usr/bin/python3
"""A news site for the `!add URL` tests: serves the pages under
tests/data/pages and the awkward cases around them on 127.0.0.1, prints
{"port": N} once listening, and runs until killed. Standard library only.

  /story            news-clutter.html, text/html; charset=utf-8
  /latin1-header    latin1-header.html, charset only in the HTTP header
  /latin1-meta      latin1-meta.html, charset only in a <meta http-equiv>
  /big              an HTML page of 6 MiB (over the 5 MB cap)
  /report.pdf       a PDF (not HTML)
  /photo            a PNG served without a file name hint
  /to-file          302 to file:///etc/passwd
  /moved            302 to /story
  /loop/N           302 to /loop/N+1, for ever
  /empty            HTML with navigation only: no article text
  /gone             404
Any path may end in a query string (ignored), so tests can ask for the
same page under several URLs."""

import argparse
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "pages")


def page(name):
    with open(os.path.join(PAGES, name), "rb") as f:
        return f.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, status, ctype=None, body=b"", headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (the size cap): expected

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        html = "text/html; charset=utf-8"
        if path == "/story":
            self.send(200, html, page("news-clutter.html"))
        elif path == "/latin1-header":
            self.send(200, "text/html; charset=ISO-8859-1", page("latin1-header.html"))
        elif path == "/latin1-meta":
            self.send(200, "text/html", page("latin1-meta.html"))
        elif path == "/big":
            para = b"<p>" + b"All work and no play makes a long page. " * 40 + b"</p>\n"
            body = b"<html><body><article>" + para * (6 * 1024 * 1024 // len(para) + 1)
            self.send(200, html, body + b"</article></body></html>")
        elif path == "/report.pdf":
            self.send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
        elif path == "/photo":
            self.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        elif path == "/to-file":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/moved":
            self.send(302, headers=[("Location", "/story")])
        elif path.startswith("/loop/"):
            n = int(path[6:] or "0")
            self.send(302, headers=[("Location", "/loop/%d" % (n + 1))])
        elif path == "/empty":
            self.send(200, html, b"<html><body><nav><p>Home and more links</p></nav></body></html>")
        else:
            self.send(404, "text/plain", b"no such page")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(json.dumps({"port": srv.server_address[1]}), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
