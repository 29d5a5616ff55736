"""Pure conversion of fact records and article metadata to quads.

Model (see ``DESIGN.md``): each article has its own named graph holding, for every fact,
the direct triple ``subject predicate object`` and a statement node (``rdf:Statement``,
``ng:Fact`` and, where the predicate names one, an n-ary event class such as
``ng:FundingRound``) carrying qualifiers, modality, attribution, the evidence text and its
character offsets, confidence, method and ``prov:wasDerivedFrom`` the article. The article
itself (``schema:NewsArticle``) and the load (``prov:Activity``) go to the metadata graph.

Examples
--------
>>> from loaders.model import Fact
>>> f = Fact.from_dict({"id": "F1", "subject": {"label": "xAI", "type": "Organization"},
...     "predicate": {"iri": "ng:foundedBy"}, "object": {"label": "Elon Musk", "type": "Person"},
...     "evidence": {"source": "a", "text": "xAI", "start": 0, "end": 3}})
>>> quads = fact_quads(f, "a")
>>> any(str(q.predicate).endswith("#evidenceText>") for q in quads)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from loaders.model import Entity, Fact, Value
from ontology.namespaces import (
    DCT,
    META_GRAPH,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    activity_iri,
    article_graph_iri,
    article_iri,
    class_iri,
    expand,
    fact_iri,
)
from ontology.vocab import EVENT_CLASSES, MODALITY_INDIVIDUALS, ng

_TYPE = NamedNode(RDF + "type")
_LABEL = NamedNode(RDFS + "label")
_DATE_PATTERNS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD + "date"),
    (re.compile(r"^\d{4}-\d{2}$"), XSD + "gYearMonth"),
    (re.compile(r"^\d{4}$"), XSD + "gYear"),
)

#: entity type -> schema.org / W3C Org class also asserted, for portability without reasoning
_ALIGNED: dict[str, str] = {
    "Organization": SCHEMA + "Organization",
    "Person": SCHEMA + "Person",
    "Place": SCHEMA + "Place",
    "Product": SCHEMA + "Product",
    "AIModel": SCHEMA + "SoftwareApplication",
    "Hardware": SCHEMA + "Product",
    "Facility": SCHEMA + "Place",
    "Supercomputer": SCHEMA + "Product",
    "Project": SCHEMA + "Project",
    "Event": SCHEMA + "Event",
    "Document": SCHEMA + "CreativeWork",
}


@dataclass(frozen=True)
class ArticleMeta:
    """What is known of an article: id, title, language, date, source and text."""

    id: str
    text: str
    title: str | None = None
    language: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None


def typed_date(text: str) -> Literal:
    """A date literal at the precision the text gives (never inventing a day).

    >>> typed_date("2024-06").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    >>> typed_date("next summer").datatype.value
    'http://www.w3.org/2001/XMLSchema#string'
    """
    for pattern, dtype in _DATE_PATTERNS:
        if pattern.match(text):
            return Literal(text, datatype=NamedNode(dtype))
    return Literal(text)


def decimal_literal(v: Decimal | int | float | str) -> Literal:
    """An ``xsd:decimal`` literal in canonical-ish form (no exponent)."""
    d = Decimal(str(v))
    s = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    return Literal(s, datatype=NamedNode(XSD + "decimal"))


def value_literal(v: Value) -> Literal:
    """The literal for a value object, typed by its datatype."""
    dtype = expand(v.datatype)
    if dtype == XSD + "decimal":
        return decimal_literal(v.value)
    if v.lang and dtype in (XSD + "string", RDF + "langString"):
        return Literal(v.value, language=v.lang)
    return Literal(v.value, datatype=NamedNode(dtype))


def entity_quads(e: Entity, graph: NamedNode) -> Iterator[Quad]:
    """Type, label, aliases and ``owl:sameAs`` links of an entity."""
    node = NamedNode(e.iri)
    yield Quad(node, _TYPE, NamedNode(class_iri(e.type)), graph)
    if e.type in _ALIGNED:
        yield Quad(node, _TYPE, NamedNode(_ALIGNED[e.type]), graph)
    yield Quad(node, _LABEL, _lang(e.label, e.lang), graph)
    yield Quad(node, NamedNode(SKOS + "prefLabel"), _lang(e.label, e.lang), graph)
    for alias in e.aliases:
        if alias != e.label:
            yield Quad(node, NamedNode(SKOS + "altLabel"), Literal(alias), graph)
    for other in e.same_as:
        yield Quad(node, NamedNode(OWL + "sameAs"), NamedNode(other), graph)


def fact_quads(fact: Fact, article_id: str) -> list[Quad]:
    """Quads of one fact in the article's graph: direct triple, statement node, entities."""
    g = NamedNode(article_graph_iri(article_id))
    s = NamedNode(fact.subject.iri)
    p = NamedNode(fact.predicate.iri)
    o: NamedNode | Literal = (
        NamedNode(fact.object.iri) if isinstance(fact.object, Entity) else value_literal(fact.object)
    )
    st = NamedNode(fact_iri(article_id, fact.id))
    out = [Quad(s, p, o, g), *entity_quads(fact.subject, g)]
    if isinstance(fact.object, Entity):
        out.extend(entity_quads(fact.object, g))
    local = fact.predicate.iri.rsplit("#", 1)[-1]
    out += [
        Quad(st, _TYPE, NamedNode(RDF + "Statement"), g),
        Quad(st, _TYPE, NamedNode(ng("Fact")), g),
        Quad(st, NamedNode(RDF + "subject"), s, g),
        Quad(st, NamedNode(RDF + "predicate"), p, g),
        Quad(st, NamedNode(RDF + "object"), o, g),
        Quad(st, NamedNode(ng("factId")), Literal(fact.id), g),
        Quad(st, NamedNode(ng("modality")), NamedNode(MODALITY_INDIVIDUALS[fact.modality]), g),
        Quad(st, NamedNode(ng("evidenceText")), Literal(fact.evidence.text), g),
        Quad(st, NamedNode(ng("startOffset")), _int(fact.evidence.start), g),
        Quad(st, NamedNode(ng("endOffset")), _int(fact.evidence.end), g),
        Quad(st, NamedNode(ng("confidence")), decimal_literal(round(fact.confidence, 3)), g),
        Quad(st, NamedNode(ng("method")), Literal(fact.method), g),
        Quad(st, NamedNode(PROV + "wasDerivedFrom"), NamedNode(article_iri(article_id)), g),
    ]
    if fact.predicate.label:
        out.append(Quad(st, _LABEL, Literal(fact.predicate.label), g))
    if local in EVENT_CLASSES:
        out.append(Quad(st, _TYPE, NamedNode(ng(EVENT_CLASSES[local])), g))
    out.extend(_qualifier_quads(fact, st, g))
    out.extend(_attribution_quads(fact, st, g, article_id))
    return out


