"""Pages: the SPARQL query UI (YASGUI, served from ``web/node_modules`` so it works offline)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
YASGUI_DIR = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "@zazuko" / "yasgui" / "build"

router = APIRouter(tags=["pages"], include_in_schema=False)


def query_page() -> HTMLResponse:
    """The query UI (``GET /sparql`` from a browser)."""
    return HTMLResponse((STATIC_DIR / "sparql.html").read_text(encoding="utf-8"))


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/sparql", status_code=303)


def mount_static(app: FastAPI) -> None:
    """``/static`` (our pages' assets) and ``/static/yasgui`` (the npm build, if installed)."""
    if YASGUI_DIR.is_dir():
        app.mount("/static/yasgui", StaticFiles(directory=YASGUI_DIR), name="yasgui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
