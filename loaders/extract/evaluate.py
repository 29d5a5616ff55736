"""Scoring extracted facts against a gold file: precision and recall per relation family.

Gold format (as ``seed-gold-facts.json``): ``{"facts": [{"id", "s", "p", "o", "qualifiers", "kind",
"offsets": [[start, end], ...]}], "entities": [{"name", "aliases"}]}``. Only ``kind == "core"``
facts count for recall; every prediction counts for precision, except that a gold file may declare the
relation families it was written to annotate (``"scope": [...]``, the families of the scorer's table):
a prediction outside that scope is neither right nor wrong by that file and is listed as *unjudged*
instead (the gold of the AI-hardware rounds declares the families of its time; ``cold1/`` and ``dev5/``
declare none, so everything is judged there).

Matching rule (documented in the README): a predicted fact matches a gold fact when

1. the gold predicate (text before any ``(``) maps, through ``loaders/extract/gold_predicates.yaml``, to the
   predicted predicate or one of its ``also`` equivalents (``inverse`` swaps the gold subject and object;
   ``symmetric`` accepts either way round: mergers, joint ventures, partnerships, competition;
   ``converse`` lists predicates that state it with subject and object swapped: a gold "A cofounded X"
   is matched by "X foundedBy A" and the other way round);
2. the predicted evidence span overlaps one of the gold offsets;
3. the predicted subject resolves to one of the gold subject's entities: gold entities named in the
   gold text (name or alias, whole words) plus gold entities whose name shares words with it
   (Jaccard >= 0.2 over words that are not numbers); a predicted entity resolves when its label or
   an alias equals a gold name or alias
   (case, accents, ``@`` and punctuation ignored);
4. the object agrees: if the gold qualifiers give an amount or quantity, the predicted value, amount
   or quantity must be equal; else if the gold object names gold entities, the predicted object
   (entity or string) must resolve to one of them; else (a free description such as "proposed")
   the object is not compared.

Precision = predictions matching some gold fact (core or not) / predictions. Recall = core gold facts
in a maximum one-to-one matching with predictions / core gold facts. Pair recall = core gold facts
between two gold entities for which some prediction, whatever its predicate and evidence, links the
same two entities (either way round) / such core gold facts: it tells a wrong relation name from a
missed connection.

Examples
--------
>>> norm("  L’@xAI! ")
'l xai'
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from loaders.model import Entity, Fact, Value

MAPPING_FILE: Final = Path(__file__).resolve().parent / "gold_predicates.yaml"
JACCARD_MIN: Final = 0.2


class GoldFileError(ValueError):
    """A gold file cannot be read (path and reason)."""


def norm(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to compare names."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


@lru_cache(maxsize=2)
def load_mapping(path: str | None = None) -> dict[str, Any]:
    with Path(path or MAPPING_FILE).open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@dataclass
class Gold:
    facts: list[dict[str, Any]]
    names: dict[str, set[str]]  # gold entity name -> normalised name and aliases
    scope: frozenset[str] | None = None  # families the file annotates; None: all

    def candidates(self, text: str) -> set[str]:
        t = f" {norm(text)} "
        out = {n for n, forms in self.names.items() if any(f and f" {f} " in t for f in forms)}
        words = {w for w in norm(text).split() if not w.isdigit()}
        for n in self.names:
            w = {x for x in norm(n).split() if not x.isdigit()}
            if w | words and len(w & words) / len(w | words) >= JACCARD_MIN:
                out.add(n)
        return out

    def resolve(self, e: Entity | Value) -> set[str]:
        forms = ({norm(e.label), *(norm(a) for a in e.aliases if not anaphoric(a))}
                 if isinstance(e, Entity) else {norm(e.value)})
        return {n for n, fs in self.names.items() if forms & fs}


_ANAPHORIC = re.compile(
    r"^(la|le|les|l|cette|ce|cet|ces|son|sa|ses|leur|elle|il|the|this|that|these|its|it|their|they)\b")


def anaphoric(text: str) -> bool:
    """Whether a name form is a description or pronoun ("la société", "the company"), which says
    nothing of which entity is meant and so cannot make a prediction match.

    >>> anaphoric("la société"), anaphoric("The company"), anaphoric("Lamini")
    (True, True, False)
    """
    return bool(_ANAPHORIC.match(norm(text)))


def load_gold(path: str | Path) -> Gold:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        facts = list(data["facts"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldFileError(f"{path}: not a gold file ({exc})") from None
    names: dict[str, set[str]] = {}
    for e in data.get("entities", []):
        forms = [e["name"], *(a for a in e.get("aliases", []) if not anaphoric(a))]
        names[e["name"]] = {norm(x) for x in forms if norm(x)}
    scope = data.get("scope")
    return Gold(facts, names, frozenset(map(str, scope)) if isinstance(scope, list) else None)


def _number(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v)) if v is not None else None
    except InvalidOperation:
        return None


def matches(pred: Fact, g: dict[str, Any], gold: Gold) -> bool:
    """Whether one predicted fact matches one gold fact (the rule in the module docstring)."""
    mapping = load_mapping()["predicates"].get(str(g["p"]).split("(")[0].strip())
    local = pred.predicate.iri.rsplit("#", 1)[-1]
    converse = bool(mapping) and local in mapping.get("converse", ())
    if not mapping or (local not in (mapping["predicate"], *mapping.get("also", ())) and not converse):
        return False
    if not any(pred.evidence.start < int(b) and int(a) < pred.evidence.end for a, b in g.get("offsets", [])):
        return False
    gs, go = (g["o"], g["s"]) if mapping.get("inverse") else (g["s"], g["o"])
    if converse:  # "X foundedBy A" states "A cofounded X" the other way round
        gs, go = go, gs
    q = g.get("qualifiers") or {}
    if mapping.get("symmetric") and _ends_agree(pred, gold, str(go), str(gs), q):
        return True  # "A merged with B" states "B merged with A"
    return _ends_agree(pred, gold, str(gs), str(go), q)


def _ends_agree(pred: Fact, gold: Gold, gs: str, go: str, q: dict[str, Any]) -> bool:
    """Rules 3 and 4 of the module docstring: the subject resolves, the object agrees."""
    subj = gold.candidates(gs)
    if subj and not (gold.resolve(pred.subject) & subj):
        return False
    target = _number(q.get("amount")) if q.get("amount") is not None else _number(q.get("quantity"))
    if target is not None:
        got = {_number(pred.qualifiers.amount), _number(pred.qualifiers.quantity)}
        if isinstance(pred.object, Value):
            got.add(_number(pred.object.value))
        return target in got
    obj = gold.candidates(go)
    return not obj or bool(gold.resolve(pred.object) & obj)


def _max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching gold -> prediction (augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges.get(gi, []):
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in edges:
        augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def score(preds: list[Fact], gold: Gold) -> dict[str, Any]:
    """Per-family and overall precision/recall; also lists unmatched predictions and misses."""
    families = load_mapping()["families"]
    fam_all = [families.get(p.predicate.iri.rsplit("#", 1)[-1], "other") for p in preds]
    judged = [gold.scope is None or fam in gold.scope for fam in fam_all]
    unjudged = [p for p, ok in zip(preds, judged, strict=True) if not ok]
    preds = [p for p, ok in zip(preds, judged, strict=True) if ok]
    fam_of_pred = [families.get(p.predicate.iri.rsplit("#", 1)[-1], "other") for p in preds]
    edges: dict[int, list[int]] = defaultdict(list)
    correct = [False] * len(preds)
    for gi, g in enumerate(gold.facts):
        for pi, p in enumerate(preds):
            if matches(p, g, gold):
                correct[pi] = True
                if g.get("kind") == "core":
                    edges[gi].append(pi)
    matched = _max_matching(edges)
    rows: dict[str, dict[str, int]] = defaultdict(lambda: {"pred": 0, "correct": 0, "gold": 0, "found": 0})
    for fam, ok in zip(fam_of_pred, correct, strict=True):
        rows[fam]["pred"] += 1
        rows[fam]["correct"] += ok
    for gi, g in enumerate(gold.facts):
        if g.get("kind") != "core":
            continue
        m = load_mapping()["predicates"].get(str(g["p"]).split("(")[0].strip())
        fam = families.get(m["predicate"], "other") if m else "unmapped"
        rows[fam]["gold"] += 1
        rows[fam]["found"] += gi in matched
    total = {k: sum(r[k] for r in rows.values()) for k in ("pred", "correct", "gold", "found")}
    return {
        "families": {k: _pr(v) for k, v in sorted(rows.items())},
        "overall": _pr(total),
        "pairs": pair_recall(preds, gold),
        "false_positives": [p.to_dict() for p, ok in zip(preds, correct, strict=True) if not ok],
        "unjudged": [p.to_dict() for p in unjudged],
        "missed": [g["id"] for gi, g in enumerate(gold.facts)
                   if g.get("kind") == "core" and gi not in matched],
    }


def pair_recall(preds: list[Fact], gold: Gold) -> dict[str, Any]:
    """Core gold facts linking two gold entities, and how many of them some prediction links too."""
    linked = [(gold.resolve(p.subject), gold.resolve(p.object))
              for p in preds if isinstance(p.object, Entity)]
    total = found = 0
    for g in gold.facts:
        if g.get("kind") != "core" or (g.get("qualifiers") or {}).get("amount") is not None:
            continue
        s, o = gold.candidates(str(g["s"])), gold.candidates(str(g["o"]))
        if not s or not o or s == o:
            continue
        total += 1
        found += any((ps & s and po & o) or (ps & o and po & s) for ps, po in linked)
    return {"gold": total, "found": found, "recall": found / total if total else None}


def _pr(r: dict[str, int]) -> dict[str, Any]:
    return {**r, "precision": r["correct"] / r["pred"] if r["pred"] else None,
            "recall": r["found"] / r["gold"] if r["gold"] else None}


def format_table(result: dict[str, Any], title: str = "") -> str:
    """A plain-text table of a :func:`score` result."""
    def pct(x: float | None) -> str:
        return "   -  " if x is None else f"{100 * x:5.1f}%"

    lines = [title] if title else []
    lines.append(f"{'family':<13}{'pred':>5}{'ok':>5}{'P':>8}{'gold':>6}{'found':>6}{'R':>8}")
    for fam, r in [*result["families"].items(), ("OVERALL", result["overall"])]:
        lines.append(f"{fam:<13}{r['pred']:>5}{r['correct']:>5}{pct(r['precision']):>8}"
                     f"{r['gold']:>6}{r['found']:>6}{pct(r['recall']):>8}")
    if result.get("unjudged"):
        lines.append(f"{'unjudged':<13}{len(result['unjudged']):>5}  (outside the gold file's scope)")
    if "pairs" in result:
        pr = result["pairs"]
        lines.append(f"{'PAIRS':<13}{'':>18}{pr['gold']:>6}{pr['found']:>6}{pct(pr['recall']):>8}")
    return "\n".join(lines)


def evaluate_file(article: str | Path, gold_path: str | Path, lang: str | None = None,
                  min_confidence: float | None = None) -> dict[str, Any]:
    """Extract an article and score it against its gold file (facts under ``min_confidence`` dropped;
    the threshold in force, :func:`loaders.extract.confidence.active`, when None)."""
    from loaders.extract.article import extract_file

    _, facts = extract_file(article, lang, min_confidence)
    return score(facts, load_gold(gold_path))
