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
from collections import Counter
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
    descriptions: dict[str, set[str]]
    history: list[Entity]
    prev_orgs: list[Entity]

    def topic(self, exclude: tuple[str, ...] = ()) -> Entity | None: ...

__all__ = ["adjective", "clause_subject", "demonym_of", "head_noun", "is_public", "note_description",
           "note_subject", "possessive_mentions", "resolve_anaphor", "resolve_possessive"]

_NOUNS: Final = r"(?:start-?up|jeune pousse|société|entreprise|firme|PME|pépite|groupe|intégrateur|fabricant)"
_BEFORE: Final = re.compile(_NOUNS + r"\s([a-zàâçéèêëîïôûù-]+)\s$", re.I)
_AFTER: Final = re.compile(r"^,\s(?:une?|la|le|l['’])\s?(?:[a-zàâçéèêëîïôûù-]+\s)?" + _NOUNS
                           + r"\s([a-zàâçéèêëîïôûù-]+)", re.I)
_PUBLIC: Final = (r"|(?i:.*\b(?:council|commission|board|mairie|préfecture|conseil|ministère|ministry|agency"
                  r"|agence|direction générale|tribunal|court|cour|autorité|authority|regulator|régulateur"
                  r"|gouvernement|government|parlement|parliament|région|syndicat|union|office))\b")
# investors' names: "the company" after "X Capital and Y Fund took part in the round" is not a fund
_INVESTOR: Final = re.compile(r"\b(?:Fund|Capital|Ventures|Partners|Investments|Investissement|Invest)$")
_REPORTING_BEFORE: Final = re.compile(
    r"(?:a annoncé|a indiqué|a précisé|a déclaré|a confirmé|indique|précise|said|announced)\s$")
_NEXT_WORD: Final = re.compile(r"^\s([a-zàâçéèêëîïôûù-]+)")
_PREP: Final = re.compile(
    r"(?:\b(?:from|by|to|with|of|for|at|in|into|than|à|au|aux|de|du|des|par|avec|pour|chez|contre|vers|sur"
    r"|selon|auprès|according|after|before|when|while|since|because|although|once|until|unless|whereas"
    r"|après|avant|lorsque|quand|puisque|tandis)\s(?:(?:la|le|les|the)\s)?|\bd['’]|\bl['’])$", re.I)


def adjective(word: str, lex: dict[str, Any]) -> bool:
    """Whether a word after "la start-up" reads as an adjective (a demonym, "américaine"), not a verb.

    >>> from loaders.extract.rules.engine import load_rules
    >>> adjective("lyonnaise", load_rules().lexicon), adjective("développe", load_rules().lexicon)
    (True, False)
    """
    w = word.lower()
    return w in lex.get("demonyms", {}) or bool(re.search(r"(?:aise|oise|ienne|ien|ain|aine|ique|ale|al|ée|é"
                                                           r"|ante?|ente?|elle|eur|euse|if|ive|ois|ole|ande|onne"
                                                           r"|ais|que|iste)$", w))


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


#: head nouns an article describes an organisation with, so a later "la compagnie", "the utility" finds it
_DESC_NOUNS: Final = (
    r"société|groupe|entreprise|compagnie|firme|start-?up|pousse|PME|fabricant|constructeur|laboratoire"
    r"|transporteur|fournisseur|opérateur|énergéticien|équipementier|loueur|cimentier|assureur|banque|holding"
    r"|company|firm|group|startup|utility|airline|carrier|maker|manufacturer|operator|developer|drugmaker"
    r"|automaker|lender|insurer|supplier|chipmaker|distributor|distributeur|regulator|régulateur|bank|lessor"
    r"|fonds|fund|syndicat|union|watchdog|agency|agence")
_DESC_BEFORE: Final = re.compile(
    r"\b(" + _DESC_NOUNS + r")((?:\s[a-zà-ÿ][\w’'-]*|\s[A-ZÀ-Ý][\w-]*-based){0,3})\s$", re.I)
