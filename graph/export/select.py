"""What to export: seeds and depth, a CONSTRUCT query, or the whole entity graph (one decision).

:func:`select` turns a :class:`Selection` into a :class:`~graph.projection.shape.Subgraph` read
from the projection, so the CLI and ``/api/export`` export exactly the same graph:

- ``seeds`` (with ``depth``): the projection's subgraph walk (``graph.projection.traverse``);
- ``query``: a CONSTRUCT whose triples between two entities become the edges (each carrying
  the evidence of the fact that states it, when there is one);
- neither: every entity and every fact between entities.

``modality`` keeps only the facts with one of the modalities given. The caps of the format
are checked on counts before the graph is built (:class:`~graph.errors.ExportTooLarge`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse

from graph.errors import ExportTooLarge, InvalidParameter
from graph.export.records import ExportOptions
from graph.export.registry import ExportFormat, get_format
from graph.projection import Projection, caps
from graph.projection.algorithms import pagerank
from graph.projection.records import local_name, short_id, spaced
from graph.projection.shape import Edge, PredicateRef, Subgraph
from graph.projection.traverse import (
    EdgeFilter,
    NodeFilter,
    entity,
    subgraph,
    subgraph_of,
    to_edge,
    to_node,
    walk,
)
from graph.sparql.plan import query_kind
from graph.sparql.service import QueryRequest, SparqlService

#: runs a CONSTRUCT and gives its triples (the CLI on the store, HTTP through the SPARQL service)
ConstructRunner = Callable[[str], Iterable[Triple | Quad]]
NTRIPLES = "application/n-triples"


def service_runner(service: SparqlService) -> ConstructRunner:
    """CONSTRUCT through the SPARQL service (its time limit, row cap and network rules)."""
    def run(query: str) -> Iterable[Triple | Quad]:
        result = service.query(QueryRequest(query, accept=NTRIPLES))
        return parse(result.body, format=RdfFormat.N_TRIPLES)
    return run


@dataclass(frozen=True)
class Selection:
    """The part of the graph to export."""

    seeds: tuple[str, ...] = ()
    depth: int = 1
    query: str | None = None
    nodes: tuple[str, ...] = ()  # exactly these entities and the facts among them (the explorer's view)
    modality: frozenset[str] = frozenset()
    limit: int = caps.MAX_NODES

    def stem(self) -> str:
        """A file name stem saying what was exported (``organization-xai-depth2``)."""
        if self.nodes:
            return f"view-{len(self.nodes)}-entities"
        if self.query:
            return "construct-" + hashlib.sha256(self.query.encode()).hexdigest()[:8]
        if not self.seeds:
            return "newsgraph"
        head = "+".join(s.rsplit("/", 1)[-1] for s in self.seeds[:3])
        return f"{head}{'+more' if len(self.seeds) > 3 else ''}-depth{self.depth}"


def selection(seeds: Iterable[str] = (), depth: int = 1, query: str | None = None,
              modality: Iterable[str] = (), nodes: Iterable[str] = ()) -> Selection:
    """A checked :class:`Selection` (422 naming the field at fault)."""
    seeds = tuple(s.strip() for s in seeds if s.strip())
    node_ids = tuple(dict.fromkeys(n.strip() for n in nodes if n.strip()))
    if sum(map(bool, (seeds, query, node_ids))) > 1:
        raise InvalidParameter("query" if query else "nodes", "give one of seeds, nodes or a CONSTRUCT query")
    if query and query_kind(query) in ("solutions", "boolean"):
        raise InvalidParameter("query", "must be a CONSTRUCT (or DESCRIBE) query giving triples")
    caps.bounded("depth", depth, 0, caps.MAX_DEPTH)
    return Selection(seeds, depth, query or None, node_ids, caps.modalities("modality", modality))


def select(p: Projection, sel: Selection, fmt: ExportFormat, run_construct: ConstructRunner) -> Subgraph:
    """The subgraph ``sel`` names, refused early when it is over ``fmt``'s caps."""
    p.sync()
    ef = EdgeFilter(modality=sel.modality)
    if sel.seeds:
        sub = subgraph(p, list(sel.seeds), depth=sel.depth, edges=ef, limit=sel.limit).graph
    elif sel.nodes:
        _check(fmt, len(sel.nodes), 0)
        starts = list(dict.fromkeys(entity(p, n) for n in sel.nodes))
        sub = walk(p, starts, 0, ef, NodeFilter(), len(starts), False).graph
    elif sel.query:
        sub = _constructed(p, run_construct(sel.query), ef, fmt)
    else:
        edges = [e for e in p.live_edges() if ef.trivial or ef.ok(p.edges[e])]  # type: ignore[arg-type]
        # with a modality filter, the entities its facts touch; without, every entity
        nodes = p.node_ids() if ef.trivial else list(dict.fromkeys(
            n for e in edges for n in (p.src[e], p.dst[e])))
        _check(fmt, len(nodes), len(edges))
        sub = subgraph_of(p, nodes, edges)
    fmt.check(sub)
    return sub


