"""Loads and restores on a remote engine: parsed here, sent in batches into staging graphs (each
batch retried), then published by one update request; any failure drops what was staged.

A load whose one target graph is empty beforehand (a triples file into the default graph of an
empty store, or ``--graph`` naming a new graph) skips the staging graph: its batches go straight
into the target, under a journal graph, and a failure drops the target again. Engines copy
graphs slowly (Oxigraph's ``ADD`` of 100k triples takes seconds), so this is what makes a large
first load fast; the price is that readers see the target fill up while the load runs.

Blank nodes are scoped to one request, so quads with blank nodes are not batched: they travel
together in the final request, inside the same ``INSERT DATA`` (one scope, so one node stays
one node). See :mod:`graph.store.remote.staging` for the names and the clean-up of graphs left
by a killed load.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, Triple, parse

from graph.errors import NewsgraphError, RdfSyntaxError, SourceNotFound
from graph.formats import rdf_format_for_path
from graph.store.common import ProgressFn, ProgressReader, graph_name, graph_ref, positioned, quads_text
from graph.store.remote.client import retrying
from graph.store.remote.staging import StagingName, drop_text, move_into_place
from graph.store.results import LoadReport

if TYPE_CHECKING:
    from graph.store.remote.backend import RemoteStore

log = logging.getLogger("newsgraph.remote")
BATCH_QUADS = 20_000  # quads per staging request (about 2-3 MB of update text)
JOURNAL_S = "urn:newsgraph:load"
JOURNAL_P = "urn:newsgraph:writesInto"
DEFAULT_MARK = "urn:newsgraph:default-graph"


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
    """One staged write: a staging graph per target graph, batches, then publish or undo.

    ``direct``: the load has one target graph and it is empty, so batches go straight into it
    (no copy at the end, which engines do slowly), under a journal graph that names the target;
    undoing means dropping the target again, and a journal left by a killed load tells the next
    load which graph to drop.
    """

    def __init__(self, store: RemoteStore, direct: str | None = None) -> None:
        self.store = store
        self.nonce = secrets.token_hex(4)
        self.targets: dict[str, str] = {}
        self.batch: list[Quad] = []
        self.bnodes: list[Quad] = []
        self.written = 0
        self.direct, self.journal = direct, None
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgraph-load")
        self._pending: Future[None] | None = None
        if direct is not None:
            self.journal = StagingName.new(0, self.nonce).iri
            store.send_update(journal_text(self.journal, direct), what="starting the load")

    def add(self, target: str, q: Quad) -> None:
        self.written += 1
        if _has_bnode(q):
            self.bnodes.append(Quad(q.subject, q.predicate, q.object, _term(target)))
            return
        if self.direct is not None:
            g: NamedNode | DefaultGraph = _term(target)
        else:
            st = self.targets.get(target)
            if st is None:
                st = self.targets[target] = StagingName.new(len(self.targets), self.nonce).iri
            g = NamedNode(st)
        self.batch.append(Quad(q.subject, q.predicate, q.object, g))
        if len(self.batch) >= BATCH_QUADS:
            self.flush()

    def flush(self, *, wait: bool = False) -> None:
        """Send the batch; one batch is in flight while the next is read and written out."""
        if self.batch:
            text = "INSERT DATA {\n" + quads_text(self.batch) + "}"
            self.batch = []
            self._wait()
            self._pending = self._sender.submit(
                retrying, lambda: self.store.send_update(text, what="a load batch"), timeouts=True)
        if wait:
            self._wait()

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # a batch's error is raised here, in the loading thread

    def close(self) -> None:
        with contextlib.suppress(NewsgraphError):
            self._wait()
        self._sender.shutdown(wait=True)

    def _ours(self) -> list[str]:
        return [*self.targets.values(), *([self.journal] if self.journal else [])]

    def publish(self, *, replace: bool, drop: Sequence[str] = (), clear_default: bool = False) -> None:
        """The one request that puts the staged quads in place (and drops the staging graphs)."""
        self.flush(wait=True)
        extra = "INSERT DATA {\n" + quads_text(self.bnodes) + "}" if self.bnodes else ""
        journal = [self.journal] if self.journal else []
        text = move_into_place(self.targets, replace=replace, drop=[*drop, *journal],
                               clear_default=clear_default, extra=extra)
        if not text:
            return
        try:
            self.store.send_update(text, what="publishing the load")
        except NewsgraphError:
            if self._ours() and not self._staged_left():
                return  # the request went through; only its answer was lost
            raise

    def _staged_left(self) -> bool:
        try:
            left = set(self.store.reader.all_graphs())
        except NewsgraphError:
            return True
        return bool(left & set(self._ours()))

    def undo(self, exc: NewsgraphError) -> NewsgraphError:
        """Drop what was written; return ``exc`` with what happened said."""
        self.close()  # no batch may land after the drop
        graphs = self._ours()
        note = "nothing was changed on the remote store"
        if graphs:
            text = drop_text(graphs)
            if self.direct is not None:
                text = f"DROP SILENT {graph_ref(self.direct)} ;\n" + text
            try:
                self.store.send_update(text, what="dropping what the load wrote")
                note += (f" (the graph {_show(self.direct)}, empty before, was dropped again)"
                         if self.direct is not None else
                         f" (the {len(graphs)} staging graph(s) written so far were dropped)")
            except NewsgraphError as again:
                held = (f"{_show(self.direct)} holds part of the load" if self.direct is not None
                        else "the target graphs are unchanged")
                note = (f"{held}, and the graph(s) {', '.join('<' + g + '>' for g in graphs)} "
                        f"could not be dropped ({again.message}); the next load removes them")
        log.warning("remote load failed: %s; %s", exc.message, note)
        if isinstance(exc, RdfSyntaxError):
            return RdfSyntaxError(f"{exc.detail}; {note}", path=exc.path, line=exc.line, column=exc.column)
        return type(exc)(f"{exc.message}; {note}")


def _term(graph: str) -> NamedNode | DefaultGraph:
    return NamedNode(graph) if graph else DefaultGraph()


def _show(graph: str | None) -> str:
    return "the default graph" if not graph else f"<{graph}>"


def journal_text(journal: str, target: str) -> str:
    return (f"INSERT DATA {{ GRAPH <{journal}> {{ <{JOURNAL_S}> <{JOURNAL_P}> "
            f"<{target or DEFAULT_MARK}> }} }}")


def clean_stale(store: RemoteStore) -> list[str]:
    """Drop staging graphs left by killed loads (see :meth:`StagingName.stale`), and the graph a
    killed direct load was writing (named by its journal)."""
    stale = [g for g in store.reader.all_graphs()
             if (name := StagingName.parse(g)) is not None and name.stale()]
    if not stale:
        return []
    journals = store.select(f"SELECT ?t WHERE {{ GRAPH ?j {{ <{JOURNAL_S}> <{JOURNAL_P}> ?t }} }}",
                            union=False)
    half = [graph_ref("" if t.value == DEFAULT_MARK else t.value)
            for t in journals.column("t") if isinstance(t, NamedNode)]
    store.send_update(" ;\n".join([*(f"DROP SILENT {g}" for g in half), drop_text(stale)]),
                      what="dropping what interrupted loads left")
    log.warning("dropped %d staging graph(s) left by an interrupted load%s", len(stale),
                f" and {len(half)} half-loaded graph(s)" if half else "")
    return stale


def _direct_target(store: RemoteStore, files: Sequence[Path], graph: str | None) -> str | None:
    """The one graph a load writes, if it is known before reading and empty now."""
    if graph is None and any(rdf_format_for_path(p).supports_datasets for p in files):
        return None
    target = graph or ""
    pattern = f"GRAPH <{target}> {{ ?s ?p ?o }}" if target else "?s ?p ?o"
    return None if store.ask(f"ASK {{ {pattern} }}", union=False) else target


def _staged(store: RemoteStore, files: list[Path], graph: str | None, progress: ProgressFn | None,
            finish: Callable[[Stager], None], *, may_write_directly: bool = False
            ) -> tuple[LoadReport, list[str]]:
    with store.write_lock:
        clean_stale(store)
        direct = _direct_target(store, files, graph) if may_write_directly else None
        stager = Stager(store, direct)
        try:
            with ExitStack() as stack:
                for target, q in read_quads(files, graph, progress, stack):
                    stager.add(target, q)
            finish(stager)
            stager.close()
        except NewsgraphError as exc:
            raise stager.undo(exc) from None
        except BaseException:
            stager.undo(NewsgraphError("interrupted"))
            raise
        targets = [*stager.targets, *([stager.direct] if stager.direct is not None else []),
                   *(graph_name(q.graph_name) for q in stager.bnodes)]
    return LoadReport([str(p) for p in files], written=stager.written), sorted(set(targets))


def load_files(store: RemoteStore, paths: Sequence[str | Path], graph: str | None,
               progress: ProgressFn | None) -> tuple[LoadReport, list[str]]:
    """Load RDF files, all or nothing; the report and the graphs that changed."""
    return _staged(store, _files(paths), graph, progress, lambda st: st.publish(replace=False),
                   may_write_directly=True)


def restore(store: RemoteStore, path: str | Path) -> tuple[LoadReport, list[str]]:
    """Replace the whole content with a dump, all or nothing."""
    files = _files([path])

    def finish(st: Stager) -> None:
        live = [g for g in store.reader.named_graphs() if g not in st.targets]  # MOVE replaces those
        st.publish(replace=True, drop=live, clear_default="" not in st.targets)

    return _staged(store, files, None, None, finish)


__all__ = ["BATCH_QUADS", "clean_stale", "load_files", "restore"]
