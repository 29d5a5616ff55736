"""Where an organisation is from, read off the words around its name: ``locatedIn`` facts.

- a nationality adjective in the phrase describing it: "le loueur irlandais X", "German utility X",
  "X, a Danish maker of turbines" -> the country, named in the article's language (``nationalities`` of
  ``triggers.yaml``);
- a country possessive: "Taiwan's X" -> Taiwan (``countries``);
- a "-based" compound: "X, a Chicago-based start-up", "the Reading-based utility" (resolved to X) -> the
  place mentioned before "-based".

"based in", "headquartered in", "basée à", "installée à" are verb triggers of ``triggers.yaml``
(:mod:`loaders.extract.parse.relations`).

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> doc = pipeline("en")("German utility Rheinwerk Energie signed the deal.")
>>> arg = Arg(15, 32, Entity("Rheinwerk Energie", "Organization"))
>>> [(f.subject.label, f.object.label) for f in places(doc, [arg], "en")]
[('Rheinwerk Energie', 'Germany')]
"""

from __future__ import annotations

from typing import Any, Final

from loaders.extract.parse.describe import appositive_words, descriptor_words
from loaders.extract.parse.lexicon import Arg, ParseFact, load_lexicon
from loaders.extract.parse.paths import Token, surface_anchor
from loaders.model import Entity

__all__ = ["places"]

_BASED: Final = frozenset({"based", "basé", "basée", "basés", "basées"})
_POSSESSIVE: Final = frozenset({"'s", "’s"})


def _fact(org: Arg, place: Entity, how: str) -> ParseFact:
    return ParseFact("locatedIn", "location", "located in", org.entity, place, {}, how, 2)


def _nationality(words: list[Token], lang: str) -> str | None:
    table = load_lexicon().nationalities.get(lang, {})
    for k, t in enumerate(words):
        pair = f"{t.lower_} {words[k + 1].lower_}" if k + 1 < len(words) else ""
        country = table.get(pair) or table.get(t.lower_)
        if country and t.pos_ in ("ADJ", "PROPN", "NOUN"):
            return country
    return None


def _possessor(doc: Any, span: Any) -> str | None:
    k = span.start
    if k < 2 or doc[k - 1].text not in _POSSESSIVE:
        return None
    countries = load_lexicon().countries
    for width in (2, 1):
        if k - 1 - width >= 0:
            name = doc[k - 1 - width : k - 1].text
            if name in countries:
                return name
    return None


def _based(doc: Any, orgs: list[tuple[Token, Arg]], places_: list[tuple[Any, Arg]]) -> list[ParseFact]:
    """ "X, a Chicago-based start-up", "the Aarhus-based group" (an anaphor resolved to X)."""
    out: list[ParseFact] = []
    for t in doc:
        if t.lower_ not in _BASED or t.i < 2 or doc[t.i - 1].text != "-":
            continue
        place = next((a for s, a in places_ if s.end == t.i - 1), None)
        if place is None:
            continue
        noun = t.head if t.head.i != t.i else t
        for anchor_tok, org in orgs:
            if noun.i == anchor_tok.i or (noun.dep_ == "appos" and noun.head.i == anchor_tok.i) or (
                anchor_tok.head.i == noun.i and anchor_tok.dep_ in ("appos", "compound", "nmod", "flat")
            ):
                out.append(_fact(org, place.entity, "based"))
                break
    return out


def places(doc: Any, args: list[Arg], lang: str) -> list[ParseFact]:
    """``locatedIn`` facts of the organisations mentioned in one parsed sentence."""
    spans = [(doc.char_span(a.start, a.end, alignment_mode="expand"), a) for a in args]
    spans = [(s, a) for s, a in spans if s is not None and len(s)]
    taken = {t.i for s, _ in spans for t in s}
    orgs = [(s, a) for s, a in spans if a.entity.type == "Organization"]
    out: list[ParseFact] = []
    for span, org in orgs:
        country = _nationality(descriptor_words(doc, span, taken), lang) or _nationality(
            appositive_words(doc, span, taken)[:3], lang)
        if country is not None:
            out.append(_fact(org, Entity(country, "Place"), "nationality"))
            continue
        owner = _possessor(doc, span)
        if owner is not None:
            out.append(_fact(org, Entity(owner, "Place"), "possessive"))
    out += _based(doc, [(surface_anchor(s.root), a) for s, a in orgs],
                  [(s, a) for s, a in spans if a.entity.type == "Place"])
    return out
