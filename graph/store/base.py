"""The ``GraphStore`` interface every backend implements (embedded Oxigraph, remote SPARQL 1.1).

Callers above ``graph/store/`` see only this Protocol and the records of
:mod:`graph.store.results`. pyoxigraph's terms (``NamedNode``, ``Literal``, ``Quad``) are the RDF
data model on both sides of it; a backend's engine objects (pyoxigraph's ``Store``, its query
results, an HTTP session, the embedded backend's worker pool, snapshots and sandbox) never cross it.

Reading
    :meth:`~GraphStore.query` returns neutral results (:class:`Solutions`, :class:`Boolean`,
    :class:`Graph`) for code of ``graph/``; :meth:`~GraphStore.execute` runs a *client's* query
    (:class:`QuerySpec`: text, dataset, media types, timeout, row cap) and returns it serialized
    (:class:`SerializedResult`). The embedded backend runs ``execute`` in its killable,
    network-less worker processes (set up from :meth:`~GraphStore.configure`); a remote backend
    forwards it with ``Accept`` and a timeout.

Writing
    Every write is all or nothing and returns a :class:`LoadReport` whose counts come from the
    operation (never from a scan). Graph Store operations: :meth:`~GraphStore.has_graph`,
    :meth:`~GraphStore.quads` of a graph, :meth:`~GraphStore.replace_graph`,
    :meth:`~GraphStore.add_to_graph`, :meth:`~GraphStore.drop_graph`.

Write listeners
    After every committed write ``generation`` moves on and each ``on_write`` callback gets a
    :class:`WriteEvent` ``(generation, graphs, added, removed)``, in commit order, on the writing
    thread, before the write call returns. ``graphs`` names the graphs whose content changed when
    the operation knows it (``None``: anything may have changed); ``added``/``removed`` are the
    exact quads where that is cheap, else ``None``. An incremental projection applies
    ``added``/``removed`` when both are given, re-reads ``graphs`` when only they are known, and
    rebuilds otherwise. Result caches and ETags only need ``generation``. A listener must be quick
    and must not write to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar, runtime_checkable

from pyoxigraph import Quad, RdfFormat

from graph.errors import QueryFailed
from graph.store.common import ProgressFn
from graph.store.results import (
    Boolean,
    LoadReport,
    QueryResults,
    QuerySpec,
    SerializedResult,
    Solutions,
    WriteEvent,
)

WriteListener = Callable[[WriteEvent], None]
T = TypeVar("T")


@dataclass(frozen=True)
class ExecutionOptions:
    """How a backend runs clients' queries (:meth:`GraphStore.execute`).

    workers
        embedded backend: killable worker processes (0 = in this process, no time limit).
    service_allow
        hosts (``host`` or ``host:port``) that SERVICE may reach.
    memory_limit
        embedded backend: address-space cap of each worker in bytes (None: no cap).
    """

    workers: int = 2
    service_allow: tuple[str, ...] = ()
    memory_limit: int | None = 2 << 30


@runtime_checkable
class GraphStore(Protocol):
    """A quad store with atomic writes, queries and write notifications."""

    location: str
    generation: int

    @property
    def is_memory(self) -> bool: ...

    def close(self) -> None: ...

    def on_write(self, callback: WriteListener) -> None:
        """Call ``callback(event)`` after every committed write (see the module docstring)."""

    # -- writes ------------------------------------------------------------------------------
    def load_files(self, paths: Sequence[str | Path], *, graph: str | None = None,
                   progress: ProgressFn | None = None) -> LoadReport: ...

    def check_syntax(self, path: Path) -> int: ...

    def add_quads(self, quads: Iterable[Quad]) -> LoadReport: ...

    def replace_graphs(self, graph_quads: dict[str, list[Quad]],
                       drop_subjects: dict[str, list[str]] | None = None,
                       extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                       ) -> LoadReport: ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> LoadReport: ...

    def restore(self, path: str | Path) -> LoadReport: ...

    # -- Graph Store Protocol ----------------------------------------------------------------
    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (``""``, the default graph, always does)."""

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        """Make ``quads`` (their graph names ignored) the whole content of ``graph`` (``""``:
        the default graph), creating a named graph even when ``quads`` is empty."""

    def add_to_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        """Add ``quads`` (graph names ignored) to ``graph``, creating it even when empty."""

    def drop_graph(self, graph: str) -> LoadReport:
        """Remove a named graph, or empty the default graph (``""``)."""

    # -- reads -------------------------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResults: ...

    def select(self, sparql: str, **kw: Any) -> Solutions: ...

    def ask(self, sparql: str, **kw: Any) -> bool: ...

    def count(self, sparql: str, **kw: Any) -> int: ...

    def configure(self, options: ExecutionOptions) -> None:
        """Set how :meth:`execute` runs queries, from the next query on."""

    def execute(self, spec: QuerySpec) -> SerializedResult:
        """Run a client's query and serialize it (blocking, thread-safe)."""

    async def execute_async(self, spec: QuerySpec) -> SerializedResult:
        """:meth:`execute` for an event loop."""

    def quads(self, graph: str | None = None) -> Iterator[Quad]: ...

    def graph_quads(self, graphs: Sequence[str]) -> Iterator[tuple[str, list[Quad]]]:
        """``(graph, its quads)`` for each of ``graphs`` in order; a backend may read the next
        graphs concurrently meanwhile (the remote one does). The projection's build reads every
        graph this way."""

    def map_graphs(self, graphs: Sequence[str], fn: Callable[[str, Iterable[Quad]], T]
                   ) -> Iterator[tuple[str, T]]:
        """``(graph, fn(graph, its quads))`` for each of ``graphs`` in order. ``fn`` must be a
        module-level function: a backend may run it in other processes, over a consistent
        snapshot (the embedded one does for many graphs on disk), so it sees one state of the
        store, that of the call or later. The projection's full build reads this way."""

    def named_graphs(self) -> list[str]: ...

    def is_empty(self) -> bool: ...

    def dump(self, output: str | Path | IO[bytes], format: RdfFormat = RdfFormat.N_QUADS) -> int: ...

    def __len__(self) -> int:
        """Every quad counted: a full scan on most engines, for reports, never per write."""


