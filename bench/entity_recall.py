"""Entity recall of the extractor on the development gold: how often the two ends of a core gold fact are
resolved to a mention of the fact's own evidence sentence, the ceiling of any relation finder.

Run: ``.venv/bin/python bench/entity_recall.py [--no-facts] [--json PATH] [--misses]``.

For each core gold fact of the development articles (the seed, ``dev*/``, ``heldout*/`` and the two
top-level articles; never a cold batch), the segments overlapping its gold offsets are run through the
same mention and discourse steps as :func:`loaders.extract.article.extract_text`; an end is *covered*
when some mention of those segments resolves (by the scorer's :meth:`Gold.resolve`, with the aliases the
article gave the entity) to one of the gold entities the end names. Reported per language:

- ``subj``: facts whose subject names a gold entity, and how many have it covered;
- ``obj``: facts whose object names a gold entity (not a value), and how many have it covered;
- ``pair``: facts with both ends gold entities, and how many have both covered (entity-pair coverage);

plus, unless ``--no-facts``, the scorer's precision, recall and pair recall pooled per language.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.extract.article import _one_sentence, detect_language, extract_file  # noqa: E402
from loaders.extract.calibrate import development_articles  # noqa: E402
from loaders.extract.evaluate import Gold, load_gold, score  # noqa: E402
from loaders.extract.nlp import doc_mentions, pipeline  # noqa: E402
from loaders.extract.rules.engine import load_rules  # noqa: E402
from loaders.extract.rules.mentions import Discourse  # noqa: E402
from loaders.extract.rules.naming import propagate  # noqa: E402
from loaders.extract.sentences import split_segments  # noqa: E402
from loaders.model import Entity  # noqa: E402
from loaders.sources.text import read_document  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "articles"
HELDOUT = ("heldout", "heldout2", "heldout3", "heldout4")


def articles() -> list[tuple[Path, Path]]:
    """(article, gold) pairs of the development gold: calibration's, the held-out folders, the top level."""
    out = list(development_articles(ROOT))
    for d in HELDOUT:
        out += [(p, p.with_name(p.stem + ".gold.json")) for p in sorted((ARTICLES / d).glob("*.txt"))]
    out += [(p, p.with_name(p.stem + ".gold.json")) for p in sorted(ARTICLES.glob("*.txt"))]
    return [(a, g) for a, g in out if g.exists() and "cold" not in a.parent.name]


def segment_entities(text: str, lang: str) -> list[tuple[int, int, list[tuple[str, Entity]]]]:
    """(start, end, [(mention text, entity)]) per segment, as the extractor resolves them."""
    nlp = pipeline(lang)
    segments = split_segments(text)
    docs = list(nlp.pipe((_one_sentence(nlp, s.text) for s in segments), batch_size=64))
    named = [doc_mentions(doc, seg.start, lang) for seg, doc in zip(segments, docs, strict=True)]
    named = propagate(text, [(s.start, s.end) for s in segments], named, lang, load_rules().lexicon)
    disc = Discourse(lang, load_rules().lexicon)
    raw: list[tuple[int, int, list[tuple[str, Entity]]]] = []
    for seg, seg_named in zip(segments, named, strict=True):
        mentions = disc.mentions(text, seg.start, seg.end, seg_named)
        ents = disc.resolve(text, seg.start, mentions)
        raw.append((seg.start, seg.end, [(m.text, e) for m, e in zip(mentions, ents, strict=True) if e]))
    return [(a, b, [(t, disc.with_aliases(e)) for t, e in es]) for a, b, es in raw]


