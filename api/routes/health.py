"""``/api/health``: liveness (the process answers) and readiness (store and projection readable)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.routes._graph import ProjectionDep
from api.schemas.entities import HealthOut
from graph.errors import NewsgraphError

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def get_health(store: StoreDep, projection: ProjectionDep) -> Any:
    """200 when the store answers and the projection is at its generation, else 503."""
    body: dict[str, Any] = {"status": "ok", "live": True, "ready": True,
                            "backend": type(store).__name__, "message": None}
    try:
        body["generation"] = store.generation
        len(store)
        body["projection_generation"] = projection.sync().generation
    except (NewsgraphError, OSError) as exc:
        body.update(status="unavailable", ready=False, message=str(exc))
        return JSONResponse(body, status_code=503)
    return body
