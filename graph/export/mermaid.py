"""Mermaid flowchart text (renders in GitHub/GitLab Markdown, Notion, the Mermaid live editor, mermaid-cli).

One ``classDef`` per entity type present, with the palette's colours; edges are ``-->`` for
asserted facts and ``-.->`` for every other modality, labelled with the predicate.

Mermaid renderers refuse, by default, diagrams over 500 edges (``maxEdges``) or 50,000
characters (``maxTextSize``), and a diagram cannot raise either itself: both keys are in
Mermaid's ``secure`` list, which only the renderer's own configuration (``mermaid.initialize``,
mermaid-cli's ``-c`` file) may change, never an init directive or front matter. Files over
those defaults therefore open with ``%%`` comment lines naming the configuration they need
(and carry their title as ``accTitle``, since front matter must be the first thing in a
diagram); smaller files are plain diagrams that render anywhere. The caps are those of the
other text formats (the registry's); the text is also capped at :data:`MAX_TEXT` characters, so
:data:`RENDER_CONFIG` renders every file this writer makes.

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
>>> big = Subgraph(1, [a, b], [Edge(f"f{i}", a.id, b.id, PredicateRef("urn:p", "in")) for i in range(501)])
>>> for line in write(big, ExportOptions()).decode().splitlines()[:6]:
...     print(line)
%% newsgraph: 501 edges, 9... characters: over the Mermaid defaults (maxEdges 500, maxTextSize 50000).
%% Render with a configuration that raises them: mermaid-cli `mmdc -i FILE.mmd -o FILE.svg -c config.json`
%% with config.json {"maxEdges": 501, "maxTextSize": 50000}, or in a page
%% mermaid.initialize({maxEdges: 501, maxTextSize: 50000}); an init directive or front matter cannot.
flowchart LR
  accTitle: newsgraph
"""

from __future__ import annotations

import json
import re
from typing import Final

from graph.errors import ExportTooLarge
from graph.export.palette import text_colour
from graph.export.records import ExportOptions, prepare
from graph.projection.shape import Subgraph

#: the defaults of Mermaid renderers (``maxEdges``, ``maxTextSize``), which only their own
#: configuration can raise
DEFAULT_MAX_EDGES: Final = 500
DEFAULT_MAX_TEXT: Final = 50_000
#: the longest text written (far above what the registry's 100,000-edge cap gives in practice)
MAX_TEXT: Final = 20_000_000
#: a renderer configuration under which every file written here renders (the project's pages
#: initialise Mermaid with it); ``maxEdges`` is the registry's edge cap for the text formats
RENDER_CONFIG: Final = {"maxEdges": 100_000, "maxTextSize": MAX_TEXT}
_ENTITIES: Final = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
_SPECIAL: Final = re.compile(r'[#"<>]')


def label(text: str) -> str:
    """``text`` as a quoted Mermaid label (entity codes for the characters Mermaid reads)."""
    flat = " ".join(text.split())
    return '"' + _SPECIAL.sub(lambda m: _ENTITIES[m.group()], flat) + '"'


def _class(entity_type: str) -> str:
    return "t_" + re.sub(r"\W", "_", entity_type)


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The Mermaid flowchart for ``sub`` (with the renderer note when it is over the defaults)."""
    g = prepare(sub, options, positioned=False)
    index = g.node_index()
    out = [f"  n{i}([{label(n.label)}]):::{_class(n.type)}" for i, n in enumerate(g.nodes)]
    for e in g.edges:
        arrow = "-->" if e.modality == "asserted" else "-.->"
        out.append(f"  n{index[e.source]} {arrow}|{label(e.label)}| n{index[e.target]}")
    seen: dict[str, str] = {}
    for n in g.nodes:
        seen.setdefault(n.type, n.color)
    out += [f"  classDef {_class(t)} fill:{c},stroke:#333333,color:{text_colour(c)}" for t, c in seen.items()]
    flat_title = " ".join(g.title.split())
    body = "\n".join(out) + "\n"
    small = "\n".join(["---", f"title: {json.dumps(flat_title, ensure_ascii=False)}", "---", "flowchart LR",
                       ""]) + body  # the title as YAML front matter
    if len(g.edges) <= DEFAULT_MAX_EDGES and len(small) <= DEFAULT_MAX_TEXT:
        return small.encode("utf-8")
    text = "flowchart LR\n" + (f"  accTitle: {flat_title}\n" if flat_title else "") + body
    text = _renderer_note(len(g.edges), len(text)) + text
    if len(text) > MAX_TEXT:
        raise ExportTooLarge(f"mermaid: {len(text)} characters, over this writer's cap of {MAX_TEXT}; "
                             "export a smaller subgraph or another format")
    return text.encode("utf-8")


#: room left for the note itself in the text size it recommends
_NOTE_ROOM: Final = 1_000


def _renderer_note(edges: int, length: int) -> str:
    """The leading ``%%`` lines of a file over the renderer defaults: what to configure."""
    need_edges = max(edges, DEFAULT_MAX_EDGES)
    need_text = max(-(-(length + _NOTE_ROOM) // 1000) * 1000, DEFAULT_MAX_TEXT)
    conf = json.dumps({"maxEdges": need_edges, "maxTextSize": need_text})
    return (f"%% newsgraph: {edges} edges, {length} characters: over the Mermaid defaults "
            f"(maxEdges {DEFAULT_MAX_EDGES}, maxTextSize {DEFAULT_MAX_TEXT}).\n"
            "%% Render with a configuration that raises them: mermaid-cli "
            "`mmdc -i FILE.mmd -o FILE.svg -c config.json`\n"
            f"%% with config.json {conf}, or in a page\n"
            f"%% mermaid.initialize({{maxEdges: {need_edges}, maxTextSize: {need_text}}}); "
            "an init directive or front matter cannot.\n")
