"""Mentions for the parse and the relation classifier only, which the regex rules read as words: possessive
determiners ("sa directrice générale"), adjectives of place ("le loueur irlandais", see
:mod:`.demonyms`), and references to what the article is about that name no entity:

* the **project**: "le projet", "ce chantier", "the project" -> the facility or machine named last in the
  article ("Le projet est financé par EuroHPC" is the supercomputer's funding);
* a **share of an unnamed capital**: "X, qui détient 72 % du capital", "the founders hold 30% of the
  shares" -> the organisation the article is about, never the holder named in the sentence;
* the **round or deal**: "le tour de table", "l'opération", "the round", "the deal" -> the organisation the
  event is about: for a round the previous sentence's subject unless a fund or public body ("Le tour de
  table est mené par Eurazeo": the start-up that raised), else the most salient organisation that is neither;
  for a deal the organisation the article has named most often so far (the buyer it is about).

Examples
--------
>>> [(m.text, m.type) for m in event_mentions("Le tour de table est mené par Eurazeo.", 0, [])]
[('tour de table', 'Organization')]
>>> [(m.text, m.type) for m in event_mentions("The project still needs approval.", 0, [])]
[('project', 'Facility')]
>>> event_mentions("Le projet de loi a été adopté.", 0, [])
[]
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Final

from loaders.extract.nlp import Mention
from loaders.extract.rules.anaphora import Discourse, is_public, possessive_mentions, resolve_possessive
from loaders.extract.rules.demonyms import SOURCE as DEMONYM
from loaders.extract.rules.demonyms import demonym_entity, place_adjectives
from loaders.model import Entity

__all__ = ["CAPITAL", "FIGURE", "PROJECT", "ROUND", "capital_mentions", "event_mentions", "figure_mentions",
           "parse_only_mentions", "resolve_parse_only"]

PROJECT: Final = "project"
ROUND: Final = "round"
FIGURE: Final = "figure"
CAPITAL: Final = "capital"
#: a share of a capital the sentence does not name the owner of: the company the article is about ("X, qui
#: détient 72 % du capital", "the founders hold 30% of the shares", "a 40% stake" with no "in")
_CAPITAL_RX: Final = re.compile(
    r"%\s(?:du\s(?P<fr>capital)|des\s(?P<fr2>parts|actions|droits de vote))(?!\s(?:de|d['’]|du|des)\b)"
    r"|%\s(?:of\s(?:the\s)?(?P<en>shares|capital|equity|company|business|group))(?!\s(?:of|in)\b)"
    r"|%\s(?P<en2>stake|holding|interest)(?!\s(?:in|of)\b)")
#: a sentence opening on a company figure and naming no organisation: the figure is the one the article is
#: about ("Revenue fell 14% to 3.1 billion euros", "Le chiffre d'affaires a progressé de 8 %")
_FIGURE_RX: Final = re.compile(
    r"^(?:(?:Le|La|L['’]|The|Group|Annual|Full-year)\s?)?(?P<noun>chiffre d['’]affaires|résultat net|résultat"
    r" opérationnel|résultat d['’]exploitation|bénéfice net|bénéfice|perte nette|perte opérationnelle|Ebitda"
    r"|EBITDA|excédent brut d['’]exploitation|effectif|[Rr]evenues?|[Ss]ales|[Nn]et income|[Nn]et profit"
    r"|[Nn]et loss|[Oo]perating profit|[Oo]perating loss|[Pp]re-tax profit|[Tt]urnover|[Pp]rofit|[Hh]eadcount"
    r"|[Ww]orkforce)(?![\w-])")
_DET: Final = r"(?<![\w-])(?:[Ll]e|[Ll]a|[Ll]['’]|[Cc]e|[Cc]et|[Cc]ette|[Tt]he|[Tt]his|[Tt]hat)\s?"
_PROJECT_RX: Final = re.compile(_DET + r"(?P<noun>projet|project|chantier)(?![\w-])"
                                r"(?!\s(?:de|d['’]|du|des|of|to|for)\b)")
_ROUND_RX: Final = re.compile(
    _DET + r"(?:(?:Series [A-F]|seed|funding|financing|new)\s)?(?P<noun>tour de table|tour de financement"
    r"|tour(?=\s(?:est|a été|sera)\s(?:co-?)?(?:mené|piloté))|levée de fonds|levée|opération|round|deal"
    r"|transaction|offering)(?![\w-])")
#: deal nouns: the article's main organisation (the buyer), not the last subject nor the most salient
_DEALS: Final = frozenset({"opération", "deal", "transaction"})
_INVESTOR: Final = re.compile(r"\b(?:Fund|Capital|Ventures|Partners|Investments|Investissement|Invest)$")


def event_mentions(seg: str, seg_start: int, taken: list[Mention]) -> list[Mention]:
    """Project and round references of a segment outside ``taken``."""
    found = [Mention(seg_start + m.start("noun"), seg_start + m.end("noun"), m.group("noun"), "Facility",
                     None, PROJECT) for m in _PROJECT_RX.finditer(seg)]
    found += [Mention(seg_start + m.start("noun"), seg_start + m.end("noun"), m.group("noun"),
                      "Organization", None, ROUND) for m in _ROUND_RX.finditer(seg)]
    return [m for m in found if not any(m.start < t.end and t.start < m.end for t in taken)]


def figure_mentions(seg: str, seg_start: int, taken: list[Mention]) -> list[Mention]:
    """The figure noun opening a segment that names no organisation, as a mention of the organisation
    the article is about.

    >>> [(m.text, m.source) for m in figure_mentions("Revenue fell 14% to 3.1 billion euros.", 0, [])]
    [('Revenue', 'figure')]
    >>> figure_mentions("Revenue at Acme fell.", 0, [Mention(11, 15, "Acme", "Organization", None, "ner")])
    []
    """
    fm = _FIGURE_RX.match(seg.lstrip())
    if fm is None or any(t.type == "Organization" for t in taken):
        return []
    a = seg_start + (len(seg) - len(seg.lstrip())) + fm.start("noun")
    return [Mention(a, a + len(fm.group("noun")), fm.group("noun"), "Organization", None, FIGURE)]


def capital_mentions(seg: str, seg_start: int, taken: list[Mention]) -> list[Mention]:
    """The capital of a share the sentence gives no owner of, as a mention of the company it is.

    >>> [m.text for m in capital_mentions("Orvanne Capital, qui détient 72 % du capital depuis 2019.", 0, [])]
    ['capital']
    >>> capital_mentions("X détient 72 % du capital de Thermavor.", 0, [])
    []
    """
    out: list[Mention] = []
    for cm in _CAPITAL_RX.finditer(seg):
        g = next(k for k in ("fr", "fr2", "en", "en2") if cm.group(k))
        a, b = seg_start + cm.start(g), seg_start + cm.end(g)
        if not any(t.start < b and a < t.end for t in taken):
            out.append(Mention(a, b, cm.group(g), "Organization", None, CAPITAL))
    return out


def parse_only_mentions(seg: str, seg_start: int, lang: str, lex: dict[str, Any],
                        taken: list[Mention]) -> list[Mention]:
    """Possessives, adjectives of place, event references and an opening figure of a segment, after the
    other mentions."""
    out = possessive_mentions(seg, seg_start, taken)
    out += place_adjectives(seg, seg_start, lang, lex, [*taken, *out])
    out += event_mentions(seg, seg_start, [*taken, *out])
    out += capital_mentions(seg, seg_start, [*taken, *out])
    return out + figure_mentions(seg, seg_start, [*taken, *out])


def _about(d: Discourse, noun: str, also: tuple[str, ...] = ()) -> Entity | None:
    """The organisation an event reference is about (see the module docstring), not one of ``also``."""
    exclude = {iri for iri, e in d.known.items()
               if is_public(e.label, d.lexicon) or _INVESTOR.search(e.label)} | set(also)
    prev = d.subjects.get(d.segment_no - 1)
    if noun.lower() in _DEALS:
        counts = Counter(e.iri for e in d.history if e.type == "Organization" and e.iri not in exclude)
        return next((e for e in d.history if e.iri == counts.most_common(1)[0][0]), None) if counts else None
    if prev is not None and prev.iri not in exclude:
        return prev
    return d.topic(exclude=tuple(exclude))


def resolve_parse_only(d: Discourse, m: Mention, subjects_at: list[tuple[int, Entity]],
                       orgs_at: list[tuple[int, Entity]]) -> Entity | None:
    """The entity of a parse-only mention (None where nothing fits)."""
    if m.source == DEMONYM:
        return demonym_entity(m)
    if m.source == PROJECT:
        return next((e for e in reversed(d.history) if e.type in ("Facility", "Supercomputer")), None)
    if m.source in (ROUND, FIGURE):  # the figure of the organisation the previous sentence was about
        return _about(d, m.text if m.source == ROUND else "")
    if m.source == CAPITAL:  # the company the article is about, never the holder named in the sentence
        here = {e.iri for _, e in orgs_at}
        return _about(d, "", tuple(here))
    return resolve_possessive(d, m, subjects_at, orgs_at)
