#!/usr/bin/python3
"""A TLS server for tests/test_ws.c and tests/test_http.c (Debian's
python3-aiohttp), started through tests/tls_server.c.

Usage: tls_server.py CERT KEY
Listens on 127.0.0.1 on a port the OS picks and prints that port on a line
of its own. Serves a websocket at / that echoes text messages, and
GET /hello, answered gzip-compressed when the client accepts it. Exits when
its stdin is closed."""
import asyncio
import ssl
import sys

from aiohttp import WSMsgType, web


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
    return ws


async def hello(request):
    resp = web.Response(text="hello over tls " * 20)
    resp.enable_compression()
    return resp


async def main(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    app = web.Application()
    app.router.add_get("/", echo)
    app.router.add_get("/hello", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
