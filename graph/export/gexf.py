"""GEXF 1.3 with the ``viz`` namespace, for Gephi (and networkx's ``read_gexf(version="1.3")``).

Each node carries ``viz:color`` (its type's colour), ``viz:size`` (by degree, or PageRank when
asked and known) and ``viz:position`` from the server-side layout, so Gephi opens the file
coloured and laid out. Node and edge attributes are declared with their GEXF types; the edge's
predicate is its ``label`` and its confidence its ``weight``.

>>> from graph.projection.shape import Node, Subgraph
>>> doc = write(Subgraph(1, [Node("place/memphis", "urn:m", "Memphis", "Place")], []), ExportOptions())
>>> b'<viz:color r="0" g="158" b="115" a="1.0"/>' in doc and b'version="1.3"' in doc
True
"""

from __future__ import annotations

from typing import Final

from graph.export.records import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    EdgeRecord,
    ExportOptions,
    NodeRecord,
    column_values,
    prepare,
)
from graph.export.text import xml_attr
from graph.projection.shape import Subgraph

GEXF_NS: Final = "http://gexf.net/1.3"
VIZ_NS: Final = "http://gexf.net/1.3/viz"
_TYPES: Final = {"string": "string", "int": "integer", "double": "double"}
#: columns GEXF holds natively (label, weight, viz) are not repeated as attributes
_NODE_ATTRS: Final = tuple(c for c in NODE_COLUMNS if c[0] not in ("label", "size", "x", "y"))
_EDGE_ATTRS: Final = tuple(c for c in EDGE_COLUMNS if c[0] not in ("label", "weight"))


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The GEXF 1.3 document for ``sub`` (UTF-8)."""
    g = prepare(sub, options)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">',
           f'<meta><creator>newsgraph</creator><description>{xml_attr(g.title)[1:-1]} '
           f'(store generation {g.generation})</description></meta>',
           '<graph defaultedgetype="directed" mode="static">',
           _declare("node", _NODE_ATTRS), _declare("edge", _EDGE_ATTRS), "<nodes>"]
    out += [_node(n) for n in g.nodes]
    out.append("</nodes><edges>")
    out += [_edge(e) for e in g.edges]
    out.append("</edges></graph></gexf>\n")
    return "\n".join(out).encode("utf-8")


def _declare(cls: str, columns: tuple[tuple[str, str], ...]) -> str:
    attrs = "".join(f'<attribute id="{name}" title="{name}" type="{_TYPES[kind]}"/>'
                    for name, kind in columns)
    return f'<attributes class="{cls}" mode="static">{attrs}</attributes>'


def _values(values: dict[str, object]) -> str:
    if not values:
        return ""
    inner = "".join(f"<attvalue for=\"{k}\" value={xml_attr(repr(v) if isinstance(v, float) else v)}/>"
                    for k, v in values.items())
    return f"<attvalues>{inner}</attvalues>"


def _node(n: NodeRecord) -> str:
    r, g, b = n.rgb
    return (f"<node id={xml_attr(n.id)} label={xml_attr(n.label)}>"
            f"{_values(column_values(n, _NODE_ATTRS))}"
            f'<viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'
            f'<viz:position x="{n.x}" y="{n.y}" z="0.0"/><viz:size value="{n.size}"/></node>')


def _edge(e: EdgeRecord) -> str:
    return (f"<edge id={xml_attr(e.id)} source={xml_attr(e.source)} target={xml_attr(e.target)} "
            f"label={xml_attr(e.label)} weight=\"{e.weight}\">"
            f"{_values(column_values(e, _EDGE_ATTRS))}</edge>")
