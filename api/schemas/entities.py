"""Response models for entity search, entity cards, facts, stats and health."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.graph import EDGE_EXAMPLE, NODE_EXAMPLE, EvidenceOut, NodeOut, PredicateOut


class Ref(BaseModel):
    id: str
    label: str


class LabelOut(BaseModel):
    text: str
    lang: str | None = None


class EntityHitOut(BaseModel):
    node: NodeOut
    rank: str = Field(description="exact, prefix, word or fuzzy")
    score: float
    matched: str = Field(description="the folded name that matched")
    aliases: list[str] = []


class EntitySearchOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "total": 1, "offset": 0, "limit": 10, "generation": 3,
        "results": [{"node": NODE_EXAMPLE, "rank": "exact", "score": 100.0, "matched": "tesla",
                     "aliases": []}]}})
    total: int
    offset: int
    limit: int
    generation: int
    results: list[EntityHitOut]


class FactOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "id": EDGE_EXAMPLE["id"], "iri": "https://w3id.org/newsgraph/id/fact/xai-memphis.fr/f64",
        "fact_id": "F64", "subject": {"id": "organization/tesla", "label": "Tesla"},
        "predicate": EDGE_EXAMPLE["predicate"], "object": {"id": "organization/xai", "label": "xAI"},
        "value": None, "qualifiers": EDGE_EXAMPLE["qualifiers"], "modality": "reported",
        "attributed_to": "CNBC", "confidence": 1.0, "method": "curated",
        "evidence": EDGE_EXAMPLE["evidence"],
        "graph": "https://w3id.org/newsgraph/id/graph/article/xai-memphis.fr"}})
    id: str
    iri: str
    fact_id: str | None = None
    subject: Ref
    predicate: PredicateOut
    object: Ref | None = None
    value: Any = None
    qualifiers: dict[str, Any] = {}
    modality: str
    attributed_to: str | None = None
    confidence: float | None = None
    method: str | None = None
    evidence: EvidenceOut | None = None
    graph: str


class FactGroupOut(BaseModel):
    predicate: PredicateOut
    facts: list[FactOut]
    total: int = Field(description="facts with this predicate (``facts`` holds per_predicate of them)")


class ArticleRefOut(BaseModel):
    id: str
    headline: str | None = None
    language: str | None = None
    graph: str


class EntityCardOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "node": NODE_EXAMPLE, "labels": [{"text": "Tesla", "lang": None}], "aliases": [],
        "types": ["https://w3id.org/newsgraph/ontology#Organization", "https://schema.org/Organization"],
        "same_as": ["http://www.wikidata.org/entity/Q478214"], "degree": 6, "generation": 3,
        "outgoing": [{"predicate": EDGE_EXAMPLE["predicate"], "facts": []}], "incoming": [],
        "attributed": [], "articles": [{"id": "xai-memphis.fr", "headline": "XAI d’Elon Musk ...",
                                        "language": "fr", "graph": "https://w3id.org/newsgraph/id/"
                                        "graph/article/xai-memphis.fr"}]}})
    node: NodeOut
    labels: list[LabelOut]
    aliases: list[LabelOut]
    types: list[str]
    same_as: list[str]
    outgoing: list[FactGroupOut] = Field(description="facts with this entity as subject, by predicate")
    incoming: list[FactGroupOut] = Field(description="facts with this entity as object, by predicate")
    attributed: list[FactOut] = Field(description="facts this entity is the source of")
    articles: list[ArticleRefOut]
    degree: int
    generation: int


class FactHitOut(BaseModel):
    fact: FactOut
    score: float
    snippet: str = Field(description="the evidence around the match, matching words in <mark>")


class FactSearchOut(BaseModel):
    total: int
    offset: int
    limit: int
    generation: int
    results: list[FactHitOut]


class StatsOut(BaseModel):
    generation: int
    quads: int
    named_graphs: int
    articles: int
    facts: int
    entities: int
    edges: int
    types: dict[str, int]
    predicates: dict[str, int]
    modalities: dict[str, int]


class ProjectionHealthOut(BaseModel):
    state: str = Field(description="building (its first build since the server started is running), "
                                   "ready (built; later writes are applied by the next graph request) "
                                   "or failed")
    generation: int = Field(description="the store generation it was last brought to "
                                        "(-1 before the first build)")
    seconds: float | None = Field(None, description="how long the background build took")
    message: str | None = None


class HealthOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "status": "ok", "live": True, "ready": True, "generation": 3, "projection_generation": 3,
        "projection": {"state": "ready", "generation": 3, "seconds": 0.4, "message": None},
        "backend": "OxigraphStore", "message": None}})
    status: str = Field(description="ok, starting (the projection is being built) or unavailable")
    live: bool
    ready: bool
    generation: int | None = None
    projection_generation: int | None = None
    projection: ProjectionHealthOut | None = None
    backend: str
    message: str | None = None
