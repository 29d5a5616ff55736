"""Loads and restores on a remote store (a real ``oxigraph serve``): batches, retries, blank
nodes, and every failure leaving the engine as it was, including a load killed half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.errors import RdfSyntaxError
from graph.store import open_store
from graph.store.remote import loading
from graph.store.remote.errors import EngineError
from graph.store.remote.staging import STAGING
from tests.conftest import NEWSGRAPH, Engine, start_engine, stop_engine
from tests.remote_proxy import Faults, proxy

N = 3000


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    e = start_engine(tmp_path / "db")
    yield e
    stop_engine(e)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "BATCH_QUADS", 500)


def _nt(path: Path, n: int = N, *, bad_at: int | None = None, prefix: str = "s") -> Path:
    with path.open("w") as f:
        for i in range(n):
            f.write(f"<http://e/{prefix}{i}> <http://e/p> \"v{i}\" .\n")
            if bad_at == i:
                f.write("<http://e/broken> <http://e/p> .\n")
    return path


def _engine_state(engine: Engine) -> tuple[int, list[str]]:
    """(quads outside staging graphs, staging graphs), asked of the engine directly."""
    q = ("SELECT ?g (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g")
    r = httpx.post(engine.query_url, data={"query": q}, headers={"Accept": "application/sparql-results+json"})
    rows = [(b.get("g", {}).get("value", ""), int(b["n"]["value"])) for b in r.json()["results"]["bindings"]]
    staging = sorted(g for g, _ in rows if g.startswith(STAGING))
    return sum(n for g, n in rows if not g.startswith(STAGING)), staging


def _seed(engine: Engine) -> None:
    httpx.post(engine.url + "/update", data={"update": "INSERT DATA { <http://e/old> <http://e/p> 1 . "
                                             "GRAPH <http://e/g> { <http://e/old> <http://e/p> 2 } }"})


def test_load_in_batches_lands_whole(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    _seed(engine)
    gs = open_store(engine.query_url)
    seen: list[int] = []
    try:
        report = gs.load_files([_nt(tmp_path / "a.nt")], graph="http://e/g", progress=seen.append)
        assert report.written == N
    finally:
        gs.close()
    assert _engine_state(engine) == (N + 2, [])
    assert sum(seen) == (tmp_path / "a.nt").stat().st_size


def test_a_syntax_error_half_way_changes_nothing(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    _seed(engine)
    bad = _nt(tmp_path / "bad.nt", bad_at=2000)  # four batches are staged before the error
    gs = open_store(engine.query_url)
    try:
        with pytest.raises(RdfSyntaxError) as info:
            gs.load_files([bad])
    finally:
        gs.close()
    assert info.value.path == str(bad) and info.value.line == 2002
    assert "nothing was changed on the remote store" in info.value.message
    assert "staging graph(s) written so far were dropped" in info.value.message
    assert _engine_state(engine) == (2, [])


def test_an_engine_failure_mid_load_is_undone(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    _seed(engine)
    with proxy(engine.url, Faults(fail_updates={3, 4, 5})) as (url, faults):  # batch 3 and its retries
        gs = open_store(url + "/query")
        try:
            with pytest.raises(EngineError, match="injected failure of update 5") as info:
                gs.load_files([_nt(tmp_path / "a.nt")])
        finally:
            gs.close()
        assert faults.updates == 6  # batches 1, 2, three tries of 3, then the drop
    assert "nothing was changed on the remote store" in info.value.message
    assert _engine_state(engine) == (2, [])


def test_a_batch_failing_once_is_retried(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    with proxy(engine.url, Faults(fail_updates={2})) as (url, faults):
        gs = open_store(url + "/query")
        try:
            gs.load_files([_nt(tmp_path / "a.nt")])
        finally:
            gs.close()
        assert faults.updates == N // 500 + 3  # the journal, one retry, the request that publishes
    assert _engine_state(engine) == (N, [])


def test_a_load_into_an_empty_graph_writes_it_directly_and_undoes_by_dropping(
        engine: Engine, tmp_path: Path, small_batches: None) -> None:
    _seed(engine)
    gs = open_store(engine.query_url)
    try:
        with pytest.raises(RdfSyntaxError) as info:
            gs.load_files([_nt(tmp_path / "bad.nt", bad_at=2000)], graph="http://e/new")
        assert "the graph <http://e/new>, empty before, was dropped again" in info.value.message
        assert _engine_state(engine) == (2, []) and not gs.has_graph("http://e/new")
        gs.load_files([_nt(tmp_path / "a.nt")], graph="http://e/new")
    finally:
        gs.close()
    assert _engine_state(engine) == (N + 2, [])


def test_blank_nodes_stay_one_node_across_batches(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    ttl = tmp_path / "b.ttl"
    ttl.write_text("@prefix e: <http://e/> .\n" + "".join(
        f"e:s{i} e:p \"{i}\" . _:shared e:member e:s{i} .\n" for i in range(1200)))
    gs = open_store(engine.query_url)
    try:
        gs.load_files([ttl])
        assert gs.count("SELECT (COUNT(DISTINCT ?b) AS ?n) { ?b <http://e/member> ?m }", union=False) == 1
        assert gs.count("SELECT (COUNT(*) AS ?n) { ?b <http://e/member> ?m }", union=False) == 1200
    finally:
        gs.close()


def test_restore_replaces_everything_or_nothing(engine: Engine, tmp_path: Path, small_batches: None) -> None:
    _seed(engine)
    dump = tmp_path / "d.nq"
    dump.write_text("".join(f"<http://e/r{i}> <http://e/p> \"{i}\" <http://e/new> .\n" for i in range(1500)))
    gs = open_store(engine.query_url)
    try:
        bad = tmp_path / "bad.nq"
        bad.write_text(dump.read_text() + "<http://e/x> .\n")
        with pytest.raises(RdfSyntaxError):
            gs.restore(bad)
        assert _engine_state(engine) == (2, [])
        gs.restore(dump)
        assert gs.named_graphs() == ["http://e/new"] and len(gs) == 1500
        out = tmp_path / "again.nq"
        assert gs.dump(out) == 1500
    finally:
        gs.close()
    assert _engine_state(engine) == (1500, [])


@pytest.mark.parametrize("into", [(), ("--graph", "http://e/new")], ids=["staged", "direct"])
def test_a_killed_load_is_cleaned_up_by_the_next_load(engine: Engine, tmp_path: Path,
                                                      into: tuple[str, ...]) -> None:
    _seed(engine)
    big = _nt(tmp_path / "big.nt", 120_000)  # six batches of 20 000
    with proxy(engine.url, Faults(sleep_updates=0.5)) as (url, faults):
        proc = subprocess.Popen([NEWSGRAPH, "load", "--store", url + "/query", *into, str(big)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and faults.updates < 3:  # batches are being written
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    quads, staging = _engine_state(engine)
    assert len(staging) == 1  # the staging graph, or the journal of the direct load
    if into:
        assert quads > 2  # the new graph holds part of the load
    else:
        assert quads == 2  # the live graphs are untouched
    gs = open_store(engine.query_url)
    try:  # newsgraph's own counts and graph lists leave staging graphs out
        assert len(gs) == quads and not any(g.startswith(STAGING) for g in gs.named_graphs())
    finally:
        gs.close()
    out = subprocess.run([NEWSGRAPH, "load", "--store", engine.query_url, str(_nt(tmp_path / "s.nt", 10))],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "dropped 1 staging graph(s) left by an interrupted load" in out.stderr
    assert ("1 half-loaded graph(s)" in out.stderr) == bool(into)
    assert _engine_state(engine) == (12, [])


def test_staging_graphs_are_not_content(engine: Engine) -> None:
    from graph.store.remote.staging import StagingName

    st = StagingName.new(0).iri
    httpx.post(engine.url + "/update", data={"update": f"INSERT DATA {{ GRAPH <{st}> {{ <http://e/a> <http://e/p> 1 }} }}"})
    gs = open_store(engine.query_url)
    try:
        assert gs.is_empty() and len(gs) == 0 and gs.named_graphs() == [] and list(gs.quads()) == []
    finally:
        gs.close()
    assert _engine_state(engine) == (0, [st])  # a running load's staging graph is left alone
