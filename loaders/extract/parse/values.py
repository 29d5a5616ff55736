"""Figures an organisation reports: revenue and profit (amounts), headcount (counts), read off the parse.

An amount ("2,1 milliards d'euros", "$410 million") or a count followed by its noun ("3 200 salariés",
"1,500 workers") is joined to the organisation whose dependency path to it passes through a value
trigger of ``triggers.yaml`` ("revenue", "chiffre d'affaires", "bénéfice", "employs", "compte").

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> from loaders.extract.parse.paths import anchor
>>> doc = pipeline("fr")("Alstom emploie 3 200 salariés en France.")
>>> arg = Arg(0, 6, Entity("Alstom", "Organization"))
>>> [(f.predicate, f.object.value) for f in values(doc, [(anchor(doc[0]), arg)], "fr", load_lexicon())]
[('employees', '3200')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from loaders.extract import normalize as nz
from loaders.extract.parse.lexicon import Arg, Lexicon, ParseFact, ValueSpec, keys, load_lexicon
from loaders.extract.parse.paths import Token, ancestors, path, role_at
from loaders.model import Value

__all__ = ["load_lexicon", "values"]

MAX_PATH: Final = 8
_MONEY: Final = re.compile(nz.MONEY_RE)
_COUNT: Final = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?![\d.,]\d)"
)
_OK_ROLES: Final = frozenset({"agent", "poss", "patient"})


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: Value
    qualifiers: dict[str, Any]
    money: bool


def _figures(text: str, lang: str) -> list[_Figure]:
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _MONEY.finditer(text):
        try:
            amount, cur = nz.parse_money(m.group(0), lang)
        except ValueError:
            continue
        out.append(
            _Figure(
                m.start(),
                m.end(),
                Value(str(amount), "xsd:decimal", unit=cur),
                {"amount": amount, "currency": cur},
                True,
            )
        )
        taken.append(m.span())
    for m in _COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or re.match(
            r"\s*(?:%|pour ?cent|per ?cent|percent)(?!\w)", text[m.end() :]
        ):
            continue
        try:
            n = nz.parse_number(m.group(0), lang)
        except ValueError:
            continue
        if 1900 <= n <= 2100 and len(m.group(0)) == 4:
            continue  # a year
        out.append(_Figure(m.start(), m.end(), Value(str(n), "xsd:decimal"), {"quantity": n}, False))
    return out


def values(doc: Any, anchored: list[tuple[Token, Arg]], lang: str, lex: Lexicon) -> list[ParseFact]:
    """Value facts of one sentence: each figure to the closest organisation a trigger joins it to.

    The trigger is the value noun nearest the figure in the tree when there is one ("revenue of $11.2
    billion and net income of $1.9 billion": the second figure is the income's), else the first one on
    the path from the organisation. A count must be the number of its headcount noun or the object of
    a headcount verb ("employs 2,300"), never a date or a change ("cut 900 jobs").
    """
    table = lex.values.get(lang, {})
    orgs = [(t, a) for t, a in anchored if a.entity.type in ("Organization", "Concept")]  # untyped names too
    out: list[ParseFact] = []
    for fig in _figures(doc.text, lang):
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None or not orgs or span.root.ent_type_ in _NOT_COUNTS:
            continue
        v = span.root
        near = _near_trigger(v, table, fig.money)
        if not fig.money and (near is None or _changed(near[0])):
            continue
        best: tuple[int, ParseFact] | None = None
        for t_org, arg in orgs:
            p = path(t_org, v)
            if not p or len(p) > MAX_PATH:
                continue
            cands = [near] if near is not None else [
                (t, specs[0]) for t in p[1:] if (specs := _specs(t, table, fig.money))]
            for t, s in cands:
                role = role_at(t_org, t) or _top_role(t_org, t)
                if role not in _OK_ROLES or (t.pos_ in ("VERB", "AUX") and role != "agent"):
                    continue
                quals = dict(fig.qualifiers)
                value = fig.value
                if s.negative and fig.money:  # "its net loss narrowed to $38 million": a negative profit
                    quals["amount"] = -quals["amount"]
                    value = Value(str(quals["amount"]), value.datatype, unit=value.unit)
                fact = ParseFact(s.name, s.family, s.label.get("en", s.name), arg.entity, value, quals,
                                 t.lemma_.lower(), len(p))
                if best is None or len(p) < best[0]:
                    best = (len(p), fact)
                break
        if best is not None:
            out.append(best[1])
    return out


_EMPLOY: Final = frozenset({"employ", "employer"})
_NOT_COUNTS: Final = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
#: verbs of a change in headcount: "cut 900 jobs", "supprimer 300 emplois" state no headcount
_CHANGE: Final = frozenset({
    "cut", "eliminate", "slash", "shed", "lay", "add", "create", "axe", "reduce", "trim", "lose", "threaten",
    "hire", "supprimer", "créer", "réduire", "détruire", "menacer", "embaucher", "recruter", "perdre",
    "licencier", "ajouter", "transférer", "transfer", "move", "relocate", "bring", "apporter", "plan",
    "prévoir", "expect"})


def _specs(t: Token, table: dict[str, list[ValueSpec]], money: bool) -> list[ValueSpec]:
    return [s for k in keys(t) for s in table.get(k, []) if s.money == money]


def _near_trigger(v: Token, table: dict[str, list[ValueSpec]], money: bool
                  ) -> tuple[Token, ValueSpec] | None:
    """The value noun (or headcount verb) the figure is the amount or number of, within two hops."""
    ups = ancestors(v)[1:4]
    if not money:
        ups = ups[:1] if ups and ups[0].pos_ not in ("NUM", "ADP") else ups[:2]
        if ups and ups[0].dep_ in ("obj", "dobj") and ups[0].head.lemma_.lower() in _EMPLOY:
            ups = [ups[0], ups[0].head]  # "emploie 130 techniciens": whatever the staff is called
    subjects = [c for u in ups[:2] if u.pos_ in ("VERB", "AUX") for c in u.children
                if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")] if money else []
    # a later child of the figure's noun, not its conjunct: "198 hôtels et 9 100 salariés" counts hotels
    later = [c for c in v.head.children if c.i > v.i and c.dep_ != "conj" and not money]
    for t in [*ups, *later, *subjects]:
        specs = _specs(t, table, money)  # last: "its net loss narrowed to $38 million", "revenue rose to"
        if specs:
            return t, specs[0]
    return None


def _changed(t: Token) -> bool:
    """Whether a headcount noun is the object of a change ("cut 900 jobs", "supprimera 300 postes")."""
    head = t if t.pos_ in ("VERB", "AUX") else t.head
    while head.dep_ == "conj" and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head  # "adding two production lines and about 600 jobs"
    if head.pos_ not in ("VERB", "AUX") and head.dep_ in ("dobj", "obj"):
        head = head.head
    return head.lemma_.lower() in _CHANGE or any(c.lemma_.lower() in _CHANGE for c in (head.head,)
                                                  if head.dep_ in ("xcomp", "conj"))


def _top_role(m: Token, t: Token) -> str | None:
    for top in ancestors(t)[1:4]:
        if top in ancestors(m)[1:]:
            return role_at(m, top)
    return None
