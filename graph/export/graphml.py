"""GraphML with typed keys, for yEd, Gephi, networkx and igraph.

Every attribute is a ``<key>`` with its ``attr.type`` (``string``, ``int``, ``double``), so
networkx and igraph read numbers back as numbers. The names Gephi's importer maps to its visual
properties are used where they fit (``label``, ``x``, ``y``, ``size``, ``r``/``g``/``b``, edge
``weight``), and each node and edge also carries yEd's own graphics (``y:ShapeNode`` with fill
colour, size, position and label; ``y:PolyLineEdge`` with its label, arrow and a line style by
modality), so yEd opens the file coloured, labelled and laid out without a properties mapping.

>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> g = Subgraph(3, [Node("organization/a", "urn:a", "A & co", "Organization")], [])
>>> doc = write(g, ExportOptions()).decode()
>>> '<key id="n_degree" for="node" attr.name="degree" attr.type="int"/>' in doc
True
>>> "A &amp; co" in doc
True
"""

from __future__ import annotations

from typing import Final

from graph.export.palette import MODALITY_STYLE, text_colour
from graph.export.records import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    EdgeRecord,
    ExportOptions,
    NodeRecord,
    column_values,
    prepare,
)
from graph.export.text import xml_attr, xml_text
from graph.projection.shape import Subgraph

GRAPHML_NS: Final = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS: Final = "http://www.yworks.com/xml/graphml"
_RGB: Final = (("r", "int"), ("g", "int"), ("b", "int"))
_YED_LINE: Final = {"solid": "line", "dashed": "dashed", "dotted": "dotted"}


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The GraphML document for ``sub`` (UTF-8)."""
    g = prepare(sub, options)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<graphml xmlns="{GRAPHML_NS}" xmlns:y="{YFILES_NS}" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{GRAPHML_NS} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
           '<key id="yn" for="node" yfiles.type="nodegraphics"/>',
           '<key id="ye" for="edge" yfiles.type="edgegraphics"/>',
           '<key id="g_title" for="graph" attr.name="title" attr.type="string"/>',
           '<key id="g_generation" for="graph" attr.name="generation" attr.type="long"/>']
    out += [f'<key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>'
            for name, kind in (*NODE_COLUMNS, *_RGB)]
    out += [f'<key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>'
            for name, kind in EDGE_COLUMNS]
    out.append('<graph id="G" edgedefault="directed">')
    out.append(f'<data key="g_title">{xml_text(g.title)}</data>')
    out.append(f'<data key="g_generation">{g.generation}</data>')
    out += [_node(n) for n in g.nodes]
    out += [_edge(e) for e in g.edges]
    out.append("</graph></graphml>\n")
    return "\n".join(out).encode("utf-8")


def _data(prefix: str, values: dict[str, object]) -> str:
    return "".join(f'<data key="{prefix}_{k}">{xml_text(_plain(v))}</data>' for k, v in values.items())


def _plain(v: object) -> object:
    return repr(v) if isinstance(v, float) else v


def _node(n: NodeRecord) -> str:
    r, g, b = n.rgb
    yed = (f'<data key="yn"><y:ShapeNode><y:Geometry x="{n.x - n.size / 2}" y="{n.y - n.size / 2}" '
           f'width="{n.size}" height="{n.size}"/><y:Fill color="{n.color}" transparent="false"/>'
           f'<y:BorderStyle type="line" width="1.0" color="#333333"/>'
           f'<y:NodeLabel textColor="{text_colour(n.color)}" modelName="internal" modelPosition="c">'
           f'{xml_text(n.label)}</y:NodeLabel><y:Shape type="ellipse"/></y:ShapeNode></data>')
    values = {**column_values(n, NODE_COLUMNS), "r": r, "g": g, "b": b}
    return f"<node id={xml_attr(n.id)}>{yed}{_data('n', values)}</node>"


def _edge(e: EdgeRecord) -> str:
    line = _YED_LINE[MODALITY_STYLE.get(e.modality, "solid")]
    yed = (f'<data key="ye"><y:PolyLineEdge><y:LineStyle type="{line}" width="1.0" color="#555555"/>'
           f'<y:Arrows source="none" target="standard"/><y:EdgeLabel>{xml_text(e.label)}</y:EdgeLabel>'
           f'</y:PolyLineEdge></data>')
    values = column_values(e, EDGE_COLUMNS)
    return (f"<edge id={xml_attr(e.id)} source={xml_attr(e.source)} target={xml_attr(e.target)}>"
            f"{yed}{_data('e', values)}</edge>")
