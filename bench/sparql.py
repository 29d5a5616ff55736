"""``newsgraph serve`` against ``oxigraph serve`` and rdflib-endpoint on the same 1M triples, one run.

Run: ``.venv/bin/python bench/sparql.py [--triples 1000000] [--duration 6] [--clients 4]``.

Scenarios (each ``--duration`` seconds, ``--clients`` keep-alive connections, JSON results; every
server first gets the same unmeasured second of point lookups):

* ``point``: ``SELECT ?p ?o { <e_i> ?p ?o }`` with a random ``i`` per request (distinct queries);
* ``2hop``: ``SELECT ?c { <e_i> :knows/:knows ?c }`` (random ``i``);
* ``point-repeat``: the same 20 point lookups over and over (what the result cache is for);
* ``point-runaway`` (newsgraph only): point lookups while a runaway query runs until its timeout.

newsgraph runs three times: result cache off (``NEWSGRAPH_CACHE_ENTRIES=0``, "uncached"), on, and
with queries in-process (``NEWSGRAPH_QUERY_WORKERS=0``: no timeout, no sandbox) to price the workers.
``uvicorn-constant`` is uvicorn (same HTTP parser and event loop as ``newsgraph serve``) answering
every request with a fixed body and doing nothing else: the most any Python ASGI server can reach
with this client on this machine.
Prints requests/s, p50 and p99 per server and scenario, and the ratios the issue sets as targets.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
EX = "http://bench.example/"
WARMUP = 1.0  # seconds of point lookups before a server's first measured scenario
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QueryFn = Callable[[random.Random], str]


CONSTANT_BODY = b'{"head":{"vars":["p","o"]},"results":{"bindings":[]}}'


async def constant_app(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
    """ASGI app answering a fixed SPARQL JSON body: the ceiling of the server side."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/sparql-results+json"),
                            (b"content-length", str(len(CONSTANT_BODY)).encode())]})
    await send({"type": "http.response.body", "body": CONSTANT_BODY})


def make_data(path: Path, triples: int, seed: int = 11) -> int:
    """Entities with a type, a label, a value and 7 links each: 10 triples per entity."""
    rng = random.Random(seed)
    n = triples // 10
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            s = f"<{EX}e{i}>"
            f.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Thing{i % 50}> .\n"
                    f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "Entity {i}"@en .\n'
                    f'{s} <{EX}value> "{rng.randint(0, 10**6)}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
            for _ in range(4):
                f.write(f"{s} <{EX}knows> <{EX}e{rng.randrange(n)}> .\n")
            for p in ("memberOf", "locatedIn", "dependsOn"):
                f.write(f"{s} <{EX}{p}> <{EX}e{rng.randrange(n)}> .\n")
    return n


def point(n: int) -> QueryFn:
    return lambda rng: f"SELECT ?p ?o WHERE {{ <{EX}e{rng.randrange(n)}> ?p ?o }}"


def two_hop(n: int) -> QueryFn:
    return lambda rng: f"SELECT ?c WHERE {{ <{EX}e{rng.randrange(n)}> <{EX}knows> ?b . ?b <{EX}knows> ?c }}"


def repeated(n: int) -> QueryFn:
    fixed = [f"SELECT ?p ?o WHERE {{ <{EX}e{i * 997 % n}> ?p ?o }}" for i in range(20)]
    return lambda rng: rng.choice(fixed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, path: str, proc: subprocess.Popen[bytes], limit: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path + "?" + urlencode({"query": "ASK {}"}),
                      headers={"Accept": "application/sparql-results+json"})
            if c.getresponse().status == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"not ready after {limit:.0f} s")


def load_run(port: int, path: str, make: QueryFn, duration: float, clients: int) -> dict[str, float]:
    """``clients`` threads with one keep-alive connection each, for ``duration`` seconds."""
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        while time.monotonic() < deadline:
            url = path + "?" + urlencode({"query": make(rng)})
            t = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Accept": "application/sparql-results+json"})
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    lat.sort()
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0] if lat else 0.0] * 99
    return {"rps": len(lat) / wall, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000,
            "requests": len(lat), "errors": errors[0]}


