"""Flat, typed node and edge records that every writer serialises (one reading of a Subgraph).

A :class:`Subgraph` holds nested evidence and qualifiers; tools want flat typed columns.
:func:`prepare` makes them once: colour from the palette, degree, PageRank when known, size,
and (when asked) positions from :mod:`graph.export.layout`.

>>> from graph.projection.shape import Edge, Evidence, Node, PredicateRef, Subgraph
>>> a, b = Node("organization/a", "urn:a", "A", "Organization"), Node("person/b", "urn:b", "B", "Person")
>>> e = Edge("f1", a.id, b.id, PredicateRef("urn:p", "employs"), modality="reported",
...          evidence=Evidence("art", "A employs B.", 0, 12, "Headline"))
>>> g = prepare(Subgraph(1, [a, b], [e]), ExportOptions(), positioned=False)
>>> g.nodes[0].color, g.nodes[0].degree, g.edges[0].evidence, g.edges[0].headline
('#0072B2', 1, 'A employs B.', 'Headline')
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from graph.export.layout import positions
from graph.export.palette import colour, rgb
from graph.projection.shape import Edge, Subgraph

SizeBy = Literal["degree", "pagerank"]
MIN_SIZE: Final = 10.0
MAX_SIZE: Final = 50.0


@dataclass(frozen=True)
class ExportOptions:
    """What a writer may be asked: node size measure, layout seed, document title, and ``lean``
    (Cytoscape JSON without evidence and qualifiers: what the explorer loads, reading a fact's
    evidence only when it is opened)."""

    size_by: SizeBy = "degree"
    seed: int = 7
    title: str = "newsgraph"
    lean: bool = False


@dataclass(frozen=True)
class NodeRecord:
    id: str
    iri: str
    label: str
    type: str
    color: str
    degree: int
    pagerank: float | None
    size: float
    x: float = 0.0
    y: float = 0.0

    @property
    def rgb(self) -> tuple[int, int, int]:
        return rgb(self.color)


@dataclass(frozen=True)
class EdgeRecord:
    id: str
    source: str
    target: str
    label: str
    predicate: str
    modality: str
    confidence: float | None
    attributed_to: str | None
    evidence: str | None
    article: str | None
    headline: str | None
    start: int | None
    end: int | None
    qualifier_map: dict[str, Any] = field(default_factory=dict, compare=False)

    @functools.cached_property
    def qualifiers(self) -> str:
        """The qualifiers as JSON object text ("{}" when none): every tool has a string column
        (made on first use: the drawings and D3 never need it)."""
        return json.dumps(self.qualifier_map, ensure_ascii=False, sort_keys=True, default=str)

    @property
    def weight(self) -> float:
        return 1.0 if self.confidence is None else float(self.confidence)


@dataclass(frozen=True)
class Prepared:
    generation: int
    title: str
    nodes: list[NodeRecord]
    edges: list[EdgeRecord]

    def node_index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nodes)}


#: typed attribute columns (name, type) shared by GraphML, GEXF and CSV; types are GraphML's
NODE_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("label", "string"), ("type", "string"), ("iri", "string"), ("color", "string"),
    ("degree", "int"), ("pagerank", "double"), ("size", "double"), ("x", "double"), ("y", "double"),
)
EDGE_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("label", "string"), ("predicate", "string"), ("modality", "string"), ("confidence", "double"),
    ("attributed_to", "string"), ("evidence", "string"), ("article", "string"),
    ("headline", "string"), ("start", "int"), ("end", "int"), ("qualifiers", "string"),
    ("weight", "double"),
)


def column_values(record: NodeRecord | EdgeRecord, columns: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """``{name: value}`` for ``columns``, leaving out the values that are unknown (None)."""
    out = {}
    for name, _ in columns:
        value = getattr(record, name)
        if value is not None:
            out[name] = value
    return out


def prepare(sub: Subgraph, options: ExportOptions, *, positioned: bool = True) -> Prepared:
    """The records of ``sub``; edges whose ends are not both nodes of ``sub`` are left out."""
    ids = {n.id for n in sub.nodes}
    edges = [e for e in sub.edges if e.source in ids and e.target in ids]
    degree = dict.fromkeys(ids, 0)
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    ranks = {n.id: _number(n.extra.get("pagerank")) for n in sub.nodes}
    measure: dict[str, float | None] = (
        ranks if options.size_by == "pagerank" and all(v is not None for v in ranks.values())
        else {k: float(v) for k, v in degree.items()})
    sizes = _scaled(measure)
    coords: list[tuple[float, float]] = [(0.0, 0.0)] * len(sub.nodes)
    if positioned:
        index = {n.id: i for i, n in enumerate(sub.nodes)}
        coords = positions(len(sub.nodes), [(index[e.source], index[e.target]) for e in edges],
                           seed=options.seed)
    nodes = [NodeRecord(n.id, n.iri, n.label, n.type, colour(n.type), degree[n.id], ranks[n.id],
                        sizes[n.id], x, y) for n, (x, y) in zip(sub.nodes, coords, strict=True)]
    return Prepared(sub.generation, options.title, nodes, [_edge(e) for e in edges])


def _edge(e: Edge) -> EdgeRecord:
    ev = e.evidence
    return EdgeRecord(
        id=e.id, source=e.source, target=e.target, label=e.predicate.label or e.predicate.iri,
        predicate=e.predicate.iri, modality=e.modality, confidence=_number(e.confidence),
        attributed_to=e.attributed_to, evidence=ev.text if ev else None,
        article=ev.article if ev else None, headline=ev.headline if ev else None,
        start=ev.start if ev else None, end=ev.end if ev else None,
        qualifier_map=dict(e.qualifiers or {}))


def _number(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _scaled(measure: dict[str, float | None]) -> dict[str, float]:
    """Sizes MIN_SIZE..MAX_SIZE by the square root of the measure (area grows with it)."""
    vals = {k: math.sqrt(max(v or 0.0, 0.0)) for k, v in measure.items()}
    top = max(vals.values(), default=0.0) or 1.0
    return {k: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * v / top, 2) for k, v in vals.items()}


#: the edge columns of the lean form (the rest is read per fact)
LEAN_EDGE: Final = frozenset({"label", "modality", "confidence"})
_LEAN_COLUMNS: Final = tuple(c for c in EDGE_COLUMNS if c[0] in LEAN_EDGE)
_JSON_COLUMNS: Final = tuple(c for c in EDGE_COLUMNS if c[0] != "qualifiers")  # an object there


def edge_json(e: EdgeRecord, lean: bool = False) -> dict[str, Any]:
    """An edge as a JSON object (qualifiers as an object) for the JSON-based writers."""
    columns = _LEAN_COLUMNS if lean else _JSON_COLUMNS
    data: dict[str, Any] = {"id": e.id, "source": e.source, "target": e.target,
                            **column_values(e, columns)}
    if lean:
        return data
    data["qualifiers"] = e.qualifier_map
    return data