class ReadShortcuts:
    """``select``, ``ask`` and ``count`` on top of a backend's ``query``, the same for all."""

    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResults:
        raise NotImplementedError

    def select(self, sparql: str, **kw: Any) -> Solutions:
        """The rows of a SELECT (terms, ``None`` where unbound)."""
        res = self.query(sparql, **kw)
        if not isinstance(res, Solutions):
            raise QueryFailed("expected a SELECT query")
        return res

    def ask(self, sparql: str, **kw: Any) -> bool:
        res = self.query(sparql, **kw)
        if not isinstance(res, Boolean):
            raise QueryFailed("expected an ASK query")
        return res.value

    def count(self, sparql: str, **kw: Any) -> int:
        """The value of a ``SELECT (COUNT(...) AS ?n)`` query (0 if it has no row)."""
        from pyoxigraph import Literal

        for row in self.select(sparql, **kw).rows:
            return int(row[0].value) if isinstance(row[0], Literal) else 0
        return 0

    def graph_quads(self, graphs: Sequence[str]) -> Iterator[tuple[str, list[Quad]]]:
        raise NotImplementedError

    def map_graphs(self, graphs: Sequence[str], fn: Callable[[str, Iterable[Quad]], T]
                   ) -> Iterator[tuple[str, T]]:
        """:meth:`GraphStore.map_graphs` in this process, over :meth:`graph_quads`."""
        return ((g, fn(g, quads)) for g, quads in self.graph_quads(graphs))


__all__ = ["ExecutionOptions", "GraphStore", "ReadShortcuts", "WriteListener"]
