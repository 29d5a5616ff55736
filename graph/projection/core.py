"""The entity graph projection: built lazily from the store, kept in step with every write.

One :class:`~graph.projection.records.GraphPart` is kept per named graph. A write whose event
names the graphs it changed is applied by re-reading only those graphs (through the
``GraphStore`` Protocol, so it works over every backend); a write whose graphs are unknown (a
general SPARQL update) marks the projection for a full rebuild on the next read. Every read
calls :meth:`Projection.sync`, which compares the store's generation with the one the
projection was built at, so no answer is ever stale.

The graph itself is a compact structure: entities are numbered, edges are numbered fact
records, and adjacency lists hold edge numbers (``out[n]``, ``inc[n]``). networkx graphs for
the algorithms are derived from it on demand, once per generation
(:func:`graph.projection.algorithms.nx_graph`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from graph.projection.fulltext import EvidenceIndex
from graph.projection.indexes import Indexes
from graph.projection.reader import VOCAB_NAMESPACES, read_part
from graph.projection.records import (
    ArticleInfo,
    FactRecord,
    GraphPart,
    NodeState,
    extend_unique,
    graph_name,
    local_name,
    pick_label,
    pick_type,
    short_id,
    spaced,
)
from graph.projection.search import NameIndex
from graph.store import GraphStore
from graph.store.results import WriteEvent


class Projection:
    """The projection of one store; thread-safe; every public read starts with :meth:`sync`."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.RLock()
        self.generation = -1
        self._full = True  # a full rebuild is due
        self._pending: set[str] = set()
        self._seen = store.generation  # last generation the listener heard of
        self.parts: dict[str, GraphPart] = {}
        self.index: dict[str, int] = {}
        self.nodes: list[NodeState] = []
        self.facts: dict[str, FactRecord] = {}
        self.edges: list[FactRecord | None] = []
        self.src: list[int] = []
        self.dst: list[int] = []
        self.edge_of: dict[str, int] = {}
        self.pairs: dict[tuple[int, int], list[int]] = {}  # (source, target) -> edges
        self.shapes: list[Any] = []  # edge number -> its Edge shape, None until made (see _forget_shapes)
        self.edge_cache: dict[str, Any] = {}  # fact IRI -> Edge shape, for facts that are not edges
        self.attributed: dict[str, dict[str, None]] = {}  # agent IRI -> facts it is the source of
        self.by_article: dict[str, dict[str, None]] = {}  # article IRI -> its facts
        self.out: list[list[int]] = []
        self.inc: list[list[int]] = []
        self.articles: dict[str, ArticleInfo] = {}
        self.term_labels: dict[str, str] = {}
        self.ix = Indexes()
        self._nx: dict[str, Any] = {}
        self._linked: set[int] = set()  # entities whose facts (not descriptions) changed
        self.graphs_read = 0  # how many graph reads the store has served us (rebuilds re-read all)
        self.rebuilds = 0
        store.on_write(self._on_write)

    # -- keeping in step ---------------------------------------------------------------------
    def _on_write(self, event: WriteEvent) -> None:
        """Listener: note the graphs a write changed (from ``graphs``, or from the graph names of
        ``added``/``removed`` when only those are given); unknown means a full rebuild."""
        graphs = event.graphs
        if graphs is None and event.added is not None and event.removed is not None:
            graphs = frozenset(graph_name(q) for q in (*event.added, *event.removed))
        with self._lock:
            if graphs is None:
                self._full = True
            else:
                self._pending.update(graphs)
            self._seen = event.generation

    def sync(self) -> Projection:
        """Bring the projection up to the store's generation (re-read or rebuild as needed)."""
        gen = self.store.generation
        if gen == self.generation and not self._full and not self._pending:
            return self
        with self._lock:
            gen = self.store.generation
            if self._full or self._seen != gen:
                self._rebuild()
            elif self._pending:
                pending, self._pending = self._pending, set()
                self.refresh(pending)
            self.generation = gen
        return self

    def _rebuild(self) -> None:
        self._full, self._pending = False, set()
        self.__init_tables()
        self.rebuilds += 1
        graphs = [*self.store.named_graphs(), ""]
        for _g, part in self.store.map_graphs(graphs, read_part):  # on several cores if it can
            self.graphs_read += 1
            if part.triples:
                self._add(part, set())
        self._linked = set()
        self._merge(set(range(len(self.nodes))))
        from graph.projection.traverse import to_edge  # traverse builds on this module

        for f in self.facts.values():  # the shapes every answer is made of, made once
            if f.object_iri is not None:
                to_edge(self, f)

    def __init_tables(self) -> None:
        self.parts, self.index, self.nodes, self.facts = {}, {}, [], {}
        self.edges, self.src, self.dst, self.edge_of, self.out, self.inc = [], [], [], {}, [], []
        self.shapes = []
        self.pairs, self.edge_cache, self.attributed, self.by_article = {}, {}, {}, {}
        self.articles, self.term_labels, self._nx = {}, {}, {}
        self.ix.reset()

    def refresh(self, graphs: Iterable[str]) -> None:
        """Re-read the given graphs from the store and apply the difference."""
        with self._lock:
            touched: set[int] = set()
            self._linked = set()
            changed: list[GraphPart] = []
            for g in graphs:
                old = self.parts.pop(g, None)
                if old is not None:
                    self._remove(old, touched)
                    changed.append(old)
                if self.store.has_graph(g):
                    part = self._read(g)
                    if part.triples:
                        self._add(part, touched)
                        changed.append(part)
            self._merge(touched)
            self._forget_shapes(changed, touched)
            for n in self._linked - touched:  # only presence can change: no re-merge (hubs!)
                self.ix.entity_changed(n, self.names_of(n), only_presence=True)
            self._linked = set()
            self._nx = {}

    def _forget_shapes(self, changed: list[GraphPart], touched: set[int]) -> None:
        """Drop the cached Edge shapes a write may have made stale: all of them when vocabulary
        labels changed; else those of the facts of re-described articles (headlines) and of facts
        attributed to a re-described entity. Removed facts were dropped with them."""
        if any(k.startswith(VOCAB_NAMESPACES) for part in changed for k in part.term_labels):
            self.edge_cache = {}
            self.shapes = [None] * len(self.edges)
            return
        stale = [self.attributed.get(self.nodes[n].iri, {}) for n in touched]
        stale += [self.by_article.get(a.iri, {}) for part in changed for a in part.articles]
        for facts in stale:
            for k in facts:
                self.edge_cache.pop(k, None)
                e = self.edge_of.get(k)
                if e is not None:
                    self.shapes[e] = None

    def _read(self, graph: str) -> GraphPart:
        """One graph's part, read from the store."""
        self.graphs_read += 1
        return read_part(graph, self.store.quads(graph))

    # -- applying parts ----------------------------------------------------------------------
    def node_for(self, iri: str) -> int:
        n = self.index.get(iri)
        if n is None:
            n = self.index[iri] = len(self.nodes)
            self.nodes.append(NodeState(iri, short_id(iri)))
            self.out.append([])
            self.inc.append([])
        return n

    def _add(self, part: GraphPart, touched: set[int]) -> None:
        self.parts[part.graph] = part
        for a in part.articles:
            self.articles[a.iri] = a
        self.term_labels.update(part.term_labels)
        for iri in part.entities:
            n = self.node_for(iri)
            self.nodes[n].graphs.add(part.graph)
            touched.add(n)
        for f in part.facts:
            if f.iri in self.facts:  # the same statement in two graphs: the later read wins
                self._drop_fact(self.facts[f.iri], touched)
            self.facts[f.iri] = f
            s = self.node_for(f.subject)
            self._linked.add(s)
            self.ix.fact_added(f)
            if f.attributed_to:
                self.attributed.setdefault(f.attributed_to, {})[f.iri] = None
            if f.article:
                self.by_article.setdefault(f.article, {})[f.iri] = None
            if f.object_iri is None:
                self.nodes[s].values.append(f.iri)
                continue
            o = self.node_for(f.object_iri)
            self._linked.add(o)
            e = len(self.edges)
            self.edges.append(f)
            self.shapes.append(None)
            self.src.append(s)
            self.dst.append(o)
            self.edge_of[f.iri] = e
            self.out[s].append(e)
            self.inc[o].append(e)
            self.pairs.setdefault((s, o), []).append(e)

    def _remove(self, part: GraphPart, touched: set[int]) -> None:
        for a in part.articles:
            self.articles.pop(a.iri, None)
        for iri in part.entities:
            n = self.index[iri]
            self.nodes[n].graphs.discard(part.graph)
            touched.add(n)
        for f in part.facts:
            if self.facts.get(f.iri) is f:
                self._drop_fact(f, touched)

    def _drop_fact(self, f: FactRecord, touched: set[int]) -> None:
        del self.facts[f.iri]
        self.ix.fact_dropped(f)
        self.edge_cache.pop(f.iri, None)
        if f.attributed_to:
            self.attributed[f.attributed_to].pop(f.iri, None)
        if f.article:
            self.by_article[f.article].pop(f.iri, None)
        s = self.index[f.subject]
        self._linked.add(s)
        e = self.edge_of.pop(f.iri, None)
        if e is None:
            self.nodes[s].values.remove(f.iri)
            return
        self.edges[e] = self.shapes[e] = None
        self.out[s].remove(e)
        self.inc[self.dst[e]].remove(e)
        between = self.pairs[(s, self.dst[e])]
        between.remove(e)
        if not between:
            del self.pairs[(s, self.dst[e])]
        self._linked.add(self.dst[e])

    def _merge(self, touched: set[int]) -> None:
        """Recompute labels, types and names of the touched entities from their graphs' parts."""
        for n in touched:
            st = self.nodes[n]
            st.labels, st.aliases, st.types, st.same_as = [], [], [], []
            for g in sorted(st.graphs):
                ep = self.parts[g].entities.get(st.iri)
                if ep is None:
                    continue
                extend_unique(st.labels, ep.labels)
                extend_unique(st.aliases, ep.aliases)
                extend_unique(st.types, ep.types)
                extend_unique(st.same_as, ep.same_as)
            st.label = pick_label(st.labels) or local_name(st.iri)
            st.type = pick_type(st.types)
            self.ix.entity_changed(n, self.names_of(n))

    def names_of(self, n: int) -> list[tuple[str, str]] | None:
        """The names an entity is found by (``None`` when it is not in the graph)."""
        if not self.present(n):
            return None
        st = self.nodes[n]
        return [*st.labels, *st.aliases] or [(st.label or local_name(st.iri), "")]

    @property
    def names(self) -> NameIndex:
        """The entity-name index (built on first use)."""
        self._ensure_indexes()
        return self.ix.names

    @property
    def text(self) -> EvidenceIndex:
        """The evidence full-text index (built on first use)."""
        self._ensure_indexes()
        return self.ix.text

    def _ensure_indexes(self) -> None:
        if not self.ix.built:
            with self._lock:
                self.ix.ensure(self.node_ids(), self.names_of, list(self.facts.values()))

    # -- reading -----------------------------------------------------------------------------
    def present(self, n: int) -> bool:
        """Whether entity ``n`` is in the graph (some graph describes it or a fact links it)."""
        st = self.nodes[n]
        return bool(st.graphs or self.out[n] or self.inc[n] or st.values)

    def lookup(self, iri: str) -> int | None:
        n = self.index.get(iri)
        return n if n is not None and self.present(n) else None

    def node_ids(self) -> list[int]:
        return [n for n in range(len(self.nodes)) if self.present(n)]

    def live_edges(self) -> Iterable[int]:
        return (e for e, f in enumerate(self.edges) if f is not None)

    def label_of(self, iri: str | None) -> str | None:
        """An entity's label, or a vocabulary term's, or the IRI's last segment."""
        if iri is None:
            return None
        n = self.index.get(iri)
        if n is not None:
            return self.nodes[n].label
        return self.term_labels.get(iri) or local_name(iri)

    def predicate_label(self, f: FactRecord) -> str:
        return f.predicate_label or self.term_labels.get(f.predicate) or spaced(local_name(f.predicate))