def _qualifier_quads(fact: Fact, st: NamedNode, g: NamedNode) -> Iterator[Quad]:
    q = fact.qualifiers
    if q.quantity is not None:
        yield Quad(st, NamedNode(ng("quantity")), decimal_literal(q.quantity), g)
    if q.amount is not None:
        yield Quad(st, NamedNode(ng("amount")), decimal_literal(q.amount), g)
    if q.approximate:
        yield Quad(st, NamedNode(ng("approximate")), Literal(True), g)
    if q.date is not None:
        yield Quad(st, NamedNode(ng("date")), typed_date(q.date), g)
    if q.rank is not None:
        yield Quad(st, NamedNode(ng("rank")), _int(q.rank), g)
    for key in ("unit", "currency", "role", "purpose", "note"):
        v = getattr(q, key)
        if v is not None:
            yield Quad(st, NamedNode(ng(key)), Literal(v), g)


def _attribution_quads(fact: Fact, st: NamedNode, g: NamedNode, article_id: str) -> Iterator[Quad]:
    a = fact.attribution
    if a is None:
        return
    agent = NamedNode(a.agent.iri)
    yield Quad(st, NamedNode(ng("attributedTo")), agent, g)
    yield Quad(st, NamedNode(PROV + "wasAttributedTo"), agent, g)
    yield from entity_quads(a.agent, g)
    if a.via:
        via = NamedNode(fact_iri(article_id, f"source-{a.via}"))
        yield Quad(st, NamedNode(ng("statedIn")), via, g)
        yield Quad(via, _TYPE, NamedNode(SCHEMA + (a.via_type or "CreativeWork")), g)
        yield Quad(via, _LABEL, Literal(a.via), g)
        yield Quad(via, NamedNode(SCHEMA + "author"), agent, g)
        if a.date:
            yield Quad(via, NamedNode(SCHEMA + "datePublished"), typed_date(a.date), g)