def coverage(text: str, lang: str, gold: Gold) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
    """Counts [total, covered] for subj, obj and pair, and the facts with an end not covered."""
    segs = segment_entities(text, lang)
    counts: dict[str, list[int]] = {k: [0, 0] for k in ("subj", "obj", "pair")}
    misses: list[dict[str, Any]] = []
    for g in gold.facts:
        if g.get("kind") != "core":
            continue
        spans = [(int(a), int(b)) for a, b in g.get("offsets", [])]
        here = [(t, e) for s, e_, es in segs if any(s < b and a < e_ for a, b in spans) for t, e in es]
        resolved: set[str] = set()
        for _, e in here:
            resolved |= gold.resolve(e)
        q = g.get("qualifiers") or {}
        subj = gold.candidates(str(g["s"]))
        obj = gold.candidates(str(g["o"])) if q.get("amount") is None else set()
        ok = {"subj": bool(subj & resolved), "obj": bool(obj & resolved)}
        if subj:
            counts["subj"][0] += 1
            counts["subj"][1] += ok["subj"]
        if obj and obj != subj:
            counts["obj"][0] += 1
            counts["obj"][1] += ok["obj"]
        if subj and obj and obj != subj:
            counts["pair"][0] += 1
            counts["pair"][1] += ok["subj"] and ok["obj"]
        if (subj and not ok["subj"]) or (obj and obj != subj and not ok["obj"]):
            misses.append({"id": g["id"], "s": g["s"], "o": g["o"], "subj": ok["subj"], "obj": ok["obj"],
                           "mentions": [f"{t}->{e.label}" for t, e in here]})
    return counts, misses


def _pct(n: int, d: int) -> str:
    return f"{n:>4}/{d:<4} {100 * n / d:5.1f}%" if d else "   -"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-facts", action="store_true", help="coverage only, no extraction and scoring")
    ap.add_argument("--misses", action="store_true", help="list the core facts with an end not covered")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()
    cov: dict[str, dict[str, list[int]]] = defaultdict(lambda: {k: [0, 0] for k in ("subj", "obj", "pair")})
    pr: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    missed: dict[str, list[str]] = {}
    wrong: dict[str, list[str]] = {}
    for art, gold_path in articles():
        doc = read_document(art)
        lang = doc.language if doc.language in ("fr", "en") else detect_language(doc.text)
        gold = load_gold(gold_path)
        counts, misses = coverage(doc.text, lang, gold)
        for k, (t, hit) in counts.items():
            for key in (lang, "all"):
                cov[key][k][0] += t
                cov[key][k][1] += hit
        if args.misses:
            for m in misses:
                print(f"{art.parent.name}/{art.name} {json.dumps(m, ensure_ascii=False)}")
        if not args.no_facts:
            _, facts = extract_file(art, lang)
            res = score(facts, gold)
            missed[f"{art.parent.name}/{art.name}"] = res["missed"]
            wrong[f"{art.parent.name}/{art.name}"] = sorted(
                f"{p['subject']['label']} {p['predicate']['iri'].rsplit('#', 1)[-1]} "
                f"{p['object'].get('label') or p['object'].get('value')}" for p in res["false_positives"])
            for key in (lang, "all"):
                for name in ("pred", "correct", "gold", "found"):
                    pr[key][name] += res["overall"][name]
                pr[key]["pair_gold"] += res["pairs"]["gold"]
                pr[key]["pair_found"] += res["pairs"]["found"]
    print(f"{'lang':<5}{'subject':>17}{'object':>17}{'pair':>17}{'P':>8}{'R':>8}{'pairR':>8}")
    out: dict[str, Any] = {}
    for key in ("fr", "en", "all"):
        c, p = cov[key], pr.get(key, defaultdict(int))
        prec = p["correct"] / p["pred"] if p.get("pred") else None
        rec = p["found"] / p["gold"] if p.get("gold") else None
        pair = p["pair_found"] / p["pair_gold"] if p.get("pair_gold") else None
        print(f"{key:<5}{_pct(*c['subj'][::-1]):>17}{_pct(*c['obj'][::-1]):>17}{_pct(*c['pair'][::-1]):>17}"
              + "".join(f"{'-' if x is None else f'{100 * x:.1f}%':>8}" for x in (prec, rec, pair)))
        out[key] = {"coverage": c, "facts": dict(p)}
    out["missed"] = missed
    out["false_positives"] = wrong
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
