"""Graphviz DOT, and SVG/PNG rendered from it by Graphviz's ``dot`` program.

The DOT text carries each node's type colour (``fillcolor``), label, IRI (``URL``, so SVG
nodes are links) and each edge's predicate label, a line style by modality (solid asserted,
dashed reported or opinion, dotted planned/pending/expected/speculative), confidence and
evidence (``tooltip``, shown on hover in the SVG). Every node also has a ``pos`` from the
server-side layout: ``dot -Tsvg`` lays the graph out afresh, ``neato -n2 -Tsvg`` reuses it.

SVG and PNG are drawn by ``dot``: small graphs (up to :data:`HIERARCHICAL_MAX` nodes) with
its hierarchical layout, larger ones with the positions given (``dot -Kneato -n2``), straight
edges without their labels (placing thousands of labels is most of Graphviz's time, and they
are unreadable at that scale; an SVG edge's tooltip still names the predicate and its evidence)
on a canvas of at most 24 inches at 72 dpi, and a large PNG in 256 colours. The text Graphviz is
given for a drawing has only what it draws. A missing Graphviz is
:class:`~graph.errors.RendererUnavailable`.

>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> a, b = Node("organization/a", "urn:a", 'say "A"', "Organization"), Node("place/b", "urn:b", "B", "Place")
>>> fact = Edge("f", a.id, b.id, PredicateRef("urn:p", "in"), modality="planned")
>>> text = write(Subgraph(1, [a, b], [fact]), ExportOptions()).decode()
>>> '"organization/a" -> "place/b"' in text, 'style="dotted"' in text, 'label="say \\\\"A\\\\""' in text
(True, True, True)
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Final, Literal

from graph.errors import RendererUnavailable
from graph.export.layout import extent
from graph.export.palette import MODALITY_STYLE, text_colour
from graph.export.records import EdgeRecord, ExportOptions, NodeRecord, prepare
from graph.export.text import dot_string
from graph.projection.shape import Subgraph

#: graphs up to this many nodes are drawn by dot's own hierarchical layout
HIERARCHICAL_MAX: Final = 150
RENDER_TIMEOUT: Final = 120.0  # seconds
TOOLTIP_MAX: Final = 400  # characters of evidence in a tooltip
CANVAS_HALF: Final = 1080.0  # points: the laid-out graph spans 30 inches
#: a large PNG: cairo draws it, gd's writer encodes it in 256 colours (about a third faster than
#: cairo's own 32-bit writer on 5,000 nodes, and a quarter of the bytes, for the same picture)
LARGE_PNG_DEVICE: Final = "png:cairo:gd"


#: what the DOT text is for: the ``.gv`` file (every attribute), or Graphviz drawing SVG or PNG
Target = Literal["dot", "svg", "png"]


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The DOT text for ``sub``."""
    return _text(sub, options, big=False, target="dot")


def _text(sub: Subgraph, options: ExportOptions, *, big: bool, target: Target) -> bytes:
    """DOT text; ``big``: the drawing of a large graph (no edge labels, small fixed-size nodes).

    A drawing's text leaves out the data attributes Graphviz does not draw (type, IRI, degree,
    predicate, modality, confidence, evidence, article), and a PNG's also the links, ids and
    tooltips only an SVG keeps: less for Graphviz to read."""
    g = prepare(sub, options)
    scale = CANVAS_HALF / extent(len(g.nodes))  # points per layout unit
    out = [f"digraph {dot_string(g.title)} {{",
           f'  graph [label={dot_string(g.title)}, labelloc=t, fontname="Helvetica", overlap=false, '
           f'splines=true, rankdir=LR, outputorder=edgesfirst, size="60,60", generation={g.generation}];',
           '  node [shape=ellipse, style=filled, fontname="Helvetica", fontsize=10, color="#333333"];',
           '  edge [fontname="Helvetica", fontsize=8, color="#555555", fontcolor="#333333"];']
    if big:
        out.append('  node [fixedsize=shape, fontsize=5, penwidth=0.5];')
        out.append('  edge [penwidth=0.3, arrowsize=0.3];')
    out += [_node(n, scale, big, target) for n in g.nodes]
    seen: set[tuple[str, str]] = set()
    for e in g.edges:  # a big drawing shows one line per linked pair (parallel facts fan out badly)
        if big and ((e.source, e.target) in seen or (e.target, e.source) in seen):
            continue
        seen.add((e.source, e.target))
        out.append(_edge(e, not big, target))
    out.append("}\n")
    return "\n".join(out).encode("utf-8")


