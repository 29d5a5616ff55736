"""Which facility a facility noun of a sentence names ("l'usine", "cette usine", "a new plant", "ce
supercalculateur"), given what the article named before.

A possessive or an organisation in the sentence gives the owner; "ce"/"this" points back to the facility
of that kind named last; an indefinite determiner ("un", "a new") starts a new one; a generic noun with
nobody named is the facility named last.

Examples
--------
>>> indefinite_word("une"), indefinite_word("cette")
(True, False)
"""

from __future__ import annotations

import re
from typing import Any, Final, Protocol

from loaders.extract.nlp import Mention
from loaders.extract.rules.references import facility_kinds
from loaders.model import Entity

__all__ = ["FacilityDiscourse", "indefinite_word", "place_after", "resolve_facility"]

_EXT: Final = r"(?:\s(?:de|d['’]|of)\s?[\w-]+)?(?:\s[\d.,]+k?\s[A-Z][\w-]*)?"


class FacilityDiscourse(Protocol):
    """What facility resolution reads and updates of :class:`loaders.extract.rules.mentions.Discourse`."""

    lexicon: dict[str, Any]
    history: list[Entity]
    facilities: dict[str, list[Entity]]
    determiners: dict[int, str]

    def _alias(self, e: Entity, surface: str) -> None: ...

    def _recent_machine(self) -> Entity | None: ...

    def topic(self, exclude: tuple[str, ...] = ()) -> Entity | None: ...

    def last(self, types: tuple[str, ...]) -> Entity | None: ...


def indefinite_word(word: str) -> bool:
    """Whether a determiner introduces a new facility ("un", "a new")."""
    return word in ("a", "an", "un", "une", "another", "second", "new", "nouveau", "nouvelle")


#: what may stand between a facility noun and the place it is at: in French a few words, a complement and
#: the owner ("usine de pompes à chaleur à Brno", "usine de Carélec à Issoire", "entrepôt principal de
#: Saint-Ouen"); in English only the preposition ("plant at Montrose", "factory in Szczecin"), since
#: "warehouse robots in Pittsburgh" is no warehouse
_TO_PLACE: Final = {
    "fr": re.compile(r"^(?:\s(?!(?:à|au|en|de|d)\b)[a-zà-ÿ’'-]+"  # a word ("principal")
                     r"|\s(?:de|d['’])\s?[a-zà-ÿ’'-]+(?:\s[a-zà-ÿ’'-]+)?"  # "de pompes à chaleur"
                     r"|\s(?:de|d['’])\s?[A-ZÀ-Ý][\w’'-]+){0,3}?"  # the owner ("de Carélec")
                     r"(?:\s(?:à|au|en)\s|\s(?:de\s|d['’]))$"),
    "en": re.compile(r"^\s(?:in|at|near|outside)\s$"),
}


#: kinds named after their owner whatever the place ("Acme Labs data center" in Ohio), as the AI-hardware
#: rounds' gold names them; the others are named by place ("usine d'Issoire", "Szczecin factory")
_BY_OWNER: Final = frozenset({"supercomputer", "facility", "site", "hub", "data center", "campus", "cluster",
                              "computing centre", "gigafactory"})


def place_after(text: str, m: Mention, later: list[Mention], lang: str) -> str | None:
    """The place a facility noun is said to be at, when a following mention of the sentence is a place
    joined to it by "à", "in", "at", "de"... ("l'usine de Carélec à Issoire" -> Issoire)."""
    rx = _TO_PLACE.get(lang)
    if rx is None:
        return None
    for nxt in later:
        if nxt.start - m.end > 60:
            return None
        if nxt.type == "Place" and rx.match(text[m.end:nxt.start]):
            return nxt.text
    return None


def _named(noun: str, place: str, lang: str) -> str:
    """A facility named by its place the way the article's language does ("usine d'Issoire", "Montrose
    plant")."""
    if lang == "fr":
        return f"{noun} d'{place}" if place[:1].lower() in "aeiouyéèêàâîôûh" else f"{noun} de {place}"
    return f"{place} {noun}"


def resolve_facility(d: FacilityDiscourse, text: str, m: Mention, orgs: list[Entity],
                     place: str | None = None, lang: str = "fr") -> Entity | None:
    """The facility a facility noun names: the one at ``place`` when the sentence says where it is
    (one entity per place: "l'usine de Brno" and "l'usine de Sarreguemines" are two), one of the
    organisation's named before, the one just named ("cette usine"), the machine just named ("ce
    supercalculateur"), or a new one of the organisation."""
    noun = m.canonical or m.text.lower()
    kind = str(facility_kinds(d.lexicon).get(noun, noun))
    if place and kind not in _BY_OWNER:
        label = _named(m.text.lower(), place, lang)
        e = next((f for f in d.facilities.get(kind, []) if f.label == label), None)
        if e is None:
            e = Entity(label, "Facility")
            d.facilities.setdefault(kind, []).append(e)
        owner = orgs[-1] if orgs else d.topic()
        if owner is not None:  # "Quillfeather Robotics data center", "Quillfeather Robotics McKeesport ..."
            d._alias(e, f"{owner.label} {kind}")
            if lang == "en":
                d._alias(e, f"{owner.label} {place} {m.text.lower()}")
                d._alias(e, f"{owner.label.split()[0]} {place} {m.text.lower()}")
        d._alias(e, m.text)
        return e
    possessive = re.search(r"(?:\b[Ss]on|\b[Ss]a|\b[Ll]eur|\b[Ii]ts|\b[Tt]heir)\s(?:\S+\s){0,3}$",
                           text[max(0, m.start - 40):m.start])
    owner = (orgs[0] if orgs else d.topic()) if possessive else (orgs[-1] if orgs else d.topic())
    ext = re.match(re.escape(m.text) + _EXT, text[m.start:m.start + 80])
    surface = ext.group(0) if ext else m.text
    word = d.determiners.get(m.start, "")
    if not orgs and not indefinite_word(word) and d.facilities.get(kind):
        e = d.facilities[kind][-1]  # "le centre de calcul", nobody named: the one named before
        d._alias(e, m.text)
        return e
    if word in ("ce", "cet", "cette", "this", "that") and kind != "supercomputer":
        # "cette usine", "this plant": one named before, never a new one of this sentence's organisation
        known = d.facilities.get(kind) or [f for f in d.history if f.type == "Facility"][-1:]
        if not known:
            return None
        d._alias(known[-1], m.text)
        return known[-1]
    if kind == "supercomputer" and word in ("ce", "cette", "this", "that", "the", "le") \
            and (machine := d._recent_machine()) is not None:
        d._alias(machine, m.text)
        return machine  # "ce supercalculateur": the machine just named
    indefinite = indefinite_word(word)
    same = [f for f in d.facilities.get(kind, [])
            if owner is None or f.label.startswith(owner.label + " ")]
    if same:
        e = same[-1]
    elif owner is not None and (indefinite or noun not in d.lexicon["generic_facility_nouns"]):
        e = Entity(f"{owner.label} {kind}", "Facility")
        d.facilities.setdefault(kind, []).append(e)
    else:
        last = d.last(("Facility",))
        if last is None:
            return None
        e = last
        d.facilities.setdefault(kind, []).append(e)
    d._alias(e, m.text)
    d._alias(e, surface)
    return e
