"""Writes need the token; read-only answers 403; SERVICE/LOAD never reach a host off the allow-list;
request bodies, results and query time are capped, and a timed-out query is really stopped."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Recorder, Server, served_copy, start_server, stop_server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
UPDATE = {"Content-Type": "application/sparql-update"}


@pytest.fixture(scope="module")
def limited(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with small limits: 3 s per query, 100 rows, 20 kB bodies, one CORS origin."""
    env = {"NEWSGRAPH_QUERY_TIMEOUT": "3", "NEWSGRAPH_MAX_ROWS": "100", "NEWSGRAPH_MAX_BODY": "20000",
           "NEWSGRAPH_CORS_ORIGINS": "http://ui.example"}
    with served_copy(seeded_dir, tmp_path_factory.mktemp("limited"), env=env) as srv:
        yield srv


def _count(server: Server) -> int:
    r = httpx.get(server.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_writes_need_the_bearer_token(server: Server) -> None:
    before = _count(server)
    ins = b"INSERT DATA { GRAPH <http://e/tok> { <http://e/a> <http://e/b> 1 } }"
    r = httpx.post(server.sparql, content=ins, headers=UPDATE)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = httpx.post(server.sparql, content=ins, headers={**UPDATE, "Authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = httpx.put(server.url + "/store?graph=http://e/tok", content=b"<http://e/a> <http://e/b> 1 .",
                  headers={"Content-Type": "text/turtle"})
    assert r.status_code == 401
    assert _count(server) == before


def test_read_only_server_answers_403(seeded_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(seeded_dir, store)
    srv = start_server(store, args=("--read-only",))
    try:
        auth = {"Authorization": f"Bearer {srv.token}"}
        before = _count(srv)
        r = httpx.post(srv.sparql, content=b"CLEAR ALL", headers={**UPDATE, **auth})
        assert r.status_code == 403 and r.json()["error"] == "read_only"
        r = httpx.put(srv.url + "/store?default", content=b"<http://e/a> <http://e/b> 1 .",
                      headers={"Content-Type": "text/turtle", **auth})
        assert r.status_code == 403
        graphs = httpx.get(srv.sparql, params={"query": "SELECT DISTINCT ?g { GRAPH ?g {?s ?p ?o} }"}).json()
        g = graphs["results"]["bindings"][0]["g"]["value"]
        assert httpx.delete(srv.url + "/store", params={"graph": g}, headers=auth).status_code == 403
        assert _count(srv) == before
        sd = httpx.get(srv.sparql, headers={"Accept": "text/turtle"}).text
        assert "SPARQL11Update" not in sd
    finally:
        stop_server(srv)


def test_service_and_load_never_reach_a_host_off_the_allow_list(server: Server, loopback: Recorder) -> None:
    port = loopback.server_address[1]
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {server.token}"}
    queries = [
        f"SELECT * {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{base}/> SELECT * {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{base}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/\\u0073parql> {{ ?s ?p ?o }} }}",  # rdflib cannot read it
    ]
    for q in queries:
        r = httpx.post(server.sparql, data={"query": q})
        assert r.status_code in (400, 403), (q, r.status_code, r.text)
    updates = [
        f"LOAD <{base}/data.ttl>",
        f"LOAD SILENT <{base}/data.ttl> INTO GRAPH <http://e/loaded>",
        f"BASE <{base}/> LOAD <data.ttl>",
        f"INSERT {{ GRAPH <http://e/x> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"LOAD <http://127.0.0.1:{port}/\\u0064ata.ttl>",
    ]
    for u in updates:
        r = httpx.post(server.sparql, content=u.encode(), headers={**UPDATE, **auth})
        assert r.status_code == 403, (u, r.status_code, r.text)
    time.sleep(0.3)
    assert loopback.hits == []


def test_allow_listed_service_host_is_contacted(seeded_dir: Path, tmp_path: Path, loopback: Recorder) -> None:
    """The same loopback server, once allow-listed, is reached: the refusals above are not vacuous."""
    port = loopback.server_address[1]
    store = tmp_path / "store"
    shutil.copytree(seeded_dir, store)
    srv = start_server(store, env={"NEWSGRAPH_SERVICE_ALLOW": f"127.0.0.1:{port}"})
    try:
        r = httpx.post(srv.sparql, data={"query": f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                                                  "{ ?s ?p ?o } }"})
        assert r.status_code == 200, r.text
        assert loopback.hits
    finally:
        stop_server(srv)


def test_request_body_cap_413(limited: Server) -> None:
    auth = {"Authorization": f"Bearer {limited.token}"}
    before = _count(limited)
    triples = "".join(f"<http://e/s{i}> <http://e/p> {i} . " for i in range(2000))
    big = f"INSERT DATA {{ GRAPH <http://e/big> {{ {triples} }} }}".encode()
    assert len(big) > 20000
    r = httpx.post(limited.sparql, content=big, headers={**UPDATE, **auth})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for i in range(0, len(big), 4096):
            yield big[i:i + 4096]

    r = httpx.post(limited.sparql, content=chunks(), headers={**UPDATE, **auth})
    assert r.status_code == 413
    assert _count(limited) == before


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        kids = []
        for task in Path(f"/proc/{p}/task").glob("*"):  # children of every thread (workers start in threads)
            try:
                kids += (task / "children").read_text().split()
            except OSError:
                continue
        for k in map(int, kids):
            if k not in out:
                out.add(k)
                todo.append(k)
    return out


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_timeout_really_stops_the_query(limited: Server) -> None:
    before = _descendants(limited.proc.pid)
    t0 = time.monotonic()
    r = httpx.get(limited.sparql, params={"query": RUNAWAY, "timeout": "1"}, timeout=30)
    elapsed = time.monotonic() - t0
    assert r.status_code == 503 and r.json()["error"] == "query_timeout", r.text
    assert r.headers["retry-after"] == "1"
    assert 0.9 < elapsed < 2.5
    time.sleep(0.5)
    after = _descendants(limited.proc.pid)
    assert before - after, "the worker running the query should have been killed"
    busy = [p for p in after if _cpu_seconds(p) > 0.8]
    assert not busy, f"a process kept computing: {busy}"
    ok = httpx.get(limited.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_a_request_cannot_raise_the_server_timeout(limited: Server) -> None:
    t0 = time.monotonic()
    r = httpx.get(limited.sparql, params={"query": RUNAWAY, "timeout": "100"}, timeout=30)
    assert r.status_code == 503
    assert time.monotonic() - t0 < 4.5  # the server's 3 s, not the asked 100 s


def test_row_cap(limited: Server) -> None:
    r = httpx.get(limited.sparql, params={"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }"})
    assert r.status_code == 413 and r.json()["error"] == "result_too_large"
    r = httpx.get(limited.sparql, params={"query": "SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 100"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 100
    r = httpx.get(limited.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 413


def test_cors_by_setting(limited: Server, server: Server) -> None:
    pre = httpx.options(limited.sparql, headers={"Origin": "http://ui.example",
                                                 "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "http://ui.example"
    r = httpx.get(limited.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://ui.example"})
    assert r.headers["access-control-allow-origin"] == "http://ui.example"
    assert "etag" in r.headers["access-control-expose-headers"].lower()
    other = httpx.get(limited.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    off = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://ui.example"})
    assert "access-control-allow-origin" not in off.headers  # no origins configured: no CORS


def test_body_cap_and_cors_on_query_posts(limited: Server) -> None:
    """Query POSTs are answered outside FastAPI's middleware: the same cap and CORS still apply."""
    big = "SELECT * { ?s ?p ?o } #" + "x" * 25000
    r = httpx.post(limited.sparql, data={"query": big})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 4096):
            yield big[i:i + 4096].encode()

    r = httpx.post(limited.sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    origin = {"Origin": "http://ui.example"}
    ok = httpx.post(limited.sparql, data={"query": "ASK {}"}, headers=origin)
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "http://ui.example"
    bad = httpx.get(limited.sparql, params={"query": "SELECT"}, headers=origin)
    assert bad.status_code == 400 and bad.headers["access-control-allow-origin"] == "http://ui.example"
    assert bad.json()["error"] == "query_syntax_error"
