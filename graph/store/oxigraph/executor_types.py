"""Requests, results and the exception tree of :mod:`graph.store.oxigraph.executor` (re-exported there).

>>> QueryRequest("ASK {}", "application/sparql-results+json").timeout
30.0
"""

from __future__ import annotations

from dataclasses import dataclass


class QueryError(Exception):
    """Base of the errors :meth:`QueryPool.run` raises."""


class QueryTimeout(QueryError):
    """The query ran past its deadline; its worker was killed and replaced."""


class PoolBusy(QueryTimeout):
    """No worker became free before the deadline."""


class QueryFailed(QueryError):
    """pyoxigraph refused or failed the query (message kept)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class QuerySyntaxError(QueryFailed):
    """The query does not parse; ``line``/``column`` are 1-based when pyoxigraph gives them."""


class WorkerCrashed(QueryFailed):
    """The worker died mid-query (e.g. it hit the memory cap); it was replaced."""


class ResultTooLarge(QueryError):
    """The result has more than ``max_rows`` rows."""


class FormatNotAcceptable(QueryError):
    """None of the requested media types can carry this kind of result."""


@dataclass(frozen=True)
class QueryRequest:
    """One query. ``alternates`` are further media types, tried in order after ``result_format``
    (e.g. a Turtle fallback for CONSTRUCT when ``result_format`` is a SPARQL results type)."""

    query: str
    result_format: str
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = True
    base_iri: str | None = None
    timeout: float = 30.0
    max_rows: int = 1_000_000
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    kind: str
    media_type: str
    body: bytes
    rows: int | None
