"""A real HTTP proxy in front of ``oxigraph serve`` for the remote backend's failure tests: it
renames paths (another engine's layout), asks for credentials, sleeps, or fails chosen requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


@dataclass
class Faults:
    """What the proxy does besides forwarding."""

    paths: dict[str, str] = field(default_factory=dict)  # our path -> the engine's path
    fail_updates: set[int] = field(default_factory=set)  # 1-based numbers of update POSTs to fail
    fail_queries: str | None = None  # answer every query POST with this 500 message
    sleep_queries: float = 0.0  # seconds before forwarding a query POST
    sleep_updates: float = 0.0
    auth: str | None = None  # required Authorization header
    updates: int = 0


class ProxyServer(ThreadingHTTPServer):
    target: str
    faults: Faults
    client: httpx.Client


class _Handler(BaseHTTPRequestHandler):
    server: ProxyServer

    def _forward(self) -> None:
        f = self.server.faults
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if f.auth is not None and self.headers.get("Authorization") != f.auth:
            return self._send(401, b"credentials required", {"WWW-Authenticate": 'Basic realm="x"'})
        path, _, query = self.path.partition("?")
        if f.paths:
            if path not in f.paths:
                return self._send(404, b"not found")
            path = f.paths[path]
        if self.command == "POST" and path == "/update":
            f.updates += 1
            if f.updates in f.fail_updates:
                return self._send(500, f"injected failure of update {f.updates}".encode())
            time.sleep(f.sleep_updates)
        if self.command == "POST" and path == "/query":
            if f.fail_queries:
                return self._send(500, f.fail_queries.encode())
            time.sleep(f.sleep_queries)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "accept")}
        url = self.server.target + path + (f"?{query}" if query else "")
        try:
            r = self.server.client.request(self.command, url, content=body, headers=headers)
        except (httpx.HTTPError, RuntimeError):  # RuntimeError: the proxy is shutting down
            return self._send(502, b"engine unreachable behind the proxy")
        extra = {"Content-Type": r.headers["content-type"]} if "content-type" in r.headers else {}
        self._send(r.status_code, r.content, {**extra, "Server": r.headers.get("server", "")})

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def proxy(target: str, faults: Faults | None = None) -> Iterator[tuple[str, Faults]]:
    """A proxy on a free loopback port in front of ``target``: its base URL and its faults."""
    server = ProxyServer(("127.0.0.1", 0), _Handler)
    server.target, server.faults = target, faults or Faults()
    server.client = httpx.Client(timeout=60)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.faults
    finally:
        server.shutdown()
        server.server_close()
        server.client.close()