_DESC_AFTER: Final = re.compile(r"^,\s(?:une?|an?)\s(?:[\w’'-]+\s){0,3}?(" + _DESC_NOUNS
                                + r")\b", re.I)
_MERGED: Final = re.compile(r"(?i:le nouvel ensemble|le nouveau groupe|the (?:enlarged|combined|merged) )")
_SAME_NOUN: Final = {"start-up": "startup", "pousse": "startup", "firme": "firm"}
_LINKS: Final = frozenset({"de", "d", "du", "des", "of"})


def head_noun(description: str) -> str:
    """The head noun of a description, normalised ("La jeune pousse" -> "startup", "the firm" -> "firm")."""
    w = re.split(r"[\s'’]", description.strip().lower())[-1]
    return _SAME_NOUN.get(w, w)


def _modifiers_ok(words: str, lex: dict[str, Any]) -> bool:
    """Whether the words between a description noun and a name only qualify the noun ("aérienne régionale",
    "de tourisme", "Reading-based"), so that no verb ("la société a racheté X") separates them."""
    ws = words.split()
    return all(w.lower() in _LINKS or adjective(w, lex) or w.endswith("-based") or (k and ws[k - 1] in _LINKS)
               for k, w in enumerate(ws))


def note_description(d: Discourse, text: str, m: Mention, e: Entity) -> None:
    """Remember the head noun an organisation was introduced with ("le groupe de tourisme Ondine",
    "Haulsight, a Chicago-based start-up"; not "Selon X, la société ...", a new clause)."""
    before = _DESC_BEFORE.search(text, max(0, m.start - 60), m.start)
    if before and _modifiers_ok(before.group(2), d.lexicon):
        d.descriptions.setdefault(e.iri, set()).add(head_noun(before.group(1)))
    after = _DESC_AFTER.match(text[m.end:m.end + 80])
    if after:
        d.descriptions.setdefault(e.iri, set()).add(head_noun(after.group(1)))


def _described(d: Discourse, m: Mention, exclude: set[str]) -> Entity | None:
    """The organisation introduced with the anaphor's own head noun when the previous sentence had no
    organisation as its subject (that subject wins otherwise): the most salient such organisation, else
    the last one named."""
    noun = head_noun(m.text)
    cands = [iri for iri, nouns in d.descriptions.items() if noun in nouns and iri not in exclude]
    prev = d.subjects.get(d.segment_no - 1)
    if not cands or (prev is not None and prev.iri not in exclude):
        return None
    last = {e.iri: (k, e) for k, e in enumerate(d.history)}
    best = max(cands, key=lambda iri: (d.salience.get(iri, 0.0), last.get(iri, (-1, None))[0]))
    return last[best][1] if best in last else None


#: anaphor nouns that name a kind of organisation the company anaphors never go to
_CLASS_NOUNS: Final = {"fonds": "fund", "fund": "fund", "regulator": "public", "régulateur": "public",
                       "gendarme": "public", "watchdog": "public", "agency": "public", "agence": "public",
                       "autorité": "public", "authority": "public", "syndicat": "union", "union": "union"}
_UNION: Final = re.compile(r"(?i:.*\b(?:syndicat|union|CGT|CFDT|FO|CFE-CGC|SNPL|UNSA|SUD)\b)")


def _of_class(d: Discourse, m: Mention, sentence_orgs: list[Entity]) -> Entity | None:
    """A fund, public body or union anaphor: the previous subject if of that kind, else the most salient
    organisation of that kind named before (by its name or the noun it was introduced with), else None."""
    kind = _CLASS_NOUNS[head_noun(m.text)]
    nouns = {n for n, k in _CLASS_NOUNS.items() if k == kind}

    def fits(e: Entity) -> bool:
        by_name = {"fund": bool(_INVESTOR.search(e.label)), "public": is_public(e.label, d.lexicon),
                   "union": bool(_UNION.match(e.label))}[kind]
        return e.type == "Organization" and (by_name or bool(d.descriptions.get(e.iri, set()) & nouns))

    here = {e.iri for e in sentence_orgs}
    prev = d.subjects.get(d.segment_no - 1)
    if prev is not None and fits(prev) and prev.iri not in here:
        return prev
    last = {e.iri: (k, e) for k, e in enumerate(d.history) if fits(e) and e.iri not in here}
    if not last:
        return None
    best = max(last, key=lambda iri: (d.salience.get(iri, 0.0), last[iri][0]))
    return last[best][1]


