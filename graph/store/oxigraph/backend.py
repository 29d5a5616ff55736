"""``OxigraphStore``: the embedded backend of :class:`graph.store.GraphStore`, owning an Oxigraph store.

Every write is one transaction: a file load, an article replacement, an update or a restore
either lands whole or not at all (see ``DESIGN.md`` for what pyoxigraph guarantees), then
the store is flushed, ``generation`` moves on and the write listeners get a
:class:`~graph.store.results.WriteEvent`. Counts in reports come from the operation, never
from ``len(store)`` (a full scan). Clients' queries run in :mod:`graph.store.oxigraph.engine`
(killable workers over snapshots); the on-disk layout and the crash-safe restore live in
:mod:`graph.store.oxigraph.layout`.

Examples
--------
>>> from pyoxigraph import Literal, NamedNode, Quad
>>> gs = OxigraphStore("memory")
>>> gs.add_quads([Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("1"))]).added
1
>>> [str(t) for t in gs.select("SELECT ?o WHERE { ?s ?p ?o }").column("o")]
['"1"']
>>> gs.generation, gs.ask("ASK { ?s ?p 1 }")
(1, False)
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from graph.errors import (
    QuerySyntaxError,
    SourceNotFound,
    StoreUnavailable,
    UpdateSyntaxError,
    UpstreamFailed,
)
from graph.formats import rdf_format_for_path
from graph.sparql.datablock import data_block
from graph.sparql.plan import dataset_for
from graph.sparql.touched import graphs_before
from graph.store.base import ExecutionOptions, ReadShortcuts, WriteListener
from graph.store.common import (
    LARGE_UPDATE_TEXT,
    ProgressFn,
    graph_name,
    graph_ref,
    graph_term,
    in_graph,
    positioned,
    replace_graph_update,
    replace_graphs_update,
)
from graph.store.oxigraph import files, layout, parallel
from graph.store.oxigraph.engine import QueryEngine, neutral
from graph.store.oxigraph.executor_worker import dataset_options
from graph.store.results import (
    LoadReport,
    QueryResults,
    QuerySpec,
    SerializedResult,
    WriteEvent,
)

MEMORY = "memory"
FLUSH_INTERVAL = 5.0  # seconds: small writes are flushed at most this often (the WAL has them)
LARGE_WRITE = 10_000  # quads: a write at least this big is flushed at once
T = TypeVar("T")


class OxigraphStore(ReadShortcuts):
    """An Oxigraph store on disk (a directory) or in memory (``"memory"``)."""

    def __init__(self, location: str | Path = MEMORY) -> None:
        import threading

        self.location = str(location)
        self._lock = threading.RLock()
        self._listeners: list[WriteListener] = []
        self.generation = 0
        self._flushed = time.monotonic()
        self._store = self._open()
        self._engine = QueryEngine(self.location, self.is_memory, lambda: self._store)

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def is_memory(self) -> bool:
        return self.location == MEMORY

    def _open(self) -> Store:
        if self.is_memory:
            return Store()
        if self.location.startswith(("http://", "https://")):
            raise StoreUnavailable(
                f"{self.location}: remote SPARQL endpoints as a store are not supported yet; "
                "give a directory or 'memory'")
        return layout.open_data(Path(self.location))

    def close(self) -> None:
        self._engine.close()
        with self._lock:
            with contextlib.suppress(OSError):
                self._store.flush()
            del self._store
            gc.collect()

    def on_write(self, callback: WriteListener) -> None:
        """Call ``callback(event)`` after every committed write."""
        self._listeners.append(callback)

    def _committed(self, graphs: Iterable[str] | None = None, added: Sequence[Quad] | None = None,
                   removed: Sequence[Quad] | None = None, *, large: bool = False) -> None:
        """After a write: flush when it was large or the last flush is old, bump the generation,
        tell the engine and the listeners."""
        if not self.is_memory and (large or time.monotonic() - self._flushed > FLUSH_INTERVAL):
            self._store.flush()  # ~40 ms: bounds the replay of the next open, not needed per write
            self._flushed = time.monotonic()
        self.generation += 1
        self._engine.stale()
        event = WriteEvent(self.generation, None if graphs is None else frozenset(graphs),
                           None if added is None else tuple(added),
                           None if removed is None else tuple(removed))
        for cb in list(self._listeners):
            cb(event)

    def __len__(self) -> int:
        return len(self._store)

    def is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None

    # -- loads -----------------------------------------------------------------------------
    def load_files(self, paths: Sequence[str | Path], *, graph: str | None = None,
                   progress: ProgressFn | None = None) -> LoadReport:
        """Load RDF files (format by extension), all or nothing.

        With more than one file every file is parsed first, so a bad file anywhere leaves the
        store untouched (and ``written`` is known); a single file is one ``bulk_load``, itself
        all-or-nothing.
        """
        paths_ = [Path(p) for p in paths]
        for p in paths_:
            if not p.is_file():
                raise SourceNotFound(f"{p}: no such file")
            rdf_format_for_path(p)
        written = sum(files.check_syntax(p) for p in paths_) if len(paths_) > 1 else None
        with self._lock:
            for p in paths_:
                files.bulk_load_file(self._store, p, graph, progress)
            self._committed([graph] if graph else None, large=True)
        return LoadReport([str(p) for p in paths_], written=written)

    def check_syntax(self, path: Path) -> int:
        """Parse a file completely without storing it; return its quad count."""
        return files.check_syntax(path)

    def add_quads(self, quads: Iterable[Quad]) -> LoadReport:
        """Insert quads in one transaction; ``added`` (and the event) are exactly the new ones."""
        given = list(quads)
        with self._lock:
            new = [q for q in dict.fromkeys(given) if q not in self._store]
            self._store.extend(new)
            self._committed({graph_name(q.graph_name) for q in given}, new, (),
                            large=len(new) >= LARGE_WRITE)
        return LoadReport(written=len(given), added=len(new), removed=0)

    def replace_graphs(self, graph_quads: dict[str, list[Quad]],
                       drop_subjects: dict[str, list[str]] | None = None,
                       extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                       ) -> LoadReport:
        """Replace whole graphs and some subjects' triples, atomically
        (:func:`graph.store.common.replace_graphs_update`)."""
        upd = replace_graphs_update(graph_quads, drop_subjects, extra, drop_used_by)
        with self._lock:
            self._store.update(upd.text)
            self._committed(upd.graphs, large=len(upd.inserted) >= LARGE_WRITE)
        return LoadReport(written=len(upd.inserted))

    # -- Graph Store Protocol --------------------------------------------------------------
    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (``""``, the default graph, always does)."""
        return graph == "" or bool(self._store.contains_named_graph(NamedNode(graph)))

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        """Make ``quads`` the whole content of ``graph`` (created even when empty)."""
        upd = replace_graph_update(graph, quads)
        with self._lock:
            self._store.update(upd.text)
            self._committed(upd.graphs, large=len(upd.inserted) >= LARGE_WRITE)
        return LoadReport(written=len(upd.inserted))

    def add_to_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        """Add ``quads`` to ``graph`` (created even when ``quads`` is empty)."""
        if not quads and graph and not self.has_graph(graph):
            with self._lock:
                self._store.update(f"CREATE SILENT GRAPH <{graph}>")
                self._committed([graph], (), ())
            return LoadReport(written=0, added=0, removed=0)
        return self.add_quads(in_graph(quads, graph))

    def drop_graph(self, graph: str) -> LoadReport:
        """Remove a named graph, or empty the default graph (``""``)."""
        with self._lock:
            self._store.update(f"DROP {graph_ref(graph)}")
            self._committed([graph])
        return LoadReport()

    # -- queries and updates ---------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResults:
        """Run a query in this process (no time limit: for ``graph/``'s own queries).

        The prefixes of :data:`ontology.namespaces.PREFIXES` (``ng:``, ``schema:``, ``prov:``...)
        are predeclared; a query's own ``PREFIX`` lines take precedence. The dataset is decided
        by :func:`graph.sparql.plan.dataset_for`.
        """
        ds = dataset_for(sparql, default_graph, named_graphs, union_default=union)
        kw = dataset_options(QuerySpec(sparql, (), ds, base_iri))
        try:
            return neutral(self._store.query(sparql, substitutions=substitutions, **kw))
        except SyntaxError as exc:
            raise positioned(exc, QuerySyntaxError) from None

    def configure(self, options: ExecutionOptions) -> None:
        """Set how :meth:`execute` runs queries (workers, SERVICE allow-list, memory cap)."""
        self._engine.configure(options)

    def execute(self, spec: QuerySpec) -> SerializedResult:
        return self._engine.execute(spec)

    async def execute_async(self, spec: QuerySpec) -> SerializedResult:
        return await self._engine.execute_async(spec)

    def update(self, sparql: str, *, base_iri: str | None = None) -> LoadReport:
        """Run a SPARQL update (one transaction). A lone ``INSERT DATA`` / ``DELETE DATA`` reports
        (and tells the listeners) exactly what it added or removed; other updates do not know."""
        from ontology.namespaces import PREFIXES

        block = data_block(sparql, base_iri) if len(sparql) < LARGE_UPDATE_TEXT else None
        with self._lock:
            changed = None if block is None else block.changes(self._store.__contains__)
            graphs = None if block is not None else graphs_before(
                sparql, lambda q: files.select_rows(self._store, q, base_iri), self.named_graphs)
            try:
                self._store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise positioned(exc, UpdateSyntaxError) from None
            except OSError as exc:  # e.g. LOAD of an allowed URL that answers 404
                raise UpstreamFailed(f"update failed, nothing changed: {exc}") from None
            if block is None or changed is None:  # the graphs found before it, or not known
                self._committed(graphs, large=len(sparql) >= LARGE_UPDATE_TEXT)
                return LoadReport()
            added, removed = (changed, []) if block.insert else ([], changed)
            self._committed({graph_name(q.graph_name) for q in changed}, added, removed)
        return LoadReport(written=len(block.quads), added=len(added), removed=len(removed))

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, or those of one graph (``""`` for the default graph)."""
        g = None if graph is None else graph_term(graph)
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def graph_quads(self, graphs: Sequence[str]) -> Iterator[tuple[str, list[Quad]]]:
        """Each graph's quads in order, one graph after another (reading ahead on threads through
        ``dump`` was measured slower here: the decoding threads and the caller contend)."""
        return ((g, list(self.quads(g))) for g in graphs)

    def map_graphs(self, graphs: Sequence[str], fn: Callable[[str, Iterable[Quad]], T]
                   ) -> Iterator[tuple[str, T]]:
        """On disk and for many graphs, on worker processes over a checkpoint taken now, under
        the write lock (:mod:`.parallel`); else in this process."""
        workers = 0 if self.is_memory else parallel.worker_count(len(graphs))
        if not workers:
            return super().map_graphs(graphs, fn)

        def checkpoint(target: str) -> None:
            with self._lock:
                self._store.backup(target)

        parent = str(Path(self.location).resolve().parent)
        return parallel.map_checkpoint(checkpoint, parent, graphs, fn, workers)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    # -- dump and restore ------------------------------------------------------------------
    def dump(self, output: str | Path | IO[bytes], format: RdfFormat = RdfFormat.N_QUADS) -> int:
        """Write every quad (N-Quads unless told otherwise); return the count."""
        target = str(output) if isinstance(output, str | Path) else output
        self._store.dump(target, format)
        return len(self._store)

    def restore(self, path: str | Path) -> LoadReport:
        """Replace the whole content with an N-Quads (or any RDF) file, all or nothing; on disk
        killed at any point the store holds the old content or the new (:mod:`.layout`)."""
        p = Path(path)
        if not p.is_file():
            raise SourceNotFound(f"{p}: no such file")
        with self._lock:
            if self.is_memory:
                quads = files.read_quads(p)
                self._store.clear()
                self._store.extend(quads)
                written = len(quads)
            else:
                written = self._swap_in(p)
            self._committed(large=True)
        return LoadReport([str(p)], written=written)

    def _swap_in(self, p: Path) -> int:
        def close() -> None:
            self._store.flush()
            del self._store
            gc.collect()

        try:
            self._store, written = layout.replace(Path(self.location), p, close)
        except BaseException:
            if not hasattr(self, "_store"):  # closed, and the pointer did not move: the old data
                self._store = layout.open_data(Path(self.location))
            raise
        return written


__all__ = ["MEMORY", "OxigraphStore"]
