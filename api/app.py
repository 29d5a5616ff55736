"""``create_app(settings)``: builds a fresh application; no module-level state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors
from api.config import Settings
from api.routes import sparql
from graph.ingest import tool_version
from graph.service import SparqlService
from graph.store import GraphStore


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """Build the HTTP application over the store named in ``settings`` (or the one given)."""
    settings = settings or Settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            app.state.store.close()

    app = FastAPI(
        title="newsgraph",
        version=tool_version(),
        description="News facts with evidence as RDF: SPARQL 1.1, Graph Store Protocol, REST lookups.",
        lifespan=lifespan,
    )
    gs = store or GraphStore(settings.store)
    app.state.settings = settings
    app.state.store = gs
    app.state.sparql = SparqlService(gs, union_default_graph=settings.union_default_graph)
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match"],
            expose_headers=["ETag", "Location"],
        )
    app.include_router(sparql.router)
    return app
