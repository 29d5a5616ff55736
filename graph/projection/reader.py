"""Reading one named graph's quads into a :class:`~graph.projection.records.GraphPart`.

The model is the one ``loaders/to_rdf.py`` writes: entities with labels, aliases and types; for
every fact a direct triple and a statement node (``rdf:Statement``/``ng:Fact``, perhaps an n-ary
event class) carrying qualifiers, modality, attribution and evidence. A statement becomes one
:class:`FactRecord` and its direct triple is not counted twice; a triple between two entities
with no statement node (RDF loaded from elsewhere) becomes a plain fact. Statement, provenance
and vocabulary nodes are never entities.

>>> from pyoxigraph import Literal, NamedNode, Quad
>>> from ontology.namespaces import ID, RDF, RDFS
>>> g = NamedNode(ID + "graph/x")
>>> a, b = NamedNode(ID + "organization/a"), NamedNode(ID + "organization/b")
>>> part = read_part(ID + "graph/x", [Quad(a, NamedNode(RDFS + "label"), Literal("A"), g),
...     Quad(a, NamedNode("http://example.org/owns"), b, g)])
>>> [(f.subject[-1], f.object_iri[-1], f.statement) for f in part.facts]
[('a', 'b', False)]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, Triple

from graph.projection.records import ArticleInfo, EntityPart, FactRecord, GraphPart
from ontology.namespaces import DCT, ID, NG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SH, SKOS, XSD
from ontology.vocab import EVENT_CLASSES

TYPE, LABEL = RDF + "type", RDFS + "label"
PREF, ALT, SAME = SKOS + "prefLabel", SKOS + "altLabel", OWL + "sameAs"
_STATEMENT_TYPES = frozenset({RDF + "Statement", NG + "Fact", *(NG + c for c in EVENT_CLASSES.values())})
_PROVENANCE_TYPES = frozenset({SCHEMA + "NewsArticle", PROV + "Activity", NG + "Load",
                               PROV + "Entity", SH + "ValidationReport"})
_VOCAB_TYPES = frozenset({OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", RDF + "Property",
                          OWL + "DatatypeProperty", OWL + "AnnotationProperty", OWL + "Ontology",
                          SKOS + "ConceptScheme", NG + "Modality", SH + "NodeShape"})
#: subjects in these namespaces are vocabulary terms, never entities
VOCAB_NAMESPACES = (NG, OWL, RDF, RDFS, SKOS, PROV, SCHEMA, XSD, DCT, ORG, SH)
#: newsgraph IRIs that are provenance, not entities
_PROVENANCE_PATHS = tuple(ID + p for p in ("fact/", "activity/", "article/", "graph/"))
#: predicates that never make an entity-to-entity edge
_NOT_EDGES = frozenset({TYPE, SAME, LABEL, PREF, ALT, SCHEMA + "author", SCHEMA + "url",
                        RDFS + "seeAlso", RDFS + "isDefinedBy", OWL + "differentFrom"})
_NOT_EDGE_NS = (PROV, SKOS)
_QUALIFIERS = {NG + k: k for k in ("quantity", "unit", "approximate", "amount", "currency", "date",
                                   "rank", "role", "purpose", "note")}


def _text(o: Any) -> str:
    return str(o.value)


def _modality(o: Any) -> str:
    return str(o.value).rsplit("#", 1)[-1].lower()


#: statement property -> (FactRecord field, conversion of the object term)
_STATEMENT_FIELDS: dict[str, tuple[str, Any]] = {
    RDF + "subject": ("subject", _text), RDF + "predicate": ("predicate", _text),
    NG + "modality": ("modality", _modality), NG + "attributedTo": ("attributed_to", _text),
    NG + "evidenceText": ("text", _text), NG + "startOffset": ("start", lambda o: int(o.value)),
    NG + "endOffset": ("end", lambda o: int(o.value)),
    NG + "confidence": ("confidence", lambda o: float(o.value)), NG + "method": ("method", _text),
    NG + "factId": ("fact_id", _text), LABEL: ("predicate_label", _text),
    PROV + "wasDerivedFrom": ("article", _text), NG + "statedIn": ("stated_in", _text),
}
_OBJECT = RDF + "object"


def plain(term: Any) -> Any:
    """A literal's Python value (numbers as int/float, booleans), an IRI's string.

    >>> plain(Literal("12000", datatype=NamedNode(XSD + "decimal")))
    12000
    """
    if isinstance(term, Literal):
        dt = term.datatype.value
        if dt in (XSD + "decimal", XSD + "integer", XSD + "double", XSD + "float", XSD + "long",
                  XSD + "int"):
            try:
                d = Decimal(term.value)
            except ArithmeticError:
                return term.value
            return int(d) if d == d.to_integral_value() and "e" not in term.value.lower() else float(d)
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def is_entity_iri(iri: str) -> bool:
    """Whether an IRI may name an entity (not a vocabulary term, not provenance)."""
    return not iri.startswith(VOCAB_NAMESPACES) and not iri.startswith(_PROVENANCE_PATHS)


def read_part(graph: str, quads: Iterable[Quad]) -> GraphPart:
    """The entities, facts, articles and vocabulary labels of one graph's quads."""
    by_subject: dict[str, list[tuple[str, Any]]] = {}
    types: dict[str, set[str]] = {}
    part = GraphPart(graph)
    n = 0
    get = by_subject.get
    for subj, pred, obj, _ in quads:  # unpacking is the cheapest way through pyoxigraph's quads
        n += 1
        if type(subj) is Triple:  # RDF 1.2 triple terms as subjects: not entities
            continue
        key, pv = subj.value, pred.value
        pairs = get(key)
        if pairs is None:
            pairs = by_subject[key] = []
            types[key] = set()
        pairs.append((pv, obj))
        if pv == TYPE and type(obj) is NamedNode:
            types[key].add(obj.value)
    part.triples = n
    covered: set[tuple[str, str, str]] = set()
    for s, pos in by_subject.items():
        ts = types[s]
        if ts & _STATEMENT_TYPES:
            fact = _statement(graph, s, pos, ts)
            if fact is not None:
                part.facts.append(fact)
                if fact.object_iri is not None:
                    covered.add((fact.subject, fact.predicate, fact.object_iri))
        elif SCHEMA + "NewsArticle" in ts:
            part.articles.append(_article(s, pos))
    for s, pos in by_subject.items():
        ts = types[s]
        if ts & (_STATEMENT_TYPES | _PROVENANCE_TYPES):
            continue
        if not is_entity_iri(s) or ts & _VOCAB_TYPES:
            for p, o in pos:
                if p in (LABEL, PREF) and isinstance(o, Literal):
                    part.term_labels.setdefault(s, o.value)
            continue
        _entity(part, graph, s, pos, ts, types, covered)
    return part


