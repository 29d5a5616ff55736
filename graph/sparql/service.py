"""Query and update execution for the HTTP layer: negotiation, limits, workers, cache, ETags.

``SparqlService`` takes query text plus protocol options and returns serialized bytes and a
media type, so routes never see pyoxigraph. Queries run in the killable, network-less worker
pool of :mod:`graph.store.oxigraph.executor` (``workers > 0``), which sees every committed write: the store's
``on_write`` hook refreshes the pool's snapshot, then clears the result cache.

Results are cached (LRU, keyed by the query, its dataset, base IRI, the media types asked for and
the row cap) and carry an ``ETag`` made of a per-process id, the data generation and that key, so
a client's ``If-None-Match`` is answered without running anything while the data is unchanged.

Updates run in the writer (this process): :func:`graph.store.oxigraph.sandbox.check_update_network` first, so
``LOAD``/``SERVICE`` cannot reach a host outside ``service_allow``; the protocol's
``using-graph-uri``/``using-named-graph-uri`` are written in by :mod:`graph.sparql.dataset`.

>>> from graph.store import GraphStore, open_store
>>> svc = SparqlService(open_store("memory"), workers=0)
>>> svc.update(UpdateRequest('INSERT DATA { <http://e/a> <http://e/p> 1 }')).added
1
>>> svc.query(QueryRequest("SELECT ?o { ?s ?p ?o }", accept="text/csv")).body
b'o\\r\\n1\\r\\n'
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import QueryBoolean, QuerySolutions

from graph import errors
from graph.formats import negotiate, rdf_format_for_media_type, results_format_for_media_type
from graph.sparql.dataset import apply_using, has_dataset_clause
from graph.store import GraphStore, LoadReport
from graph.store.common import positioned, user_iri
from graph.store.oxigraph import executor
from graph.store.oxigraph.sandbox import NetworkForbidden as SandboxForbidden
from graph.store.oxigraph.sandbox import check_update_network, host_allowed, service_targets
from ontology.namespaces import EMPTY_GRAPH

CACHE_MAX_BODY = 1 << 20  # larger results are not cached
CACHE_MAX_BYTES = 64 << 20  # all cached bodies together
ACCEPT_MEMO = 512  # distinct Accept headers whose negotiation is remembered
_NET_WORDS = re.compile(r"\b(LOAD|SERVICE)\b|\\[uU]", re.IGNORECASE)


@dataclass(frozen=True)
class QueryRequest:
    """A query with its protocol options; ``timeout``/``max_rows`` may only lower the server's."""

    query: str
    accept: str | None = None
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    timeout: float | None = None
    max_rows: int | None = None


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryResult:
    """Serialized results."""

    kind: str
    media_type: str
    body: bytes
    rows: int | None = None
    etag: str = ""
    cached: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    """What :meth:`SparqlService.lookup` found: cache key, data generation, ETag, cached result."""

    key: tuple[Any, ...]
    generation: int
    etag: str
    hit: QueryResult | None


def result_kind(results: Any) -> str:
    """``"solutions"``, ``"boolean"`` or ``"graph"`` for pyoxigraph results."""
    if isinstance(results, QueryBoolean):
        return "boolean"
    if isinstance(results, QuerySolutions):
        return "solutions"
    return "graph"


def serialize(results: Any, media_type: str) -> bytes:
    """Serialize pyoxigraph results in the format named by ``media_type``."""
    buf = io.BytesIO()
    fmt: Any = (
        rdf_format_for_media_type(media_type)
        if result_kind(results) == "graph"
        else results_format_for_media_type(media_type)
    )
    results.serialize(buf, fmt)
    return buf.getvalue()