class Served:
    """A server process started for the bench (stopped by its own pid)."""

    def __init__(self, name: str, cmd: list[str], port: int, path: str, env: dict[str, str] | None = None,
                 ready_limit: float = 120.0) -> None:
        self.name, self.port, self.path = name, port, path
        self.proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.startup = wait_ready(port, path, self.proc, ready_limit)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def runaway_during(srv: Served, make: QueryFn, duration: float, clients: int) -> dict[str, float]:
    """Point lookups while a runaway query holds one query worker until its timeout."""
    result: dict[str, object] = {}

    def runaway() -> None:
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=120)
        t = time.monotonic()
        c.request("GET", srv.path + "?" + urlencode({"query": RUNAWAY}))
        r = c.getresponse()
        r.read()
        result.update(status=r.status, seconds=time.monotonic() - t)

    th = threading.Thread(target=runaway)
    th.start()
    time.sleep(0.5)
    stats = load_run(srv.port, srv.path, make, duration, clients)
    th.join()
    stats["runaway_status"] = float(result.get("status", 0))  # type: ignore[arg-type]
    stats["runaway_s"] = float(result.get("seconds", 0.0))  # type: ignore[arg-type]
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--duration", type=float, default=6.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rdflib-wait", type=float, default=300.0, help="seconds allowed for rdflib to load")
    ap.add_argument("--skip-rdflib", action="store_true")
    args = ap.parse_args()
    from graph.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        data = tmp / "data.nt"
        n = make_data(data, args.triples)
        gs = open_store(tmp / "ng")
        gs.load_files([data])
        gs.close()
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(tmp / "ox"), "--file", str(data)],
                       check=True, capture_output=True)
        scen = {"point": point(n), "2hop": two_hop(n), "point-repeat": repeated(n)}
        d, c = args.duration, args.clients

        def run(srv: Served, names: list[str]) -> None:
            load_run(srv.port, srv.path, scen["point"], WARMUP, c)  # same unmeasured warm-up for all
            results[srv.name] = {s: load_run(srv.port, srv.path, scen[s], d, c) for s in names}
            results[srv.name]["startup"] = {"seconds": srv.startup}

        port = free_port()
        ox = Served("oxigraph", [str(BIN / "oxigraph"), "serve", "--location", str(tmp / "ox"),
                                 "--bind", f"127.0.0.1:{port}"], port, "/query")
        try:
            run(ox, ["point", "2hop", "point-repeat"])
        finally:
            ox.stop()
        for name, cache, workers in (("newsgraph-uncached", "0", "2"), ("newsgraph-cached", "256", "2"),
                                     ("newsgraph-inprocess", "0", "0")):
            port = free_port()
            srv = Served(name, [str(BIN / "newsgraph"), "serve", "--store", str(tmp / "ng"), "--port", str(port)],
                         port, "/sparql", env={"NEWSGRAPH_CACHE_ENTRIES": cache, "NEWSGRAPH_QUERY_TIMEOUT": "12",
                                               "NEWSGRAPH_QUERY_WORKERS": workers})
            try:
                run(srv, ["point-repeat"] if cache != "0" else ["point", "2hop"])
                if name == "newsgraph-uncached":
                    results[name]["point-runaway"] = runaway_during(srv, scen["point"], d, c)
            finally:
                srv.stop()
        port = free_port()
        const = Served("uvicorn-constant", [sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT),
                                            "bench.sparql:constant_app", "--port", str(port),
                                            "--log-level", "warning"], port, "/sparql")
        try:
            run(const, ["point"])
        finally:
            const.stop()
        if not args.skip_rdflib:
            port = free_port()
            try:
                rl = Served("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", str(data), "--host",
                                                "127.0.0.1", "--port", str(port)], port, "/", ready_limit=args.rdflib_wait)
            except (TimeoutError, RuntimeError) as exc:
                results["rdflib-endpoint"] = {"error": {"message": str(exc)}}  # type: ignore[dict-item]
            else:
                try:
                    run(rl, ["point", "2hop"])
                finally:
                    rl.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(results, args)


def report(results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace) -> None:
    print(f"\n{args.triples:,} triples, {args.clients} clients, {args.duration:g} s per scenario, "
          f"{os.cpu_count()} CPUs")
    print(f"{'server':20} {'scenario':14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for server, scen in results.items():
        for name, s in scen.items():
            if "rps" in s:
                print(f"{server:20} {name:14} {s['rps']:9.0f} {s['p50_ms']:8.2f} {s['p99_ms']:8.2f} "
                      f"{int(s['errors']):7d}")
            elif "seconds" in s:
                print(f"{server:20} {'(ready after)':14} {s['seconds']:8.1f}s")
            else:
                print(f"{server:20} {name:14} {s}")

    def rps(server: str, scenario: str) -> float:
        return results.get(server, {}).get(scenario, {}).get("rps", float("nan"))

    ng, ngc, ox, rl = "newsgraph-uncached", "newsgraph-cached", "oxigraph", "rdflib-endpoint"
    print("\nratios (target):")
    for sc in ("point", "2hop"):
        print(f"  newsgraph uncached / oxigraph, {sc:6}: {rps(ng, sc) / rps(ox, sc):5.2f}x  (>= 0.6x)")
    print(f"  newsgraph cached / oxigraph, repeated: {rps(ngc, 'point-repeat') / rps(ox, 'point-repeat'):5.2f}x"
          "  (>= 1.5x)")
    for sc in ("point", "2hop"):
        print(f"  newsgraph uncached / rdflib-endpoint, {sc:6}: {rps(ng, sc) / rps(rl, sc):6.1f}x  (>= 20x)")
    inproc = "newsgraph-inprocess"
    for sc in ("point", "2hop"):
        print(f"  cost of killable workers, {sc:6}: {rps(ng, sc) / rps(inproc, sc):5.2f}x the in-process "
              f"req/s (no timeout, no sandbox)")
    ceiling = rps("uvicorn-constant", "point")
    print(f"  uvicorn doing nothing / oxigraph, point: {ceiling / rps(ox, 'point'):5.2f}x, "
          f"repeated: {ceiling / rps(ox, 'point-repeat'):5.2f}x  (the ceiling of any Python ASGI server here)")
    idle, busy = results[ng]["point"]["p99_ms"], results[ng]["point-runaway"]["p99_ms"]
    run = results[ng]["point-runaway"]
    print(f"  point p99 during a runaway query / idle: {busy / idle:5.2f}x  (<= 3x); runaway answered "
          f"{int(run['runaway_status'])} after {run['runaway_s']:.1f} s")


if __name__ == "__main__":
    main()
