"""What the parent and a query worker send each other over their socket pair (pickled records).

Parent -> worker: :class:`Run` (a :class:`~graph.store.results.QuerySpec`, and the snapshot to
answer from). Worker -> parent: zero or more :class:`Chunk`, then :class:`Done` (whose ``tail``
carries the last bytes, so a small result is one message) or :class:`Failed` (the name of a class
of :mod:`graph.errors`, its message and position).

>>> from graph.store.results import QuerySpec
>>> Run(QuerySpec("ASK {}", ("application/sparql-results+json",)), "/tmp/snap", 3).generation
3
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.store.results import QuerySpec, ResultKind


@dataclass(frozen=True)
class Run:
    spec: QuerySpec
    snapshot: str
    generation: int


@dataclass(frozen=True)
class Chunk:
    data: bytes


@dataclass(frozen=True)
class Done:
    kind: ResultKind
    media_type: str
    rows: int | None
    tail: bytes


@dataclass(frozen=True)
class Failed:
    error: str  # a class name of graph.errors
    message: str
    line: int | None = None
    column: int | None = None


Reply = Chunk | Done | Failed

__all__ = ["Chunk", "Done", "Failed", "Reply", "Run"]
