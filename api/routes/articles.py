"""``/api/articles``: load an article over HTTP (extract, validate, replace its graph)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["articles"])