class SparqlService:
    """Run queries and updates for the HTTP layer (negotiation, caps, time limits, cache)."""

    def __init__(self, store: GraphStore, *, union_default_graph: bool = True, workers: int = 2,
                 query_timeout: float = 30.0, max_rows: int = 1_000_000,
                 service_allow: tuple[str, ...] = (), cache_entries: int = 256) -> None:
        self.store = store
        self.union_default_graph = union_default_graph
        self.query_timeout, self.max_rows = query_timeout, max_rows
        self.service_allow = tuple(service_allow)
        self.boot = os.urandom(4).hex()
        self.generation = store.generation
        self._cache: OrderedDict[tuple[Any, ...], QueryResult] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_bytes = 0
        self._cache_lock = threading.Lock()
        self._accept_memo: dict[str | None, tuple[str, ...]] = {}
        self.pool: executor.QueryPool | None = None
        if workers > 0:
            from graph.store.oxigraph.backend import OxigraphStore  # the pool is embedded-only

            if not isinstance(store, OxigraphStore):
                raise errors.StoreUnavailable("query workers need the embedded store")
            raw = store.raw
            snap = (executor.dump_snapshot(raw) if store.is_memory
                    else (lambda target: raw.backup(target)))
            self.pool = executor.QueryPool(store.location, workers=workers, snapshot=snap,
                                           allow_network=self.service_allow)
        store.on_write(self._on_write)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def _on_write(self, generation: int) -> None:
        if self.pool is not None:
            self.pool.refresh()
        with self._cache_lock:
            self._cache.clear()
            self._cache_bytes = 0
            self.generation = generation

    # -- queries ---------------------------------------------------------------------------
    def _dataset(self, req: QueryRequest) -> tuple[tuple[str, ...], tuple[str, ...] | None, bool]:
        """Default graphs, named graphs and union flag; any protocol dataset replaces the union."""
        for g in (*req.default_graph, *(req.named_graphs or ())):
            user_iri(g, "dataset IRI")
        if req.default_graph:
            return req.default_graph, req.named_graphs, False
        if req.named_graphs:
            return (EMPTY_GRAPH,), req.named_graphs, False
        if self.union_default_graph and has_dataset_clause(req.query):
            return (), None, False  # the query's FROM / FROM NAMED define its dataset
        return (), None, self.union_default_graph

    def _media_types(self, accept: str | None) -> tuple[str, ...]:
        types = self._accept_memo.get(accept)
        if types is None:
            types = self._negotiate(accept)
            if len(self._accept_memo) >= ACCEPT_MEMO:
                self._accept_memo.clear()
            self._accept_memo[accept] = types
        return types

    def _negotiate(self, accept: str | None) -> tuple[str, ...]:
        if accept and "text/html" in accept.lower():
            accept = "*/*"  # a browser following a link: the defaults, not XML from application/xml
        found = [negotiate(accept, kind) for kind in ("solutions", "graph")]
        types = tuple(dict.fromkeys(t for t in found if t is not None))
        if not types:
            raise errors.NotAcceptable(f"no result format matches Accept: {accept}")
        return types

    def cache_key(self, req: QueryRequest) -> tuple[Any, ...]:
        dg, ng, union = self._dataset(req)
        rows = self._rows(req)
        return (req.query, dg, ng, union, req.base_iri, self._media_types(req.accept), rows)

    def etag(self, key: tuple[Any, ...], generation: int) -> str:
        digest = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
        return f'"{self.boot}-{generation}-{digest}"'

    def _rows(self, req: QueryRequest) -> int:
        return min(self.max_rows, req.max_rows) if req.max_rows else self.max_rows

    def _timeout(self, req: QueryRequest) -> float:
        return min(self.query_timeout, req.timeout) if req.timeout and req.timeout > 0 else self.query_timeout

    def lookup(self, req: QueryRequest) -> Lookup:
        """The cache key of ``req``, the ETag its result has now, and the cached result if any.

        Cheap (no thread, no worker): a 304 or a cache hit is answered from this alone.
        """
        key = self.cache_key(req)
        with self._cache_lock:
            generation = self.generation
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        etag = self.etag(key, generation)
        if hit is not None:
            hit = QueryResult(hit.kind, hit.media_type, hit.body, hit.rows, etag, True)
        return Lookup(key, generation, etag, hit)

    def query(self, req: QueryRequest) -> QueryResult:
        """Run ``req`` (blocking), or answer it from the cache."""
        found = self.lookup(req)
        if found.hit is not None:
            return found.hit
        return self._keep(found, self._execute(req, found.key))

    async def query_async(self, req: QueryRequest, found: Lookup | None = None) -> QueryResult:
        """:meth:`query` for an event loop: awaits the worker pool without holding a thread
        (``workers=0``: runs in a thread, as there is nothing to await). ``found``: the
        :meth:`lookup` the caller already made."""
        if self.pool is None:
            return await asyncio.to_thread(self.query, req)
        found = found or self.lookup(req)
        if found.hit is not None:
            return found.hit
        preq = self._pool_request(req, found.key)
        with _pool_errors():
            res = await self.pool.run_async(preq)
        return self._keep(found, QueryResult(res.kind, res.media_type, res.body, res.rows))

    def _keep(self, found: Lookup, result: QueryResult) -> QueryResult:
        """Stamp ``result`` with its ETag and cache it, unless a write came in meanwhile."""
        result = QueryResult(result.kind, result.media_type, result.body, result.rows, found.etag)
        if self._cache_entries and len(result.body) <= CACHE_MAX_BODY:
            with self._cache_lock:
                if self.generation == found.generation and found.key not in self._cache:
                    self._cache[found.key] = result
                    self._cache_bytes += len(result.body)
                    while len(self._cache) > self._cache_entries or self._cache_bytes > CACHE_MAX_BYTES:
                        _, old = self._cache.popitem(last=False)
                        self._cache_bytes -= len(old.body)
        return result

    def _pool_request(self, req: QueryRequest, key: tuple[Any, ...]) -> executor.QueryRequest:
        types: tuple[str, ...] = key[5]
        return executor.QueryRequest(
            query=req.query, result_format=types[0], alternates=types[1:], default_graph=key[1],
            named_graphs=key[2], union_default_graph=key[3], base_iri=req.base_iri,
            timeout=self._timeout(req), max_rows=key[6])

    def _execute(self, req: QueryRequest, key: tuple[Any, ...]) -> QueryResult:
        if self.pool is None:
            return self._in_process(req, key[1], key[2], key[3], key[5])
        with _pool_errors():
            res = self.pool.run(self._pool_request(req, key))
        return QueryResult(res.kind, res.media_type, res.body, res.rows)

    def _in_process(self, req: QueryRequest, dg: tuple[str, ...], ng: tuple[str, ...] | None,
                    union: bool, types: tuple[str, ...]) -> QueryResult:
        """No workers: no time limit, so no SERVICE to a host that is not allowed either."""
        if re.search(r"\bSERVICE\b", req.query, re.IGNORECASE):
            targets = service_targets(req.query, req.base_iri)
            if not targets or any(t is None or not host_allowed(t, self.service_allow) for t in targets):
                raise errors.NetworkForbidden("SERVICE to a host that is not allowed")
        results = self.store.query(req.query, union=union, default_graph=dg, named_graphs=ng,
                                   base_iri=req.base_iri)
        kind = result_kind(results)
        for mt in types:
            fmt = rdf_format_for_media_type(mt) if kind == "graph" else results_format_for_media_type(mt)
            if fmt is not None:
                return QueryResult(kind, mt, serialize(results, mt))
        raise errors.NotAcceptable(f"a {kind} result cannot be written as {', '.join(types)}")

    # -- updates ---------------------------------------------------------------------------
    def update(self, req: UpdateRequest) -> LoadReport:
        """Check network targets, write the protocol dataset in, run it as one transaction."""
        for g in (*req.using, *req.using_named):
            user_iri(g, "using-graph-uri")
        text = apply_using(req.update, req.using, req.using_named)
        if _NET_WORDS.search(text):  # checked on the text that runs, dataset clauses included
            try:
                check_update_network(text, self.service_allow, req.base_iri)
            except SandboxForbidden as exc:
                raise errors.NetworkForbidden(str(exc)) from None
        return self.store.update(text, base_iri=req.base_iri)