def _node(n: NodeRecord, scale: float, big: bool, target: Target) -> str:
    attrs: dict[str, object] = {"label": n.label, "fillcolor": n.color, "fontcolor": text_colour(n.color)}
    if target != "png":
        attrs.update(URL=n.iri, tooltip=f"{n.type}: {n.label}")
    if target == "dot":
        attrs.update(type=n.type, iri=n.iri, degree=n.degree)
    attrs["pos"] = f"{n.x * scale:.1f},{n.y * scale:.1f}"
    if big:
        attrs["width"] = attrs["height"] = round(n.size / 150, 3)  # inches
    return f"  {dot_string(n.id)} [{_attrs(attrs)}];"


def _edge(e: EdgeRecord, labelled: bool, target: Target) -> str:
    attrs: dict[str, object] = {} if target == "png" else {"id": e.id}
    attrs["style"] = MODALITY_STYLE.get(e.modality, "solid")
    if labelled:
        attrs["label"] = e.label
    if target != "png":
        attrs["tooltip"] = e.label + (f": {e.evidence[:TOOLTIP_MAX]}" if e.evidence else "")
    if target == "dot":
        attrs.update(modality=e.modality, predicate=e.predicate)
        if e.confidence is not None:
            attrs["confidence"] = e.confidence
        if e.evidence:
            attrs["evidence"] = e.evidence
        if e.article:
            attrs["article"] = e.article
    return f"  {dot_string(e.source)} -> {dot_string(e.target)} [{_attrs(attrs)}];"


def _attrs(attrs: dict[str, object]) -> str:
    return ", ".join(f"{k}={dot_string(v)}" for k, v in attrs.items())


def render(dot_text: bytes, fmt: str, nodes: int) -> bytes:
    """``dot_text`` drawn as ``fmt`` (``svg`` or ``png``) by Graphviz (positions kept above
    :data:`HIERARCHICAL_MAX` nodes; a large PNG is drawn by cairo and written by gd's PNG writer,
    in 256 colours, when this Graphviz has it)."""
    exe = shutil.which("dot")
    if exe is None:
        raise RendererUnavailable("Graphviz is not installed: the 'dot' program is needed for SVG and "
                                  "PNG exports (Debian: apt-get install graphviz)")
    large = nodes > HIERARCHICAL_MAX
    args = ["-Kneato", "-n2", "-Gsplines=false", "-Gsize=24,24", "-Gdpi=72"] if large else []
    device = LARGE_PNG_DEVICE if fmt == "png" and large else fmt
    done = _run([exe, f"-T{device}", *args], dot_text)
    if device != fmt and done.returncode != 0 and b"not recognized" in done.stderr:
        done = _run([exe, f"-T{fmt}", *args], dot_text)  # a Graphviz without the gd plugin
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise RendererUnavailable(f"Graphviz failed to draw the graph: {detail[0]}")
    return done.stdout


def _run(cmd: list[str], dot_text: bytes) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(cmd, input=dot_text, capture_output=True, timeout=RENDER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RendererUnavailable(f"Graphviz did not finish drawing in {RENDER_TIMEOUT:.0f} s") from None


def write_svg(sub: Subgraph, options: ExportOptions) -> bytes:
    """SVG drawn by Graphviz from :func:`write`'s DOT (less its undrawn attributes)."""
    return render(_drawn(sub, options, "svg"), "svg", len(sub.nodes))


def write_png(sub: Subgraph, options: ExportOptions) -> bytes:
    """PNG drawn by Graphviz from :func:`write`'s DOT (less its undrawn attributes)."""
    return render(_drawn(sub, options, "png"), "png", len(sub.nodes))


def _drawn(sub: Subgraph, options: ExportOptions, target: Target) -> bytes:
    return _text(sub, options, big=len(sub.nodes) > HIERARCHICAL_MAX, target=target)
