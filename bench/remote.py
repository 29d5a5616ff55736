"""The remote backend against the embedded one, same data, same run: point lookups, 2-hop
queries and a 1M-triple load, as ratios.

Run: ``.venv/bin/python bench/remote.py [--triples 1000000] [--lookups 1000] [--hops 300]``.
Both stores get the same deterministic N-Triples file (``bench/load.py``'s generator) in a
temporary directory: the embedded one is an on-disk Oxigraph store in this process, the remote
one a ``RemoteStore`` over ``oxigraph serve`` on a loopback port. Each query runs through the
``GraphStore`` interface (``store.query``); the same queries sent as bare HTTP requests to
``oxigraph serve`` show what the remote layer itself costs. The three are interleaved in rounds,
so a busy machine weighs on all of them alike. Prints per-operation figures and remote /
embedded ratios (higher = remote slower).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import make_file
from graph.store import GraphStore, open_store

E = "https://w3id.org/newsgraph/id/entity/e"
LABEL = "https://w3id.org/newsgraph/ontology#label"
BIN = Path(sys.executable).parent


def point(k: int) -> str:
    return f"SELECT ?l WHERE {{ <{E}{k}> <{LABEL}> ?l }}"


def two_hop(k: int) -> str:
    return f"SELECT ?z WHERE {{ <{E}{k}> ?p ?y . ?y ?q ?z FILTER(isIRI(?y)) }}"


def start_engine(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(300):
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve did not start")


def rates(runs: dict[str, Callable[[int], object]], n: int, entities: int, rounds: int = 10) -> dict[str, float]:
    """Operations per second of each way of running, over ``n`` calls each with spread keys
    (after 20 warm-up calls), interleaved in ``rounds`` so a busy machine weighs on all alike."""
    for run in runs.values():
        for k in range(20):
            run(k)
    spent = dict.fromkeys(runs, 0.0)
    per = max(1, n // rounds)
    for r in range(rounds):
        for name, run in runs.items():
            t0 = time.perf_counter()
            for i in range(r * per, (r + 1) * per):
                run((i * 7919) % entities)
            spent[name] += time.perf_counter() - t0
    return {name: per * rounds / t for name, t in spent.items()}


def through_store(gs: GraphStore, make: Callable[[int], str]) -> Callable[[int], object]:
    return lambda k: sum(1 for _ in gs.query(make(k), union=False))


def bare_http(client: httpx.Client, url: str, make: Callable[[int], str]) -> Callable[[int], object]:
    def run(k: int) -> object:
        r = client.post(url, data={"query": make(k)}, headers={"Accept": "application/sparql-results+json"})
        r.raise_for_status()
        return len(r.json()["results"]["bindings"])
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--lookups", type=int, default=1000)
    ap.add_argument("--hops", type=int, default=300)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ng-bench-remote-"))
    proc = None
    try:
        data = work / "data.nt"
        make_file(data, args.triples)
        entities = args.triples // 8
        print(f"file: {data.stat().st_size / 1e6:.0f} MB, {args.triples} triples, {entities} entities")
        proc, url = start_engine(work / "engine")
        embedded, remote = open_store(work / "embedded"), open_store(url)
        load: dict[str, float] = {}
        for name, gs in (("embedded", embedded), ("remote", remote)):
            t0 = time.perf_counter()
            gs.load_files([data])
            load[name] = time.perf_counter() - t0
            assert len(gs) == args.triples, (name, len(gs))
        print(f"{f'{args.triples // 1000}k-triple load':18} embedded {load['embedded']:7.1f} s   remote {load['remote']:7.1f} s"
              f"   ratio {load['remote'] / load['embedded']:5.2f}x   "
              f"({args.triples / load['remote']:,.0f} triples/s remote)")
        with httpx.Client() as client:
            for label, make, n in (("point lookup", point, args.lookups), ("2-hop", two_hop, args.hops)):
                got = rates({"embedded": through_store(embedded, make), "remote": through_store(remote, make),
                             "bare": bare_http(client, url, make)}, n, entities)
                emb, rem, raw = got["embedded"], got["remote"], got["bare"]
                print(f"{label:18} embedded {emb:7.0f} /s   remote {rem:7.0f} /s   ratio {emb / rem:5.2f}x"
                      f"   (bare HTTP to oxigraph serve {raw:.0f} /s: the remote layer costs "
                      f"{raw / rem:.2f}x)")
        embedded.close()
        remote.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
