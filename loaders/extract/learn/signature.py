"""What the ontology allows a learned fact to be: a check of its predicate against the ends it links.

The classifier scores pairs, not types, so it can propose an amount raised by a region or a
competitor that is a city. The ontology (``ontology/newsgraph.ttl``) says what each predicate takes:
an ``owl:DatatypeProperty`` links to a value, never an entity (an object property may take a value:
the extractor writes categories and free-text objects as descriptions); and a
geographic place (``ng:Place``) is the object of a fact only where the predicate's ``rdfs:range``
names it (``locatedIn``, ``locatedNear``, ``areaServed``), and the subject only where its
``rdfs:domain`` does or the predicate links places to places (nothing declares a place as the power
capacity's holder); a predicate whose range is ``ng:Concept`` alone (``category``) never links to a
named entity that is not a concept.

Examples
--------
>>> from loaders.model import Entity, Value
>>> acme, ohio = Entity("Acme", "Organization"), Entity("Ohio", "Place")
>>> allowed("locatedIn", acme, ohio), allowed("competesWith", acme, ohio)
(True, False)
>>> allowed("powerCapacity", ohio, Value("200", "MW")), allowed("powerCapacity", acme, Value("200", "MW"))
(False, True)
>>> allowed("raisedFunding", acme, ohio), allowed("locatedIn", Entity("Lille", "Place"), ohio)
(False, True)
>>> allowed("category", acme, Entity("Globex", "Organization")), allowed("category", acme, Value("startup"))
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from pyoxigraph import NamedNode, RdfFormat, parse

from loaders.model import Entity, Value
from ontology.namespaces import NG, ONTOLOGY_FILE, OWL, RDF, RDFS

PLACE: Final = NG + "Place"
CONCEPT: Final = NG + "Concept"


@dataclass
class Signature:
    """A predicate's kind (``object``, ``datatype`` or ``""`` when undeclared), domain and range."""

    kind: str = ""
    domain: set[str] = field(default_factory=set)
    range: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def signatures() -> dict[str, Signature]:
    """Local name -> :class:`Signature` of every ``ng:`` property of the ontology."""
    out: dict[str, Signature] = {}
    kinds = {OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype"}
    for t in parse(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE):
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, NamedNode) or not s.value.startswith(NG) or not isinstance(o, NamedNode):
            continue
        sig = out.setdefault(s.value[len(NG):], Signature())
        if p == RDF + "type" and o.value in kinds:
            sig.kind = kinds[o.value]
        elif p == RDFS + "domain":
            sig.domain.add(o.value)
        elif p == RDFS + "range":
            sig.range.add(o.value)
    return out


def allowed(predicate: str, subject: Entity, obj: Entity | Value) -> bool:
    """Whether the ontology lets ``predicate`` link ``subject`` to ``obj`` (see the module docstring)."""
    sig = signatures().get(predicate, Signature())
    if sig.kind == "datatype" and isinstance(obj, Entity):  # an object property may take a description
        return False
    if subject.type == "Place" and PLACE not in sig.domain | sig.range:  # a place lies in a place
        return False
    if sig.range == {CONCEPT} and isinstance(obj, Entity) and obj.type != "Concept":
        return False  # a category is a concept ("startup"), never a named company, person or place
    return not (isinstance(obj, Entity) and obj.type == "Place" and PLACE not in sig.range)


__all__ = ["allowed", "signatures"]
