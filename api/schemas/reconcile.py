"""Shapes of the W3C Entity Reconciliation API (v0.2) as newsgraph answers them.

Written from the specification's JSON schemas (manifest, reconciliation query batch and result,
suggest, preview, data extension and property proposal), so tests can check answers against them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TypeRef(_Strict):
    id: str
    name: str


class ServiceRef(_Strict):
    service_url: str
    service_path: str


class ViewSpec(_Strict):
    url: str = Field(description="template with {{id}}")


class PreviewSpec(_Strict):
    url: str
    width: int
    height: int


class SuggestSpec(_Strict):
    entity: ServiceRef
    type: ServiceRef
    property: ServiceRef


class ExtendSpec(_Strict):
    propose_properties: ServiceRef
    property_settings: list[dict[str, Any]] = []


class Manifest(_Strict):
    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    defaultTypes: list[TypeRef]
    view: ViewSpec
    preview: PreviewSpec
    suggest: SuggestSpec
    extend: ExtendSpec
    batchSize: int | None = None


class PropertyCondition(BaseModel):
    pid: str
    v: Any


class ReconQuery(BaseModel):
    """One query of a batch (unknown keys ignored, as clients add their own)."""

    query: str = ""
    type: str | list[str] | None = None
    type_strict: str | None = None
    limit: int | None = Field(None, ge=1, le=100)
    properties: list[PropertyCondition] = []


class Candidate(_Strict):
    id: str
    name: str
    type: list[TypeRef]
    score: float
    match: bool
    description: str | None = None


class QueryResult(_Strict):
    result: list[Candidate]


class SuggestItem(_Strict):
    id: str
    name: str
    description: str | None = None
    notable: list[TypeRef] | None = None


class SuggestResult(_Strict):
    result: list[SuggestItem]


class ExtendProperty(BaseModel):
    id: str
    settings: dict[str, Any] | None = None


class ExtendQuery(BaseModel):
    ids: list[str] = Field(max_length=1000)
    properties: list[ExtendProperty] = Field(max_length=100)


class PropertyRef(_Strict):
    id: str
    name: str


class ExtendResult(_Strict):
    meta: list[PropertyRef]
    rows: dict[str, dict[str, list[dict[str, Any]]]]


class ProposeResult(_Strict):
    type: str
    limit: int
    properties: list[PropertyRef]
