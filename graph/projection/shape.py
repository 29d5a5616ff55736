"""The graph shape that neighbours, paths, subgraphs and every export share.

A :class:`Subgraph` is nodes plus edges, with the store generation it was read at. Its
:meth:`Subgraph.to_dict` is the JSON contract of ``DESIGN.md`` ("Graph shape"); exporters in
``graph/export/`` take a :class:`Subgraph` and nothing else.

>>> from ontology.namespaces import NG
>>> tesla = Node("organization/tesla", "https://w3id.org/newsgraph/id/organization/tesla", "Tesla",
...              "Organization")
>>> xai = Node("organization/xai", "https://w3id.org/newsgraph/id/organization/xai", "xAI", "Organization")
>>> e = Edge("fact/xai-memphis.fr/f64", tesla.id, xai.id,
...          PredicateRef(NG + "redirectedHardwareTo", "redirected hardware to"),
...          qualifiers={"quantity": 12000, "unit": "Nvidia H100"}, modality="reported",
...          attributed_to="CNBC", confidence=0.9,
...          evidence=Evidence("xai-memphis.fr", "Tesla a redirigé ...", 3991, 4073))
>>> g = Subgraph(generation=12, nodes=[tesla, xai], edges=[e])
>>> g.to_dict()["edges"][0]["evidence"]["start"]
3991
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Node:
    """An entity: ``id`` is the IRI's path after ``/id/`` (``organization/tesla``)."""

    id: str
    iri: str
    label: str
    type: str
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. degree, pagerank, community


@dataclass(frozen=True)
class PredicateRef:
    iri: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from: ``text == article_text[start:end]``."""

    article: str
    text: str
    start: int | None = None
    end: int | None = None
    headline: str | None = None


@dataclass(frozen=True)
class Edge:
    """A fact between two entities (an n-ary event reads as one edge carrying its qualifiers)."""

    id: str
    source: str
    target: str
    predicate: PredicateRef
    qualifiers: dict[str, Any] = field(default_factory=dict)
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float | None = None
    evidence: Evidence | None = None


@dataclass
class Subgraph:
    """Nodes and edges read at one store generation."""

    generation: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"generation": self.generation,
                "nodes": [_node_dict(n) for n in self.nodes],
                "edges": [asdict(e) for e in self.edges]}


def _node_dict(n: Node) -> dict[str, Any]:
    d: dict[str, Any] = {"id": n.id, "iri": n.iri, "label": n.label, "type": n.type}
    d.update(n.extra)
    return d
