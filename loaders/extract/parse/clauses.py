"""Two constructions beside the path search of :mod:`loaders.extract.parse.relations`.

- conjoined mentions of a symmetric relation: "X and Y agreed to merge", "a joint venture between X and
  Y" (the two mentions share one anchor, so no path joins them);
- naming verbs: "Acme named Jane Doe its chief executive", "a nommé X directeur général": the role noun
  is among the verb's complements, the person its object, the organisation its subject.

Examples
--------
>>> lookup.__name__, "nommer" in NAMING
('lookup', True)
"""

from __future__ import annotations

from typing import Final

from loaders.extract.parse.lexicon import Arg, Lexicon, ParseFact, Spec, keys
from loaders.extract.parse.paths import Token, ancestors, role_at
from loaders.model import Entity

__all__ = ["NAMING", "adjusted", "conjuncts", "lookup", "named_role", "typed"]

_VERB_POS: Final = frozenset({"VERB", "AUX"})
NAMING: Final = frozenset(
    {
        "name",
        "appoint",
        "hire",
        "elect",
        "promote",
        "tap",
        "recruit",
        "install",
        "nommer",
        "désigner",
        "élire",
        "recruter",
        "promouvoir",
        "choisir",
        "nomm",
    }
)

def lookup(tok: Token, lang: str, lex: Lexicon) -> list[Spec]:
    """Specs of the trigger lexicon a token may be (verbs or nouns by its part of speech)."""
    found: list[Spec] = []
    table = lex.verbs.get(lang, {}) if tok.pos_ in _VERB_POS else lex.nouns.get(lang, {})
    # the longest matching form first: "co-founder" before "founder", "chief executive" before "chief"
    for k in sorted(keys(tok), key=lambda k: -len(k)):
        found += [s for s in table.get(k, []) if s not in found]
    return found


def typed(e: Entity, types: tuple[str, ...]) -> bool:
    """Whether an entity fits a role's allowed types (an untyped concept may stand for an organisation)."""
    return e.type in types or (e.type == "Concept" and "Organization" in types)


def conjuncts(anchor_tok: Token, aa: Arg, ab: Arg, lang: str, lex: Lexicon) -> list[ParseFact]:
    """ "X and Y agreed to merge", "a joint venture between X and Y": symmetric relations of conjuncts."""
    cands = [*ancestors(anchor_tok)[1:3]]
    cands += [c for h in cands for c in h.children if c.dep_ in ("obj", "dobj", "xcomp", "attr")]
    for t in cands:
        for spec in lookup(t, lang, lex):
            if spec.symmetric and typed(aa.entity, spec.types[0]) and typed(ab.entity, spec.types[1]):
                return [spec.fact(aa.entity, ab.entity, t.lemma_.lower(), 2)]
    return []


def named_role(
    verb: Token, ta: Token, aa: Arg, tb: Token, ab: Arg, lang: str, lex: Lexicon
) -> list[ParseFact]:
    """ "Acme named Jane Doe its chief executive": the role noun among the naming verb's complements."""
    roles = {ta.i: role_at(ta, verb), tb.i: role_at(tb, verb)}
    person = next(
        (a for t, a in ((ta, aa), (tb, ab)) if a.entity.type == "Person" and roles[t.i] == "patient"), None
    )
    org = next(
        (a for t, a in ((ta, aa), (tb, ab)) if a.entity.type == "Organization" and roles[t.i] == "agent"),
        None,
    )
    if person is None or org is None:
        return []
    for t in verb.subtree:
        for spec in lex.role_nouns.get(lang, {}).get(t.lemma_.lower(), []) + lex.role_nouns.get(lang, {}).get(
            f"{t.lemma_} {t.doc[min(t.i + 1, len(t.doc) - 1)].lemma_}".lower(), []
        ):
            return [spec.fact(person.entity, org.entity, t.lemma_.lower(), 3)]
    return []


_PAY: Final = frozenset({"pay", "payer", "verser", "acquitter", "agree", "accepter"})
_CHAIRS: Final = frozenset({"chair", "head", "lead", "présider", "diriger"})
_WIN: Final = frozenset({"win", "receive", "secure", "land", "bag", "clinch", "get", "obtain", "remporter",
                         "décrocher", "obtenir", "recevoir", "gagner"})


def adjusted(fact: ParseFact, spec: Spec, t: Token, top: Token | None) -> ParseFact:
    """A path fact corrected by the verb that governs its trigger noun."""
    if spec.name == "fined" and (top or t.head).lemma_.lower() in _PAY and isinstance(fact.object, Entity):
        # "X agreed to pay a fine to the FCC": the payer is the one fined, the payee the authority
        return spec.fact(fact.object, fact.subject, fact.trigger, fact.hops, fact.qualifiers)
    if spec.predicate == "boardMember" and t.head.lemma_.lower() in _CHAIRS and t.dep_ in ("obj", "dobj"):
        # "who chairs its board", "préside son conseil d'administration"
        return ParseFact("chairOf", "leadership", "chairs", fact.subject, fact.object, fact.qualifiers,
                         fact.trigger, fact.hops)
    if spec.predicate == "customerOf" and top is not None and top.lemma_.lower() in _WIN \
            and isinstance(fact.object, Entity):
        # "X wins an order from Y": X supplies Y, the one who ordered
        return ParseFact("supplierOf", "supply", "supplies", fact.object, fact.subject, fact.qualifiers,
                         fact.trigger, fact.hops)
    return fact
