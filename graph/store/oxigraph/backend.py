"""``OxigraphStore``: the embedded backend of :class:`graph.store.GraphStore`, owning an Oxigraph store.

Every write is one transaction: a file load, an article replacement, an update or a restore
either lands whole or not at all (see ``DESIGN.md`` for what pyoxigraph guarantees), then
the store is flushed and ``generation`` moves on so caches, ETags and projections can follow.

Examples
--------
>>> gs = OxigraphStore("memory")
>>> gs.update('INSERT DATA { <http://e/a> <http://e/p> "1" }').added
1
>>> gs.select("SELECT ?o WHERE { ?s ?p ?o }")
(['o'], [['"1"']])
>>> gs.generation
1
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
)

from graph.errors import (
    QuerySyntaxError,
    RdfSyntaxError,
    SourceNotFound,
    StoreUnavailable,
    UpdateSyntaxError,
    UpstreamFailed,
)
from graph.formats import rdf_format_for_path
from graph.sparql.dataset import has_dataset_clause
from graph.store.common import LoadReport, ProgressFn, ProgressReader, positioned, quads_text
from ontology.namespaces import PREFIXES, PROV_USED

MEMORY = "memory"


class OxigraphStore:
    """An Oxigraph store on disk (a directory) or in memory (``"memory"``)."""

    def __init__(self, location: str | Path = MEMORY) -> None:
        self.location = str(location)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[int], None]] = []
        self.generation = 0
        self._store = self._open()

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
        path = Path(self.location)
        path.mkdir(parents=True, exist_ok=True)
        try:
            store = Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreUnavailable(
                    f"{path}: the store is in use by another process (a running `newsgraph serve`?); "
                    "stop it first, or send the query to its /sparql endpoint") from None
            raise StoreUnavailable(f"{path}: cannot open the store: {exc}") from None
        for stale in path.glob("bulk-*.sst"):  # left by a killed bulk load; nothing else removes them
            stale.unlink()
        return store

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(OSError):
                self._store.flush()
            del self._store
            gc.collect()

    def on_write(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(generation)`` after every committed write."""
        self._listeners.append(callback)

    def _committed(self) -> None:
        if not self.is_memory:
            self._store.flush()
        self.generation += 1
        for cb in list(self._listeners):
            cb(self.generation)

    @property
    def raw(self) -> Store:
        """The pyoxigraph store, for modules of ``graph/`` only."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    # -- loads -----------------------------------------------------------------------------
    def load_files(self, paths: Sequence[str | Path], *, graph: str | None = None,
                   progress: ProgressFn | None = None) -> LoadReport:
        """Load RDF files (format by extension), all or nothing.

        With more than one file every file is parsed first, so a bad file anywhere leaves the
        store untouched; a single file is one ``bulk_load``, itself all-or-nothing.
        """
        files = [Path(p) for p in paths]
        for p in files:
            if not p.is_file():
                raise SourceNotFound(f"{p}: no such file")
            rdf_format_for_path(p)
        if len(files) > 1:
            for p in files:
                self.check_syntax(p)
        with self._lock:
            report = LoadReport(len(self._store), 0, [str(p) for p in files])
            for p in files:
                self._bulk_load_file(p, graph, progress)
            self._committed()
            report.after = len(self._store)
        return report

    def check_syntax(self, path: Path) -> int:
        """Parse a file completely without storing it; return its quad count."""
        fmt = rdf_format_for_path(path)
        try:
            return sum(1 for _ in parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
        except SyntaxError as exc:
            raise positioned(exc, RdfSyntaxError, str(path)) from None

    def _bulk_load_file(self, p: Path, graph: str | None, progress: ProgressFn | None) -> None:
        fmt = rdf_format_for_path(p)
        to_graph = NamedNode(graph) if graph else None
        base = p.resolve().as_uri()
        try:
            if progress is None:  # pyoxigraph reads the file itself
                self._store.bulk_load(path=str(p), format=fmt, to_graph=to_graph, base_iri=base)
                return
            with p.open("rb") as f:
                reader = cast(IO[bytes], ProgressReader(f, progress))  # duck-typed: read() only
                self._store.bulk_load(reader, fmt, to_graph=to_graph, base_iri=base)
        except SyntaxError as exc:
            raise positioned(exc, RdfSyntaxError, str(p)) from None

    def add_quads(self, quads: Iterable[Quad]) -> LoadReport:
        """Insert quads in one transaction."""
        with self._lock:
            before = len(self._store)
            self._store.extend(quads)
            self._committed()
            return LoadReport(before, len(self._store))

    def replace_graphs(self, graph_quads: dict[str, list[Quad]],
                       drop_subjects: dict[str, list[str]] | None = None,
                       extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                       ) -> LoadReport:
        """Replace whole named graphs and some subjects' triples in other graphs, atomically.

        ``graph_quads`` maps a graph IRI to its new content; ``drop_subjects`` maps a graph IRI
        to subjects whose triples there are removed first; ``drop_used_by`` pairs
        ``(graph, iri)`` remove, in that graph, the descriptions of nodes that ``prov:used`` the
        IRI (the earlier load activities of an article); ``extra`` quads are added.
        """
        ops = [f"DROP SILENT GRAPH <{g}>" for g in graph_quads]
        for g, subjects in (drop_subjects or {}).items():
            ops += [f"DELETE WHERE {{ GRAPH <{g}> {{ <{s}> ?p ?o }} }}" for s in subjects]
        for g, used in drop_used_by:
            ops.append(f"DELETE {{ GRAPH <{g}> {{ ?a ?p ?o }} }} WHERE {{ GRAPH <{g}> "
                       f"{{ ?a <{PROV_USED}> <{used}> ; ?p ?o }} }}")
        new = [*(q for qs in graph_quads.values() for q in qs), *extra]
        ops.append("INSERT DATA {\n" + quads_text(new) + "}")
        with self._lock:
            before = len(self._store)
            self._store.update(";\n".join(ops))
            self._committed()
            return LoadReport(before, len(self._store))

    # -- queries and updates ---------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> Any:
        """Run a query in-process and return pyoxigraph's lazy results (``graph/`` use only).

        The prefixes of :data:`ontology.namespaces.PREFIXES` (``ng:``, ``schema:``, ``prov:``...)
        are predeclared; a query's own ``PREFIX`` lines take precedence.
        """
        kw: dict[str, Any] = {"base_iri": base_iri, "substitutions": substitutions,
                              "prefixes": PREFIXES}
        if default_graph:
            kw["default_graph"] = [DefaultGraph() if g == "" else NamedNode(g) for g in default_graph]
        else:  # a query's own FROM / FROM NAMED win over the union default graph
            kw["use_default_graph_as_union"] = union and not has_dataset_clause(sparql)
        if named_graphs is not None:
            kw["named_graphs"] = [NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kw)
        except SyntaxError as exc:
            raise positioned(exc, QuerySyntaxError) from None

    def select(self, sparql: str, **kw: Any) -> tuple[list[str], list[list[str | None]]]:
        """Variables and rows of a SELECT, each cell in N-Triples syntax (``None`` if unbound)."""
        res = self.query(sparql, **kw)
        if isinstance(res, QueryBoolean):
            return ["ask"], [[str(bool(res)).lower()]]
        if not isinstance(res, QuerySolutions):
            raise QuerySyntaxError("expected a SELECT or ASK query")
        names = [v.value for v in res.variables]
        return names, [[None if s[n] is None else str(s[n]) for n in names] for s in res]

    def update(self, sparql: str, *, base_iri: str | None = None) -> LoadReport:
        """Run a SPARQL update (one transaction)."""
        with self._lock:
            before = len(self._store)
            try:
                self._store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise positioned(exc, UpdateSyntaxError) from None
            except OSError as exc:  # e.g. LOAD of an allowed URL that answers 404
                raise UpstreamFailed(f"update failed, nothing changed: {exc}") from None
            self._committed()
            return LoadReport(before, len(self._store))

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, or those of one graph (``""`` for the default graph)."""
        g = None if graph is None else (DefaultGraph() if graph == "" else NamedNode(graph))
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (``""``, the default graph, always does)."""
        return graph == "" or bool(self._store.contains_named_graph(NamedNode(graph)))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    # -- dump and restore ------------------------------------------------------------------
    def dump(self, output: str | Path | IO[bytes], format: RdfFormat = RdfFormat.N_QUADS) -> int:
        """Write every quad (N-Quads unless told otherwise); return the count."""
        target = str(output) if isinstance(output, str | Path) else output
        self._store.dump(target, format)
        return len(self._store)

    def restore(self, path: str | Path) -> LoadReport:
        """Replace the whole content with an N-Quads (or any RDF) file, all or nothing."""
        p = Path(path)
        if not p.is_file():
            raise SourceNotFound(f"{p}: no such file")
        with self._lock:
            before = len(self._store)
            if self.is_memory:
                fmt = rdf_format_for_path(p)
                try:
                    quads = list(parse(path=str(p), format=fmt))
                except SyntaxError as exc:
                    raise positioned(exc, RdfSyntaxError, str(p)) from None
                self._store.clear()
                self._store.extend(quads)
            else:
                self._swap_in(p)
            self._committed()
            return LoadReport(before, len(self._store), [str(p)])

    def _swap_in(self, p: Path) -> None:
        live = Path(self.location)
        fresh, old = live.with_name(live.name + ".restore"), live.with_name(live.name + ".old")
        for d in (fresh, old):
            shutil.rmtree(d, ignore_errors=True)
        staging = Store(str(fresh))
        try:
            staging.bulk_load(path=str(p), format=rdf_format_for_path(p))
            staging.flush()
        except SyntaxError as exc:
            del staging
            shutil.rmtree(fresh, ignore_errors=True)
            raise positioned(exc, RdfSyntaxError, str(p)) from None
        del staging
        self._store.flush()
        del self._store
        gc.collect()
        live.rename(old)
        fresh.rename(live)
        self._store = Store(str(live))
        shutil.rmtree(old, ignore_errors=True)

    def count(self, sparql: str, **kw: Any) -> int:
        """Value of a ``SELECT (COUNT(...) AS ?n)`` query."""
        res = self.query(sparql, **kw)
        for sol in res:
            term = sol[0]
            return int(term.value) if isinstance(term, Literal) else 0
        return 0


__all__ = ["MEMORY", "LoadReport", "OxigraphStore"]
