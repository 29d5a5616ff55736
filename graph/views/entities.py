"""Entity cards, facts by id, entity search and full-text search over evidence.

Everything is read from the projection (so it works over every store backend and is never older
than the store): an entity's labels, types, aliases and ``owl:sameAs`` links, every fact in and
out grouped by predicate with its evidence (article id and headline), modality, attribution and
confidence, and the articles that mention it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.errors import NotFound
from graph.projection import caps
from graph.projection.core import Projection
from graph.projection.fulltext import snippet, terms
from graph.projection.records import FactRecord, full_iri, short_id
from graph.projection.shape import Evidence, Node, PredicateRef
from graph.projection.traverse import entity, predicate_iris, to_edge, to_node, type_names


@dataclass(frozen=True)
class Ref:
    id: str
    label: str


@dataclass
class FactView:
    """One fact as a card shows it: ends, predicate, qualifiers, modality, evidence."""

    id: str
    iri: str
    subject: Ref
    predicate: PredicateRef
    object: Ref | None
    value: Any
    qualifiers: dict[str, Any]
    modality: str
    attributed_to: str | None
    confidence: float | None
    method: str | None
    evidence: Evidence | None
    fact_id: str | None
    graph: str


@dataclass
class FactGroup:
    predicate: PredicateRef
    facts: list[FactView]
    total: int = 0


@dataclass
class ArticleRef:
    id: str
    headline: str | None
    language: str | None
    graph: str


@dataclass
class EntityCard:
    node: Node
    labels: list[tuple[str, str]]
    aliases: list[tuple[str, str]]
    types: list[str]
    same_as: list[str]
    outgoing: list[FactGroup]
    incoming: list[FactGroup]
    attributed: list[FactView]
    articles: list[ArticleRef]
    degree: int
    generation: int


@dataclass(frozen=True)
class EntityHit:
    node: Node
    rank: str
    score: float
    matched: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Page:
    total: int
    offset: int
    limit: int
    results: list[Any]
    generation: int


def fact_view(p: Projection, f: FactRecord) -> FactView:
    e = to_edge(p, f)
    obj = Ref(short_id(f.object_iri), p.label_of(f.object_iri) or "") if f.object_iri else None
    return FactView(f.id, f.iri, Ref(short_id(f.subject), p.label_of(f.subject) or ""), e.predicate,
                    obj, f.value, e.qualifiers, f.modality, e.attributed_to, f.confidence, f.method,
                    e.evidence, f.fact_id, f.graph)


def _grouped(p: Projection, facts: list[FactRecord], per_predicate: int) -> list[FactGroup]:
    """Facts by predicate, at most ``per_predicate`` of each (``total`` tells how many)."""
    by_pred: dict[str, list[FactRecord]] = {}
    for f in facts:
        by_pred.setdefault(f.predicate, []).append(f)
    groups = []
    for fs in by_pred.values():
        fs.sort(key=lambda f: (-(f.confidence or 0), f.graph, f.start or 0, f.iri))
        views = [fact_view(p, f) for f in fs[:per_predicate]]
        groups.append(FactGroup(views[0].predicate, views, len(fs)))
    groups.sort(key=lambda g: g.predicate.label)
    return groups


def entity_card(p: Projection, ident: str, per_predicate: int = caps.CARD_FACTS) -> EntityCard:
    """Everything known about one entity (at most ``per_predicate`` facts per predicate and
    direction, best supported first); :class:`NotFound` if it is not in the graph."""
    caps.bounded("per_predicate", per_predicate, 1, caps.MAX_TOP)
    p.sync()
    n = entity(p, ident)
    st = p.nodes[n]
    out = [f for f in (p.edges[e] for e in p.out[n]) if f is not None]
    out += [p.facts[k] for k in st.values]
    inc = [f for f in (p.edges[e] for e in p.inc[n]) if f is not None]
    attributed = sorted((p.facts[k] for k in p.attributed.get(st.iri, ())),
                        key=lambda f: (f.start or 0, f.iri))[:caps.MAX_TOP]
    graphs = set(st.graphs) | {f.graph for f in out + inc}
    arts = []
    for f in out + inc:
        if f.article and f.article in p.articles and f.graph in graphs:
            a = p.articles[f.article]
            arts.append(ArticleRef(a.id, a.headline, a.language, f.graph))
            graphs.discard(f.graph)
    arts += [ArticleRef(g.rsplit("/", 1)[-1], None, None, g) for g in sorted(graphs)
             if "/graph/article/" in g]
    return EntityCard(to_node(p, n), st.labels, st.aliases, st.types, st.same_as,
                      _grouped(p, out, per_predicate), _grouped(p, inc, per_predicate),
                      [fact_view(p, f) for f in attributed],
                      sorted(arts, key=lambda a: a.id), len(p.out[n]) + len(p.inc[n]), p.generation)


def fact_by_id(p: Projection, ident: str) -> FactView:
    p.sync()
    iri = full_iri(ident)
    f = p.facts.get(iri)
    if f is None:
        raise NotFound(f"no fact {ident!r}")
    return fact_view(p, f)


def search_entities(p: Projection, q: str, *, types: list[str] | None = None, lang: str | None = None,
                    limit: int = 10, offset: int = 0) -> Page:
    """Entities whose labels or aliases match ``q``, best first, with the total count."""
    caps.bounded("limit", limit, 1, caps.MAX_TOP)
    caps.bounded("offset", offset, 0, 10_000_000)
    p.sync()
    wanted = type_names(types or [])
    hits = []
    for m in p.names.lookup(q, lang):
        if not p.present(m.node):
            continue
        st = p.nodes[m.node]
        if wanted and not st.type_names & wanted:
            continue
        hits.append((m, len(p.out[m.node]) + len(p.inc[m.node])))
    hits.sort(key=lambda h: (-h[0].score, -h[1], p.nodes[h[0].node].label))
    page = [EntityHit(to_node(p, m.node), m.rank, m.score, m.name,
                      [a for a, _ in p.nodes[m.node].aliases]) for m, _ in hits[offset:offset + limit]]
    return Page(len(hits), offset, limit, page, p.generation)


@dataclass(frozen=True)
class FactHit:
    fact: FactView
    score: float
    snippet: str


def search_facts(p: Projection, q: str = "", *, modality: list[str] | None = None,
                 predicate: list[str] | None = None, article: str | None = None, limit: int = 20,
                 offset: int = 0) -> Page:
    """Facts whose evidence holds every word of ``q`` (ranked, highlighted), filtered."""
    caps.bounded("limit", limit, 1, caps.MAX_TOP)
    caps.bounded("offset", offset, 0, 10_000_000)
    mods = caps.modalities("modality", modality or [])
    preds = predicate_iris("predicate", predicate or [])
    p.sync()
    art_iri = None
    if article:
        art_iri = next((a.iri for a in p.articles.values() if a.id == article), "\0")

    def keep(key: str) -> bool:
        f = p.facts[key]
        return ((not mods or f.modality in mods) and (not preds or f.predicate in preds)
                and (art_iri is None or f.article == art_iri))

    filtered = bool(mods or preds or art_iri is not None)

    qt = terms(q)
    if qt:
        total, hits = p.text.search(q, keep if filtered else None, top=offset + limit)
        scored = [(h.key, h.score) for h in hits]
    else:
        scored = [(k, 0.0) for k in sorted(p.facts, key=lambda k: (p.facts[k].graph,
                                                                  p.facts[k].start or 0, k)) if keep(k)]
        total = len(scored)
    results = []
    for key, score in scored[offset:offset + limit]:
        f = p.facts[key]
        results.append(FactHit(fact_view(p, f), score, snippet(f.text or "", qt) if qt else f.text or ""))
    return Page(total, offset, limit, results, p.generation)
