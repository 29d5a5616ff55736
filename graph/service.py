"""Query execution for the HTTP layer: formats, limits, and the hand-off to query workers.

``SparqlService`` takes query text plus protocol options and returns serialized bytes and
a media type, so routes never see pyoxigraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import QueryBoolean, QuerySolutions

from graph.errors import NotAcceptable
from graph.formats import negotiate, rdf_format_for_media_type, results_format_for_media_type
from graph.store import GraphStore


@dataclass(frozen=True)
class QueryRequest:
    """A query with its protocol options."""

    query: str
    accept: str | None = None
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    timeout: float = 30.0
    max_rows: int = 1_000_000


@dataclass(frozen=True)
class QueryResult:
    """Serialized results."""

    kind: str
    media_type: str
    body: bytes
    rows: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


def result_kind(results: Any) -> str:
    """``"solutions"``, ``"boolean"`` or ``"graph"`` for pyoxigraph results."""
    if isinstance(results, QueryBoolean):
        return "boolean"
    if isinstance(results, QuerySolutions):
        return "solutions"
    return "graph"


def serialize(results: Any, media_type: str) -> bytes:
    """Serialize pyoxigraph results in the format named by ``media_type``."""
    buf = io.BytesIO()
    fmt: Any = (
        rdf_format_for_media_type(media_type)
        if result_kind(results) == "graph"
        else results_format_for_media_type(media_type)
    )
    results.serialize(buf, fmt)
    return buf.getvalue()


class SparqlService:
    """Run queries for the HTTP layer (content negotiation, caps)."""

    def __init__(self, store: GraphStore, *, union_default_graph: bool = True) -> None:
        self.store = store
        self.union_default_graph = union_default_graph

    def query(self, req: QueryRequest) -> QueryResult:
        results = self.store.query(
            req.query, union=self.union_default_graph, default_graph=req.default_graph,
            named_graphs=req.named_graphs, base_iri=req.base_iri,
        )
        kind = result_kind(results)
        media_type = negotiate(req.accept, kind)
        if media_type is None:
            raise NotAcceptable(f"cannot produce {req.accept!r} for a {kind} result")
        return QueryResult(kind, media_type, serialize(results, media_type))
