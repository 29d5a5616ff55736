"""Response models for the graph shape, neighbours, paths, subgraphs and algorithms."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

NODE_EXAMPLE: dict[str, Any] = {"id": "organization/tesla", "iri": "https://w3id.org/newsgraph/id/organization/tesla",
                "label": "Tesla", "type": "Organization"}
EDGE_EXAMPLE: dict[str, Any] = {
    "id": "fact/xai-memphis.fr/f64", "source": "organization/tesla", "target": "organization/xai",
    "predicate": {"iri": "https://w3id.org/newsgraph/ontology#transferredHardwareTo",
                  "label": "redirected hardware to"},
    "qualifiers": {"quantity": 12000, "unit": "Nvidia H100", "approximate": True,
                   "stated_in": "courriels obtenus par CNBC", "event": "HardwareTransfer"},
    "modality": "reported", "attributed_to": "CNBC", "confidence": 1.0,
    "evidence": {"article": "xai-memphis.fr", "start": 3953, "end": 4073,
                 "text": "Selon les courriels obtenus par CNBC, environ 12 000 GPU H100 ont été "
                         "réacheminés pour soutenir le développement de Grok",
                 "headline": "XAI d’Elon Musk prévoit un méga hub de supercalculateurs à Memphis"}}


class NodeOut(BaseModel):
    """An entity (or, with ``include=statements``, a statement node)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"example": NODE_EXAMPLE})
    id: str = Field(description="the IRI's path after /id/ (or the whole IRI elsewhere)")
    iri: str
    label: str
    type: str


class PredicateOut(BaseModel):
    iri: str
    label: str


class EvidenceOut(BaseModel):
    article: str
    text: str
    start: int | None = None
    end: int | None = None
    headline: str | None = None


class EdgeOut(BaseModel):
    """A fact between two entities; an n-ary event is one edge carrying its qualifiers."""

    model_config = ConfigDict(json_schema_extra={"example": EDGE_EXAMPLE})
    id: str
    source: str
    target: str
    predicate: PredicateOut
    qualifiers: dict[str, Any] = {}
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float | None = None
    evidence: EvidenceOut | None = None


class GraphOut(BaseModel):
    """Nodes and edges read at one store generation (the shape every export shares)."""

    generation: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(False, description="a cap (fan-out, limit, edges) cut the answer")


class PathOut(BaseModel):
    length: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    sentences: list[str] = Field(description="each fact told as a cited sentence")
    text: str
    speculative: bool = Field(description="the path goes through a fact that is not established")
    caveat: str | None = None


class PathsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "generation": 3, "from": NODE_EXAMPLE, "to": {**NODE_EXAMPLE, "id": "organization/xai",
                                                      "label": "xAI"},
        "paths": [{"length": 1, "nodes": [NODE_EXAMPLE], "edges": [EDGE_EXAMPLE],
                   "sentences": ["Tesla redirected about 12,000 Nvidia H100 to xAI [xai-memphis.fr, "
                                 "chars 3953-4073] (reported, per CNBC)"],
                   "text": "Tesla redirected about 12,000 Nvidia H100 to xAI [xai-memphis.fr, chars "
                           "3953-4073] (reported, per CNBC)", "speculative": False, "caveat": None}],
        "reason": None}})
    generation: int
    from_: NodeOut = Field(alias="from")
    to: NodeOut
    paths: list[PathOut]
    reason: str | None = Field(None, description="why the list is empty")


class RankedOut(BaseModel):
    rank: int
    node: NodeOut
    score: float
    size: int = 1
    members: list[NodeOut] = []


class AlgorithmOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "algorithm": "pagerank", "generation": 3, "nodes": 43, "edges": 60,
        "params": {"top": 3, "damping": 0.85, "iterations": 100},
        "results": [{"rank": 1, "node": NODE_EXAMPLE, "score": 0.05, "size": 1, "members": []}]}})
    algorithm: str
    generation: int
    nodes: int
    edges: int
    params: dict[str, Any]
    results: list[RankedOut]
