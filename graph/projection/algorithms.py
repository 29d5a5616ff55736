"""Graph algorithms over the whole entity graph or a subgraph, ranked, with labels.

``pagerank`` (damping factor, iterations), ``degree`` (in, out or both), ``betweenness``
(exact up to ``MAX_BETWEENNESS_EXACT`` nodes, then sampled with a seed), ``communities``
(Louvain, seeded), ``components`` (weakly connected) and ``similar`` (Jaccard over
neighbour sets, for one entity or the best pairs). networkx does the work on a view derived
from the projection once per generation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.errors import InvalidParameter
from graph.projection import caps
from graph.projection.core import Projection
from graph.projection.traverse import EdgeFilter, entity, subgraph, to_node

ALGORITHMS = ("pagerank", "degree", "betweenness", "communities", "components", "similar")


@dataclass(frozen=True)
class Params:
    """Parameters of every algorithm (each reads the ones it needs)."""

    top: int = 10
    damping: float = 0.85
    iterations: int = 100
    direction: str = "both"
    seed: int = 42
    resolution: float = 1.0
    node: str | None = None
    seeds: tuple[str, ...] = ()
    depth: int = 1


@dataclass
class Ranked:
    """One ranked entity (or, for ``communities``/``components``, one group led by ``node``)."""

    node: Any
    score: float
    members: list[Any] = field(default_factory=list)
    size: int = 1


@dataclass
class AlgorithmResult:
    algorithm: str
    generation: int
    nodes: int
    edges: int
    results: list[Ranked]
    params: dict[str, Any]


def nx_graph(p: Projection, kind: str = "multi") -> Any:
    """A networkx view of the entity graph (``multi``: MultiDiGraph keyed by fact id;
    ``simple``: DiGraph with ``weight`` = number of facts), cached per generation."""
    import networkx as nx

    with p._lock:
        if kind in p._nx:
            return p._nx[kind]
        g: Any = nx.MultiDiGraph() if kind == "multi" else nx.DiGraph()
        g.add_nodes_from(p.node_ids())
        for e in p.live_edges():
            s, d = p.src[e], p.dst[e]
            if kind == "multi":
                g.add_edge(s, d, key=e)
            elif g.has_edge(s, d):
                g[s][d]["weight"] += 1
            else:
                g.add_edge(s, d, weight=1)
        p._nx[kind] = g
        return g


def _graph(p: Projection, prm: Params) -> Any:
    g = nx_graph(p, "simple")
    if prm.seeds:
        tr = subgraph(p, list(prm.seeds), depth=prm.depth, edges=EdgeFilter())
        keep = [p.index[n.iri] for n in tr.graph.nodes]
        g = g.subgraph(keep)
    return g


def run(p: Projection, name: str, prm: Params) -> AlgorithmResult:
    """Run algorithm ``name`` with ``prm`` and rank its answer."""
    import networkx as nx

    caps.one_of("name", name, ALGORITHMS)
    caps.bounded("top", prm.top, 1, caps.MAX_TOP)
    caps.bounded("iterations", prm.iterations, 1, 10_000)
    caps.one_of("direction", prm.direction, caps.DIRECTIONS)
    if not 0.0 < prm.damping < 1.0:
        raise InvalidParameter("damping", f"must be between 0 and 1 (exclusive), not {prm.damping}")
    p.sync()
    g = _graph(p, prm)
    scores: dict[int, float]
    groups: list[list[int]] | None = None
    if name == "pagerank":
        scores = pagerank(g, prm.damping, prm.iterations)
    elif name == "degree":
        fn = {"out": g.out_degree, "in": g.in_degree, "both": g.degree}[prm.direction]
        scores = {n: float(d) for n, d in fn(weight="weight")}
    elif name == "betweenness":
        n = g.number_of_nodes()
        sample = None if n <= caps.MAX_BETWEENNESS_EXACT else caps.MAX_BETWEENNESS_EXACT // 4
        scores = nx.betweenness_centrality(g.to_undirected(as_view=True), k=sample, seed=prm.seed)
    elif name == "communities":
        groups = [sorted(c) for c in nx.community.louvain_communities(
            g.to_undirected(), seed=prm.seed, resolution=prm.resolution, weight="weight")]
    elif name == "components":
        groups = [sorted(c) for c in nx.weakly_connected_components(g)]
    else:
        scores = _similar(p, g, prm)
    if groups is not None:
        results = _groups(p, g, groups, prm.top)
    else:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], p.nodes[kv[0]].label))[:prm.top]
        results = [Ranked(to_node(p, n), round(s, 6)) for n, s in ranked]
    return AlgorithmResult(name, p.generation, g.number_of_nodes(), g.number_of_edges(), results,
                           {k: v for k, v in prm.__dict__.items() if v not in (None, ())})


def pagerank(g: Any, damping: float = 0.85, iterations: int = 100, tol: float = 1e-10) -> dict[int, float]:
    """PageRank by power iteration with numpy (edge weights = number of facts; dangling nodes
    spread their rank evenly), the same fixed point as ``networkx.pagerank``.

    >>> import networkx as nx
    >>> r = pagerank(nx.DiGraph([(1, 2), (3, 2), (2, 1)]))
    >>> max(r, key=r.get)
    2
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    pos = {v: i for i, v in enumerate(nodes)}
    edges = list(g.edges(data="weight", default=1))
    src = np.fromiter((pos[a] for a, _, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((pos[b] for _, b, _ in edges), dtype=np.int64, count=len(edges))
    w = np.fromiter((float(x) for _, _, x in edges), dtype=np.float64, count=len(edges))
    out_w = np.bincount(src, weights=w, minlength=n)
    dangling = out_w == 0
    share = np.divide(w, out_w[src], out=np.zeros_like(w), where=out_w[src] > 0)
    x = np.full(n, 1.0 / n)
    for _ in range(iterations):
        prev = x
        x = damping * np.bincount(dst, weights=prev[src] * share, minlength=n)
        x += (damping * prev[dangling].sum() + 1.0 - damping) / n
        if np.abs(x - prev).sum() < n * tol:
            break
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def _groups(p: Projection, g: Any, groups: list[list[int]], top: int) -> list[Ranked]:
    out = []
    deg = dict(g.degree(weight="weight"))
    groups.sort(key=lambda c: (-len(c), min(p.nodes[n].label for n in c)))
    for c in groups[:top]:
        members = sorted(c, key=lambda n: (-deg.get(n, 0), p.nodes[n].label))
        out.append(Ranked(to_node(p, members[0]), float(len(c)),
                          [to_node(p, n) for n in members[:50]], len(c)))
    return out


def _similar(p: Projection, g: Any, prm: Params) -> dict[int, float]:
    """Jaccard similarity of neighbour sets: to ``prm.node``, or the best pair per entity."""
    u = g.to_undirected(as_view=True)
    nbrs = {n: set(u[n]) - {n} for n in u}
    if prm.node is None:
        if u.number_of_nodes() > caps.MAX_BETWEENNESS_EXACT:
            raise InvalidParameter("node", "the graph is large: name the entity to compare with")
        best: dict[int, float] = {}
        for a in nbrs:
            for b in {x for m in nbrs[a] for x in nbrs[m]} - {a}:
                j = _jaccard(nbrs[a], nbrs[b])
                if j > best.get(a, 0.0):
                    best[a] = j
        return best
    a = entity(p, prm.node)
    if a not in nbrs:
        return {}
    cands = {x for m in nbrs[a] for x in nbrs.get(m, ())} - {a}
    return {b: _jaccard(nbrs[a], nbrs[b]) for b in cands}


def _jaccard(x: set[int], y: set[int]) -> float:
    return len(x & y) / len(x | y) if x or y else 0.0
