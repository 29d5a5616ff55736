"""How the learned classifier's fresh-fold scores grow with the fresh articles it is trained on.

Run: ``.venv/bin/python bench/learning_curve.py [--shares 0 0.25 0.5 0.75 1] [--png PATH]``
(about 45 s to read the articles, then 20-30 s per share). For each share, the fresh-fold
cross-validation of ``python -m loaders.extract.learn.train`` is rerun with each fold's model trained
on every non-fresh batch plus only that share of the other folds' fresh articles (a fixed subset, each
smaller share inside the larger ones); the held-out folds and the scorer do not change. Per language it
prints precision/recall of rules + classifier at thresholds 0.2-0.7, the mean F over them and the best
recall at precision >= 60%, then the gain per doubling of the fresh training articles, the figure
that says how far more gold of the same kind would carry this method. With ``--png``, a plot of mean
F against the number of fresh training articles.

This measures a method on development data (no cold batch is read); it makes no claim against a peer,
so it prints no ratio.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.score_batch import head_commit  # noqa: E402
from loaders.extract.learn.data import batches, collect, fresh  # noqa: E402
from loaders.extract.learn.train import cross_validate  # noqa: E402

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def summary(report: dict[str, Any], lang: str) -> tuple[float, float, str]:
    """(mean F over :data:`THRESHOLDS`, best recall at precision >= 60 %, the P/R points) for one language."""
    points = [(t, report[f"{lang}@{t}"]["after"]) for t in THRESHOLDS]
    f1 = [2 * x["P"] * x["R"] / (x["P"] + x["R"]) if x["P"] and x["R"] else 0.0 for _, x in points]
    r60 = max([x["R"] for _, x in points if x["P"] is not None and x["P"] >= 0.6] or [0.0])
    text = " ".join(f"{t}:{100 * (x['P'] or 0):.0f}/{100 * (x['R'] or 0):.0f}" for t, x in points)
    return 100 * sum(f1) / len(f1), 100 * r60, text


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shares", type=float, nargs="+", default=[0.0, 0.25, 0.5, 0.75, 1.0])
    ap.add_argument("--png", type=Path, default=None)
    args = ap.parse_args(argv)
    commit = head_commit()
    arts = collect(batches())
    folds = sorted({a.batch for a in arts if fresh(a.batch)})
    n_fresh = sum(fresh(a.batch) for a in arts)
    per_fold = n_fresh * (len(folds) - 1) / len(folds)  # fresh articles a fold's model may train on
    print(f"# learning curve at {commit}: {len(arts)} articles, {n_fresh} fresh in {len(folds)} folds "
          f"(a fold's model trains on the {len(arts) - n_fresh} others and a share of ~{per_fold:.0f})")
    curve: dict[str, list[tuple[float, float]]] = {"fr": [], "en": []}
    for share in args.shares:
        _, _, report = cross_validate(arts, share=share, thresholds=THRESHOLDS)
        for lang in ("fr", "en"):
            mean_f, r60, text = summary(report, lang)
            curve[lang].append((share * per_fold, mean_f))
            print(f"share {share:4.2f} (~{share * per_fold:3.0f} fresh) {lang} mean F {mean_f:4.1f} "
                  f"R@P>=60 {r60:4.1f} | P/R at {text}", flush=True)
    for lang, pts in curve.items():
        pos = [(n, f) for n, f in pts if n > 0]
        if len(pos) >= 2:
            (n0, f0), (n1, f1) = pos[0], pos[-1]
            print(f"{lang}: mean F {f0:.1f} -> {f1:.1f} from ~{n0:.0f} to ~{n1:.0f} fresh articles: "
                  f"{(f1 - f0) / math.log2(n1 / n0):+.1f} points per doubling")
    if args.png:
        _plot(curve, args.png)
        print(f"plot -> {args.png}")


def _plot(curve: dict[str, list[tuple[float, float]]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for lang, pts in curve.items():
        ax.plot([n for n, _ in pts], [f for _, f in pts], marker="o", label=lang)
    ax.set_xlabel("fresh articles in each fold's training set")
    ax.set_ylabel("mean F over thresholds 0.2-0.7 (%)")
    ax.set_title("Learned classifier: fresh-fold CV against training articles")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=110)


if __name__ == "__main__":
    main()
