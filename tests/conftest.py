"""Shared fixtures: real on-disk stores in tmp dirs, a real ``newsgraph serve`` process, and the
store backend they run on.

``backend`` is ``embedded`` (an Oxigraph directory opened in process) or ``remote`` (a real
``oxigraph serve`` on a free loopback port, reached by newsgraph's remote store). The fixtures
the API, CLI and end-to-end suites use (``server``, ``seed_store``, ``backend_store``) take it, so
those suites run the same assertions over both.
"""

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
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import httpx
import pytest

from graph.ingest.load import load_paths
from graph.store import GraphStore, open_store
from graph.store.oxigraph.layout import data_dir

ROOT = Path(__file__).resolve().parents[1]
SEED_FACTS = ROOT / "api" / "seed" / "xai-memphis.fr.facts.yaml"
SEED_TEXT = ROOT / "api" / "seed" / "xai-memphis.fr.txt"
NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
BACKENDS = ("embedded", "remote")
TOKEN = "test-token-123"


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the curated seed article, built once; copy it to mutate."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    gs = open_store(path)
    load_paths(gs, [SEED_FACTS])
    gs.close()
    return path


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The store backend a test runs on (tests that take it run once per backend)."""
    return str(request.param)


@pytest.fixture(scope="session")
def seed_store(seeded_dir: Path, backend: str, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[GraphStore]:
    """A read-only-by-convention store with the seed facts (do not write to it), per backend."""
    with backend_location(backend, tmp_path_factory.mktemp(f"seed-readonly-{backend}"),
                          seeded_dir) as location:
        gs = open_store(location)
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
class Engine:
    """A running ``oxigraph serve`` process: the engine behind a remote store."""

    url: str
    location: Path
    proc: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return self.url + "/query"


def _log_file(prefix: str) -> IO[bytes]:
    # a server's stderr goes to a file, never an unread pipe: a full pipe would block it
    return tempfile.NamedTemporaryFile(prefix=prefix, suffix=".log", delete=False)


def start_engine(location: Path, *, args: tuple[str, ...] = (), timeout: float = 30.0) -> Engine:
    """Start ``oxigraph serve`` over ``location`` on a free loopback port; wait until it answers."""
    port = free_port()
    log = _log_file("oxigraph-serve-")
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", *args],
                            stdout=subprocess.DEVNULL, stderr=log)
    log.close()
    engine = Engine(f"http://127.0.0.1:{port}", location, proc)
    _wait_ready(proc, log.name, engine.query_url, timeout)
    return engine


def _wait_ready(proc: subprocess.Popen[bytes], log: str, sparql_url: str, timeout: float) -> None:
    """Wait until ``ASK {}`` at ``sparql_url`` answers 200; the process's log if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited: {Path(log).read_text(errors='replace')}")
        try:
            if httpx.get(sparql_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{proc.args[0]} did not start in time")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop_engine(engine: Engine) -> None:
    _stop(engine.proc)


@contextmanager
def backend_location(backend: str, where: Path, seeded: Path | None = None) -> Iterator[str]:
    """A store for ``backend`` (empty, or a copy of ``seeded``): a directory for the embedded
    backend; for the remote one, the query URL of an ``oxigraph serve`` over that directory,
    stopped on exit."""
    target = where / "store"
    if seeded is not None:
        shutil.copytree(seeded, target)
    if backend == "embedded":
        yield str(target)
        return
    target.mkdir(parents=True, exist_ok=True)
    # a copy of an embedded store keeps its RocksDB files in the directory its pointer names
    engine = start_engine(data_dir(target) if seeded is not None else target)
    try:
        yield engine.query_url
    finally:
        stop_engine(engine)


@pytest.fixture
def backend_store(backend: str, seeded_dir: Path, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """A factory of private stores on the test's backend: ``make(seeded=True)`` gives the
    location (directory or endpoint URL) of a fresh store, a copy of the seed store if ``seeded``;
    every engine it started is stopped after the test."""
    with ExitStack() as stack:
        made = [0]

        def make(seeded: bool = True) -> str:
            made[0] += 1
            return stack.enter_context(backend_location(backend, tmp_path / f"b{made[0]}",
                                                        seeded_dir if seeded else None))

        yield make


@dataclass
class Server:
    """A running ``newsgraph serve`` process."""

    url: str
    store: Path | str
    proc: subprocess.Popen[bytes]
    token: str = TOKEN

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def start_server(store: Path | str, *, env: dict[str, str] | None = None, args: tuple[str, ...] = (),
                 timeout: float = 60.0, newsgraph: str = NEWSGRAPH, cwd: Path | None = None) -> Server:
    """Start ``newsgraph serve`` on a free loopback port and wait until it answers.

    ``newsgraph`` is the executable (the checkout's by default), ``env`` replaces variables.
    """
    port = free_port()
    full_env = {**os.environ, "NEWSGRAPH_TOKEN": TOKEN, **(env or {})}
    # stderr goes to a file, never an unread pipe: a full pipe would block the server
    log = _log_file("newsgraph-serve-")
    proc = subprocess.Popen(
        [newsgraph, "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), *args],
        env=full_env, stdout=subprocess.DEVNULL, stderr=log, cwd=cwd,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    _wait_ready(proc, log.name, url + "/sparql", timeout)
    return Server(url, store, proc)


def stop_server(server: Server) -> None:
    _stop(server.proc)


@contextmanager
def served_copy(seeded_dir: Path, where: Path, *, env: dict[str, str] | None = None,
                args: tuple[str, ...] = (), backend: str = "embedded") -> Iterator[Server]:
    """A real server over a private copy of the seeded store on ``backend``, stopped on exit."""
    with backend_location(backend, where, seeded_dir) as location:
        srv = start_server(location, env=env, args=args)
        try:
            yield srv
        finally:
            stop_server(srv)


@contextmanager
def served_empty(where: Path, backend: str) -> Iterator[Server]:
    """A real server over an empty store on ``backend``, stopped on exit."""
    with backend_location(backend, where) as location:
        srv = start_server(location)
        try:
            yield srv
        finally:
            stop_server(srv)


@pytest.fixture(scope="session")
def server(seeded_dir: Path, backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server over a private copy of the seeded store (token: :data:`TOKEN`), per backend."""
    with served_copy(seeded_dir, tmp_path_factory.mktemp(f"served-{backend}"), backend=backend) as srv:
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
