"""Places named by an adjective: nationality words ("the German group", "le loueur irlandais X"), town and
region adjectives ("la start-up bordelaise", "une biotech lyonnaise") and "-based" compounds ("a
Munich-based maker", "The Aarhus-based group"), as Place mentions at the adjective's offsets.

An adjective becomes a mention only where it describes an organisation: after an organisation noun
(French, with up to two words between: "la société de biotechnologie strasbourgeoise", "un fabricant
lyonnais de tramways"), substantivised before a name ("l'irlandais Brannock"), or (English) before one
within three words ("Danish wind-turbine maker", "the Canadian pension fund"). "le marché allemand"
or "German law" make none. The tables are data: ``nationalities`` of ``parse/triggers.yaml`` (the
country in the article's language), ``demonyms`` of ``lexicon.yaml`` (French towns and regions) and
``place_adjectives.yaml`` beside this module (English town and region adjectives).

These mentions are read by the parse and the relation classifier, not by the regex rules (which read
the adjective as a word, see :mod:`loaders.extract.rules.masking`).

Examples
--------
>>> from loaders.extract.rules.engine import load_rules
>>> lex = load_rules().lexicon
>>> [(m.text, m.canonical) for m in place_adjectives("La start-up lyonnaise Brume a levé.", 0, "fr", lex)]
[('lyonnaise', 'Lyon')]
>>> [(m.text, m.canonical) for m in place_adjectives("German utility Rheinwerk, a Munich-based firm", 0,
...                                                  "en", lex)]
[('German', 'Germany'), ('Munich', 'Munich')]
>>> place_adjectives("Le marché allemand progresse.", 0, "fr", lex)
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from loaders.extract.nlp import STOP_CAPS, Mention, load_gazetteer
from loaders.model import Entity
from ontology.namespaces import WD

__all__ = ["PLACE_ADJECTIVES_FILE", "demonym_entity", "place_adjectives", "place_table"]

PLACE_ADJECTIVES_FILE: Final = Path(__file__).resolve().parent / "place_adjectives.yaml"
SOURCE: Final = "demonym"

#: nouns an adjective of place describes an organisation after (French) or before (English)
_ORG_NOUNS: Final = (
    r"société|groupe|entreprise|start-?up|jeune pousse|pousse|association|fonds|opérateur|fabricant"
    r"|laboratoire|constructeur|équipementier|consortium|compagnie|firme|PME|ETI|filiale|banque|biotech"
    r"|transporteur|fournisseur|distributeur|chimiste|assureur|énergéticien|exploitant|loueur|cimentier"
    r"|sidérurgiste|armateur|intégrateur|établissement|éditeur|hébergeur|pépite|industriel|investisseur"
    r"|gestionnaire|conglomérat|holding|spécialiste|acteur|champion|leader|géant|rival|concurrent|client"
    r"|company|firm|group|carrier|operator|maker|fund|startup|start-up|utility|airline|developer"
    r"|manufacturer|drugmaker|subsidiary|rival|competitor|insurer|lender|bank|shipper|retailer"
    r"|distributor|automaker|chipmaker|conglomerate|investor|contractor|supplier|producer|provider"
    r"|regulator|watchdog|lessor|giant|owner|buyer|bidder|partner|unit|outfit")
_FR_WORD: Final = r"[a-zàâçéèêëîïôûùüÿœ][\wàâçéèêëîïôûùüÿœ'’-]*"
_FR_AFTER_NOUN: Final = re.compile(
    r"(?i:\b(?:" + _ORG_NOUNS + r"))(?:\s(?:de|d['’])\s?" + _FR_WORD + r")?(?:\s" + _FR_WORD + r"){0,2}?\s$")
_FR_SUBSTANTIVE: Final = re.compile(r"(?:\b[Ll]['’]|\b[Ll]es?\s|\b[Ll]a\s)$")
_EN_BEFORE_NOUN: Final = re.compile(r"(?:\s[a-z][\w-]*){0,3}?\s(?i:" + _ORG_NOUNS + r")s?\b")
_EN_ADJ: Final = re.compile(r"(?<![\w-])(?:South |New |North |Saudi )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])")
_BASED: Final = re.compile(r"(?<![\w-])(?P<place>[A-ZÀ-Ý][\w.'’]*(?:[ -][A-ZÀ-Ý][\w.]*){0,2})-based\b")
_FR_TOKEN: Final = re.compile(r"(?<![\w-])" + _FR_WORD.replace("'’", "") + r"(?![\w-])")


@lru_cache(maxsize=2)
def _extra() -> dict[str, dict[str, str]]:
    with PLACE_ADJECTIVES_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(lang): {str(k).lower(): str(v) for k, v in (t or {}).items()} for lang, t in data.items()}


def place_table(lang: str, lex: dict[str, Any]) -> dict[str, str]:
    """Adjective (lower case) -> the place it names, in the article's language."""
    from loaders.extract.parse.lexicon import load_lexicon

    table = dict(load_lexicon().nationalities.get(lang, {}))
    if lang == "fr":
        table.update({str(k).lower(): str(v) for k, v in (lex.get("demonyms") or {}).items()})
    table.update(_extra().get(lang, {}))
    return table


def _mention(a: int, b: int, surface: str, place: str) -> Mention:
    return Mention(a, b, surface, "Place", place, SOURCE)


def place_adjectives(seg: str, seg_start: int, lang: str, lex: dict[str, Any],
                     taken: list[Mention] | None = None) -> list[Mention]:
    """Place mentions of a segment's adjectives of place that describe an organisation, outside ``taken``."""
    table = place_table(lang, lex)
    found: list[Mention] = []
    if lang == "fr":
        for tm in _FR_TOKEN.finditer(seg):
            place = table.get(tm.group(0).lower())
            if place is None or not tm.group(0).islower():
                continue
            before = seg[max(0, tm.start() - 70):tm.start()]
            if _FR_AFTER_NOUN.search(before) or (_FR_SUBSTANTIVE.search(before)
                                                 and re.match(r"\s[A-ZÀ-Ý]", seg[tm.end():tm.end() + 2])):
                found.append(_mention(seg_start + tm.start(), seg_start + tm.end(), tm.group(0), place))
    else:
        for am in _EN_ADJ.finditer(seg):
            place = table.get(am.group(0).lower())
            if place is not None and _EN_BEFORE_NOUN.match(seg, am.end()):
                found.append(_mention(seg_start + am.start(), seg_start + am.end(), am.group(0), place))
    for bm in _BASED.finditer(seg):
        a, name = bm.start(), bm.group("place")
        while " " in name and name.split(" ", 1)[0] in STOP_CAPS:  # "The Aarhus-based group"
            a += len(name.split(" ", 1)[0]) + 1
            name = name.split(" ", 1)[1]
        if name not in STOP_CAPS:
            found.append(_mention(seg_start + a, seg_start + a + len(name), name, name))
    spans = [(t.start, t.end) for t in taken or ()]
    return [m for m in found if not any(m.start < b and a < m.end for a, b in spans)]


def demonym_entity(m: Mention) -> Entity:
    """The place a demonym mention names: the gazetteer's entry when it knows it ("Allemagne" is Germany)."""
    place = m.canonical or m.text
    g = load_gazetteer().resolve(place)
    if g is not None and g.type == "Place":
        return Entity(g.name, "Place", aliases=g.aliases, same_as=(WD + g.qid,) if g.qid else ())
    return Entity(place, "Place")
