"""Where the standalone HTML export finds Cytoscape.js (and the explorer's patch to it) to inline.

The pages' npm libraries ship inside the package as ``api/vendor/<name>/`` (copied from
``web/node_modules`` by ``setup.py``'s ``NPM_ASSETS`` at build and ``make install``); a checkout
that has only run ``npm install`` still has ``web/node_modules``. Only files are read here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from graph.errors import RendererUnavailable

_ROOT: Final = Path(__file__).resolve().parents[2]
#: where cytoscape.min.js may be, in order: the package's copy, then the checkout's npm install
CYTOSCAPE_CANDIDATES: Final = (
    _ROOT / "api" / "vendor" / "cytoscape" / "cytoscape.min.js",
    _ROOT / "web" / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js",
)


def cytoscape_source() -> str:
    """Cytoscape.js's minified build, to inline in a standalone page."""
    for path in CYTOSCAPE_CANDIDATES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise RendererUnavailable(f"Cytoscape.js is not installed ({CYTOSCAPE_CANDIDATES[0]}); "
                              "run `make install`")


#: the explorer's replacement for Cytoscape.js's parallelEdges (see the file's comment)
PARALLEL_PATCH: Final = _ROOT / "api" / "static" / "cy-parallel.js"


def parallel_patch_source() -> str:
    """``api/static/cy-parallel.js``: loaded right after Cytoscape.js, it makes adding the edges
    of a hub linear in its degree instead of quadratic."""
    return PARALLEL_PATCH.read_text(encoding="utf-8")
