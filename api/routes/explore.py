"""The graph explorer: the ``/explore`` page and the two lookups it needs beyond the REST routes.

``/explore`` is a static page (``api/static/explore.*``) over the REST traversal routes. Its
libraries (Cytoscape.js, the fCoSE layout; Mermaid for rendering exports) come from npm and are
served offline from the package's ``api/vendor/`` at ``/static/<name>/`` (``setup.py``'s
``NPM_ASSETS``). ``/api/explore/config`` gives the palette
legend, the Cytoscape stylesheet and the modalities (one source for the page and the exports);
``/api/explore/passage`` the paragraph around an evidence sentence with the article's headline.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.routes._graph import ParamRoute
from api.routes.pages import STATIC_DIR
from graph.export.cystyle import stylesheet
from graph.export.palette import MODALITY_STYLE, legend
from graph.views.passage import passage

router = APIRouter(tags=["explorer"], route_class=ParamRoute)


@router.get("/explore", include_in_schema=False)
def explore_page() -> HTMLResponse:
    """The explorer (``?entity=ID&depth=N`` reopens a view)."""
    return HTMLResponse((STATIC_DIR / "explore.html").read_text(encoding="utf-8"))


@router.get("/api/explore/config")
def explore_config() -> dict[str, Any]:
    """Legend colours per entity type, the Cytoscape.js stylesheets (views of up to about a thousand
    entities, and larger ones) and the modality line styles."""
    return {"legend": [asdict(s) for s in legend()], "stylesheet": stylesheet(),
            "stylesheet_large": stylesheet(large=True), "modalities": MODALITY_STYLE}


@router.get("/api/explore/passage")
def explore_passage(
    store: StoreDep,
    article: Annotated[str, Query(max_length=128, description="article id (xai-memphis.fr)")],
    start: Annotated[int, Query(ge=0, description="evidence start offset")],
    end: Annotated[int, Query(ge=1, description="evidence end offset")],
) -> dict[str, Any]:
    """The paragraph holding ``article[start:end]`` and the article's headline and language."""
    return asdict(passage(store, article, start, end))

