"""Loads and restores on a remote engine: parsed here, sent in batches into staging graphs (each
batch retried), then published by one update request; any failure drops what was staged.

Blank nodes are scoped to one request, so quads with blank nodes are not batched: they travel
together in the final request, inside the same ``INSERT DATA`` (one scope, so one node stays
one node). See :mod:`graph.store.remote.staging` for the names and the clean-up of graphs left
by a killed load.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, Triple, parse

from graph.errors import NewsgraphError, RdfSyntaxError, SourceNotFound
from graph.formats import rdf_format_for_path
from graph.store.common import ProgressFn, ProgressReader, positioned, quads_text
from graph.store.remote.client import retrying
from graph.store.remote.staging import StagingName, drop_text, move_into_place
from graph.store.results import LoadReport

if TYPE_CHECKING:
    from graph.store.remote.backend import RemoteStore

log = logging.getLogger("newsgraph.remote")
BATCH_QUADS = 20_000  # quads per staging request (about 2-3 MB of update text)


def _blank(term: object) -> bool:
    if isinstance(term, BlankNode):
        return True
    return isinstance(term, Triple) and (_blank(term.subject) or _blank(term.object))


def _has_bnode(q: Quad) -> bool:
    return _blank(q.subject) or _blank(q.object)


def _files(paths: Sequence[str | Path]) -> list[Path]:
    files = [Path(p) for p in paths]
    for p in files:
        if not p.is_file():
            raise SourceNotFound(f"{p}: no such file")
        rdf_format_for_path(p)
    return files


def read_quads(files: Sequence[Path], graph: str | None, progress: ProgressFn | None,
               stack: ExitStack) -> Iterator[tuple[str, Quad]]:
    """``(target graph, quad)`` for every quad of the files (``""``: the default graph)."""
    for p in files:
        f: IO[bytes] = stack.enter_context(p.open("rb"))
        src = cast(IO[bytes], ProgressReader(f, progress)) if progress else f
        try:
            for q in parse(src, rdf_format_for_path(p), base_iri=p.resolve().as_uri()):
                yield (graph if graph is not None else
                       "" if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value), q
        except SyntaxError as exc:
            raise positioned(exc, RdfSyntaxError, str(p)) from None


class Stager:
    """One staged write: staging graph per target graph, batches, publish or undo."""

    def __init__(self, store: RemoteStore) -> None:
        self.store = store
        self.nonce = secrets.token_hex(4)
        self.targets: dict[str, str] = {}
        self.batch: list[Quad] = []
        self.bnodes: list[Quad] = []
        self.written = 0

    def add(self, target: str, q: Quad) -> None:
        self.written += 1
        if _has_bnode(q):
            g = NamedNode(target) if target else DefaultGraph()
            self.bnodes.append(Quad(q.subject, q.predicate, q.object, g))
            return
        st = self.targets.get(target)
        if st is None:
            st = self.targets[target] = StagingName.new(len(self.targets), self.nonce).iri
        self.batch.append(Quad(q.subject, q.predicate, q.object, NamedNode(st)))
        if len(self.batch) >= BATCH_QUADS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        text = "INSERT DATA {\n" + quads_text(self.batch) + "}"
        retrying(lambda: self.store.send_update(text, what="a load batch"), timeouts=True)
        self.batch = []

    def publish(self, *, replace: bool, drop: Sequence[str] = (), clear_default: bool = False) -> None:
        """The one request that puts the staged quads in place (and drops the staging graphs)."""
        self.flush()
        extra = "INSERT DATA {\n" + quads_text(self.bnodes) + "}" if self.bnodes else ""
        text = move_into_place(self.targets, replace=replace, drop=drop,
                               clear_default=clear_default, extra=extra)
        if not text:
            return
        try:
            self.store.send_update(text, what="publishing the load")
        except NewsgraphError:
            if self.targets and not self._staged_left():
                return  # the request went through; only its answer was lost
            raise

    def _staged_left(self) -> bool:
        try:
            left = set(self.store.reader.all_graphs())
        except NewsgraphError:
            return True
        return bool(left & set(self.targets.values()))

    def undo(self, exc: NewsgraphError) -> NewsgraphError:
        """Drop the staging graphs; return ``exc`` with what happened to them said."""
        graphs = list(self.targets.values())
        note = "nothing was changed on the remote store"
        if graphs:
            try:
                self.store.send_update(drop_text(graphs), what="dropping staged batches")
                note += f" (the {len(graphs)} staging graph(s) written so far were dropped)"
            except NewsgraphError as again:
                note = (f"the target graphs are unchanged, but staging graph(s) "
                        f"{', '.join('<' + g + '>' for g in graphs)} could not be dropped "
                        f"({again.message}); the next load removes them")
        log.warning("remote load failed: %s; %s", exc.message, note)
        if isinstance(exc, RdfSyntaxError):
            return RdfSyntaxError(f"{exc.detail}; {note}", path=exc.path, line=exc.line, column=exc.column)
        return type(exc)(f"{exc.message}; {note}")


def clean_stale(store: RemoteStore) -> list[str]:
    """Drop staging graphs left by killed loads (see :meth:`StagingName.stale`)."""
    stale = [g for g in store.reader.all_graphs()
             if (name := StagingName.parse(g)) is not None and name.stale()]
    if stale:
        store.send_update(drop_text(stale), what="dropping stale staging graphs")
        log.warning("dropped %d staging graph(s) left by an interrupted load", len(stale))
    return stale


def _staged(store: RemoteStore, files: list[Path], graph: str | None, progress: ProgressFn | None,
            finish: Callable[[Stager], None]) -> tuple[LoadReport, list[str]]:
    with store.write_lock:
        clean_stale(store)
        stager = Stager(store)
        try:
            with ExitStack() as stack:
                for target, q in read_quads(files, graph, progress, stack):
                    stager.add(target, q)
            finish(stager)
        except NewsgraphError as exc:
            raise stager.undo(exc) from None
        except BaseException:
            stager.undo(NewsgraphError("interrupted"))
            raise
        targets = list(stager.targets) + sorted({q.graph_name.value if isinstance(q.graph_name, NamedNode)
                                                 else "" for q in stager.bnodes})
    return LoadReport([str(p) for p in files], written=stager.written), sorted(set(targets))


def load_files(store: RemoteStore, paths: Sequence[str | Path], graph: str | None,
               progress: ProgressFn | None) -> tuple[LoadReport, list[str]]:
    """Load RDF files, all or nothing; the report and the graphs that changed."""
    return _staged(store, _files(paths), graph, progress, lambda st: st.publish(replace=False))


def restore(store: RemoteStore, path: str | Path) -> tuple[LoadReport, list[str]]:
    """Replace the whole content with a dump, all or nothing."""
    files = _files([path])

    def finish(st: Stager) -> None:
        live = [g for g in store.reader.named_graphs() if g not in st.targets]  # MOVE replaces those
        st.publish(replace=True, drop=live, clear_default="" not in st.targets)

    return _staged(store, files, None, None, finish)


__all__ = ["BATCH_QUADS", "clean_stale", "load_files", "restore"]
