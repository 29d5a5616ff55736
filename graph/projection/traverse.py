"""Neighbours (breadth-first, APOC ``subgraphNodes`` semantics) and subgraphs from seeds.

Each node is visited once, at its smallest depth; when ``limit`` stops the walk the nearest nodes
are the ones kept. Filters: ``direction``, ``predicates``/``exclude_predicates``,
``types``/``exclude_types`` (on the nodes reached, never on the start), ``modality``. The answer
is a :class:`~graph.projection.shape.Subgraph` with every edge between the nodes kept that passes
the edge filters, so exports take it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from graph.errors import InvalidParameter, NotFound
from graph.projection import caps
from graph.projection.core import Projection
from graph.projection.records import FactRecord, full_iri, short_id
from graph.projection.shape import Edge, Evidence, Node, PredicateRef, Subgraph
from ontology.namespaces import NG, PREFIXES, RDF


@dataclass(frozen=True)
class EdgeFilter:
    """Which facts a walk may follow."""

    direction: str = "both"
    predicates: frozenset[str] = frozenset()
    exclude_predicates: frozenset[str] = frozenset()
    modality: frozenset[str] = frozenset()
    exclude_modality: frozenset[str] = frozenset()

    @property
    def trivial(self) -> bool:
        return not (self.predicates or self.exclude_predicates or self.modality or self.exclude_modality)

    def ok(self, f: FactRecord) -> bool:
        if self.predicates and f.predicate not in self.predicates:
            return False
        if f.predicate in self.exclude_predicates:
            return False
        if self.modality and f.modality not in self.modality:
            return False
        return f.modality not in self.exclude_modality


@dataclass(frozen=True)
class NodeFilter:
    """Which entities a walk may enter (by type local name)."""

    types: frozenset[str] = frozenset()
    exclude_types: frozenset[str] = frozenset()

    def ok(self, p: Projection, n: int) -> bool:
        if not (self.types or self.exclude_types):
            return True
        names = p.nodes[n].type_names
        return (not self.types or bool(names & self.types)) and not names & self.exclude_types


@dataclass
class Traversal:
    """A walk's answer: the subgraph, whether a cap cut it, and each node's depth."""

    graph: Subgraph
    truncated: bool = False
    depth: dict[str, int] = field(default_factory=dict)


def predicate_iris(name: str, values: Iterable[str]) -> frozenset[str]:
    """Predicates given as IRIs, CURIEs (``ng:foundedBy``) or bare ``ng:`` local names."""
    out = set()
    for v in values:
        v = v.strip()
        if not v:
            continue
        if v.startswith(("http://", "https://", "urn:")):
            out.add(v)
        elif ":" in v:
            prefix, _, local = v.partition(":")
            if prefix not in PREFIXES:
                raise InvalidParameter(name, f"unknown prefix {prefix!r} in {v!r}")
            out.add(PREFIXES[prefix] + local)
        else:
            out.add(NG + v)
    return frozenset(out)


def type_names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().rsplit("#", 1)[-1].rsplit("/", 1)[-1].split(":")[-1]
                     for v in values if v.strip())


def entity(p: Projection, ident: str) -> int:
    """The entity number for an id (path after ``/id/``) or IRI; :class:`NotFound` if absent."""
    n = p.lookup(full_iri(ident))
    if n is None:
        raise NotFound(f"no entity {ident!r}")
    return n


def steps(p: Projection, u: int, direction: str, f: EdgeFilter) -> Iterator[tuple[int, int]]:
    """``(edge, neighbour)`` pairs out of ``u``, at most ``MAX_FANOUT`` per direction."""
    trivial, facts = f.trivial, p.edges  # adjacency lists hold live edges only
    if direction != "in":
        dst = p.dst
        for e in islice(p.out[u], caps.MAX_FANOUT):
            if trivial or f.ok(facts[e]):  # type: ignore[arg-type]
                yield e, dst[e]
    if direction != "out":
        src = p.src
        for e in islice(p.inc[u], caps.MAX_FANOUT):
            if trivial or f.ok(facts[e]):  # type: ignore[arg-type]
                yield e, src[e]


def neighbors(p: Projection, ident: str, *, depth: int = 1, edges: EdgeFilter = EdgeFilter(),
              nodes: NodeFilter = NodeFilter(), limit: int = caps.DEFAULT_LIMIT,
              include_statements: bool = False, max_edges: int = caps.DEFAULT_EDGES) -> Traversal:
    """Entities within ``depth`` hops of ``ident``, nearest first, at most ``limit`` of them,
    and at most ``max_edges`` of the facts among them."""
    caps.bounded("depth", depth, 1, caps.MAX_DEPTH)
    caps.bounded("limit", limit, 1, caps.MAX_NODES)
    caps.bounded("max_edges", max_edges, 1, caps.MAX_EDGES)
    caps.one_of("direction", edges.direction, caps.DIRECTIONS)
    p.sync()
    start = entity(p, ident)
    return walk(p, [start], depth, edges, nodes, limit, include_statements, max_edges)


def walk(p: Projection, seeds: list[int], depth: int, ef: EdgeFilter, nf: NodeFilter, limit: int,
         include_statements: bool, max_edges: int = caps.DEFAULT_EDGES) -> Traversal:
    """Breadth-first from ``seeds``; the edge that first reached each node comes first in the
    answer (so it stays connected), then the other edges among the nodes, up to ``max_edges``."""
    dist = dict.fromkeys(seeds, 0)
    tree: list[int] = []
    frontier, truncated, budget = list(seeds), False, limit + len(seeds)
    any_node = not (nf.types or nf.exclude_types)
    for d in range(1, depth + 1):
        nxt: list[int] = []
        for u in frontier:
            if len(p.out[u]) > caps.MAX_FANOUT or len(p.inc[u]) > caps.MAX_FANOUT:
                truncated = True
            full = False
            for e, v in steps(p, u, ef.direction, ef):
                if v in dist or not (any_node or nf.ok(p, v)):
                    continue
                if len(dist) >= budget:
                    truncated = full = True
                    break
                dist[v] = d
                tree.append(e)
                nxt.append(v)
            if full:
                break
        frontier = nxt
        if not frontier or len(dist) >= budget:
            break
    keep, cut = edges_among(p, dist, ef, max_edges, tree)
    g = subgraph_of(p, list(dist), keep, include_statements, dist)
    return Traversal(g, truncated or cut, {p.nodes[n].id: d for n, d in dist.items()})


SMALL_DEGREE = 64  # nodes up to this degree have their edges scanned; hubs are paired instead


def edges_among(p: Projection, kept: dict[int, int], ef: EdgeFilter, budget: int = caps.MAX_EDGES,
                first: list[int] | None = None) -> tuple[list[int], bool]:
    """Edges between two kept nodes that pass ``ef``: ``first`` ones, then the others, at most
    ``budget``; the flag says whether some were left out.

    Edges touching a small node are found from its adjacency lists; edges between two hubs are
    looked up by pair, so a hub's thousands of facts are never scanned.
    """
    found: dict[int, None] = dict.fromkeys(first or ())
    if len(found) >= budget:
        return list(found)[:budget], True
    trivial, facts, src, dst, out, inc = ef.trivial, p.edges, p.src, p.dst, p.out, p.inc
    hubs = [u for u in kept if len(out[u]) + len(inc[u]) > SMALL_DEGREE]
    big = set(hubs)
    # Each edge is met once: from its source's out-list when the source is small, else from its
    # target's in-list when the target is small, else (two hubs) by pair. Adjacency lists hold
    # live edges only, so facts[e] is never None here; setting a key twice keeps its place.
    for u in kept:
        if u in big:
            continue
        for e in out[u]:
            if dst[e] in kept and (trivial or ef.ok(facts[e])):  # type: ignore[arg-type]
                found[e] = None
                if len(found) >= budget:
                    return list(found), True
        for e in inc[u]:
            if src[e] in big and (trivial or ef.ok(facts[e])):  # type: ignore[arg-type]
                found[e] = None
                if len(found) >= budget:
                    return list(found), True
    pairs = p.pairs
    for a in hubs:
        for b in hubs:
            for e in pairs.get((a, b), ()):
                if trivial or ef.ok(facts[e]):  # type: ignore[arg-type]
                    found[e] = None
                    if len(found) >= budget:
                        return list(found), True
    return list(found), False


def subgraph(p: Projection, seeds: list[str], *, depth: int = 1, edges: EdgeFilter = EdgeFilter(),
             nodes: NodeFilter = NodeFilter(), limit: int = caps.MAX_NODES,
             include_statements: bool = False, max_edges: int = caps.MAX_EDGES) -> Traversal:
    """The seeds, everything within ``depth`` hops of any of them, and the edges among them."""
    if not seeds:
        raise InvalidParameter("seeds", "give at least one entity id")
    caps.bounded("seeds", len(seeds), 1, caps.MAX_SEEDS)
    caps.bounded("depth", depth, 0, caps.MAX_DEPTH)
    caps.bounded("limit", limit, 1, caps.MAX_NODES)
    caps.bounded("max_edges", max_edges, 1, caps.MAX_EDGES)
    caps.one_of("direction", edges.direction, caps.DIRECTIONS)
    p.sync()
    starts = list(dict.fromkeys(entity(p, s) for s in seeds))
    return walk(p, starts, depth, edges, nodes, limit, include_statements, max_edges)


def to_node(p: Projection, n: int, **extra: object) -> Node:
    st = p.nodes[n]
    return Node(st.id, st.iri, st.label, st.type, dict(extra))


def to_edge(p: Projection, f: FactRecord) -> Edge:
    """A fact in the shared shape: qualifiers, modality, attribution, confidence, evidence."""
    e = p.edge_of.get(f.iri)
    cached = p.edge_cache.get(f.iri) if e is None else p.shapes[e]
    if cached is not None:
        return cached
    art = p.articles.get(f.article or "")
    ev = None
    if f.text is not None:
        ev = Evidence(art.id if art else (f.article or f.graph).rsplit("/", 1)[-1], f.text, f.start,
                      f.end, art.headline if art else None)
    quals = dict(f.qualifiers)
    if f.stated_in:
        quals["stated_in"] = p.label_of(f.stated_in)
    if f.event_class:
        quals["event"] = f.event_class
    edge = Edge(f.id, short_id(f.subject), short_id(f.object_iri or ""),
                PredicateRef(f.predicate, p.predicate_label(f)), quals, f.modality,
                p.label_of(f.attributed_to), f.confidence, ev)
    if e is None:
        p.edge_cache[f.iri] = edge
    else:
        p.shapes[e] = edge
    return edge


def _shape(p: Projection, f: FactRecord | None) -> Edge | None:
    return None if f is None else to_edge(p, f)


def subgraph_of(p: Projection, ns: list[int], es: list[int], include_statements: bool = False,
                depth: dict[int, int] | None = None) -> Subgraph:
    pn = p.nodes
    if depth is None:
        nodes = [to_node(p, n) for n in ns]
    else:
        nodes = [Node(st.id, st.iri, st.label, st.type, {"depth": depth[n]})
                 for n, st in zip(ns, map(pn.__getitem__, ns), strict=True)]
    if not include_statements:
        shapes, facts_of = p.shapes, p.edges
        made: list[Edge | None] = [shapes[e] or _shape(p, facts_of[e]) for e in es]
        return Subgraph(p.generation, nodes, [x for x in made if x is not None])
    facts = [f for f in map(p.edges.__getitem__, es) if f is not None]
    seen = {n.id for n in nodes}
    edges: list[Edge] = []
    for f in facts:
        e = to_edge(p, f)
        nodes.append(Node(f.id, f.iri, e.predicate.label, f.event_class or "Fact",
                          {"statement": True, "modality": f.modality}))
        edges.append(Edge(f.id + "#subject", e.source, f.id, PredicateRef(RDF + "subject", "subject")))
        edges.append(Edge(f.id + "#object", f.id, e.target, PredicateRef(RDF + "object", "object")))
        agent = p.lookup(f.attributed_to) if f.attributed_to else None
        if agent is not None:
            a = p.nodes[agent]
            if a.id not in seen:
                seen.add(a.id)
                nodes.append(to_node(p, agent))
            edges.append(Edge(f.id + "#attributedTo", f.id, a.id,
                              PredicateRef(NG + "attributedTo", "attributed to")))
    return Subgraph(p.generation, nodes, edges)
