"""How the embedded backend runs clients' queries: its worker pool, or this process.

:class:`QueryEngine` belongs to one :class:`~graph.store.oxigraph.backend.OxigraphStore`. With
``workers > 0`` (:class:`~graph.store.base.ExecutionOptions`) it starts a
:class:`~graph.store.oxigraph.executor.QueryPool` on the first query, over snapshots of the store
(``Store.backup`` hard links on disk, an N-Quads dump in memory). A write only marks the snapshot
stale (:meth:`QueryEngine.stale`); the first query after a burst of writes makes one new snapshot
before it runs, so every query sees every write acknowledged before it started, and a burst of
writes costs one snapshot, not one per write. With ``workers=0`` queries run here, with no time
limit, so a SERVICE that cannot be checked is refused.

It also converts pyoxigraph results into the neutral records of :mod:`graph.store.results`.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable, Iterator
from typing import Any, cast

from pyoxigraph import QueryBoolean, QuerySolutions, Store

from graph.errors import NetworkForbidden, NotAcceptable, QueryFailed, QuerySyntaxError
from graph.formats import rdf_format_for_media_type, results_format_for_media_type
from graph.sparql.netcheck import Route, query_route
from graph.store.base import ExecutionOptions
from graph.store.common import positioned
from graph.store.oxigraph.executor import QueryPool
from graph.store.oxigraph.executor_worker import DUMP_FILE, dataset_options, result_kind
from graph.store.results import Boolean, Graph, QueryResults, QuerySpec, SerializedResult, Solutions


def neutral(res: Any) -> QueryResults:
    """pyoxigraph's query results as :mod:`graph.store.results` records (solutions read whole)."""
    if isinstance(res, QueryBoolean):
        return Boolean(bool(res))
    if isinstance(res, QuerySolutions):
        names = tuple(v.value for v in res.variables)
        width = range(len(names))
        return Solutions(names, [tuple(s[i] for i in width) for s in res])
    return Graph(cast(Iterator[Any], iter(res)))


def serialize_here(store: Store, spec: QuerySpec) -> SerializedResult:
    """Run ``spec`` in this process and serialize it in the first media type that fits."""
    try:
        res = store.query(spec.query, **dataset_options(spec))
    except SyntaxError as exc:
        raise positioned(exc, QuerySyntaxError) from None
    except (OSError, ValueError) as exc:
        raise QueryFailed(f"query failed: {exc}") from None
    kind = result_kind(res)
    for mt in spec.media_types:
        fmt: Any = rdf_format_for_media_type(mt) if kind == "graph" else results_format_for_media_type(mt)
        if fmt is not None:
            buf = io.BytesIO()
            res.serialize(buf, fmt)
            return SerializedResult(kind, mt, buf.getvalue())  # type: ignore[arg-type]
    raise NotAcceptable(f"a {kind} result cannot be written as {', '.join(spec.media_types)}")


class QueryEngine:
    """Runs :class:`QuerySpec` s for one store (see the module docstring)."""

    def __init__(self, location: str, is_memory: bool, store: Callable[[], Store]) -> None:
        self._location, self._is_memory, self._store = location, is_memory, store
        self.options = ExecutionOptions(workers=0)
        self._pool: QueryPool | None = None
        self._lock = threading.Lock()
        self._dirty = False

    def configure(self, options: ExecutionOptions) -> None:
        with self._lock:
            if options == self.options:
                return
            pool, self._pool, self.options = self._pool, None, options
        if pool is not None:
            pool.close()

    def stale(self) -> None:
        """A write committed: the next query must see it (cheap; called on the writing thread)."""
        self._dirty = True

    def _snapshot(self, target: str) -> None:
        import os

        store = self._store()
        if self._is_memory:
            from pyoxigraph import RdfFormat

            os.mkdir(target)
            store.dump(os.path.join(target, DUMP_FILE), RdfFormat.N_QUADS)
        else:
            store.backup(target)

    def _ready_pool(self) -> QueryPool:
        """The pool, started if needed, with a snapshot holding every acknowledged write."""
        with self._lock:
            if self._pool is None:
                self._dirty = False
                self._pool = QueryPool(self._location, workers=self.options.workers,
                                       allow_network=self.options.service_allow,
                                       snapshot=self._snapshot, memory_limit=self.options.memory_limit)
            pool = self._pool
            if self._dirty:
                self._dirty = False  # a write landing from here on sets it again
                try:
                    pool.refresh()
                except BaseException:
                    self._dirty = True
                    raise
        return pool

    def execute(self, spec: QuerySpec) -> SerializedResult:
        if self.options.workers <= 0:
            if query_route(spec.query, self.options.service_allow, spec.base_iri) is Route.UNKNOWN:
                raise NetworkForbidden("SERVICE to a host that is not allowed")
            return serialize_here(self._store(), spec)
        return self._ready_pool().run(spec)

    async def execute_async(self, spec: QuerySpec) -> SerializedResult:
        if self.options.workers <= 0:
            return await asyncio.to_thread(self.execute, spec)
        pool = self._pool
        if pool is None or self._dirty:
            pool = await asyncio.to_thread(self._ready_pool)
        return await pool.run_async(spec)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


__all__ = ["QueryEngine", "neutral", "serialize_here"]