def resolve_anaphor(d: Discourse, text: str, m: Mention, sentence_orgs: list[Entity],
                    genitives: tuple[Entity, ...] = ()) -> Entity | None:
    """The organisation a definite description or pronoun refers to, or None when unsure; an organisation
    of the same sentence named as a possessor before it is one ("Skjold's largest shareholder ... owns 22%
    of the company")."""
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
    if genitives and m.text.lower() not in ("il", "elle", "it") and head_noun(m.text) not in _CLASS_NOUNS:
        return genitives[-1]
    if head_noun(m.text) in _CLASS_NOUNS:  # "le fonds", "the regulator", "le syndicat": only one of that kind
        return _of_class(d, m, sentence_orgs)
    if _MERGED.match(m.text):  # "le nouvel ensemble": the organisation the article is about, the buyer
        counts = Counter(e.iri for e in d.history if e.type == "Organization" and e.iri in d.known
                         and not is_public(e.label, d.lexicon) and not _INVESTOR.search(e.label))
        return d.known[counts.most_common(1)[0][0]] if counts else None
    if m.text.lower() not in ("il", "elle", "it") and (described := _described(d, m, exclude)) is not None:
        return described
    exclude |= {iri for iri, e in d.known.items()
                if is_public(e.label, d.lexicon) or _INVESTOR.search(e.label)}
    prev = d.subjects.get(d.segment_no - 1)
    cand = prev if prev is not None and prev.iri not in exclude else None
    cand = cand or d.topic(exclude=tuple(exclude))
    if cand is not None and place and d.org_places.get(cand.iri) and place not in d.org_places[cand.iri]:
        return None
    return cand


#: possessive determiners before a noun: "sa directrice générale", "son conseil", "its board", "their stake"
_POSSESSIVE: Final = re.compile(r"(?<![\w’'-])(?:[Ss]on|[Ss]a|[Ss]es|[Ll]eurs?|[Ii]ts|[Tt]heir)(?= [a-zà-ÿ])")


def possessive_mentions(seg: str, seg_start: int, taken: list[Mention]) -> list[Mention]:
    """Possessive determiners of a segment outside other mentions, as mentions of the organisation they
    stand for (so that "sa directrice générale, X" relates X to it in the parse)."""
    out: list[Mention] = []
    for pm in _POSSESSIVE.finditer(seg):
        a, b = seg_start + pm.start(), seg_start + pm.end()
        if not any(t.start < b and a < t.end for t in taken):
            out.append(Mention(a, b, pm.group(0), "Organization", None, "possessive"))
    return out


def resolve_possessive(d: Discourse, m: Mention, subjects_at: list[tuple[int, Entity]],
                       orgs_at: list[tuple[int, Entity]]) -> Entity | None:
    """The organisation a possessive stands for: the sentence's first subject organisation before it, else
    the previous sentence's subject, else the organisation named last before it in this sentence or the
    previous one, else the most salient one (never a public body or a fund)."""
    exclude = {iri for iri, e in d.known.items()
               if is_public(e.label, d.lexicon) or _INVESTOR.search(e.label)}
    before = [e for start, e in subjects_at if start < m.start and e.iri not in exclude]
    if before:
        return before[0]
    prev = d.subjects.get(d.segment_no - 1)
    if prev is not None and prev.iri not in exclude:
        return prev
    # "Not all of Brightwave's ventures went well. Its joint venture ...": the organisation named last
    named = [e for e in d.prev_orgs if e.iri not in exclude] + [e for start, e in orgs_at
                                                                  if start < m.start and e.iri not in exclude]
    return named[-1] if named else d.topic(exclude=tuple(exclude))
