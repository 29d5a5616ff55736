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


def stylesheet(large: bool = False) -> list[dict[str, Any]]:
    """Cytoscape.js style rules (JSON-serialisable); ``large``: the light sheet for views of
    thousands of elements (straight unlabelled edges, plain node labels hidden when zoomed out)."""
    if large:
        return _large()
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
    return rules + _common()


def _large() -> list[dict[str, Any]]:
    return [
        {"selector": "node", "style": {
            "background-color": "data(color)", "label": "data(label)", "width": "data(size)",
            "height": "data(size)", "font-size": 11, "text-valign": "bottom", "min-zoomed-font-size": 8}},
        {"selector": "edge", "style": {"curve-style": "haystack", "width": 1, "line-color": "#9a9a9a"}},
        *_common(modalities=False),  # dash patterns are unreadable at that scale and slow to style
    ]


def _common(modalities: bool = True) -> list[dict[str, Any]]:
    """Modality line styles, selection, highlight, fading and filtering."""
    rules: list[dict[str, Any]] = []
    for style in ("dashed", "dotted") if modalities else ():
        names = [m for m, s in MODALITY_STYLE.items() if s == style]
        rules.append({"selector": ", ".join(f"edge[modality = '{m}']" for m in names),
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
