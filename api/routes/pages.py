"""Pages: the SPARQL query UI (YASGUI), served offline from files inside the package.

``api/static/`` holds our pages and their scripts; ``api/vendor/<name>/`` holds the npm libraries
they use, copied from ``web/node_modules`` when the package is built or installed (``setup.py``'s
``NPM_ASSETS``), each served at ``/static/<name>/``. Nothing here reads the source tree.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

PACKAGE_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = PACKAGE_DIR / "static"
VENDOR_DIR = PACKAGE_DIR / "vendor"

router = APIRouter(tags=["pages"], include_in_schema=False)


def query_page() -> HTMLResponse:
    """The query UI (``GET /sparql`` from a browser)."""
    return HTMLResponse((STATIC_DIR / "sparql.html").read_text(encoding="utf-8"))


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/sparql", status_code=303)


def vendor_dirs() -> dict[str, Path]:
    """The npm libraries that shipped, by name (each a folder of ``api/vendor/``)."""
    if not VENDOR_DIR.is_dir():
        return {}
    return {d.name: d for d in sorted(VENDOR_DIR.iterdir()) if d.is_dir()}


def mount_static(app: FastAPI) -> None:
    """``/static/<name>`` for each npm library, then ``/static`` for our pages' own assets."""
    for name, directory in vendor_dirs().items():
        app.mount(f"/static/{name}", StaticFiles(directory=directory), name=f"vendor-{name}")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
