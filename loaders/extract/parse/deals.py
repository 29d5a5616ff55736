"""Decisions on a deal: a regulator approving, clearing or blocking a takeover rules on its parties.

"The Commission authorised the purchase of X by Y", "the FCC approved Y's purchase of X", "le rachat de X
par Y a été autorisé par l'Autorité de la concurrence": the regulator (the subject or the "by"/"par"
agent of a ``regulatoryDecision`` verb, whose name must read as a public body) rules on each party of the
deal noun it approves (an acquisition-family noun, or "deal", "opération", "transaction"), the acquirer
and the target alike. The regulator is never made a party of the deal itself (see
:func:`loaders.extract.parse.relations._via_top`).

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> from loaders.extract.parse.paths import anchor
>>> doc = pipeline("en")("The Federal Trade Commission approved Globex's purchase of Acme.")
>>> ents = [(1, "Federal Trade Commission"), (5, "Globex"), (9, "Acme")]
>>> anchored = [(anchor(doc[i + 2 if i == 1 else i]), Arg(0, 1, Entity(n, "Organization"))) for i, n in ents]
>>> sorted((f.subject.label, f.object.label) for f in decisions(doc, anchored, "en", load_lexicon()))
[('Federal Trade Commission', 'Acme'), ('Federal Trade Commission', 'Globex')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from loaders.extract.parse.lexicon import Arg, Lexicon, ParseFact, Spec, keys, load_lexicon
from loaders.extract.parse.paths import Token, ancestors, role_at
from loaders.model import Entity

__all__ = ["REGULATOR", "decisions", "is_regulator_verb", "load_lexicon", "ruling_lemmas"]

REGULATOR: Final = re.compile(
    r"(?i)\b(?:commission|authority|autorité|regulator|régulateur|agency|agence|ministry|ministère|court|"
    r"tribunal|cour|conseil|board|department|ftc|doj|fcc|arcep|cnil|amf|sec|cma|fda|ema|ansm|cre|"
    r"administration|gouvernement|government|préfecture|state|état)\b"
)
#: nouns naming a deal whatever its family: the acquisition triggers, plus these
_DEAL_NOUNS: Final = frozenset({
    "deal", "transaction", "opération", "operation", "merger", "fusion", "takeover", "offer", "offre", "bid",
    "projet", "plan", "rapprochement", "combination"})
_DEAL_DEPS: Final = frozenset({"obj", "dobj", "nsubjpass", "nsubj:pass", "nsubj"})
_BY: Final = frozenset({"by", "par"})


def _specs(tok: Token, lang: str, lex: Lexicon, table: str) -> list[Spec]:
    words = (lex.verbs if table == "verbs" else lex.nouns).get(lang, {})
    return [s for k in keys(tok) for s in words.get(k, [])]


def is_regulator_verb(tok: Token, lang: str, lex: Lexicon) -> bool:
    """Whether ``tok`` is a verb of ruling ("approve", "autoriser", "block") in the trigger lexicon."""
    return tok.pos_ in ("VERB", "AUX") and any(s.regulator for s in _specs(tok, lang, lex, "verbs"))


def _deal_noun(tok: Token, lang: str, lex: Lexicon) -> bool:
    return tok.lemma_.lower() in _DEAL_NOUNS or any(
        s.family == "acquisition" for s in _specs(tok, lang, lex, "nouns"))


def _by_agent(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` is (or names the head of) a "by"/"par" phrase of ``verb``: "par son concurrent X"."""
    chain = ancestors(tok)
    for k, t in enumerate(chain[:4]):
        if t.head.i == verb.i and k + 1 < len(chain):
            if t.dep_ == "pobj":
                return False
            cases = [c.text.lower() for c in t.children if c.dep_ == "case"]
            return t.lemma_.lower() in _BY or any(c in _BY for c in cases)
        if t.dep_ == "pobj" and t.head.lemma_.lower() in _BY and t.head.head.i == verb.i:
            return True
    return False


@lru_cache(maxsize=1)
def ruling_lemmas() -> frozenset[str]:
    """Lemmas of the ruling verbs of every language ("approve", "autoriser"), never a light verb."""
    lex = load_lexicon()
    return frozenset(w for table in lex.verbs.values() for w, ss in table.items()
                     if any(s.regulator for s in ss))


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in verb.children)


def decisions(doc: Any, anchored: list[tuple[Token, Arg]], lang: str, lex: Lexicon) -> list[ParseFact]:
    """``regulatoryDecision`` facts from a regulator to the parties of the deal it rules on."""
    out: list[ParseFact] = []
    spec = next((s for ss in lex.verbs.get(lang, {}).values() for s in ss if s.regulator), None)
    if spec is None:
        return out
    for verb in doc:
        if not is_regulator_verb(verb, lang, lex):
            continue
        deals = [c for c in verb.children if c.dep_ in _DEAL_DEPS and _deal_noun(c, lang, lex)]
        if not deals:
            continue
        regulators = [a for t, a in anchored
                      if a.entity.type == "Organization" and REGULATOR.search(a.entity.label)
                      and role_at(t, verb) == "agent" and not any(t in ancestors(d) for d in deals)]
        if not regulators:
            continue
        reg = regulators[0].entity
        parties: list[Entity] = []
        for t, a in anchored:
            if a.entity.iri == reg.iri or a.entity.type != "Organization":
                continue
            chain = ancestors(t)
            under_deal = any(d in chain[1:5] for d in deals)
            party = under_deal or (t.i > deals[0].i and _by_agent(t, verb) and not _passive(verb))
            if party and a.entity.iri not in {p.iri for p in parties}:
                parties.append(a.entity)
        out += [spec.fact(reg, p, verb.lemma_.lower(), 3) for p in parties[:2]]
    return out
