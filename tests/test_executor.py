"""QueryPool against real on-disk stores: results, limits, snapshots, kills, and the network sandbox."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import (
    NetworkForbidden,
    NotAcceptable,
    PoolBusy,
    QueryFailed,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    WorkerCrashed,
)
from graph.store.oxigraph.executor import QueryPool, backup_snapshot, dump_snapshot
from graph.store.oxigraph.executor_worker import row_counter
from graph.store.results import Dataset, QuerySpec
from tests.conftest import Recorder

JSON = "application/sparql-results+json"


def _spec(query: str, media_type: str, *, alternates: tuple[str, ...] = (), union_default_graph: bool = True,
          default_graph: tuple[str, ...] = (), named_graphs: tuple[str, ...] | None = None,
          base_iri: str | None = None, timeout: float = 30.0, max_rows: int = 1_000_000) -> QuerySpec:
    ds = Dataset(default_graph, named_graphs, union_default_graph and not default_graph)
    return QuerySpec(query, (media_type, *alternates), ds, base_iri, timeout, max_rows)
EX = "http://ex.example/"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # grows memory fast
SPIN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(STRLEN(CONCAT(?c, ?f, ?i, ?l)) < 0) } ORDER BY ?c"  # CPU only
TRICKY = ['a"b\\c', "line\nbreak", '},{"x":{', "<result> &", "crlf\r\nend", "tab\there", "\\", ""]


def _quads(n: int, graph: str | None) -> list[ox.Quad]:
    g = ox.NamedNode(EX + graph) if graph else ox.DefaultGraph()
    return [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g) for i in range(n)]


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ox.Store, str]]:
    path = str(tmp_path_factory.mktemp("exec") / "store")
    s = ox.Store(path)
    s.extend(_quads(200, None) + _quads(30, "g1") + _quads(20, "g2"))
    s.extend(ox.Quad(ox.NamedNode(f"{EX}t{i}"), ox.NamedNode(EX + "q"), ox.Literal(v)) for i, v in enumerate(TRICKY))
    s.flush()
    yield s, path


@pytest.fixture(scope="module")
def pool(store: tuple[ox.Store, str]) -> Iterator[QueryPool]:
    with QueryPool(store[1], workers=2, snapshot=backup_snapshot(store[0])) as p:
        yield p


def test_select_matches_direct_store(pool: QueryPool, store: tuple[ox.Store, str]) -> None:
    q = "SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s LIMIT 25"
    res = pool.run(_spec(q, JSON, union_default_graph=False))
    solutions = store[0].query(q)
    assert isinstance(solutions, ox.QuerySolutions)
    direct = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    assert (res.kind, res.media_type, res.rows, res.body) == ("solutions", JSON, 25, direct)


@pytest.mark.parametrize("mt", ["application/sparql-results+json", "application/sparql-results+xml",
                                "text/csv", "text/tab-separated-values"])
def test_row_counts_in_every_results_format(pool: QueryPool, mt: str) -> None:
    q = "SELECT ?s ?o ?x { ?s <http://ex.example/q> ?o OPTIONAL { ?s <urn:none> ?x } }"
    res = pool.run(_spec(q, mt))
    assert res.rows == len(TRICKY) and res.media_type.startswith(mt)
    if mt == "text/csv":  # lossy, so pyoxigraph will not parse it back; the csv module does
        assert len(list(csv.reader(io.StringIO(res.body.decode(), newline="")))) == len(TRICKY) + 1
    else:
        parsed = ox.parse_query_results(res.body, ox.QueryResultsFormat.from_media_type(mt))
        assert isinstance(parsed, ox.QuerySolutions) and len(list(parsed)) == len(TRICKY)


@given(values=st.lists(st.text(alphabet='ab"\\\n\r{},[]<>/result&\t', max_size=12), max_size=12),
       cut=st.integers(min_value=1, max_value=40))
@settings(max_examples=60, deadline=None)
def test_row_counters_survive_any_chunking(values: list[str], cut: int) -> None:
    mem = ox.Store()
    mem.extend(ox.Quad(ox.NamedNode(f"{EX}v{i}"), ox.NamedNode(EX + "p"), ox.Literal(v)) for i, v in enumerate(values))
    for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV):
        solutions = mem.query("SELECT ?s ?o { ?s ?p ?o }")
        assert isinstance(solutions, ox.QuerySolutions)
        body = solutions.serialize(format=fmt)
        assert body is not None
        counter, rows = row_counter(fmt.media_type), 0
        for i in range(0, len(body), cut):
            rows = counter.feed(body[i:i + cut])
        assert rows == len(values), (fmt, body)


def test_construct_ask_and_format_fallback(pool: QueryPool) -> None:
    res = pool.run(_spec("CONSTRUCT WHERE { ?s <http://ex.example/q> ?o }", JSON, alternates=("text/turtle",)))
    assert (res.kind, res.media_type, res.rows) == ("graph", "text/turtle", len(TRICKY))
    assert len(list(ox.parse(res.body, ox.RdfFormat.TURTLE))) == len(TRICKY)
    ask = pool.run(_spec("ASK { ?s <http://ex.example/q> '' }", JSON))
    assert (ask.kind, ask.rows, json.loads(ask.body)["boolean"]) == ("boolean", None, True)
    with pytest.raises(NotAcceptable):
        pool.run(_spec("SELECT * { ?s ?p ?o }", "text/turtle"))


def test_dataset_options(pool: QueryPool) -> None:
    assert _count(pool.run(_spec(COUNT, JSON)).body) == 200 + len(TRICKY) + 50
    assert _count(pool.run(_spec(COUNT, JSON, union_default_graph=False)).body) == 200 + len(TRICKY)
    assert _count(pool.run(_spec(COUNT, JSON, default_graph=(EX + "g2",))).body) == 20
    named = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert _count(pool.run(_spec(named, JSON, named_graphs=(EX + "g1",))).body) == 30
    rel = pool.run(_spec("ASK { <s3> <p> '3' }", JSON, base_iri=EX))
    assert json.loads(rel.body)["boolean"] is True


def test_errors_keep_message_and_position(pool: QueryPool) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        pool.run(_spec("SELECT * {\n  ?s ?p }", JSON))
    assert (err.value.line, err.value.column) == (2, 10) and "expected" in str(err.value)
    with pytest.raises(QueryFailed):
        pool.run(_spec(COUNT, JSON, default_graph=("not an iri",)))


@pytest.mark.parametrize("mt", [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
                                "application/n-triples"])
def test_row_cap(pool: QueryPool, store: tuple[ox.Store, str], mt: str) -> None:
    q = "SELECT * { ?s <http://ex.example/p> ?o }" if "sparql" in mt or "text/" in mt else \
        "CONSTRUCT WHERE { ?s <http://ex.example/p> ?o }"
    n = len(list(cast(Iterable[object], store[0].query(q, use_default_graph_as_union=True))))
    assert n >= 200
    assert pool.run(_spec(q, mt, max_rows=n)).rows == n
    with pytest.raises(ResultTooLarge):
        pool.run(_spec(q, mt, max_rows=n - 1))


def test_refresh_shows_new_data_and_drops_old_snapshots(tmp_path: Path) -> None:
    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(10, None))
    with QueryPool(str(tmp_path / "store"), workers=2, snapshot=backup_snapshot(s)) as p:
        assert _count(p.run(_spec(COUNT, JSON)).body) == 10
        s.extend(_quads(15, "g"))
        assert _count(p.run(_spec(COUNT, JSON)).body) == 10  # a snapshot: no torn reads
        p.refresh()
        for _ in range(4):  # both workers, whichever answers
            assert _count(p.run(_spec(COUNT, JSON)).body) == 25
        root = p._snaps.root
        assert root is not None and os.listdir(root) == [os.path.basename(p._snaps.current)]
    assert not os.path.exists(root)


def test_stale_snapshots_are_removed_and_close_is_final(tmp_path: Path) -> None:
    s = ox.Store(str(tmp_path / "store"))
    dead, alive = tmp_path / ".newsgraph-snapshots-999999999-x", tmp_path / f".newsgraph-snapshots-{os.getpid()}-y"
    for d in (dead, alive):
        d.mkdir()
        s.backup(str(d / "snap-00000001"))
    p = QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s))
    assert not dead.exists() and alive.exists()
    procs = [w.proc for w in p._all]
    p.close()
    assert all(proc.poll() is not None for proc in procs)
    with pytest.raises(RuntimeError):
        p.run(_spec(COUNT, JSON))


def test_memory_store_via_dump(tmp_path: Path) -> None:
    mem = ox.Store()
    mem.extend(_quads(7, "g"))
    with pytest.raises(ValueError):
        QueryPool("memory")
    with QueryPool("memory", workers=1, snapshot=dump_snapshot(mem)) as p:
        assert _count(p.run(_spec(COUNT, JSON)).body) == 7
        mem.extend(_quads(3, None))
        p.refresh()
        assert _count(p.run(_spec(COUNT, JSON)).body) == 10


def test_read_only_location_without_snapshots(store: tuple[ox.Store, str], tmp_path: Path) -> None:
    store[0].backup(str(tmp_path / "frozen"))
    with QueryPool(str(tmp_path / "frozen"), workers=1) as p:
        assert _count(p.run(_spec(COUNT, JSON)).body) == 200 + len(TRICKY) + 50
        p.refresh()
        assert _count(p.run(_spec(COUNT, JSON)).body) == 200 + len(TRICKY) + 50


def test_timeout_kills_and_pool_recovers(tmp_path: Path) -> None:
    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(200, None))
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s)) as p:
        pid = p._all[0].proc.pid
        start = time.monotonic()
        with pytest.raises(QueryTimeout):
            p.run(_spec(SPIN, JSON, timeout=1.0))
        assert 1.0 <= time.monotonic() - start < 2.5
        assert p._all[0].proc.pid != pid
        assert _count(p.run(_spec(COUNT, JSON)).body) == 200
        # memory cap: a worker limited to 768 MiB dies on the same query long before its deadline
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s), memory_limit=768 << 20) as p:
        start = time.monotonic()
        with pytest.raises(WorkerCrashed, match="memory"):
            p.run(_spec(CARTESIAN, JSON, timeout=20))
        assert time.monotonic() - start < 10
        assert _count(p.run(_spec(COUNT, JSON)).body) == 200


def test_busy_pool_bounds_the_wait_and_threads_share_it(pool: QueryPool, tmp_path: Path) -> None:
    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(200, None))
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s)) as p:
        errors: list[Exception] = []

        def slow_query() -> None:
            try:
                p.run(_spec(SPIN, JSON, timeout=1.5))
            except QueryTimeout as e:
                errors.append(e)

        slow = threading.Thread(target=slow_query)
        slow.start()
        time.sleep(0.3)
        with pytest.raises(PoolBusy):
            p.run(_spec(COUNT, JSON, timeout=0.3))
        slow.join()
        assert len(errors) == 1 and not isinstance(errors[0], PoolBusy)
    counts: list[int] = []
    threads = [threading.Thread(target=lambda: counts.extend(
        _count(pool.run(_spec(COUNT, JSON, default_graph=(EX + "g1",))).body) for _ in range(10)))
        for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [30] * 40


SERVICE_FORMS = [
    "SELECT * { SERVICE <http://127.0.0.1:PORT/sparql> { ?x ?p ?o } }",
    "PREFIX r: <http://127.0.0.1:PORT/> SELECT * { SERVICE r:sparql { ?x ?p ?o } }",
    "BASE <http://127.0.0.1:PORT/a/> SELECT * { SERVICE <../sparql> { ?x ?p ?o } }",
    "SELECT * { SERVICE <http://localhost:PORT/sparql> { ?x ?p ?o } }",
]


@pytest.fixture(scope="module")
def one_worker(store: tuple[ox.Store, str]) -> Iterator[QueryPool]:
    with QueryPool(store[1], workers=1, snapshot=backup_snapshot(store[0])) as p:
        yield p


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_service_is_refused_before_running(one_worker: QueryPool, loopback: Recorder, form: str) -> None:
    with pytest.raises(NetworkForbidden):
        one_worker.run(_spec(form.replace("PORT", str(loopback.server_address[1])), JSON))
    assert loopback.hits == []


def test_unreadable_service_query_runs_sandboxed(one_worker: QueryPool, loopback: Recorder) -> None:
    pid = one_worker._all[0].proc.pid
    port = loopback.server_address[1]
    for q in (  # rdflib cannot parse LATERAL or a \\u escape in an IRI, so these go to the sandbox
        f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?p ?o }} LATERAL {{ ?x ?p ?o }} }}",
        f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sp\\u0061rql> {{ ?x ?p ?o }} }}",
    ):
        with pytest.raises(QueryFailed, match="ermission denied"):
            one_worker.run(_spec(q, JSON))
    assert loopback.hits == []
    assert _count(one_worker.run(_spec(COUNT, JSON, default_graph=(EX + "g2",))).body) == 20
    assert one_worker._all[0].proc.pid == pid  # same sandboxed worker, still alive


def test_allowed_host_goes_through_the_network_worker(store: tuple[ox.Store, str], loopback: Recorder) -> None:
    port = loopback.server_address[1]
    with QueryPool(store[1], workers=1, allow_network=(f"127.0.0.1:{port}",),
                   snapshot=backup_snapshot(store[0])) as p:
        res = p.run(_spec(f"SELECT ?x {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?p ?o }} }}", JSON))
        assert json.loads(res.body)["results"]["bindings"][0]["x"]["value"] == "remote"
        assert len(loopback.hits) >= 1
        with pytest.raises(NetworkForbidden):
            p.run(_spec(f"SELECT * {{ SERVICE <http://localhost:{port}/sparql> {{ ?x ?p ?o }} }}", JSON))


def test_run_async_answers_like_run_and_kills_at_the_deadline(tmp_path: Path) -> None:
    """The awaitable path: same bytes as ``run``, same errors, and a runaway query's worker is
    SIGKILLed at the deadline (not merely abandoned) and replaced."""
    import asyncio

    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(200, None))
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s)) as p:
        q = _spec("SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s LIMIT 7", JSON)

        async def scenario() -> tuple[float, int]:
            assert (await p.run_async(q)).body == p.run(q).body
            with pytest.raises(QuerySyntaxError) as err:
                await p.run_async(_spec("SELECT * {\n  ?s ?p }", JSON))
            assert (err.value.line, err.value.column) == (2, 10)
            old = p._all[0].proc
            start = time.monotonic()
            with pytest.raises(QueryTimeout):
                await p.run_async(_spec(SPIN, JSON, timeout=1.0))
            elapsed = time.monotonic() - start
            assert old.poll() is not None, "the worker running the query must be dead"
            return elapsed, old.pid

        elapsed, pid = asyncio.run(scenario())
        assert 1.0 <= elapsed < 1.8
        assert _count(p.run(_spec(COUNT, JSON)).body) == 200  # the replacement answers
        assert p._all[0].proc.pid != pid


def test_run_async_waits_for_a_busy_worker_and_shares_it_with_threads(tmp_path: Path) -> None:
    import asyncio

    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(50, None))
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s)) as p:

        async def scenario() -> list[int]:
            slow = asyncio.ensure_future(p.run_async(_spec(SPIN, JSON, timeout=1.0)))
            await asyncio.sleep(0.2)
            with pytest.raises(PoolBusy):
                await p.run_async(_spec(COUNT, JSON, timeout=0.3))
            waiting = asyncio.ensure_future(p.run_async(_spec(COUNT, JSON, timeout=5)))
            threaded = asyncio.ensure_future(asyncio.to_thread(p.run, _spec(COUNT, JSON, timeout=5)))
            with pytest.raises(QueryTimeout):
                await slow
            return [_count(r.body) for r in await asyncio.gather(waiting, threaded)]

        assert asyncio.run(scenario()) == [50, 50]
        assert len(p._all) == 1 and p._all[0].proc.poll() is None


def test_run_async_demotes_a_long_query(tmp_path: Path) -> None:
    """Past SLOW_QUERY the worker runs at a lower CPU priority; short queries never do."""
    import asyncio

    from graph.store.oxigraph.executor import SLOW_QUERY
    from graph.store.oxigraph.executor_io import DEMOTED_NICE

    s = ox.Store(str(tmp_path / "store"))
    s.extend(_quads(50, None))
    with QueryPool(str(tmp_path / "store"), workers=1, snapshot=backup_snapshot(s)) as p:

        async def scenario() -> tuple[int, int]:
            await p.run_async(_spec(COUNT, JSON))
            pid = p._all[0].proc.pid
            short = os.getpriority(os.PRIO_PROCESS, pid)
            task = asyncio.ensure_future(p.run_async(_spec(SPIN, JSON, timeout=SLOW_QUERY + 0.6)))
            await asyncio.sleep(SLOW_QUERY + 0.3)
            long = os.getpriority(os.PRIO_PROCESS, pid)
            with pytest.raises(QueryTimeout):
                await task
            return short, long

        assert asyncio.run(scenario()) == (0, DEMOTED_NICE)
