"""Combining the rules' and the parse's facts of a sentence, and one fact per statement in an article.

:func:`parse_facts` keeps the parse relations the rules did not already state for the same pair and
family; :func:`dedupe` keeps one fact per subject, predicate, object and quantity.
"""

from __future__ import annotations

from typing import Any, Final

from loaders.extract.evaluate import load_mapping
from loaders.extract.nlp import Mention
from loaders.extract.parse.lexicon import Arg
from loaders.extract.parse.relations import relations
from loaders.extract.rules.engine import RawFact
from loaders.extract.sentences import Segment
from loaders.model import Entity, Fact, Value

#: segment kinds no rule reads (a photo caption, a dateline)
SKIP_KINDS: Final = ("caption", "dateline")
#: segment kinds no parse or learned relation is read from
NO_RELATIONS: Final = (*SKIP_KINDS, "signature", "post")
ROLE_FAMILIES: Final = frozenset({"role", "leadership", "board"})
#: entity types a parse or learned relation may link
RELATION_TYPES: Final = ("Organization", "Person", "Facility", "Supercomputer", "Product", "Place", "Concept")


def family_of(predicate: str, default: str = "other") -> str:
    """The scorer's relation family of a predicate (``default`` when unmapped), a role, a CEO post and
    a board seat taken as one relation."""
    fam = str(load_mapping()["families"].get(predicate, default))
    return "role" if fam in ROLE_FAMILIES else fam


def relation_args(mentions: list[Mention], entities: list[Entity | None], seg_start: int) -> list[Arg]:
    """The resolved mentions a relation may link, with offsets relative to the segment."""
    return [Arg(m.start - seg_start, m.end - seg_start, e) for m, e in zip(mentions, entities, strict=True)
            if e is not None and e.type in RELATION_TYPES]


def dedupe(facts: list[Fact], headlines: frozenset[int] = frozenset()) -> list[Fact]:
    """One fact per subject, predicate, object and quantity; a body sentence's evidence beats a headline's."""
    seen: dict[tuple[Any, ...], int] = {}
    out: list[Fact] = []
    cats: dict[str, list[set[str]]] = {}
    for f in facts:
        if f.predicate.iri.endswith("#category") and isinstance(f.object, Value):
            cats.setdefault(f.subject.iri, []).append(set(f.object.value.lower().split()))
    for f in facts:
        o = f.object
        key = (f.subject.iri, f.predicate.iri, o.iri if isinstance(o, Entity) else (o.value, o.unit),
               f.qualifiers.quantity)
        if key in seen:
            k = seen[key]
            if out[k].evidence.start in headlines and f.evidence.start not in headlines:
                out[k] = f
            continue
        if f.predicate.iri.endswith("#category") and isinstance(o, Value):
            words = set(o.value.lower().split())
            if any(words < other for other in cats.get(f.subject.iri, [])):
                continue
        seen[key] = len(out)
        out.append(f)
    return out


def parse_facts(doc: Any, seg: Segment, mentions: list[Mention], entities: list[Entity | None], lang: str,
                 rule_raws: list[RawFact]) -> list[RawFact]:
    """Parse relations the rules did not already state for the same pair and family."""
    if doc is None or seg.kind in NO_RELATIONS:
        return []
    args = relation_args(mentions, entities, seg.start)
    pairs = {(frozenset((r.subject.iri, r.object.iri)), family_of(r.predicate, r.family))
             for r in rule_raws if isinstance(r.object, Entity) and r.predicate not in VAGUE}
    valued = {(r.subject.iri, r.predicate) for r in rule_raws if isinstance(r.object, Value)}
    out: list[RawFact] = []
    for pf in relations(doc, args, lang):
        if isinstance(pf.object, Entity) and (frozenset((pf.subject.iri, pf.object.iri)),
                                              family_of(pf.predicate, pf.family)) in pairs:
            continue  # the rules already state this relation family for the pair (a chair may co-found)
        if isinstance(pf.object, Value) and (pf.subject.iri, pf.predicate) in valued:
            continue
        direct = "d" if pf.hops <= _DIRECT_HOPS else "i"
        out.append(RawFact(f"parse:{pf.predicate}:{pf.trigger}:{direct}", pf.family, pf.predicate, pf.label,
                           pf.subject, pf.object, pf.qualifiers, None))
    return out


_DIRECT_HOPS: Final = 4
#: rule predicates a parse relation between the same two entities replaces ("Taiwan's X": located in)
VAGUE: Final = frozenset({"associatedWith"})