def with_pagerank(sub: Subgraph) -> Subgraph:
    """``sub`` with each node's PageRank within it (``extra["pagerank"]``), for sizing by it."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(n.id for n in sub.nodes)
    for e in sub.edges:
        w = g.get_edge_data(e.source, e.target, {"weight": 0})["weight"]
        g.add_edge(e.source, e.target, weight=w + 1)
    ranks: dict[Any, float] = dict(pagerank(g))
    nodes = [replace(n, extra={**n.extra, "pagerank": round(ranks.get(n.id, 0.0), 8)}) for n in sub.nodes]
    return Subgraph(sub.generation, nodes, sub.edges)


def _check(fmt: ExportFormat, nodes: int, edges: int) -> None:
    if nodes > fmt.max_nodes or edges > fmt.max_edges:
        raise ExportTooLarge(
            f"{fmt.name}: the selection has {nodes} nodes and {edges} edges; this format is capped at "
            f"{fmt.max_nodes} nodes and {fmt.max_edges} edges (choose seeds, a smaller depth or a "
            "modality filter)")


def _constructed(p: Projection, triples: Iterable[Triple | Quad], ef: EdgeFilter,
                 fmt: ExportFormat) -> Subgraph:
    """Edges for the CONSTRUCT's entity-to-entity triples: the stating fact where the projection
    has one (same subject, predicate and object), else a bare edge with no evidence."""
    nodes: dict[int, None] = {}
    edges: list[Edge] = []
    seen: set[str] = set()
    for t in triples:
        if not isinstance(t.subject, NamedNode) or not isinstance(t.object, NamedNode):
            continue
        s, o = p.lookup(t.subject.value), p.lookup(t.object.value)
        if s is None or o is None:
            continue
        pred = t.predicate.value
        facts = [f for e in p.out[s] if p.dst[e] == o and (f := p.edges[e]) is not None
                 and f.predicate == pred]
        if facts and not any(ef.ok(f) for f in facts):
            continue
        if not facts and ef.modality and "asserted" not in ef.modality:
            continue  # a bare triple reads as asserted
        nodes.setdefault(s)
        nodes.setdefault(o)
        found = [to_edge(p, f) for f in facts if ef.ok(f)]
        if not found:
            key = hashlib.sha256(f"{t.subject.value} {pred} {t.object.value}".encode()).hexdigest()[:16]
            found = [Edge(f"triple/{key}", short_id(t.subject.value), short_id(t.object.value),
                          PredicateRef(pred, p.term_labels.get(pred) or spaced(local_name(pred))))]
        for e in found:
            if e.id not in seen:
                seen.add(e.id)
                edges.append(e)
        _check(fmt, len(nodes), len(edges))
    return Subgraph(p.generation, [to_node(p, n) for n in nodes], edges)


@dataclass(frozen=True)
class Exported:
    """An export's bytes with what a response or a file needs."""

    format: ExportFormat
    filename: str
    body: bytes
    nodes: int
    edges: int


def export_selection(p: Projection, sel: Selection, format_name: str, options: ExportOptions,
                     run_construct: ConstructRunner) -> Exported:
    """Select, size by PageRank if asked, and write: what ``newsgraph export`` and ``/api/export`` do."""
    fmt = get_format(format_name)
    sub = select(p, sel, fmt, run_construct)
    if options.size_by == "pagerank":
        sub = with_pagerank(sub)
    body = fmt.writer(sub, options)
    return Exported(fmt, fmt.filename(sel.stem()), body, len(sub.nodes), len(sub.edges))
