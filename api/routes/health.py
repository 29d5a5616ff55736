"""Health: ``GET /api/health`` (liveness and readiness) and ``GET /health`` (the store and its engine).

Both ask the store ``ASK {}``, so a remote engine that is down or slow shows here. ``/api/health``
also says whether the projection has been built (:mod:`api.warmup` builds it in the background
when the server starts) and answers 503 until it has, or when the store cannot be read;
``/health`` names the backend and, for a remote store, the layout that was chosen (an unreachable
engine is the same typed 502/504 queries get). Neither waits for the projection's build.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.routes._graph import ParamRoute, ProjectionDep
from api.schemas.entities import HealthOut
from api.warmup import Warmup
from graph.errors import NewsgraphError
from graph.store import GraphStore

router = APIRouter(tags=["health"], route_class=ParamRoute)

#: the longest ``/api/health?wait=`` honours (seconds)
MAX_WAIT: Final = 60.0


def _store_info(store: GraphStore) -> dict[str, Any]:
    described = getattr(store, "describe", None)  # a remote store says where it sends what
    return described() if callable(described) else {"backend": "embedded", "location": store.location}


@router.get("/health")
async def health(store: StoreDep) -> dict[str, Any]:
    """``{"status": "ok", "generation": n, "store": {...}}``; an unreachable engine is a 502."""
    await asyncio.to_thread(store.ask, "ASK {}")
    return {"status": "ok", "generation": store.generation, "store": _store_info(store)}


@router.get("/api/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def get_health(
    request: Request, store: StoreDep, projection: ProjectionDep,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT, description="seconds to wait for the projection's "
                                 "first build before answering (default: answer at once)")] = 0,
) -> Any:
    """200 when the store answers and the projection has been built; 503 while it is being built
    in the background (``status: starting``), when its build failed, or when the store does not
    answer. It never builds the projection itself, so it answers at once (or after ``wait``)."""
    warmup: Warmup = request.app.state.warmup
    if wait:
        warmup.wait(wait)
    body: dict[str, Any] = {"status": "ok", "live": True, "ready": True,
                            "backend": type(store).__name__, "message": None}
    try:
        body["generation"] = store.generation
        store.ask("ASK {}")
    except (NewsgraphError, OSError) as exc:
        body.update(status="unavailable", ready=False, message=str(exc))
        return JSONResponse(body, status_code=503)
    if not warmup.started:  # run without its lifespan (no background build): build it here
        try:
            projection.sync()
        except (NewsgraphError, OSError) as exc:
            body.update(status="unavailable", ready=False, message=str(exc))
            return JSONResponse(body, status_code=503)
    st = warmup.status()
    body["projection_generation"] = st.generation
    body["projection"] = dataclasses.asdict(st)
    if st.state == "building":
        body.update(status="starting", ready=False, message="the projection is being built")
        return JSONResponse(body, status_code=503, headers={"Retry-After": "1"})
    if st.state == "failed":
        body.update(status="unavailable", ready=False,
                    message=f"the projection could not be built: {st.message}")
        return JSONResponse(body, status_code=503)
    return body