def _entity(part: GraphPart, graph: str, s: str, pos: list[tuple[str, Any]], ts: set[str],
            types: dict[str, set[str]], covered: set[tuple[str, str, str]]) -> None:
    ent = EntityPart(types=sorted(ts))
    for p, o in pos:
        if isinstance(o, Literal):
            if p in (LABEL, PREF):
                pair = (o.value, o.language or "")
                if pair not in ent.labels:
                    ent.labels.append(pair)
            elif p == ALT:
                ent.aliases.append((o.value, o.language or ""))
            continue
        if not isinstance(o, NamedNode):
            continue
        if p == SAME:
            ent.same_as.append(o.value)
        elif (p not in _NOT_EDGES and not p.startswith(_NOT_EDGE_NS) and is_entity_iri(o.value)
              and not types.get(o.value, set()) & (_STATEMENT_TYPES | _PROVENANCE_TYPES)
              and (s, p, o.value) not in covered):
            key = hashlib.sha1(f"{s} {p} {o.value} {graph}".encode()).hexdigest()[:16]
            part.facts.append(FactRecord(iri=f"urn:newsgraph:triple:{key}", graph=graph, subject=s,
                                         predicate=p, object_iri=o.value, statement=False))
    if ent.labels or ent.types or ent.aliases or ent.same_as:
        part.entities[s] = ent


def _statement(graph: str, s: str, pos: list[tuple[str, Any]], ts: set[str]) -> FactRecord | None:
    f: dict[str, Any] = {}
    quals: dict[str, Any] = {}
    for p, o in pos:
        field = _STATEMENT_FIELDS.get(p)
        if field is not None:
            f[field[0]] = field[1](o)
        elif p in _QUALIFIERS:
            quals[_QUALIFIERS[p]] = plain(o)
        elif p == _OBJECT:
            if isinstance(o, NamedNode):
                f["object_iri"] = o.value
            else:
                f["value"] = plain(o)
    if "subject" not in f or "predicate" not in f:
        return None
    events = sorted(t.rsplit("#", 1)[-1] for t in ts if t.startswith(NG) and t != NG + "Fact")
    return FactRecord(iri=s, graph=graph, qualifiers=quals, event_class=events[0] if events else None,
                      **f)


def _article(s: str, pos: list[tuple[str, Any]]) -> ArticleInfo:
    vals = {p: o for p, o in pos if isinstance(o, Literal)}
    ident = vals.get(SCHEMA + "identifier")
    head = vals.get(SCHEMA + "headline")
    lang = vals.get(SCHEMA + "inLanguage")
    date = vals.get(SCHEMA + "datePublished")
    return ArticleInfo(iri=s, id=ident.value if ident else s.rsplit("/", 1)[-1],
                       headline=head.value if head else None, language=lang.value if lang else None,
                       date=date.value if date else None)
