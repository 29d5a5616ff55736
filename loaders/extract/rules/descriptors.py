"""Descriptions an article itself gives its organisations, and the definite anaphors they license.

News introduces a company with a common noun the lexicon cannot list in full ("la maison de champagne
Roussillac", "le chimiste Vérane", "Pellory, an online homeware retailer,") and then refers back to it
with that noun alone ("la maison", "the retailer"). This module reads the noun off the introduction (the
noun right after a definite article before the name, its modifiers not ending in "de"/"of", so "le rachat
de Roussillac" teaches nothing; or the head of an indefinite apposition after it: the first noun in
French, the last word in English) and then finds "la maison", "l'éditeur", "the retailer" later in the
article as anaphors of the organisation introduced so. Only organisations are described this way
(people and places keep their own cues), and nouns that name roles, places, periods or deals never are.

Examples
--------
>>> text = "Le groupe Orsenne rachète la maison de champagne Roussillac. La maison emploie 210 salariés."
>>> at = text.find("Roussillac")
>>> intro_nouns(text, at, at + len("Roussillac"), "fr")
{'maison'}
>>> [m.text for m in descriptor_anaphors(text[61:], 61, {"maison"}, set())]
['La maison']
>>> intro_nouns("Pellory, an online homeware retailer, said", 0, 7, "en")
{'retailer'}
"""

from __future__ import annotations

import re
from typing import Final

from loaders.extract.nlp import Mention
from loaders.model import Entity

__all__ = ["descriptor_anaphors", "family_mentions", "intro_nouns", "resolve_descriptor"]

#: nouns that describe no organisation, or that other passes handle (roles, places, periods, deals)
STOP: Final = frozenset({
    "accord", "année", "brand", "capitale", "centre", "cession", "chief", "city", "cofondateur", "commune",
    "company", "contract", "contrat", "country", "county", "deal", "directeur", "directrice", "dirigeant",
    "dirigeante", "division", "département", "entreprise", "factory", "famille", "family", "filière",
    "firm", "firme", "fondateur", "fondatrice", "founder", "fusion", "gamme", "group", "groupe", "half",
    "head", "leader", "maire", "marché", "market", "marque", "merger", "ministre", "mois", "moitié",
    "montant", "month", "most", "network", "offer", "offre", "opération", "part", "partie", "patron",
    "patronne", "pays", "plant", "plateforme", "plupart", "president", "prise", "project", "projet",
    "président", "présidente", "rachat", "range", "rapport", "region", "report", "région", "réseau",
    "sale", "secteur", "sector", "semaine", "service", "site", "société", "somme", "start-up", "startup",
    "state", "takeover", "total", "town", "unit", "usine", "vente", "ville", "week", "year", "état",
})
_LINK: Final = r"(?:de|d['’]|du|des|of)"
_WORD: Final = r"[a-zà-ÿ][a-zà-ÿ-]{2,}"
_BEFORE: Final = re.compile(r"(?<![\w-])(?:[Ll]a|[Ll]e|[Ll]['’]|[Tt]he)\s?(?P<noun>" + _WORD + r")"
                            r"(?P<mods>(?:\s" + _LINK + r"?\s?" + _WORD + r"){0,3})\s$")
_APPOS: Final = re.compile(r"^,\s(?:une?|an?)\s(?P<np>(?:[\w’'-]+\s?){1,5}?)(?=,|\.|;|\s(?:that|which|who|"
                           r"whose|of|with|in|from|based|and|qui|dont|de|d['’]|du|des|basée?|implantée?|"
                           r"spécialisée?|et|avec|à|en)\b)")
_FR_PRE: Final = frozenset({"jeune", "petit", "petite", "grand", "grande", "nouveau", "nouvelle", "nouvel",
                            "ancien", "ancienne", "important", "importante", "autre", "deuxième", "premier",
                            "première", "troisième", "seul", "seule"})


