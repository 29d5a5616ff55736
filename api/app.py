"""``create_app(settings)``: builds a fresh application; no module-level state.

The object returned is what uvicorn runs: :class:`api.fastpath.SparqlFront`, which answers SPARQL
query requests itself and hands everything else to the FastAPI application (``.app``), where the
routers, error handlers, CORS and the body cap live. Its startup starts the projection's first
build in the background (:mod:`api.warmup`) and returns at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors
from api.config import Settings
from api.fastpath import SparqlFront
from api.limits import BodyLimit
from api.routes import (
    algorithms,
    articles,
    entities,
    explore,
    export,
    facts,
    gsp,
    health,
    pages,
    paths,
    reconcile,
    sparql,
    stats,
    subgraph,
)
from api.warmup import Warmup
from graph.ingest.load import tool_version
from graph.projection import Projection
from graph.sparql.gsp import GraphStoreProtocol
from graph.sparql.service import SparqlService
from graph.store import GraphStore, open_store

#: how long shutdown waits for a projection build still running before closing the store (seconds)
SHUTDOWN_WAIT: Final = 5.0


def cors_options(settings: Settings) -> dict[str, Any] | None:
    """``CORSMiddleware`` arguments for the configured origins (None: no CORS headers at all)."""
    if not settings.cors_origins:
        return None
    return {"allow_origins": settings.cors_origins,
            "allow_methods": ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
            "allow_headers": ["Authorization", "Content-Type", "Accept", "If-None-Match"],
            "expose_headers": ["ETag", "Location"]}


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> SparqlFront:
    """Build the HTTP application over the store named in ``settings`` (or the one given)."""
    settings = settings or Settings()
    owned = store is None
    gs = store if store is not None else open_store(settings.store, remote=settings.remote_options())
    service = SparqlService(
        gs, union_default_graph=settings.union_default_graph, workers=settings.query_workers,
        query_timeout=settings.query_timeout, max_rows=settings.max_rows,
        service_allow=tuple(settings.service_allow), cache_entries=settings.cache_entries,
    )

    projection = Projection(gs)
    warmup = Warmup(projection)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warmup.start()  # the projection's first build, in the background: startup does not wait
        yield
        warmup.stop(SHUTDOWN_WAIT)
        service.close()
        if owned:
            gs.close()

    app = FastAPI(
        title="newsgraph",
        version=tool_version(),
        description="News facts with evidence as RDF: SPARQL 1.1, Graph Store Protocol, REST lookups.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = gs
    app.state.sparql = service
    app.state.gsp = GraphStoreProtocol(gs)
    app.state.projection = projection
    app.state.warmup = warmup
    errors.install(app)
    cors = cors_options(settings)
    if cors:
        app.add_middleware(CORSMiddleware, **cors)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(reconcile.ReconcileCors)
    app.include_router(sparql.router)
    app.include_router(gsp.router)
    app.include_router(pages.router)
    app.include_router(articles.router)
    for module in (entities, paths, subgraph, algorithms, facts, reconcile, stats, health):
        app.include_router(module.router)
    app.include_router(export.router)
    app.include_router(explore.router)
    pages.mount_static(app)
    return SparqlFront(app, service, max_body=settings.max_body, cors=cors)
