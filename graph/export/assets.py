"""Where the front-end libraries installed by npm (``web/package.json``) are found on disk.

The standalone HTML export inlines Cytoscape.js from here; the explorer page serves the same
directories under ``/static/vendor/<name>``. They come from ``web/node_modules`` (``make
install`` runs ``npm install``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from graph.errors import RendererUnavailable

NODE_MODULES: Final = Path(__file__).resolve().parents[2] / "web" / "node_modules"
#: served name -> directory under node_modules holding the browser build
VENDOR_DIRS: Final[dict[str, str]] = {
    "cytoscape": "cytoscape/dist",
    "layout-base": "layout-base",
    "cose-base": "cose-base",
    "cytoscape-fcose": "cytoscape-fcose",
    "mermaid": "mermaid/dist",
}
CYTOSCAPE_MIN: Final = NODE_MODULES / "cytoscape" / "dist" / "cytoscape.min.js"


def vendor_dirs() -> dict[str, Path]:
    """The vendor directories that are installed, by served name."""
    found = {name: NODE_MODULES / sub for name, sub in VENDOR_DIRS.items()}
    return {name: path for name, path in found.items() if path.is_dir()}


def cytoscape_source() -> str:
    """Cytoscape.js's minified build, to inline in a standalone page."""
    try:
        return CYTOSCAPE_MIN.read_text(encoding="utf-8")
    except OSError:
        raise RendererUnavailable(f"Cytoscape.js is not installed ({CYTOSCAPE_MIN}); run `make install` "
                                  "(npm install in web/)") from None