def article_quads(meta: ArticleMeta, *, tool_version: str, model_version: str | None,
                  stamp: str, fact_count: int) -> list[Quad]:
    """Metadata-graph quads: the article as ``schema:NewsArticle`` and the load activity."""
    mg = NamedNode(META_GRAPH)
    art = NamedNode(article_iri(meta.id))
    graph = NamedNode(article_graph_iri(meta.id))
    act = NamedNode(activity_iri(meta.id, stamp))
    out = [
        Quad(art, _TYPE, NamedNode(SCHEMA + "NewsArticle"), mg),
        Quad(art, NamedNode(SCHEMA + "identifier"), Literal(meta.id), mg),
        Quad(art, NamedNode(SCHEMA + "text"), Literal(meta.text), mg),
        Quad(art, NamedNode(ng("articleGraph")), graph, mg),
        Quad(graph, NamedNode(PROV + "wasGeneratedBy"), act, mg),
        Quad(graph, NamedNode(PROV + "wasDerivedFrom"), art, mg),
        Quad(act, _TYPE, NamedNode(PROV + "Activity"), mg),
        Quad(act, _TYPE, NamedNode(ng("Load")), mg),
        Quad(act, NamedNode(PROV + "used"), art, mg),
        Quad(act, NamedNode(PROV + "generated"), graph, mg),
        Quad(act, NamedNode(PROV + "startedAtTime"),
             Literal(stamp, datatype=NamedNode(XSD + "dateTime")), mg),
        Quad(act, NamedNode(ng("toolVersion")), Literal(f"newsgraph {tool_version}"), mg),
        Quad(act, NamedNode(ng("factCount")), _int(fact_count), mg),
    ]
    if model_version:
        out.append(Quad(act, NamedNode(ng("modelVersion")), Literal(model_version), mg))
    if meta.title:
        out.append(Quad(art, NamedNode(SCHEMA + "headline"), _lang(meta.title, meta.language), mg))
    if meta.language:
        out.append(Quad(art, NamedNode(SCHEMA + "inLanguage"), Literal(meta.language), mg))
    if meta.date:
        out.append(Quad(art, NamedNode(SCHEMA + "datePublished"), typed_date(meta.date), mg))
    if meta.source:
        out.append(Quad(art, NamedNode(DCT + "source"), Literal(meta.source), mg))
    if meta.url:
        out.append(Quad(art, NamedNode(SCHEMA + "url"), NamedNode(meta.url), mg))
    if meta.path:
        out.append(Quad(art, NamedNode(ng("sourcePath")), Literal(meta.path), mg))
    return out


def article_dataset(meta: ArticleMeta, facts: Iterable[Fact], **kw: object) -> list[Quad]:
    """All quads for one article: its facts (deduplicated) and its metadata."""
    facts = list(facts)
    seen: dict[Quad, None] = {}
    for f in facts:
        for q in fact_quads(f, meta.id):
            seen.setdefault(q, None)
    meta_quads = article_quads(meta, fact_count=len(facts), **kw)  # type: ignore[arg-type]
    return [*seen, *meta_quads]


def _int(v: int) -> Literal:
    return Literal(str(v), datatype=NamedNode(XSD + "integer"))


def _lang(text: str, lang: str | None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


__all__ = ["ArticleMeta", "article_dataset", "fact_quads", "typed_date"]
