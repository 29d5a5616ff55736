"""Where the learned classifier meets the extractor: one call per sentence from ``article._segment_facts``.

:func:`learned_facts` builds the sentence's candidates and features once; when a :func:`collecting`
block is active it records them (training and cross-validation read the records), and unless
:func:`disabled` is in force it returns the classifier's facts for the pairs the rules and the parse
did not already link (same pair, whatever the family: :data:`SKIP_LINKED`), each with its calibrated
confidence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from loaders.extract.combine import family_of, relation_args
from loaders.extract.evaluate import load_mapping
from loaders.extract.learn.candidates import Candidate, candidates
from loaders.extract.learn.features import features, sentence_context
from loaders.extract.learn.model import Model, ModelError, load_model
from loaders.extract.learn.signature import allowed
from loaders.extract.rules.engine import RawFact
from loaders.model import Entity

__all__ = ["Record", "collecting", "disabled", "learned_facts", "stated_pairs"]

#: learned facts below this calibrated confidence are not proposed at all (``--min-confidence`` floor)
PROPOSE_MIN: Final = 0.1
#: a pair the rules or the parse link in another family gets no learned fact (CV: same recall, fewer
#: predictions, precision +0.3 points)
SKIP_LINKED: Final = True


@dataclass
class Record:
    """One sentence's candidates and their features, with what the rules and parse already stated."""

    seg_start: int
    seg_end: int
    seg_text: str
    lang: str
    candidates: list[Candidate]
    features: list[list[str]]
    stated: set[tuple[frozenset[str], str]]
    discourse: Any = None  # the article's Discourse: entity aliases for scoring the records


_COLLECT: ContextVar[list[Record] | None] = ContextVar("learn_collect", default=None)
_DISABLED: ContextVar[bool] = ContextVar("learn_disabled", default=False)


@contextmanager
def collecting() -> Iterator[list[Record]]:
    """Record every sentence's candidates into the yielded list while the block runs."""
    out: list[Record] = []
    token = _COLLECT.set(out)
    try:
        yield out
    finally:
        _COLLECT.reset(token)


@contextmanager
def disabled() -> Iterator[None]:
    """Extract without the learned classifier's facts (rules and parse only)."""
    token = _DISABLED.set(True)
    try:
        yield
    finally:
        _DISABLED.reset(token)


def _end(x: Any) -> str:
    return str(x.iri) if isinstance(x, Entity) else f"{x.value}|{x.unit}"


def stated_pairs(raws: list[RawFact]) -> set[tuple[frozenset[str], str]]:
    """(pair of ends, family) for each fact the rules and parse stated, (pair, "*") for any link, and
    (value, "value:" + predicate) for each figure or description they stated."""
    out: set[tuple[frozenset[str], str]] = set()
    for r in raws:
        pair = frozenset((r.subject.iri, _end(r.object)))
        out |= {(pair, family_of(r.predicate)), (pair, "*")}
        if not isinstance(r.object, Entity):  # a figure the rules gave a holder has no second one
            out.add((frozenset((_end(r.object),)), "value:" + r.predicate))
    return out


def predict(model: Model, cands: list[Candidate], feats: list[list[str]],
            stated: set[tuple[frozenset[str], str]], raw: bool = False, skip_linked: bool = SKIP_LINKED,
            lang: str | None = None) -> list[tuple[Candidate, str, float]]:
    """(candidate, predicate, confidence) for the best relation family of each candidate (its likeliest
    predicate, see :func:`_best_in_family`): its calibrated precision (the family's probability when
    ``raw``). A literal object is kept once per subject and predicate (the likeliest of the sentence's
    descriptions or figures)."""
    if not cands:
        return []
    probs = model.probabilities(feats)
    families = _families(tuple(model.classes))
    best: dict[tuple[str, ...], tuple[Candidate, str, float]] = {}
    for n, (c, row) in enumerate(zip(cands, probs, strict=True)):
        choice = _best_in_family(model.classes, families, row, c)
        if choice is None:
            continue
        k, p = choice
        pred = model.classes[k]
        pair = frozenset((c.subject.iri, _end(c.object)))
        if (pair, family_of(pred)) in stated or (skip_linked and (pair, "*") in stated):
            continue
        if c.kind != "entity" and (frozenset((_end(c.object),)), "value:" + pred) in stated:
            continue
        key = (c.subject.iri, pred) if c.kind != "entity" else (str(n),)
        if key not in best or p > best[key][2]:
            best[key] = (c, pred, p)
    return [(c, pred, p if raw else model.calibrated(p, lang)) for c, pred, p in best.values()]


@lru_cache(maxsize=4)
def _families(classes: tuple[str, ...]) -> list[str]:
    """Each class's relation family (an unmapped predicate is its own), once per model, not per sentence."""
    return [family_of(x, default=x) for x in classes]


def _best_in_family(classes: list[str], families: list[str], row: Any, c: Candidate
                    ) -> tuple[int, float] | None:
    """The likeliest relation family among the predicates the ontology allows for the candidate's ends,
    with the summed probability of its predicates, and that family's likeliest predicate: "chief
    executive" and "role" split one belief between them, which the family adds back up."""
    total: dict[str, float] = {}
    top: dict[str, int] = {}
    for k in range(1, len(classes)):
        if not allowed(classes[k], c.subject, c.object):  # the ontology's kinds, domains and ranges
            continue
        fam = families[k]
        total[fam] = total.get(fam, 0.0) + float(row[k])
        if fam not in top or row[k] > row[top[fam]]:
            top[fam] = k
    if not total:
        return None
    fam = max(total, key=lambda f: (total[f], f))
    return top[fam], min(1.0, total[fam])


def learned_facts(doc: Any, seg_start: int, seg_end: int, seg_text: str, mentions: list[Any],
                  entities: list[Entity | None], lang: str, raws: list[RawFact], discourse: Any = None
                  ) -> list[tuple[RawFact, float]]:
    """The classifier's facts of one sentence, with their confidence (see the module docstring)."""
    sink = _COLLECT.get()
    off = _DISABLED.get()
    if doc is None or (off and sink is None):
        return []
    args = relation_args(mentions, entities, seg_start)
    cands = candidates(doc, args, lang)
    trig = sentence_context(doc, lang)
    feats = [features(doc, c, lang, trig) for c in cands]
    stated = stated_pairs(raws)
    if sink is not None:
        sink.append(Record(seg_start, seg_end, seg_text, lang, cands, feats, stated, discourse))
    if off:
        return []
    try:
        model = load_model()
    except ModelError:
        return []
    out: list[tuple[RawFact, float]] = []
    for c, pred, conf in predict(model, cands, feats, stated, lang=lang):
        if conf < PROPOSE_MIN:
            continue
        quals = {k: v for k, v in c.qualifiers.items() if not k.startswith("_")}
        fam = str(load_mapping()["families"].get(pred, "other"))
        out.append((RawFact(f"learn:{pred}", fam, pred, pred, c.subject, c.object, quals, None), conf))
    return out
