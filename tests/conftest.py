"""Shared fixtures: real on-disk stores in tmp dirs and a real ``newsgraph serve`` process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from graph.ingest.load import load_paths
from graph.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SEED_FACTS = ROOT / "api" / "seed" / "xai-memphis.fr.facts.yaml"
SEED_TEXT = ROOT / "api" / "seed" / "xai-memphis.fr.txt"
NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))
TOKEN = "test-token-123"


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the curated seed article, built once; copy it to mutate."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    gs = open_store(path)
    load_paths(gs, [SEED_FACTS])
    gs.close()
    return path


@pytest.fixture(scope="session")
def seed_store(seeded_dir: Path) -> Iterator[GraphStore]:
    """A read-only-by-convention store with the seed facts (do not write to it)."""
    copy = seeded_dir.with_name("seed-readonly")
    shutil.copytree(seeded_dir, copy)
    gs = open_store(copy)
    yield gs
    gs.close()


@pytest.fixture
def store_copy(seeded_dir: Path, tmp_path: Path) -> Iterator[GraphStore]:
    """A private on-disk copy of the seeded store, free to write."""
    target = tmp_path / "store"
    shutil.copytree(seeded_dir, target)
    gs = open_store(target)
    yield gs
    gs.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running ``newsgraph serve`` process."""

    url: str
    store: Path
    proc: subprocess.Popen[bytes]
    token: str = TOKEN

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def start_server(store: Path, *, env: dict[str, str] | None = None, args: tuple[str, ...] = (),
                 timeout: float = 60.0, newsgraph: str = NEWSGRAPH, cwd: Path | None = None) -> Server:
    """Start ``newsgraph serve`` on a free loopback port and wait until it answers.

    ``newsgraph`` is the executable (the checkout's by default), ``env`` replaces variables.
    """
    port = free_port()
    full_env = {**os.environ, "NEWSGRAPH_TOKEN": TOKEN, **(env or {})}
    # stderr goes to a file, never an unread pipe: a full pipe would block the server
    log = tempfile.NamedTemporaryFile(prefix="newsgraph-serve-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [newsgraph, "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), *args],
        env=full_env, stdout=subprocess.DEVNULL, stderr=log, cwd=cwd,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log.name).read_text(errors='replace')}")
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return Server(url, store, proc)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in time")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@contextmanager
def served_copy(seeded_dir: Path, where: Path, *, env: dict[str, str] | None = None,
                args: tuple[str, ...] = ()) -> Iterator[Server]:
    """A real server over a private copy of the seeded store, stopped on exit."""
    store = where / "store"
    shutil.copytree(seeded_dir, store)
    srv = start_server(store, env=env, args=args)
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="session")
def server(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server over a private copy of the seeded store (token: :data:`TOKEN`)."""
    with served_copy(seeded_dir, tmp_path_factory.mktemp("served")) as srv:
        yield srv


REMOTE_JSON = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]}}


class Recorder(ThreadingHTTPServer):
    """An HTTP server that records the path of every request it gets."""

    hits: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        self.server.hits.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps(REMOTE_JSON).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def loopback() -> Iterator[Recorder]:
    """A real HTTP server on 127.0.0.1 (free port) that records every request: SERVICE and LOAD
    tests assert it is never contacted."""
    server = Recorder(("127.0.0.1", 0), _Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
