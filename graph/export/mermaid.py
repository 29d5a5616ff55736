"""Mermaid flowchart text (renders in GitHub/GitLab Markdown, Notion, the Mermaid live editor).

One ``classDef`` per entity type present, with the palette's colours; edges are ``-->`` for
asserted facts and ``-.->`` for every other modality, labelled with the predicate. Mermaid
itself refuses diagrams over 500 edges or 50,000 characters by default, so larger subgraphs are
:class:`~graph.errors.ExportTooLarge` here rather than a file that will not render.

>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> a, b = Node("organization/a", "urn:a", 'A "1"', "Organization"), Node("place/b", "urn:b", "B", "Place")
>>> print(write(Subgraph(1, [a, b], [Edge("f", a.id, b.id, PredicateRef("urn:p", "in"), modality="planned")]),
...             ExportOptions()).decode())
---
title: "newsgraph"
---
flowchart LR
  n0(["A #quot;1#quot;"]):::t_Organization
  n1(["B"]):::t_Place
  n0 -.->|"in"| n1
  classDef t_Organization fill:#0072B2,stroke:#333333,color:#FFFFFF
  classDef t_Place fill:#009E73,stroke:#333333,color:#000000
<BLANKLINE>
"""

from __future__ import annotations

import json
import re
from typing import Final

from graph.errors import ExportTooLarge
from graph.export.palette import text_colour
from graph.export.records import ExportOptions, prepare
from graph.projection.shape import Subgraph

#: Mermaid's own defaults (``maxTextSize``, ``maxEdges``); a page cannot raise them by directive
MAX_TEXT: Final = 50_000
MAX_EDGES: Final = 500
_ENTITIES: Final = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
_SPECIAL: Final = re.compile(r'[#"<>]')


def label(text: str) -> str:
    """``text`` as a quoted Mermaid label (entity codes for the characters Mermaid reads)."""
    flat = " ".join(text.split())
    return '"' + _SPECIAL.sub(lambda m: _ENTITIES[m.group()], flat) + '"'


def _class(entity_type: str) -> str:
    return "t_" + re.sub(r"\W", "_", entity_type)


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The Mermaid flowchart for ``sub``."""
    g = prepare(sub, options, positioned=False)
    if len(g.edges) > MAX_EDGES:
        raise ExportTooLarge(f"mermaid: {len(g.edges)} edges, over Mermaid's limit of {MAX_EDGES}; "
                             "export a smaller subgraph (seeds and depth) or another format")
    index = g.node_index()
    title = json.dumps(" ".join(g.title.split()), ensure_ascii=False)  # a YAML string
    out = ["---", f"title: {title}", "---", "flowchart LR"]
    out += [f"  n{i}([{label(n.label)}]):::{_class(n.type)}" for i, n in enumerate(g.nodes)]
    for e in g.edges:
        arrow = "-->" if e.modality == "asserted" else "-.->"
        out.append(f"  n{index[e.source]} {arrow}|{label(e.label)}| n{index[e.target]}")
    seen: dict[str, str] = {}
    for n in g.nodes:
        seen.setdefault(n.type, n.color)
    out += [f"  classDef {_class(t)} fill:{c},stroke:#333333,color:{text_colour(c)}" for t, c in seen.items()]
    text = "\n".join(out) + "\n"
    if len(text) > MAX_TEXT:
        raise ExportTooLarge(f"mermaid: {len(text)} characters, over Mermaid's limit of {MAX_TEXT}; "
                             "export a smaller subgraph or another format")
    return text.encode("utf-8")
