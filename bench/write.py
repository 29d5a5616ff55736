"""Acknowledged SPARQL updates per second: ``newsgraph serve`` against ``oxigraph serve``, one run.

Run: ``.venv/bin/python bench/write.py [--triples 1000000] [--duration 5] [--connections 4]``.

Each server gets the same load from Debian ``wrk`` (native, one thread, ``--connections``
keep-alive connections) for ``--duration`` seconds: every request POSTs a fresh 50-triple
``INSERT DATA`` (``application/sparql-update``; newsgraph with its bearer token) and counts only
2xx answers, i.e. writes the server committed and acknowledged. Both servers run on an empty
store and on a store bulk-loaded with the same ``--triples`` deterministic N-Triples
(:func:`bench.sparql.make_data`). Prints writes/s per server and store and the ratio
newsgraph / oxigraph (target >= 0.25x on both stores).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sparql import BIN, Served, free_port, make_data

TOKEN = "bench-write-token"
TRIPLES_PER_WRITE = 50
LUA = r"""
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  path, token = args[1], args[2]
  headers = {["Content-Type"] = "application/sparql-update"}
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
end
function request()
  counter = counter + 1
  local lines = {}
  for k = 1, TRIPLES do
    lines[k] = string.format('<http://w.example/t%d-%d-%d> <http://w.example/p> "%d" .', tid, counter, k, k)
  end
  return wrk.format("POST", path, headers, "INSERT DATA {\n" .. table.concat(lines, "\n") .. "\n}")
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d\n", summary.requests, summary.errors.status, summary.duration))
end
""".replace("TRIPLES", str(TRIPLES_PER_WRITE))


def writes_per_second(port: int, path: str, token: str, duration: float, connections: int,
                      script: Path) -> float:
    """Acknowledged (2xx) writes per second under ``wrk``."""
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration:g}s", "-s", str(script),
         f"http://127.0.0.1:{port}", "--", path, token],
        check=True, capture_output=True, text=True).stdout
    m = re.search(r"RESULT (\d+) (\d+) (\d+)", out)
    if m is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    requests, bad, micros = (int(g) for g in m.groups())
    return (requests - bad) / (micros / 1e6)


def serve_both(tmp: Path, name: str, data: Path | None) -> dict[str, Served]:
    """Start ``oxigraph serve`` and ``newsgraph serve`` on their own copy of the same data."""
    ox_dir, ng_dir = tmp / f"ox-{name}", tmp / f"ng-{name}"
    if data is not None:
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(data)],
                       check=True, capture_output=True)
        subprocess.run([str(BIN / "newsgraph"), "load", "--store", str(ng_dir), str(data)],
                       check=True, capture_output=True)
    servers: dict[str, Served] = {}
    port = free_port()
    servers["oxigraph"] = Served("oxigraph", [str(BIN / "oxigraph"), "serve", "--location", str(ox_dir),
                                              "--bind", f"127.0.0.1:{port}"], port, "/query")
    port = free_port()
    try:
        servers["newsgraph"] = Served(
            "newsgraph", [str(BIN / "newsgraph"), "serve", "--store", str(ng_dir), "--port", str(port)],
            port, "/sparql", env={"NEWSGRAPH_TOKEN": TOKEN})
    except BaseException:
        servers["oxigraph"].stop()
        raise
    return servers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--connections", type=int, default=4)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian package 'wrk')")
    tmp = Path(tempfile.mkdtemp(prefix="bench-write-"))
    try:
        script = tmp / "write.lua"
        script.write_text(LUA)
        data = tmp / "data.nt"
        make_data(data, args.triples)
        rates: dict[str, dict[str, float]] = {}
        for store, source in (("empty", None), (f"{args.triples // 1000}k", data)):
            servers = serve_both(tmp, store, source)
            try:
                rates[store] = {
                    "oxigraph": writes_per_second(servers["oxigraph"].port, "/update", "", args.duration,
                                                  args.connections, script),
                    "newsgraph": writes_per_second(servers["newsgraph"].port, "/sparql", TOKEN,
                                                   args.duration, args.connections, script),
                }
            finally:
                for s in servers.values():
                    s.stop()
        print(f"writes: {args.connections} connections, {TRIPLES_PER_WRITE}-triple INSERT DATA, "
              f"{args.duration:g} s each, wrk, acknowledged (2xx) per second")
        for store, r in rates.items():
            ratio = r["newsgraph"] / r["oxigraph"]
            print(f"{store:>6} store: oxigraph {r['oxigraph']:8.0f} writes/s   newsgraph {r['newsgraph']:8.0f} "
                  f"writes/s   ratio {ratio:.2f}x (target >= 0.25x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.sync()


if __name__ == "__main__":
    main()
