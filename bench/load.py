"""``newsgraph load`` against ``oxigraph load`` on the same 1M-triple N-Triples file, same run.

Run: ``.venv/bin/python bench/load.py [--triples 1000000] [--repeat 3]``. Prints each tool's
best wall time, triples/s and the ratio newsgraph / oxigraph (target <= 1.1).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def make_file(path: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` N-Triples shaped like news facts: entities, labels, numbers, links."""
    rng = random.Random(seed)
    preds = ["label", "locatedIn", "develops", "quantity", "amount", "rankedIn", "dependsOn", "date"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            s = f"<https://w3id.org/newsgraph/id/entity/e{i // 8}>"
            p = preds[i % len(preds)]
            pi = f"<https://w3id.org/newsgraph/ontology#{p}>"
            if p == "label":
                o = f'"Entity number {i // 8} «{rng.randint(0, 10**6)}»"@fr'
            elif p in ("quantity", "amount"):
                o = f'"{rng.randint(1, 10**9)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
            elif p == "date":
                o = f'"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
            else:
                o = f"<https://w3id.org/newsgraph/id/entity/e{rng.randint(0, n // 8)}>"
            f.write(f"{s} {pi} {o} .\n")


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ng-bench-load-"))
    try:
        data = work / "data.nt"
        make_file(data, args.triples)
        print(f"file: {data.stat().st_size / 1e6:.0f} MB, {args.triples} triples")
        best: dict[str, float] = {}
        for r in range(args.repeat):
            for name, cmd in (
                ("oxigraph load", [str(BIN / "oxigraph"), "load", "--location", "{db}", "--file", str(data)]),
                ("newsgraph load", [str(BIN / "newsgraph"), "load", "--store", "{db}", str(data)]),
            ):
                db = work / f"db-{name.split()[0]}-{r}"
                t = timed([c.replace("{db}", str(db)) for c in cmd])
                shutil.rmtree(db, ignore_errors=True)
                best[name] = min(best.get(name, t), t)
        print(f"{'tool':16} {'best s':>8} {'triples/s':>12}")
        for name, t in best.items():
            print(f"{name:16} {t:8.2f} {args.triples / t:12,.0f}")
        ratio = best["newsgraph load"] / best["oxigraph load"]
        print(f"ratio newsgraph/oxigraph: {ratio:.2f}x (target <= 1.10x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
