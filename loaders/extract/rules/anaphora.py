"""Safe resolution of organisation anaphors ("la société", "l'entreprise bretonne", "Elle", "the company").

An anaphor goes to the organisation that was the *subject* of the previous segment (its first
organisation not introduced by a preposition: "Gravelot SAS livrera ... à Ostréa. L'entreprise ..." is
Gravelot SAS), else to the article's most salient organisation. A demonym after the noun ("la société
nantaise") must agree with what the article said about the candidate ("la jeune pousse nantaise
Ostréa"): an organisation described with that demonym wins; a candidate described with another one is
refused, and the anaphor then resolves to nothing (precision first).

Examples
--------
>>> import re
>>> from loaders.extract.rules.engine import load_rules
>>> demonym_of("La jeune pousse nantaise ", "", load_rules().lexicon)
'Nantes'
>>> demonym_of("", ", une start-up lyonnaise qui", load_rules().lexicon)
'Lyon'
"""

from __future__ import annotations

import re
from typing import Any, Final, Protocol

from loaders.extract.nlp import Mention
from loaders.model import Entity


class Discourse(Protocol):
    """What anaphor resolution reads of :class:`loaders.extract.rules.mentions.Discourse` (declared
    here so that this module does not import the one that uses it)."""

    lexicon: dict[str, Any]
    known: dict[str, Entity]
    org_places: dict[str, set[str]]
    subjects: dict[int, Entity]
    salience: dict[str, float]
    segment_no: int

    def topic(self, exclude: tuple[str, ...] = ()) -> Entity | None: ...

__all__ = ["adjective", "clause_subject", "demonym_of", "is_public", "note_subject", "resolve_anaphor"]

_NOUNS: Final = r"(?:start-?up|jeune pousse|société|entreprise|firme|PME|pépite|groupe|intégrateur|fabricant)"
_BEFORE: Final = re.compile(_NOUNS + r"\s([a-zàâçéèêëîïôûù-]+)\s$", re.I)
_AFTER: Final = re.compile(r"^,\s(?:une?|la|le|l['’])\s?(?:[a-zàâçéèêëîïôûù-]+\s)?" + _NOUNS
                           + r"\s([a-zàâçéèêëîïôûù-]+)", re.I)
_PUBLIC: Final = (r"|(?i:.*\b(?:council|commission|board|mairie|préfecture|conseil|ministère|ministry|agency"
                  r"|agence))\b")
# investors' names: "the company" after "X Capital and Y Fund took part in the round" is not a fund
_INVESTOR: Final = re.compile(r"\b(?:Fund|Capital|Ventures|Partners|Investments|Investissement|Invest)$")
_REPORTING_BEFORE: Final = re.compile(
    r"(?:a annoncé|a indiqué|a précisé|a déclaré|a confirmé|indique|précise|said|announced)\s$")
_NEXT_WORD: Final = re.compile(r"^\s([a-zàâçéèêëîïôûù-]+)")
_PREP: Final = re.compile(
    r"(?:\b(?:from|by|to|with|of|for|at|in|into|than|à|au|aux|de|du|des|par|avec|pour|chez|contre|vers|sur"
    r"|selon|auprès|according)\s(?:(?:la|le|les|the)\s)?|\bd['’]|\bl['’])$", re.I)


def adjective(word: str, lex: dict[str, Any]) -> bool:
    """Whether a word after "la start-up" reads as an adjective (a demonym, "américaine"), not a verb.

    >>> from loaders.extract.rules.engine import load_rules
    >>> adjective("lyonnaise", load_rules().lexicon), adjective("développe", load_rules().lexicon)
    (True, False)
    """
    w = word.lower()
    return w in lex.get("demonyms", {}) or bool(re.search(r"(?:aise|oise|ienne|ien|ain|aine|ique|ale|al|ée|é"
                                                           r"|ante?|ente?|elle|eur|euse|if|ive|ois)$", w))


def demonym_of(before: str, after: str, lex: dict[str, Any]) -> str | None:
    """The place a demonym next to an organisation's name names ("la start-up lyonnaise X" -> Lyon)."""
    table = lex.get("demonyms", {})
    for m in (_BEFORE.search(before), _AFTER.match(after)):
        if m and m.group(1).lower() in table:
            return str(table[m.group(1).lower()])
    return None


def is_public(label: str, lex: dict[str, Any]) -> bool:
    """Whether an organisation is a public body by its name ("préfecture de l'Isère", "Mesa city council")."""
    return bool(re.match(lex["org_head_names"] + _PUBLIC, label))


def clause_subject(text: str, m: Mention) -> bool:
    """Whether a mention is not introduced by a preposition (so may be a clause subject)."""
    return not _PREP.search(text[max(0, m.start - 30):m.start])


def note_subject(d: Discourse, text: str, m: Mention, e: Entity) -> None:
    """Remember the demonym an organisation was described with."""
    place = demonym_of(text[max(0, m.start - 40):m.start], text[m.end:m.end + 60], d.lexicon)
    if place:
        d.org_places.setdefault(e.iri, set()).add(place)


def resolve_anaphor(d: Discourse, text: str, m: Mention, sentence_orgs: list[Entity]) -> Entity | None:
    """The organisation a definite description or pronoun refers to, or None when unsure."""
    exclude = {x.iri for x in sentence_orgs}
    if sentence_orgs and (_REPORTING_BEFORE.search(text, max(0, m.start - 25), m.start)
                          or re.match(d.lexicon["reporting_verbs"], text[m.end:m.end + 20])):
        return sentence_orgs[0]  # "X a levé ..., a annoncé la société", "X raised ..., the company said"
    nxt = _NEXT_WORD.match(text[m.end:m.end + 30])
    place = d.lexicon.get("demonyms", {}).get(nxt.group(1).lower()) if nxt else None
    if place:
        owners = [d.known[iri] for iri, ps in d.org_places.items() if place in ps and iri in d.known]
        if owners:
            return max(owners, key=lambda o: d.salience.get(o.iri, 0.0))
    exclude |= {iri for iri, e in d.known.items()
                if is_public(e.label, d.lexicon) or _INVESTOR.search(e.label)}
    prev = d.subjects.get(d.segment_no - 1)
    cand = prev if prev is not None and prev.iri not in exclude else None
    cand = cand or d.topic(exclude=tuple(exclude))
    if cand is not None and place and d.org_places.get(cand.iri) and place not in d.org_places[cand.iri]:
        return None
    return cand
