"""Query and update execution for the HTTP layer: negotiation, limits, cache, ETags.

``SparqlService`` takes query text plus protocol options and returns serialized bytes and a
media type, so routes never see an engine. It decides each query's kind, dataset and media types
in one place (:mod:`graph.sparql.plan`), then hands a :class:`~graph.store.results.QuerySpec` to
:meth:`GraphStore.execute <graph.store.GraphStore.execute>`: the embedded backend runs it in its
killable, network-less workers, a remote one forwards it. How the store runs queries (worker
count, SERVICE allow-list) is set once with :meth:`GraphStore.configure`.

Results are cached (LRU, keyed by a :class:`CacheKey`: the query, its dataset, base IRI, media
types and row cap) and carry an ``ETag`` made of a per-process id, the data generation and that
key, so a client's ``If-None-Match`` is answered without running anything while the data is
unchanged. Every write (the store's ``on_write``) clears the cache.

Updates: :func:`graph.sparql.netcheck.check_update` first, so ``LOAD``/``SERVICE`` cannot reach a
host outside ``service_allow``; the protocol's ``using-graph-uri``/``using-named-graph-uri`` are
written in by :mod:`graph.sparql.dataset`.

>>> from graph.store import open_store
>>> svc = SparqlService(open_store("memory"), workers=0)
>>> svc.update(UpdateRequest('INSERT DATA { <http://e/a> <http://e/p> 1 }')).sources
[]
>>> svc.query(QueryRequest("SELECT ?o { ?s ?p ?o }", accept="text/csv")).body
b'o\\r\\n1\\r\\n'
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from graph.sparql.dataset import apply_using
from graph.sparql.netcheck import check_update
from graph.sparql.plan import dataset_for, media_types, query_kind
from graph.store import (
    Dataset,
    ExecutionOptions,
    GraphStore,
    LoadReport,
    QuerySpec,
    SerializedResult,
    WriteEvent,
)
from graph.store.common import user_iri

CACHE_MAX_BODY = 1 << 20  # larger results are not cached
CACHE_MAX_BYTES = 64 << 20  # all cached bodies together


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
class CacheKey:
    """What makes two requests' results the same (the timeout does not)."""

    query: str
    dataset: Dataset
    base_iri: str | None
    media_types: tuple[str, ...]
    max_rows: int


@dataclass(frozen=True)
class QueryResult(SerializedResult):
    """Serialized results, with the ETag they were given and whether they came from the cache."""

    etag: str = ""
    cached: bool = False


@dataclass(frozen=True)
class Lookup:
    """What :meth:`SparqlService.lookup` found: cache key, data generation, ETag, cached result."""

    key: CacheKey
    generation: int
    etag: str
    hit: QueryResult | None


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
        self._cache: OrderedDict[CacheKey, QueryResult] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_bytes = 0
        self._cache_lock = threading.Lock()
        store.configure(ExecutionOptions(workers=workers, service_allow=self.service_allow))
        store.on_write(self._on_write)

    def close(self) -> None:
        """Nothing of its own to release: the store's workers stop with the store."""

    def _on_write(self, event: WriteEvent) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._cache_bytes = 0
            self.generation = event.generation

    # -- queries ---------------------------------------------------------------------------
    def cache_key(self, req: QueryRequest) -> CacheKey:
        """Kind, dataset and media types of ``req``, decided by :mod:`graph.sparql.plan`."""
        ds = dataset_for(req.query, req.default_graph, req.named_graphs,
                         union_default=self.union_default_graph)
        types = media_types(req.accept, query_kind(req.query))
        rows = min(self.max_rows, req.max_rows) if req.max_rows else self.max_rows
        return CacheKey(req.query, ds, req.base_iri, types, rows)

    def etag(self, key: CacheKey, generation: int) -> str:
        digest = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
        return f'"{self.boot}-{generation}-{digest}"'

    def _spec(self, req: QueryRequest, key: CacheKey) -> QuerySpec:
        timeout = self.query_timeout
        if req.timeout and req.timeout > 0:
            timeout = min(timeout, req.timeout)
        return QuerySpec(key.query, key.media_types, key.dataset, key.base_iri, timeout, key.max_rows)

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
            hit = replace(hit, etag=etag, cached=True)
        return Lookup(key, generation, etag, hit)

    def query(self, req: QueryRequest) -> QueryResult:
        """Run ``req`` (blocking), or answer it from the cache."""
        found = self.lookup(req)
        if found.hit is not None:
            return found.hit
        res = self.store.execute(self._spec(req, found.key))
        return self._keep(found, QueryResult(res.kind, res.media_type, res.body, res.rows))

    async def query_async(self, req: QueryRequest, found: Lookup | None = None) -> QueryResult:
        """:meth:`query` for an event loop (the embedded backend awaits its worker without holding
        a thread). ``found``: the :meth:`lookup` the caller already made."""
        if found is None:
            found = self.lookup(req)
        if found.hit is not None:
            return found.hit
        res = await self.store.execute_async(self._spec(req, found.key))
        return self._keep(found, QueryResult(res.kind, res.media_type, res.body, res.rows))

    def _keep(self, found: Lookup, result: QueryResult) -> QueryResult:
        """Stamp ``result`` with its ETag and cache it, unless a write came in meanwhile."""
        result = replace(result, etag=found.etag)
        if self._cache_entries and len(result.body) <= CACHE_MAX_BODY:
            with self._cache_lock:
                if self.generation == found.generation and found.key not in self._cache:
                    self._cache[found.key] = result
                    self._cache_bytes += len(result.body)
                    while len(self._cache) > self._cache_entries or self._cache_bytes > CACHE_MAX_BYTES:
                        _, old = self._cache.popitem(last=False)
                        self._cache_bytes -= len(old.body)
        return result

    # -- updates ---------------------------------------------------------------------------
    def update(self, req: UpdateRequest) -> LoadReport:
        """Check network targets, write the protocol dataset in, run it as one transaction."""
        for g in (*req.using, *req.using_named):
            user_iri(g, "using-graph-uri")
        text = apply_using(req.update, req.using, req.using_named)
        check_update(text, self.service_allow, req.base_iri)  # on the text that runs
        return self.store.update(text, base_iri=req.base_iri)


__all__ = ["CacheKey", "Lookup", "QueryRequest", "QueryResult", "SparqlService", "UpdateRequest"]