_SURNAME: Final = r"[A-ZÀ-Ý][\w’'-]+(?:[ -][A-ZÀ-Ý][\w’'-]+)?"
_FAMILY: Final = {"fr": re.compile(r"(?<![\w-])famille (?:de |des )?" + _SURNAME),
                  "en": re.compile(r"(?<![\w-])(?!(?:The|A|An|Its|His|Her|Their|Our|This|That)\s)" + _SURNAME
                                   + r" family(?![\w-])")}


def family_mentions(seg: str, seg_start: int, lang: str) -> list[Mention]:
    """Families named as owners or founders ("la famille Dorvillier", "the Askerud family"): one
    organisation each, named as the article names it, rather than a person called Dorvillier.

    >>> [m.text for m in family_mentions("Ardanne est contrôlé par la famille Dorvillier.", 0, "fr")]
    ['famille Dorvillier']
    """
    rx = _FAMILY.get(lang)
    if rx is None:
        return []
    return [Mention(seg_start + m.start(), seg_start + m.end(), m.group(0), "Organization", None, "ner")
            for m in rx.finditer(seg)]


def _ok(noun: str) -> bool:
    return noun not in STOP and len(noun) >= 4 and not noun.endswith(("ment", "tion", "sion"))


def intro_nouns(text: str, start: int, end: int, lang: str) -> set[str]:
    """The common nouns an organisation's name is introduced with at ``text[start:end]``."""
    out: set[str] = set()
    if any(rx.fullmatch(text, start, end) for rx in _FAMILY.values()):
        out.add("famille" if lang == "fr" else "family")  # "la famille" after "la famille Roussillac"
    before = _BEFORE.search(text, max(0, start - 60), start)
    if before and not re.search(_LINK + r"$", before.group("mods").strip()):
        noun = before.group("noun").lower()
        if _ok(noun):
            out.add(noun)
    appos = _APPOS.match(text[end:end + 90])
    if appos:
        words = [w for w in re.split(r"\s+", appos.group("np").strip()) if w]
        if lang == "fr":
            words = [w for w in words if w.lower() not in _FR_PRE]
        head = (words[0] if lang == "fr" else words[-1]).lower() if words else ""
        if re.fullmatch(_WORD, head) and _ok(head):
            out.add(head)
    return out


def descriptor_anaphors(seg: str, seg_start: int, nouns: set[str], named_starts: set[int]) -> list[Mention]:
    """Definite descriptions of a segment whose noun an organisation was introduced with ("la maison"),
    unless a name follows (then the noun is a category again: "la maison Barrault")."""
    if not nouns:
        return []
    alts = "|".join(map(re.escape, sorted(nouns)))
    rx = re.compile(r"(?<![\w-])(?:[Ll]a|[Ll]e|[Ll]['’]|[Tt]he)\s?(?:" + alts
                    + r")(?![\w-])(?!\s(?:mère|parent|mother)\b)")
    out: list[Mention] = []
    for m in rx.finditer(seg):
        nxt = re.match(r"\s(?:[a-zà-ÿ-]+\s)?([A-ZÀ-Ý@])", seg[m.end():m.end() + 30])
        if nxt or seg_start + m.end() + 1 in named_starts:
            continue
        a = seg_start + m.start()
        out.append(Mention(a, a + len(m.group(0)), m.group(0), "Organization", None, "anaphor"))
    return out


def resolve_descriptor(descriptions: dict[str, set[str]], by_iri: dict[str, Entity],
                       salience: dict[str, float], noun: str, exclude: set[str]) -> Entity | None:
    """The organisation introduced with ``noun`` (the most salient of several), not one of ``exclude``."""
    cands = [iri for iri, ns in descriptions.items() if noun in ns and iri not in exclude and iri in by_iri]
    if not cands:
        return None
    return by_iri[max(cands, key=lambda iri: salience.get(iri, 0.0))]
