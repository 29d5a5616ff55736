"""Extraction benchmark: articles per minute on one core after model load, and P/R on the gold files.

Run: ``.venv/bin/python bench/extract.py [--articles N] [--quiet]``. The speed corpus is built by cutting
the available articles (seed + tests/data/articles and its ``dev/``, ``heldout/``, ``dev2/``, ``heldout2/``,
``dev3/``, ``heldout3/``, ``dev4/``, ``heldout4/`` folders) into ~5 000-character documents. Scores are printed for the seed, our own articles, the
development articles the rules were tuned on (``dev/``, ``dev2/``, ``dev3/``, then ``dev4/``) and the held-out articles
written after each round of tuning (``heldout/`` to ``heldout4/``), each with its group in the title.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.extract.article import detect_language, extract_text  # noqa: E402
from loaders.extract.evaluate import evaluate_file, format_table  # noqa: E402
from loaders.extract.nlp import model_version, pipeline  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "api" / "seed" / "xai-memphis.fr.txt"
SEED_GOLD = Path(__file__).resolve().parents[1] / "data" / "reference" / "seed-gold-facts.json"
ARTICLES = ROOT / "tests" / "data" / "articles"
DOC_CHARS = 5000


def own_articles() -> list[tuple[str, Path, Path]]:
    """(title, article, gold) of our own articles: top level and the dev and held-out folders."""
    out = []
    for group, folder in (("own", ARTICLES), ("dev", ARTICLES / "dev"), ("held-out", ARTICLES / "heldout"),
                          ("dev2", ARTICLES / "dev2"), ("held-out2", ARTICLES / "heldout2"),
                          ("dev3", ARTICLES / "dev3"), ("held-out3", ARTICLES / "heldout3"),
                          ("dev4", ARTICLES / "dev4"), ("held-out4", ARTICLES / "heldout4")):
        out += [(f"{group}: {p.stem}", p, p.with_name(p.stem + ".gold.json")) for p in sorted(folder.glob("*.txt"))]
    return out


def corpus(n: int) -> list[str]:
    texts = [p.read_text("utf-8") for p in [SEED, *(a for _, a, _ in own_articles())] if p.exists()]
    docs: list[str] = []
    i = 0
    while len(docs) < n:
        t = texts[i % len(texts)]
        while len(t) < DOC_CHARS:
            t += "\n" + texts[(i + 1) % len(texts)]
        docs.append(t[:DOC_CHARS])
        i += 1
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--quiet", action="store_true", help="only the OVERALL line of each article")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    t0 = time.perf_counter()
    pipeline("fr"), pipeline("en")
    load = time.perf_counter() - t0
    docs = corpus(args.articles)
    t1 = time.perf_counter()
    n_facts = sum(len(extract_text(d, article_id=f"b{i}", lang=detect_language(d))) for i, d in enumerate(docs))
    dt = time.perf_counter() - t1
    print(f"model: {model_version()}")
    print(f"model load {load:.1f} s; {len(docs)} articles of {DOC_CHARS} chars in {dt:.1f} s on one core "
          f"-> {60 * len(docs) / dt:.0f} articles/minute ({n_facts} facts)")
    runs = [("seed xai-memphis.fr", SEED, SEED_GOLD)] if SEED.exists() else []
    runs += own_articles()
    for name, art, gold in runs:
        table = format_table(evaluate_file(art, gold), name)
        if args.quiet:
            print(f"{name:<40} {table.splitlines()[-1]}")
        else:
            print()
            print(table)


if __name__ == "__main__":
    main()
