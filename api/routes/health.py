"""``GET /health``: the store answers, and which backend and engine it is.

For a remote store the engine is asked ``ASK {}``, so an engine that is down or slow shows here
as the same typed 502/504 errors queries get; the body names the layout that was chosen.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(store: StoreDep) -> dict[str, Any]:
    """``{"status": "ok", "generation": n, "store": {...}}``; an unreachable engine is a 502."""
    described = getattr(store, "describe", None)  # a remote store says where it sends what
    info: dict[str, Any] = (described() if callable(described)
                            else {"backend": "embedded", "location": store.location})
    await asyncio.to_thread(store.ask, "ASK {}")
    return {"status": "ok", "generation": store.generation, "store": info}
