"""Health: ``GET /api/health`` (liveness and readiness) and ``GET /health`` (the store and its engine).

Both ask the store ``ASK {}``, so a remote engine that is down or slow shows here. ``/api/health``
also brings the projection to the store's generation and answers 503 when either cannot be read;
``/health`` names the backend and, for a remote store, the layout that was chosen (an unreachable
engine is the same typed 502/504 queries get).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.routes._graph import ProjectionDep
from api.schemas.entities import HealthOut
from graph.errors import NewsgraphError
from graph.store import GraphStore

router = APIRouter(tags=["health"])


def _store_info(store: GraphStore) -> dict[str, Any]:
    described = getattr(store, "describe", None)  # a remote store says where it sends what
    return described() if callable(described) else {"backend": "embedded", "location": store.location}


@router.get("/health")
async def health(store: StoreDep) -> dict[str, Any]:
    """``{"status": "ok", "generation": n, "store": {...}}``; an unreachable engine is a 502."""
    await asyncio.to_thread(store.ask, "ASK {}")
    return {"status": "ok", "generation": store.generation, "store": _store_info(store)}


@router.get("/api/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def get_health(store: StoreDep, projection: ProjectionDep) -> Any:
    """200 when the store answers and the projection is at its generation, else 503."""
    body: dict[str, Any] = {"status": "ok", "live": True, "ready": True,
                            "backend": type(store).__name__, "message": None}
    try:
        body["generation"] = store.generation
        store.ask("ASK {}")
        body["projection_generation"] = projection.sync().generation
    except (NewsgraphError, OSError) as exc:
        body.update(status="unavailable", ready=False, message=str(exc))
        return JSONResponse(body, status_code=503)
    return body
