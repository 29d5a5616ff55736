"""Graphviz DOT, and SVG/PNG rendered from it by Graphviz's ``dot`` program.

The DOT text carries each node's type colour (``fillcolor``), label, IRI (``URL``, so SVG
nodes are links) and each edge's predicate label, a line style by modality (solid asserted,
dashed reported or opinion, dotted planned/pending/expected/speculative), confidence and
evidence (``tooltip``, shown on hover in the SVG). Every node also has a ``pos`` from the
server-side layout: ``dot -Tsvg`` lays the graph out afresh, ``neato -n2 -Tsvg`` reuses it.

SVG and PNG are drawn by ``dot``: small graphs (up to :data:`HIERARCHICAL_MAX` nodes) with
its hierarchical layout, larger ones with the positions given (``dot -Kneato -n2``), which
keeps rendering fast. A missing Graphviz is :class:`~graph.errors.RendererUnavailable`.

>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> a, b = Node("organization/a", "urn:a", 'say "A"', "Organization"), Node("place/b", "urn:b", "B", "Place")
>>> fact = Edge("f", a.id, b.id, PredicateRef("urn:p", "in"), modality="planned")
>>> text = write(Subgraph(1, [a, b], [fact]), ExportOptions()).decode()
>>> '"organization/a" -> "place/b"' in text, 'style="dotted"' in text, 'label="say \\\\"A\\\\""' in text
(True, True, True)
"""

from __future__ import annotations

import math
import shutil
import subprocess
from typing import Final

from graph.errors import RendererUnavailable
from graph.export.palette import MODALITY_STYLE, text_colour
from graph.export.records import EdgeRecord, ExportOptions, NodeRecord, prepare
from graph.export.text import dot_string
from graph.projection.shape import Subgraph

#: graphs up to this many nodes are drawn by dot's own hierarchical layout
HIERARCHICAL_MAX: Final = 150
RENDER_TIMEOUT: Final = 120.0  # seconds
TOOLTIP_MAX: Final = 400  # characters of evidence in a tooltip


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The DOT text for ``sub``."""
    g = prepare(sub, options)
    scale = max(0.4, math.sqrt(max(len(g.nodes), 1)) * 0.08)  # points per layout unit
    out = [f"digraph {dot_string(g.title)} {{",
           f'  graph [label={dot_string(g.title)}, labelloc=t, fontname="Helvetica", overlap=false, '
           f'splines=true, rankdir=LR, outputorder=edgesfirst, size="60,60", generation={g.generation}];',
           '  node [shape=ellipse, style=filled, fontname="Helvetica", fontsize=10, color="#333333"];',
           '  edge [fontname="Helvetica", fontsize=8, color="#555555", fontcolor="#333333"];']
    out += [_node(n, scale) for n in g.nodes]
    out += [_edge(e) for e in g.edges]
    out.append("}\n")
    return "\n".join(out).encode("utf-8")


def _node(n: NodeRecord, scale: float) -> str:
    attrs = {"label": n.label, "fillcolor": n.color, "fontcolor": text_colour(n.color), "URL": n.iri,
             "tooltip": f"{n.type}: {n.label}", "type": n.type, "iri": n.iri, "degree": n.degree,
             "pos": f"{n.x * scale:.1f},{n.y * scale:.1f}"}
    return f"  {dot_string(n.id)} [{_attrs(attrs)}];"


def _edge(e: EdgeRecord) -> str:
    attrs: dict[str, object] = {"id": e.id, "label": e.label, "modality": e.modality,
                                "style": MODALITY_STYLE.get(e.modality, "solid"), "predicate": e.predicate}
    if e.confidence is not None:
        attrs["confidence"] = e.confidence
    if e.evidence:
        attrs["tooltip"] = e.evidence[:TOOLTIP_MAX]
        attrs["evidence"] = e.evidence
    if e.article:
        attrs["article"] = e.article
    return f"  {dot_string(e.source)} -> {dot_string(e.target)} [{_attrs(attrs)}];"


def _attrs(attrs: dict[str, object]) -> str:
    return ", ".join(f"{k}={dot_string(v)}" for k, v in attrs.items())


def render(dot_text: bytes, fmt: str, nodes: int) -> bytes:
    """``dot_text`` drawn as ``fmt`` (``svg`` or ``png``) by Graphviz."""
    exe = shutil.which("dot")
    if exe is None:
        raise RendererUnavailable("Graphviz is not installed: the 'dot' program is needed for SVG and "
                                  "PNG exports (Debian: apt-get install graphviz)")
    cmd = [exe, f"-T{fmt}"] + ([] if nodes <= HIERARCHICAL_MAX else ["-Kneato", "-n2", "-Gsplines=false"])
    try:
        done = subprocess.run(cmd, input=dot_text, capture_output=True, timeout=RENDER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RendererUnavailable(f"Graphviz did not finish drawing in {RENDER_TIMEOUT:.0f} s") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise RendererUnavailable(f"Graphviz failed to draw the graph: {detail[0]}")
    return done.stdout


def write_svg(sub: Subgraph, options: ExportOptions) -> bytes:
    """SVG drawn by Graphviz from :func:`write`'s DOT."""
    return render(write(sub, options), "svg", len(sub.nodes))


def write_png(sub: Subgraph, options: ExportOptions) -> bytes:
    """PNG drawn by Graphviz from :func:`write`'s DOT."""
    return render(write(sub, options), "png", len(sub.nodes))
