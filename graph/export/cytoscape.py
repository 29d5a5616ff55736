"""Cytoscape.js JSON (``elements`` with ``nodes`` and ``edges``), which Cytoscape desktop imports too.

The document is what ``cy.json()`` gives and what Cytoscape desktop's "Import Network from
File" reads as ``.cyjs``: ``data`` for the network, ``elements.nodes[].data`` (``id``, ``name``
and ``label``, ``type``, ``color``, ...) with a ``position`` from the server-side layout, and
``elements.edges[].data`` with ``source``, ``target`` and the fact's label, modality,
confidence and evidence.

>>> import json
>>> from graph.projection.shape import Node, Subgraph
>>> doc = json.loads(write(Subgraph(4, [Node("person/a", "urn:a", "A", "Person")], []), ExportOptions()))
>>> doc["elements"]["nodes"][0]["data"]["color"], doc["data"]["generation"]
('#D55E00', 4)
"""

from __future__ import annotations

import json
from typing import Any

from graph.export.records import NODE_COLUMNS, ExportOptions, Prepared, column_values, edge_json, prepare
from graph.projection.shape import Subgraph

_NODE_DATA = tuple(c for c in NODE_COLUMNS if c[0] not in ("x", "y"))


def document(g: Prepared, lean: bool = False) -> dict[str, Any]:
    """The Cytoscape.js ``elements`` document of prepared records (the HTML export inlines it);
    ``lean`` leaves out the evidence, qualifiers and IRIs of edges."""
    nodes = [{"data": {"id": n.id, "name": n.label, **column_values(n, _NODE_DATA)},
              "position": {"x": n.x, "y": n.y}} for n in g.nodes]
    edges = [{"data": edge_json(e, lean)} for e in g.edges]
    return {"format_version": "1.0", "generated_by": "newsgraph",
            "target_cytoscapejs_version": "~3.0",
            "data": {"name": g.title, "generation": g.generation},
            "elements": {"nodes": nodes, "edges": edges}}


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The Cytoscape.js JSON document for ``sub``."""
    doc = document(prepare(sub, options), options.lean)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
