"""Cytoscape.js JSON (``elements`` with ``nodes`` and ``edges``), which Cytoscape desktop imports too.

The document is what ``cy.json()`` gives and what Cytoscape desktop's "Import Network from
File" reads as ``.cyjs``: ``data`` for the network, ``elements.nodes[].data`` (``id``, ``name``
and ``label``, ``type``, ``color``, ...) with a ``position`` from the server-side layout, and
``elements.edges[].data`` with ``source``, ``target``, ``interaction`` (Cytoscape's edge type:
the predicate's label) and the fact's label, modality, confidence and evidence.

It keeps to what Cytoscape desktop's reader takes (its ``CytoscapejsMapper``; the rules are
listed and checked in ``tests/test_cytoscape_desktop.py``): one column per ``data`` key, its
type guessed from the first value (number -> Double, boolean -> Boolean, array -> List, anything
else -> String read with ``asText``, which turns a nested object into an empty string). So every
``data`` value here is a string, a number or a boolean, of one JSON type per key; the qualifiers
are JSON text, as in the XML and CSV formats; and ``columnTypes`` declares each column's type
(Integer for degrees and offsets, which would otherwise be read as Double).

>>> import json
>>> from graph.projection.shape import Node, Subgraph
>>> doc = json.loads(write(Subgraph(4, [Node("person/a", "urn:a", "A", "Person")], []), ExportOptions()))
>>> doc["elements"]["nodes"][0]["data"]["color"], doc["data"]["generation"], doc["elements"]["edges"]
('#D55E00', 4, [])
"""

from __future__ import annotations

import json
from typing import Any, Final

from graph.export.records import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    EdgeRecord,
    ExportOptions,
    Prepared,
    column_values,
    edge_json,
    prepare,
)
from graph.projection.shape import Subgraph

_NODE_DATA = tuple(c for c in NODE_COLUMNS if c[0] not in ("x", "y"))
#: GraphML's column types (records.py) as Cytoscape's column type names
_CY_TYPES: Final = {"string": "String", "int": "Integer", "double": "Double", "boolean": "Boolean"}


def _columns(columns: tuple[tuple[str, str], ...], *names: str) -> list[dict[str, str]]:
    named = [{"columnName": n, "type": "String"} for n in names]
    return named + [{"columnName": n, "type": _CY_TYPES[t]} for n, t in columns]


#: the optional ``columnTypes`` block Cytoscape desktop reads before the elements
COLUMN_TYPES: Final = {
    "node": _columns(_NODE_DATA, "id"),
    "edge": _columns(EDGE_COLUMNS, "id", "source", "target", "interaction"),
    "network": [{"columnName": "name", "type": "String"}, {"columnName": "generation", "type": "Integer"}],
}


def _edge_data(e: EdgeRecord, lean: bool) -> dict[str, Any]:
    data = edge_json(e, lean)
    if lean:  # the explorer's form: as small as it can be
        return data
    data["interaction"] = e.label
    data["qualifiers"] = e.qualifiers  # JSON text: Cytoscape desktop reads an object as ""
    return data


def document(g: Prepared, lean: bool = False) -> dict[str, Any]:
    """The Cytoscape.js ``elements`` document of prepared records (the HTML export inlines it);
    ``lean`` leaves out the evidence, qualifiers, IRIs and ``interaction`` of edges."""
    nodes = [{"data": {"id": n.id, "name": n.label, **column_values(n, _NODE_DATA)},
              "position": {"x": n.x, "y": n.y}} for n in g.nodes]
    edges = [{"data": _edge_data(e, lean)} for e in g.edges]
    return {"format_version": "1.0", "generated_by": "newsgraph",
            "target_cytoscapejs_version": "~3.0",
            "data": {"name": g.title, "generation": g.generation},
            "columnTypes": COLUMN_TYPES,
            "elements": {"nodes": nodes, "edges": edges}}


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The Cytoscape.js JSON document for ``sub``."""
    doc = document(prepare(sub, options), options.lean)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
