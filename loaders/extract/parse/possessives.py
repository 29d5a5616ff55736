"""Possessive determiners on a role or ownership noun as mentions of the organisation they refer to.

"Clara Jung, who has served as its CEO", "Ruth Ellison, who chairs its board", "Karim Benali, son
actuel directeur général", "sa filiale Signalis": the possessive stands for an organisation named in the
same sentence, the nearest one before it, else the organisation the sentence is about (the first
organisation that is a subject). It then takes part in the path search like a name ("poss" role). Only
possessives of nouns whose possessor is the organisation itself are read (leadership, board, role and
subsidiary nouns): "son capital" in "X détient 15 % de son capital" is another company's.

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> doc = pipeline("en")("Acme said Jane Doe, who has served as its CEO since 2017, would stay.")
>>> acme = (doc[0], Arg(0, 4, Entity("Acme", "Organization")))
>>> [(t.text, a.entity.label) for t, a in virtual(doc, [acme], "en")]
[('its', 'Acme')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from loaders.extract.parse.lexicon import Arg, load_lexicon
from loaders.extract.parse.paths import Token

__all__ = ["POSSESSIVES", "virtual"]

POSSESSIVES: Final = frozenset({"its", "their", "son", "sa", "ses", "leur", "leurs"})
_FAMILIES: Final = frozenset({"leadership", "board", "role", "parent"})
_SUBJ: Final = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


@lru_cache(maxsize=2)
def _owned_nouns(lang: str) -> frozenset[str]:
    lex = load_lexicon()
    return frozenset(w for w, specs in lex.nouns.get(lang, {}).items()
                     if any(s.family in _FAMILIES for s in specs))


def _possessed(tok: Token, lang: str) -> bool:
    head = tok.head
    words = {head.lemma_.lower(), head.lower_}
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if nxt is not None:
        words |= {f"{head.lower_} {nxt.lower_}", f"{head.lemma_.lower()} {nxt.lemma_.lower()}"}
    return bool(words & _owned_nouns(lang))


def virtual(doc: Any, anchored: list[tuple[Token, Arg]], lang: str) -> list[tuple[Token, Arg]]:
    """(possessive token, the organisation's argument) for each possessive of an owned noun."""
    taken = {t.i for t, _ in anchored}
    orgs = [(t, a) for t, a in anchored if a.entity.type == "Organization"]
    out: list[tuple[Token, Arg]] = []
    for tok in doc:
        if tok.lower_ not in POSSESSIVES or tok.i in taken or tok.dep_ not in ("poss", "det", "det:poss"):
            continue
        if not _possessed(tok, lang):
            continue
        before = [(t, a) for t, a in orgs if t.i < tok.i]
        subjects = [(t, a) for t, a in orgs if t.dep_ in _SUBJ]
        pick = before[-1] if before else (subjects[0] if subjects else None)
        if pick is not None:
            out.append((tok, pick[1]))
    return out
