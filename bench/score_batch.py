"""Score one folder of gold articles with the full extractor, per article and pooled per language.

Run: ``.venv/bin/python bench/score_batch.py tests/data/articles/dev9 [--low 0.2]``. It is how a new
fresh batch is scored once before anything is fitted on it (``bench/results/dev9-fresh.txt``); the same
scorer as ``newsgraph eval`` (:func:`loaders.extract.evaluate.score`), on core facts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.extract.article import extract_file  # noqa: E402
from loaders.extract.confidence import DEFAULT_MIN_CONFIDENCE, keep  # noqa: E402
from loaders.extract.evaluate import load_gold, score  # noqa: E402


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "-"


def head_commit() -> str:
    """The checkout's short commit hash, which a result file names (empty outside a git checkout)."""
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--low", type=float, default=0.2)
    args = ap.parse_args(argv)
    print(f"# {args.folder.name} scored at {head_commit()}, {date.today()}: bench/score_batch.py (newsgraph eval's scorer)")
    for lang in ("fr", "en"):
        totals = {t: [0, 0, 0, 0, 0, 0] for t in (DEFAULT_MIN_CONFIDENCE, args.low)}
        for path in sorted(args.folder.glob(f"*.{lang}.txt")):
            facts = extract_file(path, min_confidence=0.0)[1]
            gold = load_gold(path.with_name(path.stem + ".gold.json"))
            for t, tot in totals.items():
                s = score(keep(facts, t), gold)
                o, pr = s["overall"], s["pairs"]
                row = [o["correct"], o["pred"], o["found"], o["gold"], pr["found"], pr["gold"]]
                tot[:] = [a + b for a, b in zip(tot, row, strict=True)]
                if t == DEFAULT_MIN_CONFIDENCE:
                    print(f"  {path.name:34} P {row[0]}/{row[1]}  R {row[2]}/{row[3]}  pairs {row[4]}/{row[5]}")
        for t, x in totals.items():
            print(f"{lang}@{t}: P {_pct(x[0], x[1])}  R {_pct(x[2], x[3])}  pairs {_pct(x[4], x[5])}")


if __name__ == "__main__":
    main()
