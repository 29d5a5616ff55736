"""What the query worker pool costs, against querying the store in-process.

Run: ``.venv/bin/python bench/executor.py [--triples 1000000] [--repeat 300]``

Prints p50/p99 for a point lookup and a 10k-row JSON result (direct ``store.query`` + serialize
vs ``QueryPool.run``), kill+respawn time after a timeout, and ``refresh()`` time (snapshot, then
first query on the new snapshot) on the big store and on a seed-sized (2 000 quads) store.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

import pyoxigraph as ox

from graph.errors import QueryTimeout
from graph.store.oxigraph.executor import QueryPool, backup_snapshot
from graph.store.results import Dataset, QuerySpec

EX = "http://bench.example/"
UNION = Dataset(union=True)
JSON = "application/sparql-results+json"
POINT = f"SELECT ?o {{ <{EX}s123> <{EX}p1> ?o }}"
ROWS_10K = f"SELECT ?s ?o {{ ?s <{EX}p0> ?o }} LIMIT 10000"
SPIN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(STRLEN(CONCAT(?c, ?f, ?i, ?l)) < 0) } ORDER BY ?c"


def quads(n: int) -> Iterator[ox.Quad]:
    subjects = max(1, n // 7)
    for i in range(n):
        yield ox.Quad(ox.NamedNode(f"{EX}s{i % subjects}"), ox.NamedNode(f"{EX}p{i // subjects % 7}"),
                      ox.Literal(f"value {i}"), ox.NamedNode(f"{EX}g{i % 10}"))


def build(path: str, n: int) -> ox.Store:
    store = ox.Store(path)
    store.bulk_extend(quads(n))
    store.flush()
    return store


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000


def direct(store: ox.Store, q: str) -> Callable[[], object]:
    def run() -> bytes | None:
        res = store.query(q, use_default_graph_as_union=True)
        assert isinstance(res, ox.QuerySolutions)
        return res.serialize(format=ox.QueryResultsFormat.JSON)
    return run


def via_pool(pool: QueryPool, q: str) -> Callable[[], object]:
    return lambda: pool.run(QuerySpec(q, (JSON,), UNION))


def respawn_times(pool: QueryPool, repeat: int) -> tuple[list[float], list[float]]:
    kills, firsts = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        with contextlib.suppress(QueryTimeout):
            pool.run(QuerySpec(SPIN, (JSON,), UNION, timeout=0.2))
        kills.append(time.perf_counter() - t - 0.2)
        t = time.perf_counter()
        pool.run(QuerySpec(POINT, (JSON,), UNION))
        firsts.append(time.perf_counter() - t)
    return kills, firsts


def refresh_times(store: ox.Store, pool: QueryPool, repeat: int) -> tuple[list[float], list[float]]:
    snaps, firsts = [], []
    for i in range(repeat):
        store.add(ox.Quad(ox.NamedNode(f"{EX}new{i}"), ox.NamedNode(f"{EX}p1"), ox.Literal(str(i))))
        t = time.perf_counter()
        pool.refresh()
        snaps.append(time.perf_counter() - t)
        t = time.perf_counter()
        pool.run(QuerySpec(POINT, (JSON,), UNION))
        firsts.append(time.perf_counter() - t)
    return snaps, firsts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=300)
    args = ap.parse_args()
    rows: list[tuple[str, list[float], list[float] | None]] = []
    with tempfile.TemporaryDirectory(prefix="bench-executor-") as tmp:
        t = time.perf_counter()
        big = build(os.path.join(tmp, "big"), args.triples)
        print(f"built {args.triples} quads in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        with QueryPool(os.path.join(tmp, "big"), workers=1, snapshot=backup_snapshot(big)) as pool:
            for name, q, n in (("point lookup", POINT, args.repeat), ("10k rows JSON", ROWS_10K, args.repeat // 10)):
                pool.run(QuerySpec(q, (JSON,), UNION))
                rows.append((name, timed(direct(big, q), n), timed(via_pool(pool, q), n)))
            kills, firsts = respawn_times(pool, 10)
            rows.append(("kill at deadline (beyond it)", kills, None))
            rows.append(("first query after respawn", firsts, None))
            snaps, firsts = refresh_times(big, pool, 10)
            rows.append((f"refresh() snapshot, {args.triples} quads", snaps, None))
            rows.append((f"first query after refresh, {args.triples}", firsts, None))
        seed = build(os.path.join(tmp, "seed"), 2000)
        with QueryPool(os.path.join(tmp, "seed"), workers=1, snapshot=backup_snapshot(seed)) as pool:
            pool.run(QuerySpec(POINT, (JSON,), UNION))
            snaps, firsts = refresh_times(seed, pool, 10)
            rows.append(("refresh() snapshot, 2000 quads", snaps, None))
            rows.append(("first query after refresh, 2000", firsts, None))
    print(f"{'measure':42} {'direct p50':>11} {'p99':>8} {'pool p50':>9} {'p99':>8} {'ratio p50':>9}")
    for name, a, b in rows:
        if b is None:
            print(f"{name:42} {'':>11} {'':>8} {pct(a, .5):9.2f} {pct(a, .99):8.2f}   (ms)")
        else:
            ratio = statistics.median(b) / statistics.median(a)
            print(f"{name:42} {pct(a, .5):11.2f} {pct(a, .99):8.2f} {pct(b, .5):9.2f} {pct(b, .99):8.2f} {ratio:8.1f}x")


if __name__ == "__main__":
    main()
