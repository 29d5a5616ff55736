"""Neutral records crossing the :class:`graph.store.GraphStore` interface.

Results are pyoxigraph *terms* (``NamedNode``, ``Literal``, ``BlankNode``, ``Triple``), never a
backend's result objects: :class:`Solutions` (SELECT), :class:`Boolean` (ASK), :class:`Graph`
(CONSTRUCT / DESCRIBE). A client's query goes through :meth:`GraphStore.execute` as a
:class:`QuerySpec` and comes back serialized as a :class:`SerializedResult`. Writes report a
:class:`LoadReport` and notify listeners with a :class:`WriteEvent`.

>>> from pyoxigraph import Literal
>>> s = Solutions(("x",), [(Literal("1"),), (None,)])
>>> [row.get("x") for row in s]
[<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, None]
>>> len(s), s.column("x")[1] is None
(2, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal as Kind
from typing import TypeAlias

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

Term: TypeAlias = NamedNode | BlankNode | Literal | Triple
ResultKind: TypeAlias = Kind["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class Row:
    """One solution: terms by variable name (``None`` where unbound)."""

    variables: tuple[str, ...]
    values: tuple[Term | None, ...]

    def get(self, name: str) -> Term | None:
        return self.values[self.variables.index(name)]

    def __getitem__(self, name: str) -> Term | None:
        return self.get(name)

    def as_dict(self) -> dict[str, Term | None]:
        return dict(zip(self.variables, self.values, strict=True))


@dataclass(frozen=True)
class Solutions:
    """A SELECT result: the projected variable names and the rows, in order."""

    variables: tuple[str, ...]
    rows: Sequence[tuple[Term | None, ...]]
    kind: ResultKind = field(default="solutions", init=False)

    def __iter__(self) -> Iterator[Row]:
        return (Row(self.variables, r) for r in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [r[i] for r in self.rows]


@dataclass(frozen=True)
class Boolean:
    """An ASK result."""

    value: bool
    kind: ResultKind = field(default="boolean", init=False)

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True)
class Graph:
    """A CONSTRUCT / DESCRIBE result: its triples, read once, lazily."""

    triples: Iterator[Triple]
    kind: ResultKind = field(default="graph", init=False)

    def __iter__(self) -> Iterator[Triple]:
        return self.triples


QueryResults: TypeAlias = Solutions | Boolean | Graph


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over, as decided by :func:`graph.sparql.plan.dataset_for`.

    ``default_graph`` (``""`` = the store's default graph) replaces the default graph when
    given; otherwise ``union`` makes it the union of every graph. ``named_graphs`` None = all.
    """

    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    union: bool = False


@dataclass(frozen=True)
class QuerySpec:
    """A client's query, ready to run and serialize (see :meth:`GraphStore.execute`).

    ``media_types`` are tried in order: the first that can carry the result's kind is used.
    ``timeout`` (seconds) and ``max_rows`` are enforced by the backend where it can (the
    embedded one kills its worker at the deadline; with no workers it has no time limit).
    """

    query: str
    media_types: tuple[str, ...]
    dataset: Dataset = Dataset()
    base_iri: str | None = None
    timeout: float = 30.0
    max_rows: int = 1_000_000


@dataclass(frozen=True)
class SerializedResult:
    """A query's answer as bytes: its kind, the media type chosen and the row (triple) count."""

    kind: ResultKind
    media_type: str
    body: bytes
    rows: int | None = None


@dataclass
class LoadReport:
    """What a write did. Counts come from the operation itself (never a scan of the store):

    ``written`` quads given or read (duplicates of stored quads included), ``added`` /
    ``removed`` quads that are new / gone, each ``None`` where the operation does not say.
    """

    sources: list[str] = field(default_factory=list)
    written: int | None = None
    added: int | None = None
    removed: int | None = None


@dataclass(frozen=True)
class WriteEvent:
    """What a committed write changed, given to every ``on_write`` listener.

    generation
        the store's generation after the write (strictly increasing).
    graphs
        IRIs of the named graphs whose content changed (``""`` for the default graph), when the
        operation says so (loads into a graph, ``replace_graphs``, Graph Store operations);
        ``None`` when unknown (a general SPARQL update, a restore): assume anything changed.
    added, removed
        the exact quads inserted / deleted, where that is cheap to know (``add_quads``; a
        Graph Store POST); ``None`` otherwise. When given they are exact: ``added`` holds only
        quads that were not stored before, ``removed`` only quads that were.
    """

    generation: int
    graphs: frozenset[str] | None = None
    added: tuple[Quad, ...] | None = None
    removed: tuple[Quad, ...] | None = None


__all__ = ["Boolean", "Dataset", "Graph", "LoadReport", "QueryResults", "QuerySpec", "ResultKind", "Row",
           "SerializedResult", "Solutions", "Term", "WriteEvent"]
