"""Train the learned relation classifier: ``python -m loaders.extract.learn.train [--cv-only]``.

Reads the non-cold gold articles (:func:`loaders.extract.learn.data.batches`), runs cross-validation over
the folds of the fresh batch (train on every batch but one fold, score that fold with the scorer), turns
the out-of-fold class probabilities into a calibration table (probability bin -> share of such
predictions that matched the gold), prints the cross-validated scores before and after at thresholds 0.5
and 0.2, then trains on every batch and writes ``model.npz``. Only the fresh folds are held out: the other
batches had rules written for them, so their out-of-fold figures flatter (leave-one-batch-out over them
gave French P 88 % R 68 % at 0.5 where the fresh batch, scored before any change, gave P 67 % R 18 %).
Deterministic: the same gold gives the same file.
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections import defaultdict
from typing import Any, Final

import numpy as np

from loaders.extract.evaluate import matches, score
from loaders.extract.learn.data import NONE, Article, batches, collect, fact_of, fresh
from loaders.extract.learn.hook import SKIP_LINKED, predict
from loaders.extract.learn.model import MODEL_FILE, Model, fit
from loaders.model import Fact
from ontology.namespaces import article_id_for

MIN_POSITIVES: Final = 3
#: a feature seen in fewer candidates has no weight (2 and 3 cross-validate alike; 3 keeps the model
#: under 5 MB)
MIN_COUNT: Final = 3
EDGES: Final = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
THRESHOLDS: Final = (0.5, 0.2)


def _classes(arts: list[Article]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for a in arts:
        for ls in a.labels:
            for x in ls:
                counts[x] += 1
    return [NONE, *sorted(c for c, n in counts.items() if c != NONE and n >= MIN_POSITIVES)]


def train(arts: list[Article], classes: list[str] | None = None) -> Model:
    """A model fitted on every candidate of ``arts`` (labels outside ``classes`` count as NONE)."""
    classes = classes or _classes(arts)
    index = {c: i for i, c in enumerate(classes)}
    rows = [f for a in arts for r in a.records for f in r.features]
    labels = [index.get(x, 0) for a in arts for ls in a.labels for x in ls]
    return fit(rows, labels, classes, min_count=MIN_COUNT)


def learned(model: Model, art: Article, raw: bool = False, skip_linked: bool = SKIP_LINKED) -> list[Fact]:
    """The facts the model proposes for one article (confidence: calibrated, or the probability)."""
    aid = article_id_for(art.path)
    out: list[Fact] = []
    for rec in art.records:
        for c, pred, conf in predict(model, rec.candidates, rec.features, rec.stated, raw, skip_linked):
            out.append(fact_of(aid, rec, c, pred, conf))
    return out


def calibration(outcomes: list[tuple[float, bool]], priors: list[float] | None = None) -> list[float]:
    """Precision per probability bin of :data:`EDGES`, smoothed towards ``priors`` (per bin; the bin's
    middle when None) and made non-decreasing."""
    out: list[float] = []
    for n, (lo, hi) in enumerate(zip(EDGES, [*EDGES[1:], 1.01], strict=True)):
        hits = [ok for p, ok in outcomes if lo <= p < hi]
        prior = priors[n] if priors else (lo + hi) / 2
        out.append((sum(hits) + 3 * prior) / (len(hits) + 3))
    for k in range(1, len(out)):
        out[k] = max(out[k], out[k - 1])
    return [round(x, 3) for x in out]


def _pooled(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    t = {k: sum(r["overall"][k] for r in rows) for k in ("pred", "correct", "gold", "found")}
    pg, pf = sum(r["pairs"]["gold"] for r in rows), sum(r["pairs"]["found"] for r in rows)
    return {"P": t["correct"] / t["pred"] if t["pred"] else None,
            "R": t["found"] / t["gold"] if t["gold"] else None, "pairR": pf / pg if pg else None,
            "pred": t["pred"], "gold": t["gold"]}


def cross_validate(arts: list[Article], share: float = 1.0, thresholds: tuple[float, ...] = THRESHOLDS
                   ) -> tuple[list[float], dict[str, list[float]], dict[str, Any]]:
    """Leave one fresh fold out: the calibration table and the pooled scores before and after, on the
    fresh folds only (the other batches were tuned on by hand, so their out-of-fold scores flatter).

    ``share`` < 1 trains each fold's model on that share only of the other folds' fresh articles (in a
    fixed order, :func:`sample`), every other batch kept: the learning curve of ``bench/learning_curve.py``.
    """
    classes = _classes(arts)
    names = sorted({a.batch for a in arts if fresh(a.batch)})
    oof: dict[int, list[Fact]] = {}
    oof_unlinked: dict[int, list[Fact]] = {}
    outcomes: list[tuple[float, bool, str]] = []
    for name in names:
        chosen = {id(a) for a in sample([a for a in arts if fresh(a.batch) and a.batch != name], share)}
        kept = [a for a in arts if a.batch != name and (not fresh(a.batch) or id(a) in chosen)]
        model = train(kept, classes)
        for i, a in enumerate(arts):
            if a.batch == name:
                facts = learned(model, a, raw=True)
                oof[i] = facts
                oof_unlinked[i] = learned(model, a, raw=True, skip_linked=not SKIP_LINKED)
                outcomes += [(f.confidence, any(matches(f, g, a.gold) for g in a.gold.facts), a.lang)
                             for f in facts]
    table = calibration([(p, ok) for p, ok, _ in outcomes])
    by_lang = {lang: calibration([(p, ok) for p, ok, x in outcomes if x == lang], table)  # towards both
               for lang in ("fr", "en")}
    probe = Model({}, [], np.zeros((0, 0)), np.zeros(0), EDGES, table, by_lang)
    report: dict[str, Any] = {}
    for t in thresholds:
        for lang in ("fr", "en"):
            rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for i, a in enumerate(arts):
                if a.lang != lang or i not in oof:
                    continue
                base = [f for f in a.base if f.confidence >= t]
                extra = [f for f in oof[i] if probe.calibrated(f.confidence, lang) >= t]
                other = [f for f in oof_unlinked[i] if probe.calibrated(f.confidence, lang) >= t]
                rows["before"].append(score(base, a.gold))
                rows["after"].append(score(_merge(base, extra), a.gold))
                rows["learned only"].append(score(_merge([], extra), a.gold))
                rows["also linked"].append(score(_merge(base, other), a.gold))
            report[f"{lang}@{t}"] = {k: _pooled(v) for k, v in rows.items()}
    return table, by_lang, report


def sample(arts: list[Article], share: float) -> list[Article]:
    """The first ``share`` of ``arts`` in an order fixed by their file names (a CRC, not Python's salted
    hash), so a smaller share is a subset of a larger one."""
    if share >= 1:
        return arts
    ordered = sorted(arts, key=lambda a: zlib.crc32(a.path.name.encode()))
    return ordered[:round(share * len(ordered))]


def _merge(base: list[Fact], extra: list[Fact]) -> list[Fact]:
    from loaders.extract.combine import dedupe

    return dedupe([*base, *extra])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true", help="report the cross-validation, write nothing")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    arts = collect(batches(), progress=not args.quiet)
    table, by_lang, report = cross_validate(arts)
    for key, r in report.items():
        for what, x in r.items():
            print(f"{key:7} {what:14} P {_pct(x['P'])}  R {_pct(x['R'])}  pair R {_pct(x['pairR'])}"
                  f"  ({x['pred']} predictions, {x['gold']} core gold)")
    print("calibration", json.dumps(dict(zip(map(str, EDGES), table, strict=True))))
    for lang, t in by_lang.items():
        print(f"calibration {lang}", json.dumps(dict(zip(map(str, EDGES), t, strict=True))))
    if args.cv_only:
        return
    model = train(arts)
    model.edges, model.precision, model.by_lang = list(EDGES), table, by_lang
    model.save()
    print(f"{len(model.vocab)} features x {len(model.classes)} classes -> {MODEL_FILE}")


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{100 * x:4.1f}%"


if __name__ == "__main__":
    main()
