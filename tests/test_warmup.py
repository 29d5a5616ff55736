"""The projection is built in the background when ``newsgraph serve`` starts (real servers on
127.0.0.1 over tmp stores): startup and ``/health`` do not wait for it, ``/api/health`` says
``starting`` (503) until it is built and ``ready`` (200) after, and a seeded store is built
after its seeding."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from bench.gen_graph import make_graph
from graph.store import open_store
from tests.conftest import start_server, stop_server

#: big enough that the first build takes seconds here (about 1.2 s per 100k triples idle)
TRIPLES = 250_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("warmup")
    nq, store = where / "gen.nq", where / "store"
    make_graph(nq, TRIPLES)
    gs = open_store(store)
    gs.load_files([nq])
    gs.close()
    return store


def test_startup_and_health_do_not_wait_for_the_projection(big_store: Path) -> None:
    started = time.monotonic()
    srv = start_server(big_store)  # returns once /sparql answers
    try:
        up = time.monotonic() - started
        seen: list[tuple[int, str, float]] = []
        while True:
            t = time.monotonic()
            live = httpx.get(srv.url + "/health", timeout=30)
            r = httpx.get(srv.url + "/api/health", timeout=30)
            took = time.monotonic() - t
            body = r.json()
            assert live.status_code == 200 and live.json()["status"] == "ok"
            seen.append((r.status_code, body["projection"]["state"], took))
            if r.status_code == 200 or time.monotonic() - started > 240:
                break
            assert (r.status_code, body["status"], body["ready"], r.headers.get("retry-after")) == (
                503, "starting", False, "1"), body
            assert body["live"] is True and body["projection"]["state"] == "building"
            time.sleep(0.2)
        assert seen[0][:2] == (503, "building"), seen  # the build had started, in the background
        assert seen[-1][:2] == (200, "ready"), seen
        assert max(took for _, _, took in seen) < 2.0, seen  # neither health route waited for it
        assert body["ready"] and body["projection_generation"] == body["generation"]
        assert body["projection"]["seconds"] > 0.5 and up < body["projection"]["seconds"] + 30
        hits = httpx.get(srv.url + "/api/entities", params={"q": "a"}, timeout=30).json()
        assert hits["total"] > 0  # the indexes were built with it
    finally:
        stop_server(srv)


def test_wait_parameter_and_a_seeded_store(tmp_path: Path) -> None:
    """``serve --seed`` on an empty store: the build runs after the seeding, so once ready the
    projection is at the seeded generation without any graph request having brought it there."""
    srv = start_server(tmp_path / "store", args=("--seed",))
    try:
        r = httpx.get(srv.url + "/api/health", params={"wait": 60}, timeout=90)
        body = r.json()
        assert r.status_code == 200 and body["projection"]["state"] == "ready", body
        assert body["generation"] > 0 and body["projection"]["generation"] == body["generation"]
        bad = httpx.get(srv.url + "/api/health", params={"wait": 600})
        assert bad.status_code == 422 and bad.json()["field"] == "wait"
    finally:
        stop_server(srv)
