"""The Cytoscape.js stylesheet shared by the standalone HTML export and the ``/explore`` page.

Colours come from each node's ``color`` (the palette); edge line styles from
:data:`~graph.export.palette.MODALITY_STYLE`; labels hide when zoomed out so large graphs stay fast.

>>> sheet = stylesheet()
>>> sheet[0]["style"]["background-color"]
'data(color)'
>>> any("reported" in rule["selector"] for rule in sheet)
True
"""

from __future__ import annotations

from typing import Any

from graph.export.palette import MODALITY_STYLE

HIGHLIGHT = "#E8000B"


def stylesheet() -> list[dict[str, Any]]:
    """Cytoscape.js style rules (JSON-serialisable)."""
    rules: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "background-color": "data(color)", "label": "data(label)", "width": "data(size)",
            "height": "data(size)", "font-size": 11, "color": "#1a1a1a", "text-valign": "bottom",
            "text-margin-y": 3, "border-width": 1, "border-color": "#333333",
            "text-background-color": "#ffffff", "text-background-opacity": 0.75,
            "text-background-padding": "1px", "min-zoomed-font-size": 7}},
        {"selector": "edge", "style": {
            "width": 1.5, "line-color": "#8a8a8a", "target-arrow-color": "#8a8a8a",
            "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)",
            "font-size": 9, "color": "#333333", "text-rotation": "autorotate",
            "text-background-color": "#ffffff", "text-background-opacity": 0.8,
            "min-zoomed-font-size": 8}},
    ]
    for style in ("dashed", "dotted"):
        modalities = [m for m, s in MODALITY_STYLE.items() if s == style]
        rules.append({"selector": ", ".join(f"edge[modality = '{m}']" for m in modalities),
                      "style": {"line-style": style}})
    rules += [
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": "#000000"}},
        {"selector": "edge:selected", "style": {"width": 4, "line-color": "#000000",
                                                "target-arrow-color": "#000000"}},
        {"selector": "node.highlight", "style": {"border-color": HIGHLIGHT, "border-width": 5,
                                                 "z-index": 10}},
        {"selector": "edge.highlight", "style": {"line-color": HIGHLIGHT, "target-arrow-color": HIGHLIGHT,
                                                 "width": 4, "z-index": 10}},
        {"selector": ".faded", "style": {"opacity": 0.2}},
        {"selector": ".hidden", "style": {"display": "none"}},
    ]
    return rules
