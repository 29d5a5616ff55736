"""CSV for ``neo4j-admin database import``: ``nodes.csv`` and ``edges.csv`` in one zip.

Headers use the import tool's forms: ``id:ID`` and ``:LABEL`` (``Entity;<type>``) for nodes,
``:START_ID``, ``:END_ID`` and ``:TYPE`` (the predicate as ``UPPER_SNAKE``) for relationships,
and typed property columns (``degree:int``, ``confidence:double``, ...). The zip's
``README.txt`` gives the import command.

>>> import io, zipfile
>>> from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
>>> a, b = Node("organization/a", "urn:a", "A", "Organization"), Node("place/b", "urn:b", "B", "Place")
>>> e = Edge("f1", a.id, b.id, PredicateRef("https://w3id.org/newsgraph/ontology#locatedIn", "located in"))
>>> z = zipfile.ZipFile(io.BytesIO(write(Subgraph(1, [a, b], [e]), ExportOptions())))
>>> z.read("edges.csv").decode().splitlines()[1].split(",")[:3]
['organization/a', 'place/b', 'LOCATED_IN']
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Final

from graph.export.records import EDGE_COLUMNS, NODE_COLUMNS, ExportOptions, prepare
from graph.projection.shape import Subgraph

_SUFFIX: Final = {"string": "", "int": ":int", "double": ":double"}
#: node columns for Neo4j: no drawing positions (a database has no use for them)
_NODE_COLUMNS: Final = tuple(c for c in NODE_COLUMNS if c[0] not in ("x", "y"))
_CAMEL: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD: Final = re.compile(r"[^A-Za-z0-9]+")
README: Final = """newsgraph export for Neo4j
(store generation {generation}: {nodes} nodes, {edges} relationships)

  neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv \\
      --multiline-fields=true neo4j

nodes.csv: id:ID is the newsgraph entity id (organization/xai); :LABEL is Entity plus the type.
edges.csv: :TYPE is the predicate in UPPER_SNAKE case; evidence is the sentence stating the fact.
"""


def relationship_type(predicate_iri: str) -> str:
    """``...#redirectedHardwareTo`` -> ``REDIRECTED_HARDWARE_TO``.

    >>> relationship_type("https://w3id.org/newsgraph/ontology#redirectedHardwareTo")
    'REDIRECTED_HARDWARE_TO'
    """
    local = re.split(r"[#/]", predicate_iri.rstrip("/#"))[-1] or "RELATED_TO"
    return _NON_WORD.sub("_", _CAMEL.sub("_", local)).strip("_").upper() or "RELATED_TO"


def _header(columns: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{name}{_SUFFIX[kind]}" for name, kind in columns]


def _cell(v: object) -> object:
    return "" if v is None else v


def write(sub: Subgraph, options: ExportOptions) -> bytes:
    """The zip holding ``nodes.csv``, ``edges.csv`` and ``README.txt``."""
    g = prepare(sub, options, positioned=False)
    nodes, edges = io.StringIO(), io.StringIO()
    nw = csv.writer(nodes, lineterminator="\n")
    nw.writerow(["id:ID", *_header(_NODE_COLUMNS), ":LABEL"])
    for n in g.nodes:
        nw.writerow([n.id, *(_cell(getattr(n, c)) for c, _ in _NODE_COLUMNS), f"Entity;{n.type}"])
    ew = csv.writer(edges, lineterminator="\n")
    ew.writerow([":START_ID", ":END_ID", ":TYPE", "id", *_header(EDGE_COLUMNS)])
    for e in g.edges:
        ew.writerow([e.source, e.target, relationship_type(e.predicate), e.id,
                     *(_cell(getattr(e, c)) for c, _ in EDGE_COLUMNS)])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", nodes.getvalue())
        z.writestr("edges.csv", edges.getvalue())
        z.writestr("README.txt", README.format(generation=g.generation, nodes=len(g.nodes),
                                               edges=len(g.edges)))
    return buf.getvalue()
