"""The remote backend against a real ``oxigraph serve``: layout discovery, credentials, and the
engine being down, slow or failing (clear typed errors, 502/504 over HTTP, never a traceback)."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.errors import QuerySyntaxError, ResultTooLarge
from graph.store import open_store
from graph.store.remote import Credentials, RemoteOptions
from graph.store.remote.backend import RemoteStore
from graph.store.remote.errors import EngineError, EngineTimeout, EngineUnreachable
from graph.store.results import QuerySpec
from tests.conftest import NEWSGRAPH, Engine, Server, free_port, start_engine, stop_engine
from tests.remote_proxy import Faults, proxy

INSERT = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1, 2, 3 } }"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    e = start_engine(tmp_path / "db")
    yield e
    stop_engine(e)


def _app_get(store: RemoteStore, query: str | None, path: str = "/sparql", **settings: object) -> httpx.Response:
    """GET ``path`` (``/sparql?query=...``) on an in-process app over ``store``."""
    from api.app import create_app
    from api.config import Settings

    front = create_app(Settings(store=store.location, **settings), store=store)  # type: ignore[arg-type]

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=front), base_url="http://t") as c:
            return await c.get(path, params={"query": query} if query else None)

    try:
        return asyncio.run(go())
    finally:
        front.state.sparql.close()


def test_oxigraph_layout_is_discovered_and_said(engine: Engine) -> None:
    gs = open_store(engine.query_url)
    try:
        assert isinstance(gs, RemoteStore)
        assert (gs.layout.name, gs.layout.update_url, gs.layout.gsp_url) == (
            "oxigraph", engine.url + "/update", engine.url + "/store")
        gs.update(INSERT)
        assert gs.count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 3
    finally:
        gs.close()
    out = subprocess.run([NEWSGRAPH, "stats", "--store", engine.query_url], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"remote store: oxigraph layout (probed): query {engine.query_url}" in out.stdout
    assert "quads                  3" in out.stdout


def test_fuseki_layout_and_settings_win(engine: Engine) -> None:
    paths = {"/ds/query": "/query", "/ds/update": "/update", "/ds/data": "/store"}
    with proxy(engine.url, Faults(paths=paths)) as (url, _):
        gs = open_store(url + "/ds/query")
        try:
            assert (gs.layout.name, gs.layout.update_url, gs.layout.gsp_url) == (  # type: ignore[attr-defined]
                "fuseki", url + "/ds/update", url + "/ds/data")
            gs.update(INSERT)
            gs.replace_graph("http://e/h", [])  # a Graph Store PUT to /ds/data
            assert gs.has_graph("http://e/h")
        finally:
            gs.close()
    gs = open_store(engine.query_url, remote=RemoteOptions(update_url=engine.url + "/update",
                                                           gsp_url=engine.url + "/store"))
    try:
        assert gs.layout.found_by == "settings"  # type: ignore[attr-defined]
    finally:
        gs.close()


def test_credentials_are_sent_and_a_refusal_is_clear(engine: Engine) -> None:
    with proxy(engine.url, Faults(auth="Bearer sekrit")) as (url, _):
        gs = open_store(url + "/query", remote=RemoteOptions(credentials=Credentials(token="sekrit")))
        try:
            gs.update(INSERT)
            assert gs.ask("ASK { GRAPH <http://e/g> { ?s ?p 2 } }")
            assert gs.layout.name == "oxigraph"  # type: ignore[attr-defined]
        finally:
            gs.close()
        gs = open_store(url + "/query")
        try:
            with pytest.raises(EngineError, match="refused newsgraph's credentials"):
                gs.ask("ASK {}")
        finally:
            gs.close()


def test_engine_down_is_a_clear_502(engine: Engine) -> None:
    with pytest.raises(EngineUnreachable, match="cannot reach the SPARQL engine"):
        open_store(f"http://127.0.0.1:{free_port()}/query")
    gs = open_store(engine.query_url)
    stop_engine(engine)  # the engine dies under a running store
    try:
        with pytest.raises(EngineUnreachable) as info:
            gs.count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        assert info.value.status == 502
        r = _app_get(gs, "ASK {}", query_workers=0)
        assert r.status_code == 502 and r.json()["error"] == "engine_unreachable"
        assert "is it running?" in r.json()["message"] and "Traceback" not in r.text
        r = _app_get(gs, None, "/health", query_workers=0)
        assert r.status_code == 502 and r.json()["error"] == "engine_unreachable"
    finally:
        gs.close()
    out = subprocess.run([NEWSGRAPH, "query", "--store", engine.query_url, "ASK {}"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "cannot reach the SPARQL engine" in out.stderr
    assert "Traceback" not in out.stderr


def test_slow_engine_gets_the_client_side_timeout(engine: Engine) -> None:
    with proxy(engine.url, Faults(sleep_queries=4.0)) as (url, _):
        gs = open_store(url + "/query", remote=RemoteOptions(timeout=0.5))
        try:
            t0 = time.monotonic()
            with pytest.raises(EngineTimeout, match=r"did not answer within 0\.5 s"):
                gs.ask("ASK {}")
            assert time.monotonic() - t0 < 3
            t0 = time.monotonic()
            r = _app_get(gs, "SELECT * { ?s ?p ?o }", query_timeout=1.0, query_workers=0)
            assert r.status_code == 504 and r.json()["error"] == "engine_timeout", r.text
            assert time.monotonic() - t0 < 3.5
        finally:
            gs.close()


def test_error_answer_passes_the_engines_message_on(engine: Engine) -> None:
    with proxy(engine.url, Faults(fail_queries="disk on fire at block 7")) as (url, _):
        gs = open_store(url + "/query")
        try:
            with pytest.raises(EngineError, match="disk on fire at block 7") as info:
                gs.ask("ASK {}")
            assert info.value.status == 502
            r = _app_get(gs, "ASK {}", query_workers=0)
            assert r.status_code == 502 and "disk on fire at block 7" in r.json()["message"]
        finally:
            gs.close()


def test_syntax_errors_point_into_the_clients_text_like_the_embedded_store(engine: Engine) -> None:
    remote, embedded = open_store(engine.query_url), open_store("memory")
    try:
        for q in ("SELECT * WHERE { ?s ?p }", "SELECT ?x WHERE {\n  ?x ?p \n"):
            errors = []
            for gs in (remote, embedded):
                with pytest.raises(QuerySyntaxError) as info:
                    gs.query(q)
                errors.append((info.value.line, info.value.column))
            assert errors[0] == errors[1], q
        r = _app_get(remote, "SELECT * WHERE { ?s ?p }", query_workers=0)
        assert r.status_code == 400 and r.json()["line"] == 1
    finally:
        remote.close()
        embedded.close()


def test_row_cap_and_accept_are_enforced_on_the_engines_answer(engine: Engine) -> None:
    gs = open_store(engine.query_url)
    try:
        gs.update(INSERT)
        q = "SELECT ?o { GRAPH ?g { ?s ?p ?o } }"
        with pytest.raises(ResultTooLarge):
            gs.execute(QuerySpec(q, ("text/csv",), max_rows=2))
        res = gs.execute(QuerySpec(q, ("text/csv",), max_rows=3))
        assert (res.kind, res.media_type, res.rows) == ("solutions", "text/csv", 3)
        assert sorted(res.body.decode().split()[1:]) == ["1", "2", "3"]
        ttl = gs.execute(QuerySpec("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   ("application/sparql-results+json", "text/turtle")))
        assert (ttl.kind, ttl.media_type, ttl.rows) == ("graph", "text/turtle", 3)
    finally:
        gs.close()


def test_health_names_the_backend_and_the_layout(server: Server, backend: str) -> None:
    r = httpx.get(server.url + "/health")
    assert r.status_code == 200 and r.json()["status"] == "ok", r.text
    store = r.json()["store"]
    assert store["backend"] == backend
    if backend == "remote":
        assert store["layout"] == "oxigraph" and store["update_url"].endswith("/update")


def test_an_engine_without_update_endpoint_is_a_read_only_store(engine: Engine) -> None:
    from graph.errors import ReadOnly

    with proxy(engine.url, Faults(paths={"/query": "/query"})) as (url, _):
        gs = open_store(url + "/query")
        try:
            assert gs.layout.update_url is None and gs.layout.found_by == "query endpoint only"  # type: ignore[attr-defined]
            assert gs.ask("ASK {}")
            with pytest.raises(ReadOnly, match="no update endpoint"):
                gs.update(INSERT)
        finally:
            gs.close()
