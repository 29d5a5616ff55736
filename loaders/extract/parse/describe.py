"""What an organisation is, from the noun phrase that describes it: ``category`` facts.

Two constructions news uses to introduce a company: a descriptor before the name ("the Canadian pension
fund X", "le groupe de travaux publics X", "chip-design software developer X", "la compagnie aérienne
régionale X") and an appositive after it ("X, a U.S. maker of networking chips,", "X, un fonds
activiste,"). The category is that phrase without its determiner and leading nationality (the place
is a location fact of its own). A phrase whose head noun states a relation (subsidiary, joint venture,
partner, rival, shareholder...), a role (chief executive, analyst) or is a bare "company"/"société"
says nothing more and is skipped.

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> text = "Vantor Capital, an activist fund, backs the deal."
>>> doc = pipeline("en")(text)
>>> arg = Arg(0, 14, Entity("Vantor Capital", "Organization"))
>>> [(f.subject.label, f.object.value) for f in categories(doc, [arg], "en")]
[('Vantor Capital', 'activist fund')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from loaders.extract.parse.lexicon import Arg, ParseFact, load_lexicon
from loaders.extract.parse.paths import Token
from loaders.model import Value

__all__ = ["appositive_words", "categories", "descriptor_words", "linked"]

MAX_WORDS: Final = 9
_BARE: Final = frozenset({
    "société", "entreprise", "groupe", "company", "firm", "group", "firme", "start-up", "startup",
    "structure", "entité", "entity", "acteur", "player", "name", "nom", "marque", "brand", "one", "un", "une",
    "part", "member", "membre", "up", "initiative", "réseau", "network", "opération", "operation", "projet",
    "project"})
#: families whose trigger nouns state a relation, not a category
_RELATION_FAMILIES: Final = frozenset({
    "shareholding", "acquisition", "parent", "board", "founding", "leadership", "jointventure", "partnership",
    "legal", "investment", "supply"})
_MORE: Final = frozenset({
    "rival", "concurrent", "competitor", "unit", "arm", "parent", "owner", "analyst", "analyste", "spokesman",
    "spokeswoman", "spokesperson", "porte-parole", "client", "customer", "cliente", "adviser", "advisor",
    "conseil", "conseiller", "lawyer", "avocat", "chief", "officer", "directeur", "directrice", "head",
    "director", "dirigeant", "founder", "fondateur", "cofondateur", "co-founder", "cofounder", "part",
    "stake", "participation", "shareholder", "actionnaire", "maison", "mother", "mère", "délégué", "déléguée",
    "puce", "puces", "chip", "chips", "avion", "avions", "aircraft", "model", "modèle", "product", "produit"})
_NATIONALITY: Final = frozenset({
    "français", "française", "allemand", "allemande", "américain", "américaine", "britannique", "espagnol",
    "espagnole", "italien", "italienne", "irlandais", "irlandaise", "belge", "suisse", "néerlandais",
    "néerlandaise", "danois", "danoise", "suédois", "suédoise", "norvégien", "norvégienne", "japonais",
    "japonaise", "chinois", "chinoise", "canadien", "canadienne", "européen", "européenne", "luxembourgeois",
    "luxembourgeoise", "portugais", "portugaise", "autrichien", "autrichienne", "polonais", "polonaise",
    "finlandais", "finlandaise", "coréen", "coréenne", "indien", "indienne", "taïwanais", "taïwanaise",
    "australien", "australienne", "québécois", "québécoise", "régional", "régionale", "local", "locale"})
_STOP_WORDS: Final = frozenset({"which", "who", "that", "qui", "que", "dont", "whose", "où", "where", "based",
                                "basé", "basée", "installé", "installée", "spécialisé", "spécialisée", "with",
                                "avec", "since", "depuis", "for", "pour"})
_DETS: Final = frozenset({"a", "an", "the", "un", "une", "le", "la", "l'", "l’", "les"})
_LINKS: Final = frozenset({"de", "d'", "d’", "of", "-", "and", "et", "in", "en"})


@lru_cache(maxsize=1)
def _excluded() -> frozenset[str]:
    lex = load_lexicon()
    words = {w for table in lex.nouns.values() for w, specs in table.items()
             if any(s.family in _RELATION_FAMILIES for s in specs)}
    return frozenset(words | _MORE)


def _demonyms() -> frozenset[str]:
    from loaders.extract.rules.engine import load_rules

    return frozenset(str(k).lower() for k in (load_rules().lexicon.get("demonyms") or {}))


def _strip(words: list[Token], lang: str) -> list[Token]:
    """Drop leading and (French) trailing nationality or locality adjectives and capitalised English ones."""
    demonyms = _demonyms() | _NATIONALITY

    def place_adj(t: Token) -> bool:
        return t.pos_ in ("ADJ", "PROPN") and (
            t.lower_ in demonyms or (lang == "en" and t.text[:1].isupper()))

    while words and (place_adj(words[0]) or words[0].text in (".", "U.S.")):
        words = words[1:]
    while words and lang == "fr" and place_adj(words[-1]):
        words = words[:-1]
    return words


def _head(words: list[Token], lang: str) -> Token | None:
    nouns_before_link = []
    for t in words:
        if t.lower_ in _LINKS and t.lower_ != "-":
            break
        if t.pos_ in ("NOUN", "PROPN"):
            nouns_before_link.append(t)
    if not nouns_before_link:
        return None
    return nouns_before_link[0] if lang == "fr" else nouns_before_link[-1]


def _fact(arg: Arg, words: list[Token], lang: str, how: str) -> ParseFact | None:
    words = _strip(words, lang)
    while words and (words[-1].lower_ in _LINKS or words[-1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT")):
        words = words[:-1]
    head = _head(words, lang)
    if head is None or not 1 <= len(words) <= MAX_WORDS:
        return None
    if head.lemma_.lower() in _excluded() or head.lower_ in _excluded():
        return None
    if len(words) == 1 and (head.lemma_.lower() in _BARE or head.lower_ in _BARE):
        return None
    text = words[0].doc[words[0].i : words[-1].i + 1].text
    return ParseFact("category", "identity", "is a", arg.entity, Value(text, "xsd:string"), {}, how, 2)


def descriptor_words(doc: Any, span: Any, taken: set[int]) -> list[Token]:
    """Nouns, adjectives, hyphens and "de" links right before a name, in the same noun phrase."""
    words: list[Token] = []
    j = span.start - 1
    while j >= 0 and len(words) < MAX_WORDS + 1:
        t = doc[j]
        if j in taken or t.ent_type_ in _NOT_DESCRIPTORS:
            break
        if t.pos_ in ("NOUN", "ADJ") or t.text == "-" or (t.lower_ in ("de", "d'", "d’") and words):
            words.insert(0, t)
            j -= 1
            continue
        break
    while words and words[0].lower_ in _LINKS:
        words = words[1:]
    return words if words and linked(words, span) else []


def _before(doc: Any, span: Any, taken: set[int], lang: str) -> list[Token]:
    """The descriptor standing right before a name, as a noun phrase of its language: French a head
    noun, adjectives, one "de" complement ("groupe de travaux publics"); English nouns, adjectives and
    hyphens ("chip-design software developer"). French needs a determiner before it."""
    words = descriptor_words(doc, span, taken)
    if not words:
        return []
    j = words[0].i - 1
    before = doc[j] if j >= 0 else None
    if lang == "fr":
        if before is None or before.pos_ not in ("DET", "ADP") or not _french_np(words):
            return []
    elif before is not None and before.pos_ not in ("DET", "VERB", "ADP", "PART", "PUNCT", "CCONJ"):
        return []
    return words


_NOT_DESCRIPTORS: Final = frozenset({"GPE", "LOC", "Place", "DATE", "MONEY", "CARDINAL", "PERSON", "PER"})
_NAME_DEPS: Final = frozenset({"compound", "amod", "appos", "nmod", "flat", "flat:name", "nn", "nummod"})


def linked(words: list[Token], span: Any) -> bool:
    """The descriptor and the name are one noun phrase in the parse (not "the round values Cinder")."""
    inside = {t.i for t in span}
    return any((t.head.i in inside and t.dep_ in _NAME_DEPS) for t in words) or (
        span.root.head.i in {t.i for t in words} and span.root.dep_ in _NAME_DEPS)


def _french_np(words: list[Token]) -> bool:
    """A French head noun followed only by adjectives and one "de" complement ("compagnie aérienne")."""
    if words[0].pos_ != "NOUN":
        return False
    rest = words[1:]
    while rest and rest[0].pos_ == "ADJ":
        rest = rest[1:]
    if rest and rest[0].lower_ in ("de", "d'", "d’") and len(rest) >= 2 and rest[1].pos_ == "NOUN":
        rest = [t for t in rest[2:] if t.pos_ != "ADJ"]
    return not rest


def appositive_words(doc: Any, span: Any, taken: set[int]) -> list[Token]:
    """The appositive after a name: ", a U.S. maker of networking chips," / ", le principal syndicat de …"."""
    k = span.end
    if k + 1 >= len(doc) or doc[k].text != ",":
        return []
    k += 1
    if doc[k].lower_ == "one" and k + 2 < len(doc) and doc[k + 1].lower_ == "of":
        k += 2
    if doc[k].lower_ not in _DETS:
        return []
    k += 1
    words: list[Token] = []
    while k < len(doc) and len(words) <= MAX_WORDS:
        t = doc[k]
        if (k in taken or (t.is_punct and t.text != "-") or t.lower_ in _STOP_WORDS
                or t.pos_ in ("VERB", "AUX", "NUM")):
            break
        words.append(t)
        k += 1
    if k < len(doc) and not (doc[k].is_punct or doc[k].lower_ in _STOP_WORDS):
        return []  # the phrase runs on into a clause: not a plain appositive
    return words


def categories(doc: Any, args: list[Arg], lang: str) -> list[ParseFact]:
    """``category`` facts of the organisations mentioned in one parsed sentence."""
    spans = [(a, doc.char_span(a.start, a.end, alignment_mode="expand")) for a in args]
    spans = [(a, s) for a, s in spans if s is not None and len(s)]
    taken = {t.i for _, s in spans for t in s}
    out: list[ParseFact] = []
    for arg, span in spans:
        if arg.entity.type != "Organization":
            continue
        phrases = (("prefix", _before(doc, span, taken, lang)), ("appos", appositive_words(doc, span, taken)))
        for how, words in phrases:
            fact = _fact(arg, words, lang, how) if words else None
            if fact is not None:
                out.append(fact)
                break
    return out
