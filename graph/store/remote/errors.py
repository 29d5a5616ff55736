"""Errors of the remote backend, placed in the one tree of :mod:`graph.errors`.

Tree (additions only)::

    UpstreamFailed                 502
    ├── EngineUnreachable          502  (connection refused, DNS, reset: the engine is down)
    └── EngineError                502  (the engine answered 5xx; its message is passed on)
    QueryTimeout                   503
    └── EngineTimeout              504  (no answer within the client-side timeout)

A 4xx answer of the engine to a query or update becomes the matching 400 of the tree
(:class:`graph.errors.QuerySyntaxError`, :class:`graph.errors.UpdateSyntaxError`), with the
engine's message and, where it gives one, the line and column.
"""

from __future__ import annotations

from graph.errors import QueryTimeout, UpstreamFailed


class EngineUnreachable(UpstreamFailed):
    code = "engine_unreachable"


class EngineError(UpstreamFailed):
    code = "engine_error"


class EngineTimeout(QueryTimeout):
    status = 504
    code = "engine_timeout"


__all__ = ["EngineError", "EngineTimeout", "EngineUnreachable"]