@contextmanager
def _pool_errors() -> Iterator[None]:
    """Turn the worker pool's exceptions into the graph layer's error tree."""
    try:
        yield
    except executor.PoolBusy as exc:
        raise errors.StoreUnavailable(f"server busy: {exc}") from None
    except executor.QueryTimeout as exc:
        raise errors.QueryTimeout(f"query stopped: {exc}") from None
    except executor.QuerySyntaxError as exc:
        raise _syntax(str(exc), exc.line, exc.column) from None
    except executor.WorkerCrashed as exc:
        raise errors.StoreUnavailable(str(exc)) from None
    except executor.QueryFailed as exc:
        raise errors.BadRequest(f"query failed: {exc}") from None
    except executor.ResultTooLarge as exc:
        raise errors.ResultTooLarge(f"{exc} (max_rows); add a LIMIT") from None
    except executor.FormatNotAcceptable as exc:
        raise errors.NotAcceptable(str(exc)) from None
    except SandboxForbidden as exc:
        raise errors.NetworkForbidden(str(exc)) from None


def _syntax(message: str, line: int | None, column: int | None) -> errors.QuerySyntaxError:
    return positioned(SyntaxError(message, (None, line, column, None)), errors.QuerySyntaxError)


__all__ = ["Lookup", "QueryRequest", "QueryResult", "SparqlService", "UpdateRequest", "result_kind",
           "serialize"]
