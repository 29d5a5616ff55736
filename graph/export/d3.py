"""D3 node-link JSON (``nodes`` and ``links``), as ``d3-force`` and networkx's ``node_link_graph`` read it.

>>> import json
>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> a, b = Node("person/a", "urn:a", "A", "Person"), Node("place/b", "urn:b", "B", "Place")
>>> doc = json.loads(write(Subgraph(2, [a, b], [Edge("f", a.id, b.id, PredicateRef("urn:p", "lives in"))]),
...                        ExportOptions()))
>>> doc["links"][0]["source"], doc["links"][0]["label"], doc["multigraph"]
('person/a', 'lives in', True)
"""

from __future__ import annotations

import json

from graph.export.records import NODE_COLUMNS, ExportOptions, column_values, edge_json, prepare
from graph.projection.shape import Subgraph


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """``{"directed", "multigraph", "graph", "nodes", "links"}`` for ``sub``."""
    g = prepare(sub, options)
    doc = {"directed": True, "multigraph": True,
           "graph": {"title": g.title, "generation": g.generation},
           "nodes": [{"id": n.id, **column_values(n, NODE_COLUMNS)} for n in g.nodes],
           "links": [edge_json(e) for e in g.edges]}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
