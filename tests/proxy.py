"""A small round-robin HTTP reverse proxy for the scale-out tests (what nginx does in production).

It runs in a thread of the test process on a free loopback port and forwards each request to
the next upstream. `per_sender=True` rotates per conversation instead: the n-th message of a
sender (the `sender` of a JSON body) goes to upstream n mod N, so consecutive turns of one
conversation never reach the same server, the opposite of sticky sessions and the hardest case
for shared state. Every response carries `X-Upstream: host:port`, and `hits` counts the requests
each upstream got; `delay_s` holds every request that long first (a slow upstream, on demand).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections import Counter
from collections.abc import Iterator, Sequence

import aiohttp
from aiohttp import web

from tests.servers import free_port

UPSTREAM_HEADER = "X-Upstream"
# Hop-by-hop headers (RFC 9110 7.6.1) and those aiohttp sets itself; bodies pass as they are
# (auto_decompress off), so Content-Encoding goes with them.
NOT_FORWARDED = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


class RoundRobinProxy:
    def __init__(self, upstreams: Sequence[str], per_sender: bool = False, timeout_s: float = 120) -> None:
        """`upstreams`: base URLs such as http://127.0.0.1:5005."""
        self.upstreams = [url.rstrip("/") for url in upstreams]
        self.per_sender = per_sender
        self.timeout_s = timeout_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits: Counter[str] = Counter()
        self.delay_s = 0.0
        self._next = itertools.count()
        self._per_sender: dict[str, Iterator[int]] = {}
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="round-robin-proxy", daemon=True)
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    def __enter__(self) -> RoundRobinProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def upstream_for(self, body: bytes) -> str:
        """The upstream of the next request with this body."""
        sender = None
        if self.per_sender:
            try:
                parsed = json.loads(body)
                sender = str(parsed.get("sender")) if isinstance(parsed, dict) else None
            except ValueError:
                pass
        with self._lock:
            counter = self._next if sender is None else self._per_sender.setdefault(sender, itertools.count())
            upstream = self.upstreams[next(counter) % len(self.upstreams)]
            self.hits[upstream] += 1
        return upstream

    async def _start(self) -> None:
        # No connection limit: concurrent conversations must not queue in the proxy.
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=self.timeout_s),
            auto_decompress=False,
        )
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        upstream = self.upstream_for(body)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED}
        assert self._session is not None
        try:
            async with self._session.request(
                request.method,
                upstream + request.rel_url.path_qs,
                headers=headers,
                data=body,
                allow_redirects=False,
            ) as answer:
                content = await answer.read()
                out = {k: v for k, v in answer.headers.items() if k.lower() not in NOT_FORWARDED}
                out[UPSTREAM_HEADER] = upstream.split("://", 1)[1]
                return web.Response(status=answer.status, body=content, headers=out)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            # As nginx: 502 for an upstream that is down, naming it.
            return web.Response(
                status=502,
                text=f"upstream {upstream}: {error!r}",
                headers={UPSTREAM_HEADER: upstream.split("://", 1)[1]},
            )
