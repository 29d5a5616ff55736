"""Candidate pairs of one parsed sentence for the learned relation classifier.

Every ordered pair of resolved entity mentions, and every pair (entity, value) where the value is an
amount, a count, a percentage, a measure, a date or a short common-noun description near the entity
in the tree (the object of ``category`` or ``status`` facts). Values are found with the parser's own
finders (:mod:`loaders.extract.parse.values`, :mod:`loaders.extract.normalize`). Offsets are relative
to the sentence; tokens are the parse anchors (:func:`loaders.extract.parse.paths.surface_anchor`).

Examples
--------
>>> from loaders.extract.nlp import pipeline
>>> doc = pipeline("en")("Acme employs 300 people in Ohio.")
>>> args = [Arg(0, 4, Entity("Acme", "Organization")), Arg(25, 29, Entity("Ohio", "Place"))]
>>> sorted({c.kind for c in candidates(doc, args, "en")})
['count', 'desc', 'entity']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from loaders.extract import normalize as nz
from loaders.extract.parse.lexicon import Arg
from loaders.extract.parse.paths import Token, path, surface_anchor
from loaders.extract.parse.values import _figures
from loaders.model import Entity, Value

__all__ = ["Candidate", "candidates"]

_PERCENT: Final = re.compile(r"(" + nz.NUMBER_RE + r")\s?(?:%|pour ?cent|per ?cent|percent)", re.I)
_MEASURE: Final = re.compile(nz.MEASURE_RE)
_DATE: Final = re.compile(nz.DATE_RE)
#: a description noun at most this many tokens from the entity along the tree
DESC_PATH: Final = 4
_DESC_CHILDREN: Final = frozenset({"amod", "compound", "flat", "fixed"})


@dataclass(frozen=True)
class Candidate:
    """A subject entity and an object (entity or value) of one sentence, with their anchor tokens."""

    subject: Entity
    object: Entity | Value
    kind: str  # entity, money, count, percent, measure, date, desc
    s_span: tuple[int, int]
    o_span: tuple[int, int]
    s_tok: int
    o_tok: int
    qualifiers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Val:
    start: int
    end: int
    kind: str
    value: Value
    qualifiers: dict[str, Any]


def _values(doc: Any, lang: str, taken: list[tuple[int, int]]) -> list[_Val]:
    text = doc.text
    out: list[_Val] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    for m in _PERCENT.finditer(text):
        try:
            n = nz.parse_number(m.group(1), lang)
        except ValueError:
            continue
        out.append(_Val(m.start(), m.end(), "percent", Value(str(n), "xsd:decimal", unit="%"),
                        {"quantity": n, "unit": "%"}))
        taken.append(m.span())
    for m in _MEASURE.finditer(text):
        try:
            n, unit = nz.parse_measure(m.group(0), lang)
        except ValueError:
            continue
        if free(*m.span()):
            out.append(_Val(m.start(), m.end(), "measure", Value(str(n), "xsd:decimal", unit=unit),
                            {"quantity": n, "unit": unit}))
            taken.append(m.span())
    for f in _figures(text, lang):
        if free(f.start, f.end):
            out.append(_Val(f.start, f.end, "money" if f.money else "count", f.value, dict(f.qualifiers)))
            taken.append((f.start, f.end))
    for m in _DATE.finditer(text):
        if free(*m.span()):
            try:
                date = nz.parse_date(m.group(0), lang)
            except ValueError:
                continue
            out.append(_Val(m.start(), m.end(), "date", Value(date, "xsd:string"), {"date": date}))
    return out


def _descriptions(doc: Any, taken: list[tuple[int, int]]) -> list[_Val]:
    out: list[_Val] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or any(a <= tok.idx < b for a, b in taken):
            continue
        toks = [tok, *(c for c in tok.children if c.dep_ in _DESC_CHILDREN and c.pos_ in ("ADJ", "NOUN")
                       and not any(a <= c.idx < b for a, b in taken))]
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        span = doc[lo : hi + 1]
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            span = doc[tok.i : tok.i + 1]  # the noun alone rather than a span across a name
        out.append(_Val(span.start_char, span.end_char, "desc", Value(span.text, "xsd:string"),
                        {"_head": tok.i}))
    return out


def _anchor(doc: Any, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return surface_anchor(span.root)


def _nearest(vals: list[_Val], kind: str, at: int) -> _Val | None:
    pool = [v for v in vals if v.kind == kind]
    return min(pool, key=lambda v: abs(v.start - at)) if pool else None


def candidates(doc: Any, args: list[Arg], lang: str) -> list[Candidate]:
    """Every ordered (entity, entity) and (entity, value) pair of the sentence (see the module doc)."""
    ents = [(a, t) for a in args if (t := _anchor(doc, a.start, a.end)) is not None]
    taken = [(a.start, a.end) for a, _ in ents]
    vals = _values(doc, lang, list(taken))
    descs = _descriptions(doc, taken + [(v.start, v.end) for v in vals])
    anchored = [(v, tv) for v in vals if (tv := _anchor(doc, v.start, v.end)) is not None]
    out: list[Candidate] = []
    for a, ta in ents:
        for b, tb in ents:
            if a is b or a.entity.iri == b.entity.iri:
                continue
            quals: dict[str, Any] = {}
            money = _nearest(vals, "money", (a.start + b.start) // 2)
            if money is not None:
                quals.update(money.qualifiers)
            pct = _nearest(vals, "percent", (a.start + b.start) // 2)
            if pct is not None:
                quals.update(pct.qualifiers)
            out.append(Candidate(a.entity, b.entity, "entity", (a.start, a.end), (b.start, b.end), ta.i, tb.i,
                                 quals))
        for v, tv in anchored:
            out.append(Candidate(a.entity, v.value, v.kind, (a.start, a.end), (v.start, v.end), ta.i, tv.i,
                                 dict(v.qualifiers)))
        for v in descs:
            head = doc[int(v.qualifiers["_head"])]
            p = path(ta, head)
            if p and len(p) <= DESC_PATH + 1:
                out.append(Candidate(a.entity, v.value, "desc", (a.start, a.end), (v.start, v.end), ta.i,
                                     head.i))
    return out

